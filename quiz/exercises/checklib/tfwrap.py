"""TensorFlow helpers: run a submission's step traced when possible, freeze and
reset models and optimizers between checks.

Why one model/optimizer set per submission, reset between checks: a
``tf.function`` traces once per distinct set of Python arguments, and each trace
costs 1-2 s here. The training checks therefore reuse one generator, one
discriminator and one optimizer per network, restoring the initial weights and
zeroing the optimizer state between checks; freezing a side means setting its
optimizer's learning-rate *variable* to 0 (Adam then moves nothing, bit for bit),
which does not retrace either. Optimizers build their slots lazily on the first
(traced) call, which tf.function allows on the first trace.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import keras
import numpy as np
import tensorflow as tf

from quiz.exercises.checklib import watchdog
from quiz.exercises.checklib.loader import SubmissionExit, explain, short
from quiz.exercises.messages import M


class StepRunner:
    """Calls a submission's ``train_step`` under ``tf.function`` when it traces, eagerly otherwise.

    If the submission already decorated it with ``@tf.function``, its own function is
    used as is. Otherwise the first call traces it without AutoGraph (a plain trace:
    0.34 s for the wgan-gp reference's critic step here, against 1.25 s with AutoGraph
    converting the source first); a step whose Python control flow depends on tensor
    values cannot be traced plainly and is traced again with AutoGraph; if that raises
    too, the step runs eagerly from then on (about 10× slower here) and :attr:`note`
    says why. A failed attempt leaves nothing behind that the checks read: the
    optimizer log only gains duplicate entries of the same updates.

    ``leading`` and ``trailing``: arguments bound into every call, before and after the
    ones passed (``StepRunner(train_step, leading=(model, optimizer), trailing=(schedule,))``
    then ``runner(x)``). They reach the traced step as the Python objects they are, not
    as graph inputs: a NumPy schedule stays a NumPy array, so ``len(alphas_cumprod)``
    traces plainly (as an argument it becomes a symbolic tensor, the plain trace raises
    and AutoGraph converts the step: 0.1-0.5 s more for the ddpm reference), and a call
    skips matching the model and optimizer against the trace's signature (~20 % of a
    small model's step here).
    """

    def __init__(self, func: Callable, *, leading: tuple = (), trailing: tuple = ()):
        self.func = func
        self.raw = getattr(func, "python_function", func)
        self.user_traced = hasattr(func, "python_function")
        self.leading, self.trailing = tuple(leading), tuple(trailing)
        self.traced = self.bound(func) if self.user_traced else tf.function(self.bound(self.raw), autograph=False)
        self.mode: str | None = None  # "graph" or "eager" once known
        self.note: str | None = None
        self.first_call_seconds: float | None = None
        self.durations: list[float] = []
        self._loop: Callable | None = None
        self.loop_failed = False
        """Whether :meth:`many` found that the step cannot run inside a traced loop (then each step is one call)."""

    def __call__(self, *args: Any) -> Any:
        start = time.perf_counter()
        with watchdog.current().step(first=self.first_call_seconds is None):
            result = self._call(*args)
        elapsed = time.perf_counter() - start
        if self.first_call_seconds is None:
            self.first_call_seconds = elapsed
        else:
            self.durations.append(elapsed)
        return result

    def many(self, stacked: Any, pick: Callable[[Any], Any]) -> np.ndarray | None:
        """One step per leading slice of ``stacked``, all in one traced call; ``pick(output)`` of each step, (n,) float64.

        The steps run in a ``tf.while_loop`` inside one ``tf.function`` (traced once: the
        leading size is left open), which saves the ~2-3 ms a call of a small model's
        traced step costs in Python and dispatch (250 ddpm reference steps: ~0.4 s against
        ~0.9 s). The loop body is the step traced plainly, as :meth:`__call__` traces it,
        so it does what one traced call does, step after step: random ops draw anew,
        NumPy or Python values are frozen alike. Returns None, and :attr:`loop_failed`
        stays set, when the step runs eagerly or the loop raises (a step that needs
        AutoGraph, creates variables, returns something ``pick`` cannot read): the caller
        then calls the step once per slice and gets the step's own error there, if any.
        """
        if self.loop_failed or self.mode == "eager":
            return None
        count = int(stacked.shape[0])
        first = self._loop is None
        if first:
            global_seed_generator_ready()
            self._loop = tf.function(self._loop_of(pick), autograph=False, input_signature=(
                tf.TensorSpec((None, *stacked.shape[1:]), stacked.dtype),))
        last = self.step_seconds() if self.durations else None
        start = time.perf_counter()
        try:
            with watchdog.current().steps(count, first=first, measured=last):
                values = np.asarray(self._loop(stacked), np.float64)
        except (SubmissionExit, SystemExit, MemoryError, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - any failure: the caller runs the steps one by one
            if type(exc).__name__ == "ResourceExhaustedError":
                raise
            self.loop_failed, self._loop = True, None
            return None
        elapsed = time.perf_counter() - start
        if first and self.first_call_seconds is None:
            self.first_call_seconds = elapsed
        else:
            self.durations.append(elapsed / max(count, 1))
        self.mode = "graph"
        return values

    def _loop_of(self, pick: Callable[[Any], Any]) -> Callable:
        step = self.bound(self.func if self.user_traced else self.raw)

        def run(stacked: Any) -> Any:
            count = tf.shape(stacked)[0]

            def body(i: Any, values: Any) -> tuple:
                value = tf.reshape(tf.cast(pick(step(stacked[i])), tf.float32), [])
                return i + 1, values.write(i, value)

            _, values = tf.while_loop(lambda i, _: i < count, body, (tf.constant(0), tf.TensorArray(tf.float32, size=count, element_shape=())))
            return values.stack()

        return run

    def bound(self, func: Callable) -> Callable:
        """``func`` with :attr:`leading` and :attr:`trailing` bound around the arguments passed."""
        if not self.leading and not self.trailing:
            return func
        leading, trailing = self.leading, self.trailing

        def step(*args: Any) -> Any:
            return func(*leading, *args, *trailing)

        return step

    def eager(self, *args: Any) -> Any:
        """One eager call (for probes with throwaway models: no retrace, no new graph)."""
        with watchdog.current().step(first=False):
            return self.raw(*self.leading, *args, *self.trailing)

    def step_seconds(self) -> float | None:
        """Typical seconds per call after the first (the first includes the trace)."""
        if not self.durations:
            return None
        recent = sorted(self.durations[-20:])
        return recent[len(recent) // 2]

    def _call(self, *args: Any) -> Any:
        if self.mode == "eager":
            return self.raw(*self.leading, *args, *self.trailing)
        if self.mode == "graph" or self.user_traced:
            result = self.traced(*args)
            self.mode = "graph"
            return result
        try:
            result = self._first_trace(*args)
        except (SubmissionExit, SystemExit, MemoryError, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - any trace failure: try eagerly
            if type(exc).__name__ == "ResourceExhaustedError":
                raise
            try:
                result = self.raw(*self.leading, *args, *self.trailing)
            except Exception:  # noqa: BLE001 - a genuine bug: report the first failure, not
                raise exc from None  # the eager retry's (a failed trace can leave odd state behind)
            self.mode = "eager"
            reason = short(exc, 200).splitlines()[0]
            self.note = (
                M("lib.tfwrap.call.train_step_does_not", (
                    "train_step does not run under tf.function ({name}: {reason}); it ran eagerly instead, "
                    "about 10× slower"
                  ), name=type(exc).__name__, reason=reason)
            )
            extra = explain(exc)
            if extra:
                self.note += ". " + extra
            return result
        self.mode = "graph"
        return result


    def _first_trace(self, *args: Any) -> Any:
        """The first traced call: plain, then with AutoGraph if the plain trace raises."""
        global_seed_generator_ready()
        try:
            return self.traced(*args)
        except (SubmissionExit, SystemExit, MemoryError, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. `if tensor:`; AutoGraph converts it
            if type(exc).__name__ == "ResourceExhaustedError":
                raise
        self.traced = tf.function(self.bound(self.raw))
        return self.traced(*args)


def global_seed_generator_ready() -> None:
    """Make sure Keras's global seed generator exists before a step is first traced.

    ``keras.random`` ops given no seed (``keras.random.normal(shape)`` in a step, as every
    reference and starter draws its noise) draw from one global generator, which Keras
    creates on first use and drops at every ``keras.utils.set_random_seed``. Created
    inside a step's first trace (or the first trace of :meth:`StepRunner.many`'s loop),
    its state variable makes ``tf.function`` trace it a second time: the GAN reference's
    first call took 1.3-1.7 s of CPU against 0.8 s with the generator made beforehand.
    One eager draw creates it if missing; it moves the generator's counter by one, the
    same way for the reference's baselines and for every submission.
    """
    keras.random.normal((), seed=None)


def call_model(model: Any, x: Any) -> Any:
    """``model(x, training=False)``; models without a ``training`` argument are called plainly."""
    try:
        return model(x, training=False)
    except TypeError as exc:
        if "training" not in str(exc):
            raise
        return model(x)


def snapshot(variables: list) -> list[np.ndarray]:
    return [np.array(v.numpy(), copy=True) for v in variables]


def restore(variables: list, values: list[np.ndarray]) -> None:
    for variable, value in zip(variables, values):
        variable.assign(value)


def changed(variables: list, values: list[np.ndarray]) -> bool:
    """Whether any variable differs (bit for bit) from the snapshot."""
    return any(not np.array_equal(v.numpy(), a) for v, a in zip(variables, values))


def max_change(variables: list, values: list[np.ndarray]) -> float:
    deltas = [float(np.max(np.abs(v.numpy() - a))) for v, a in zip(variables, values) if a.size]
    return max(deltas, default=0.0)


def reset_optimizer(optimizer: keras.optimizers.Optimizer, learning_rate: float) -> None:
    """Zero the step counter and slots (a fresh start) and set the learning rate."""
    lr_var = getattr(optimizer, "_learning_rate", None)
    for variable in optimizer.variables:
        if variable is lr_var:
            continue
        variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
    optimizer.learning_rate = learning_rate


def as_batch(array: np.ndarray) -> tf.Tensor:
    return tf.constant(np.asarray(array, dtype=np.float32))
