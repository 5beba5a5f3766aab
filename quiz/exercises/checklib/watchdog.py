"""A hang found in seconds: a time bound on every single call into the submission.

The whole-run limit (120-180 s) is the last resort; a ``while True`` in ``train_step``
should be named within seconds, at the check that made the call. Two layers:

- **In the child** (this module): :func:`bound` arms ``SIGALRM`` for the call; when it
  fires while Python code runs (a Python loop, eager ops between kernels), the handler
  raises :class:`CallTooSlow`, a ``BaseException`` the submission's ``except Exception``
  cannot swallow. The engine turns it into that check's failure and skips the checks
  that need it, so the rest of the run goes on.
- **In the runner** (the fallback): every armed bound is announced on the event channel
  (``{"type": "watchdog", "seconds": …, "message": …}``, then ``seconds: null`` when the
  call returns). A call stuck inside TensorFlow's C++ (a graph-level infinite loop) never
  gives the handler a chance; the runner kills the child :data:`GRACE_SECONDS` after the
  bound and reports the same message at the same check.

Limits (:func:`step_limit`): a training step gets about 30× the reference's step,
clamped to 10-20 s; the first call, which traces, 15 s (so a ``while True`` there is
named within ~25 s of a cold ``quiz check``, TensorFlow's start-up included); any other
call 20 s. A tutorial-size conv GAN (~0.4 s a step here, a few seconds to trace) stays
far inside them.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Callable, Iterator

STEP_FACTOR = 30.0
"""A step may take this many times the reference's before it counts as not returning."""
MIN_SECONDS, MAX_SECONDS = 10.0, 20.0
"""The clamp on a step's limit; any call other than a step gets the maximum."""
FIRST_STEP_SECONDS = 15.0
"""The first call of a step (it traces under tf.function: 1-2 s for the reference, a few s for a conv net)."""
GRACE_SECONDS = 3.0
"""How long past a bound the runner waits for the child to report it itself, before killing it."""


class CallTooSlow(BaseException):
    """A call into the submission outlived its bound (raised by the alarm in the child's main thread)."""

    def __init__(self, message: str, limit: float, reference_seconds: float | None):
        super().__init__(message)
        self.message = message
        self.limit = limit
        self.reference_seconds = reference_seconds


def step_limit(reference_seconds: float | None, *, first: bool = False) -> float:
    """Seconds one training step may take: 30× the reference's, within 10-20 s (the first call: 15 s)."""
    if first:
        return FIRST_STEP_SECONDS
    if not reference_seconds or reference_seconds <= 0:
        return MAX_SECONDS
    return min(MAX_SECONDS, max(MIN_SECONDS, STEP_FACTOR * reference_seconds))


def too_slow_message(what: str, limit: float, reference_seconds: float | None) -> str:
    """'too slow / not returning: one step took > 10 s (the reference takes 13 ms)'."""
    from quiz.exercises.messages import M

    if reference_seconds:
        return M("lib.watchdog.too_slow_ref", "too slow / not returning: {what} took > {limit:g} s (the reference "
                 "takes {ms:.0f} ms)", what=what, limit=limit, ms=reference_seconds * 1000)
    return M("lib.watchdog.too_slow", "too slow / not returning: {what} took > {limit:g} s", what=what, limit=limit)


class _Bound:
    def __init__(self, end: float, limit: float, message: str, reference_seconds: float | None):
        self.end, self.limit, self.message, self.reference_seconds = end, limit, message, reference_seconds


class Watchdog:
    """Nested time bounds on calls, enforced by ``SIGALRM`` and announced through ``emit``."""

    def __init__(self, emit: Callable[[dict], None] | None = None):
        self.emit = emit
        self.reference_step_seconds: float | None = None
        """The reference's typical ``train_step`` time (from the cached baselines), when known."""
        self._bounds: list[_Bound] = []

    @contextlib.contextmanager
    def bound(self, what: str, limit: float | None = None, reference_seconds: float | None = None) -> Iterator[None]:
        """Run the body within ``limit`` seconds (default :data:`MAX_SECONDS`), or raise :class:`CallTooSlow` naming ``what``.

        A nested bound names the call (its message is the more specific) but never ends
        after the enclosing one. Off the main thread (no signals there) it does nothing.
        """
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        limit = MAX_SECONDS if limit is None else limit
        outer = self._bounds[-1] if self._bounds else None
        end = time.monotonic() + limit if outer is None else min(outer.end, time.monotonic() + limit)
        bound = _Bound(end, limit, too_slow_message(what, limit, reference_seconds), reference_seconds)
        previous = signal.signal(signal.SIGALRM, self._expired) if outer is None else None
        self._bounds.append(bound)
        self._arm(bound)
        try:
            yield
        finally:
            self._bounds.pop()
            if self._bounds:
                self._arm(self._bounds[-1])
            else:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
                self._announce(None, "")

    def step(self, first: bool) -> contextlib.AbstractContextManager:
        """The bound on one training step (see :func:`step_limit`)."""
        ref = self.reference_step_seconds
        return self.bound("the first step (tracing included)" if first else "one step", step_limit(ref, first=first), ref)

    def steps(self, count: int, first: bool, measured: float | None = None) -> contextlib.AbstractContextManager:
        """The bound on ``count`` training steps run in one call (:meth:`tfwrap.StepRunner.many`).

        The first such call traces: the first step's bound plus the usual one for a step.
        Later ones: 10× what ``count`` steps took before (``measured`` seconds per step),
        or 30× the reference's, and never under :data:`MIN_SECONDS`."""
        ref = self.reference_step_seconds
        if first:
            limit = FIRST_STEP_SECONDS + step_limit(ref)
        else:
            per_step = max(10.0 * (measured or 0.0), STEP_FACTOR * (ref or 0.0))
            limit = max(MIN_SECONDS, count * per_step) if per_step > 0 else MAX_SECONDS * max(count, 1)
        what = f"the first {count} steps (tracing included)" if first else f"{count} steps"
        return self.bound(what, limit, ref)

    def _arm(self, bound: _Bound) -> None:
        remaining = bound.end - time.monotonic()
        if remaining <= 0:  # it ran out with the inner call, whose CallTooSlow is on its way out: no second one
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        signal.setitimer(signal.ITIMER_REAL, remaining)
        self._announce(remaining, bound.message)

    def _announce(self, seconds: float | None, message: str) -> None:
        if self.emit is not None:
            self.emit({"type": "watchdog", "seconds": None if seconds is None else round(seconds, 3), "message": message})

    def _expired(self, _signum, _frame) -> None:
        bound = self._bounds[-1] if self._bounds else None
        if bound is None:
            return
        raise CallTooSlow(bound.message, bound.limit, bound.reference_seconds)


_current = Watchdog()


def current() -> Watchdog:
    """The process's watchdog (the child installs one that announces to the runner)."""
    return _current


def install(watchdog: Watchdog) -> None:
    global _current
    _current = watchdog
