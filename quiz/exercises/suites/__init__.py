"""Check suites, one package per suite: ``gan`` and ``vae`` (``units`` then ``training``),
and ``sampling`` (NumPy only: ``units`` then ``decoding``).

An exercise names its suite in ``exercise.yaml`` (``checks: gan``); ``gan-debug``
and ``vae-debug`` share the ``gan`` and ``vae`` suites. The checks live here, in
the package, rather than in ``exercises/<id>/checks.py``: two exercises share each
suite, and the checks' code is part of the baseline cache key.

Each suite package exports ``suite`` (the ordered checks), ``DATA_SIZE``,
``prepare_data(images)`` and ``baseline(ctx, reference_module)`` (``DATA_SIZE`` 0: the
suite gets no images). Importing ``gan`` or ``vae`` imports TensorFlow: only the
checker child does; ``sampling`` never imports it.
"""
