"""The coding-exercise engine: ``quiz check`` and ``quiz exercise …``.

Importable without TensorFlow (the TUI and the CLI use these):
:mod:`catalog` (exercise metadata), :mod:`runner` (runs the checks in a child
process and streams events), :mod:`report` (text rendering), :mod:`workspace`
(the user's files and hints), :mod:`data` (the synthetic digits), :mod:`source`
(reading a submission), :mod:`cli`.

Imported only by the checker child (``python -m quiz.exercises.child``), because
they load TensorFlow: :mod:`child`, :mod:`checklib` (the check library shared by all
exercises) and :mod:`suites` (the GAN and VAE checks).
"""
