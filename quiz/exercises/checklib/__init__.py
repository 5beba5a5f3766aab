"""The check library shared by every exercise (imported only by the checker child).

- :mod:`registry` — checks, suites, and the outcomes a check raises
- :mod:`engine` — runs a suite: order, skip-dependants, timing, error capture
- :mod:`loader` — imports a submission, checks its contract, trims tracebacks
- :mod:`numeric` — float64 NumPy references, tolerances, naming known mistakes
- :mod:`asserts` — shape/dtype/callable assertions on what models return
- :mod:`tfwrap` — tf.function-or-eager step runner, freezing and resetting models
- :mod:`probes` — recorders, recording optimizers and exact-update comparisons: a step examined from inside
- :mod:`generators` — the tanh generator's output check shared by the gan and wgan-gp suites
- :mod:`training` — time-budgeted step counts, loss falls, sample distance
- :mod:`baselines` — the reference's numbers, cached on disk
- :mod:`events` — the JSON-lines channel to the runner

Only :mod:`tfwrap`, :mod:`probes`, :mod:`generators` and the TensorFlow suites import it; the package itself does
not, so a NumPy-only suite (``sampling``) runs without it.
"""
