"""The checker child process: ``python -m quiz.exercises.child``.

The only process that imports TensorFlow (only for suites that need it: the
``sampling`` suite is NumPy only, and nothing here imports TensorFlow for it). The runner starts it with two
environment variables, which it removes before any submission code runs:

- ``QUIZ_EVENT_FD`` — the write end of the event pipe (see checklib.events)
- ``QUIZ_CHECK_JOB`` — JSON: ``{"suite", "exercise", "requires", "submissions": [paths],
  "reference", "data_npz", "time_limit", "memory_mb"}``
- ``QUIZ_CONTROL_FD`` (warm mode only) — the read end of the control pipe. The child
  then starts without submissions: it imports what the exercise needs, builds the data,
  loads the cached baselines, writes ``ready`` and waits for one line on the pipe,
  ``{"submissions": [paths], "time_limit": s}``, and checks those (one run per
  process). If the pipe closes instead — the app quit, or was killed — it exits at
  once; if it closes during the run, the child kills its process group.

For each submission it writes ``begin``, ``plan``, ``check_started``/``check`` per
check, ``log`` lines, ``metrics`` and ``done``, and around every call into the
submission a ``watchdog`` event with the call's time bound (for the runner to enforce if
the child cannot: :mod:`quiz.exercises.checklib.watchdog`); a problem outside any check
(unreadable data, a broken reference, a required package that does not import:
see ``quiz.exercises.availability``) is one ``fatal`` event. Several submissions
in one job share one TensorFlow start-up and one set of baselines (the tests run
every mutant of a suite this way).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import resource
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from quiz.exercises.checklib import watchdog
from quiz.exercises.checklib.events import Emitter
from quiz.exercises.checklib.loader import SubmissionExit
from quiz.exercises.messages import M

# Seconds the child keeps back from its time limit, so it finishes before the
# runner's own deadline kills it.
MARGIN_SECONDS = 2.0


def default_memory_mb() -> int:
    """Three quarters of physical memory, between 3 and 16 GiB (TensorFlow maps ~1.4 GB of address space)."""
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):
        physical = 8192
    return int(min(16384, max(3072, physical * 3 // 4)))


def limit_memory(megabytes: int) -> None:
    """Cap the address space, so a huge allocation fails with MemoryError instead of freezing the machine."""
    limit = int(megabytes) * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _patched_exit(code: int = 0) -> None:
    raise SubmissionExit(code)


def main() -> None:
    started = time.monotonic()
    job = json.loads(os.environ.pop("QUIZ_CHECK_JOB"))
    events = Emitter(int(os.environ.pop("QUIZ_EVENT_FD")))
    control = control_fd()
    limit_memory(job.get("memory_mb") or default_memory_mb())
    watchdog.install(watchdog.Watchdog(events.emit))
    real_exit = os._exit
    os._exit = _patched_exit  # a submission's os._exit becomes a reported error, not a silent death
    try:
        run_job(job, events, started, control)
    except ControlClosed:  # a warm child nobody needs any more
        real_exit(0)
    except BaseException as exc:  # noqa: BLE001 - report, never a bare traceback
        message = str(exc) if isinstance(exc, Unavailable) else f"{type(exc).__name__}: {exc}"
        events.emit({"type": "fatal", "message": message})
        _flush()
        real_exit(3)
    events.close()
    _flush()
    real_exit(0)  # skip TensorFlow's slow interpreter teardown


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass


class Unavailable(Exception):
    """A package the exercise requires does not import here; the message says why and what to do."""


def import_requirements(names: list[str], events: Emitter) -> None:
    """Import what the exercise declares it needs, first: a missing or broken install is one clear message."""
    from quiz.exercises import availability

    if names:
        note = M("child.loading", "loading {what}", what=", ".join(availability.NEEDS[n].label for n in names))
        events.emit({"type": "log", "text": note, "i18n": note.wire()})
    for name in names:
        try:
            importlib.import_module(availability.NEEDS[name].module)
        except Exception as exc:  # noqa: BLE001 - a broken install raises anything at import
            raise Unavailable(availability.import_failure(name, exc).text("en")) from None


class ControlClosed(Exception):
    """The control pipe closed before a submission came: the warm child is not needed."""


def control_fd() -> int | None:
    """The control pipe's descriptor in warm mode (taken out of the environment), else None."""
    value = os.environ.pop("QUIZ_CONTROL_FD", None)
    return int(value) if value else None


def receive_submissions(job: dict, emit: Callable[[dict], None], control: int | None) -> dict:
    """Warm mode: write ``ready``, wait for the submissions on ``control`` and return the job
    with them; from then on, the pipe closing kills the process group. Cold mode (``control``
    None): the job as it is. Raises :class:`ControlClosed` when the pipe closes first."""
    if control is None:
        return job
    emit({"type": "ready"})
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(control, 1 << 16)
        if not chunk:
            raise ControlClosed()
        line += chunk
    threading.Thread(target=_die_when_closed, args=(control,), daemon=True, name="control-pipe").start()
    return {**job, **json.loads(line)}


def _die_when_closed(control: int) -> None:
    """The parent is gone (it quit, was killed, or cancelled the run): take the whole group down."""
    while os.read(control, 1 << 10):
        pass
    os.killpg(os.getpgrp(), signal.SIGKILL)


def run_job(job: dict, events: Emitter, started: float, control: int | None = None) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    requires = job.get("requires") or []
    if not requires:  # a NumPy-only suite: nothing heavy to announce
        note = M("child.loading_checks", "loading the checks")
        events.emit({"type": "log", "text": note, "i18n": note.wire()})
    import_requirements(requires, events)
    suite_module = importlib.import_module(f"quiz.exercises.suites.{job['suite']}")
    from quiz.exercises.checklib.engine import Context, run_suite

    if suite_module.DATA_SIZE:
        images, data_id = load_data(job.get("data_npz"), suite_module.DATA_SIZE)
    else:  # the suite crafts its own inputs
        images, data_id = None, "none"
    data = suite_module.prepare_data(images)
    reference_path = Path(job["reference"])
    provider = BaselineProvider(job["suite"], suite_module, reference_path, data_id)
    provider.peek()  # the reference's step time bounds the submission's (checklib.watchdog)
    if control is not None:
        job = receive_submissions(job, events.emit, control)
        started = time.monotonic()  # the time limit counts from the submission, not the start-up
    time_limit = float(job["time_limit"])
    for index, submission in enumerate(job["submissions"]):
        begun = started if index == 0 else time.monotonic()
        events.emit({"type": "begin", "index": index, "submission": submission})
        events.emit({"type": "plan", "checks": suite_module.suite.names()})
        ctx = Context(
            suite=suite_module.suite,
            submission=Path(submission).resolve(),
            reference=reference_path,
            data=data,
            deadline=begun + time_limit - MARGIN_SECONDS,
            emit=events.emit,
            baseline_provider=provider,
            teach=bool(job.get("teach")),
        )
        ctx.state["module_name"] = f"quiz_submission_{index}"
        run_suite(suite_module.suite, ctx)
        ctx.metrics["seconds"] = round(time.monotonic() - begun, 3)
        events.emit({"type": "metrics", "metrics": ctx.metrics})
        events.emit({"type": "done", "index": index})
        sys.modules.pop(ctx.state["module_name"], None)


def load_data(npz: str | None, size: int):
    """``size`` images in [0, 1] and an id for the baseline cache key."""
    import numpy as np

    from quiz.exercises import data

    if not npz:
        from quiz import locations

        images = data.cached_digits(size, 2024, locations.cache_dir() / "data")
        return images, f"{data._VERSION}:n={size}:seed=2024"
    images, _ = data.load_npz(npz)
    if len(images) < size:
        raise data.DataError(f"{npz}: the checks need at least {size} images, the file has {len(images)}")
    chosen = np.sort(np.random.default_rng(2024).choice(len(images), size, replace=False))
    digest = hashlib.sha256(Path(npz).read_bytes()).hexdigest()[:16]
    return images[chosen], f"npz:{digest}:n={size}"


class BaselineProvider:
    """Loads the suite's reference baselines from the cache, or computes and stores them."""

    def __init__(self, suite: str, suite_module, reference: Path, data_id: str):
        self.suite = suite
        self.suite_module = suite_module
        self.reference = reference
        self.data_id = data_id
        self.baseline: dict | None = None

    def _key(self) -> str:
        import keras
        import numpy
        import tensorflow

        from quiz.exercises.checklib import baselines

        versions = {"tensorflow": tensorflow.__version__, "keras": keras.__version__, "numpy": numpy.__version__}
        return baselines.baseline_key(self.suite, self.reference, self.data_id, versions)

    def peek(self) -> None:
        """Load the cached baselines if there are some (never trains the reference); a suite
        without baselines, or an empty cache, leaves the loading to the first check that asks."""
        from quiz.exercises.checklib import baselines

        if getattr(self.suite_module, "baseline", None) is None or "tensorflow" not in sys.modules:
            return
        self._keep(baselines.load(self.suite, self._key()))

    def _keep(self, baseline: dict | None) -> None:
        self.baseline = baseline
        if baseline is not None:
            watchdog.current().reference_step_seconds = baseline.get("step_seconds")

    def __call__(self, ctx) -> dict:
        from quiz.exercises.checklib import baselines

        if self.baseline is not None:
            ctx.metrics["baseline_cached"] = True
            return self.baseline
        key = self._key()
        cached = baselines.load(self.suite, key)
        if cached is None:
            ctx.log(M("child.training_reference", "training the reference solution for the baselines (cached for "
                      "later checks)"))
            from quiz.exercises.checklib.loader import reference_load

            module = reference_load(self.reference, f"quiz_reference_{self.suite}")
            start = time.monotonic()
            cached = self.suite_module.baseline(ctx, module)
            cached["seconds"] = round(time.monotonic() - start, 3)
            baselines.save(self.suite, key, cached)
            ctx.metrics["baseline_cached"] = False
        else:
            ctx.metrics["baseline_cached"] = True
        self._keep(cached)
        return cached


if __name__ == "__main__":
    main()
