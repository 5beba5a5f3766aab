"""The warm checker: the next check run's process, started before the save.

A cold ``quiz check`` pays for a fresh interpreter, ``import tensorflow`` (3-6 s here),
the data and the baselines before its first check. The exercise screen and ``quiz check
--watch`` keep one process ready instead: it has done all that and waits for a
submission on its control pipe (see :mod:`quiz.exercises.child`). A run takes it and a
fresh one is started at once for the next run: one process per run, as before, since
user code can corrupt a process. Cancelling a run kills its process only; the next run
starts on the spare. :meth:`WarmChecker.close` (or the owner dying: the pipe closes)
leaves no checker process behind. No TensorFlow here. Usage::

    warm = WarmChecker("gan")
    warm.prepare()                  # when the screen opens
    run = warm.run(path)            # on a save: a CheckRun, on the warm process
    ...                             # run.events() / run.cancel() as for any CheckRun
    warm.close()                    # when the screen closes
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from quiz.exercises import catalog
from quiz.exercises.runner import CheckRun, Child, job_for


class WarmChecker:
    """Keeps one checker process ready for ``exercise_id`` and hands each run to it."""

    def __init__(self, exercise_id: str, *, command: Sequence[str] | None = None, data_npz: Path | None = None,
                 time_limit: float | None = None):
        self.exercise = catalog.get_exercise(exercise_id)
        self.command = command
        self.data_npz = data_npz
        self.time_limit = float(time_limit or self.exercise.time_limit)
        self._lock = threading.Lock()
        self._spare: Child | None = None
        self._closed = False

    def prepare(self) -> None:
        """Start the spare process if there is none (or it died); returns at once."""
        with self._lock:
            self._prepare_locked()

    def _prepare_locked(self) -> None:
        if self._closed:
            return
        if self._spare is not None and self._spare.alive():
            return
        if self._spare is not None:
            self._spare.close()
            self._spare = None
        try:
            self._spare = Child.start(job_for(self.exercise, self.data_npz, self.time_limit, []), self.command, warm=True)
        except OSError:
            self._spare = None  # the run that needs one will start it and report why it cannot

    def run(self, submission: Path) -> CheckRun:
        """A check run of ``submission`` on the warm process (taken when the run starts its child)."""
        return CheckRun(self.exercise.id, submission, data_npz=self.data_npz, time_limit=self.time_limit,
                        command=self.command, take_child=self._take)

    def _take(self) -> Child:
        """The spare for a run that starts now; a new spare is started for the next run."""
        with self._lock:
            if self._closed:
                raise OSError("the exercise's checker was closed")
            self._prepare_locked()
            child, self._spare = self._spare, None
            if child is None:  # starting failed: once more, so the run reports the reason
                child = Child.start(job_for(self.exercise, self.data_npz, self.time_limit, []), self.command, warm=True)
            self._prepare_locked()
            return child

    def wait_ready(self, timeout: float) -> bool:
        """Block until the spare has said ``ready`` (for benchmarks and tests); False on timeout or death."""
        with self._lock:
            spare = self._spare
        return spare is not None and spare.wait_ready(timeout)

    @property
    def spare_pid(self) -> int | None:
        """The spare process's id (None when there is none)."""
        spare = self._spare
        return spare.proc.pid if spare is not None else None

    def close(self) -> None:
        """Kill and reap the spare; no new one is started. Runs in progress are their owners' to cancel."""
        with self._lock:
            self._closed = True
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.close()
