"""Running an exercise's checks in a child process, for the CLI and the TUI.

No TensorFlow here: the checks run in ``python -m quiz.exercises.child``, in its
own process group, with a memory cap and the exercise's time limit. Events come
back as JSON lines on a dedicated pipe (not stdout/stderr, which are captured
separately), so neither TensorFlow's logging nor the submission's prints can
corrupt or forge them. Usage::

    run = CheckRun("gan", Path("gan.py"))
    for event in run.events():      # in a worker thread for the TUI
        ...                         # run.cancel() from any thread
    report = event["report"]        # the last event is always the report

A run is one child process (user code can corrupt a process). The TUI and ``quiz check
--watch`` keep the next one started ahead of time (:mod:`quiz.exercises.warm`): a
:class:`Child` started warm has TensorFlow, the data and the baselines loaded before
the save, and is handed the file over a control pipe (``take_child``).

Events and reports are the typed shapes of :mod:`quiz.exercises.protocol`:
``plan``, ``check_started``, ``check``, ``log`` as they arrive, and the
``report`` always last, exactly once. The report's status is

- ``pass`` every check passed; ``fail`` the checks ran and one failed or raised;
- ``error`` the checks could not run: unreadable or empty file, binary data, syntax
  error, a submission that cannot be imported, or a checker process that crashed,
  ran out of memory, or exited (``sys.exit``/``os._exit``, even with status 0);
- ``timeout`` the time limit passed (the message gives it), or one call into the submission
  stayed stuck past its bound inside TensorFlow's own code (:mod:`quiz.exercises.checklib.watchdog`;
  a call stuck in Python is stopped by the child itself, and is that check's failure);
  ``cancelled`` after cancel().

``metrics`` holds numbers (``seconds``, ``peak_memory_mb``, loss falls, distances,
``baseline_cached``, ``train_step_mode`` …) and, when training ran, for drawing:

- ``curves``: ``{"submission": {name: [float per step]}, "reference": {...}}`` —
  GAN names ``d_loss``, ``g_loss`` (joint training); VAE names ``loss``,
  ``reconstruction_loss``, ``kl_loss``. The reference's list covers the same steps.
- ``samples``: 16 generated images, each 28 lists of 28 floats in [0, 1] (GAN: the
  generator on fixed noise, rescaled from [-1, 1]; VAE: the decoder on prior samples).
- ``real_samples``: 16 images from the training data, same layout.

Limits: the exercise's ``time_limit`` (or ``time_limit=``) covers the whole run,
TensorFlow's start-up included; the child's address space is capped at three
quarters of physical memory, 3-16 GiB (``QUIZ_CHECK_MEMORY_MB`` overrides), so a
huge allocation fails as "out of memory" instead of swapping the machine.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Iterator

from quiz.exercises import catalog
from quiz.exercises.messages import M
from quiz.exercises.protocol import (PUBLIC_KINDS, CheckRecord, Report, RunEvent, check_event, check_record,
                                     report_event)
from quiz.exercises.source import SourceError, compile_source

_TAIL_LINES = 6  # lines of the child's stderr quoted when it dies


class CheckRun:
    """One check run of one submission (see the module docstring)."""

    def __init__(
        self,
        exercise_id: str,
        submission: Path,
        *,
        reference: bool = False,
        data_npz: Path | None = None,
        time_limit: float | None = None,
        command: Sequence[str] | None = None,
        take_child: Callable[[], Child] | None = None,
    ):
        self.exercise = catalog.get_exercise(exercise_id)
        self.submission = Path(self.exercise.solution if reference else submission)
        self._session = _Session(self.exercise, [self.submission], data_npz, time_limit, command, take_child)

    def events(self) -> Iterator[RunEvent]:
        """Start the child and yield events as they arrive; the last is the report."""
        for _index, event in self._session.events():
            yield event
        yield report_event(self._session.reports[0])

    def cancel(self) -> None:
        """Kill the child's whole process group; the run ends with status ``cancelled``."""
        self._session.cancel()


def run_checks(exercise_id: str, submission: Path, **kwargs) -> Report:
    """Run the checks to the end and return the report."""
    report = None
    for event in CheckRun(exercise_id, submission, **kwargs).events():
        if event["type"] == "report":
            report = event["report"]
    return report


def run_batch(
    exercise_id: str,
    submissions: list[Path],
    *,
    data_npz: Path | None = None,
    time_limit: float | None = None,
    command: Sequence[str] | None = None,
) -> list[Report]:
    """Check several submissions in one child (one TensorFlow start-up, shared baselines).

    For maintainers and tests (every mutant of a suite); ``time_limit`` is per
    submission. Each submission gets its own report, in order.
    """
    exercise = catalog.get_exercise(exercise_id)
    session = _Session(exercise, [Path(p) for p in submissions], data_npz, time_limit, command)
    for _event in session.events():
        pass  # progress events are for live callers; a batch wants the reports
    return session.reports


class _Report:
    """Builds one submission's report from its events."""

    def __init__(self, exercise_id: str):
        self.exercise_id = exercise_id
        self.plan: list[str] = []
        self.checks: list[CheckRecord] = []
        self.current: str | None = None
        self.metrics: dict = {}
        self.done = False
        self.status: str | None = None  # forced status (error/timeout/cancelled)

    def take(self, event: dict) -> bool:
        """Record an event; True when it is one to pass on to the caller."""
        kind = event.get("type")
        if kind == "plan" and isinstance(event.get("checks"), list):
            self.plan = [str(n) for n in event["checks"]]
        elif kind == "check_started":
            self.current = str(event.get("name"))
        elif kind == "check" and isinstance(event.get("check"), dict):
            self.checks.append(event["check"])
            self.current = None
        elif kind == "metrics" and isinstance(event.get("metrics"), dict):
            self.metrics.update(event["metrics"])
        elif kind == "done":
            self.done = True
            return False
        return kind in PUBLIC_KINDS

    def interrupt(self, status: str, message: str, actual: str | None = None, hint: str | None = None) -> list[CheckRecord]:
        """End early: the running check gets ``message``; the rest are skipped. Returns new check events."""
        self.status = status
        new = []
        seen = {c.get("name") for c in self.checks}
        name = self.current or next((n for n in self.plan if n not in seen), None) or "contract"
        # A cancelled check did nothing wrong: it is skipped ("cancelled"), not an error.
        cancelled = status == "cancelled"
        new.append(check_record(name, "skip" if cancelled else "error", message, actual=actual, hint=hint))
        seen.add(name)
        later_message = (M("run.cancelled_during", "skipped: the run was cancelled during {check}", check=name) if cancelled
                         else M("run.stopped_during", "skipped: the run stopped during {check}", check=name))
        for later in self.plan:
            if later not in seen:
                new.append(check_record(later, "skip", later_message))
                seen.add(later)
        self.checks.extend(new)
        self.current = None
        return new

    def report(self) -> Report:
        statuses = [c.get("status") for c in self.checks]
        if self.status:
            status = self.status
        elif any(c.get("name") == "contract" and c.get("status") == "error" for c in self.checks):
            status = "error"
        elif statuses and all(s == "pass" for s in statuses) and len(statuses) >= len(self.plan):
            status = "pass"
        elif not statuses:
            status = "error"
        else:
            status = "fail"
        return {"exercise": self.exercise_id, "status": status, "checks": self.checks, "metrics": self.metrics}


class _Session:
    """The child process for one or more submissions.

    :meth:`events` yields ``(submission index, event)`` for the public events as they
    arrive; once it is exhausted, :attr:`reports` holds one report per submission.
    ``take_child``: returns a warm :class:`Child` to hand the submissions to, when there are
    any to run (without it, a child is started cold with them).
    """

    def __init__(self, exercise: catalog.Exercise, submissions: list[Path], data_npz, time_limit, command,
                 take_child: Callable[[], Child] | None = None):
        self.exercise = exercise
        self.submissions = submissions
        self.data_npz = Path(data_npz) if data_npz else None
        self.time_limit = float(time_limit or exercise.time_limit)
        self.command = command
        self._take_child = take_child
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._cancelled = False
        self._started = False
        self.reports: list[Report] = []

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._proc is not None:
                _kill_group(self._proc)

    def events(self) -> Iterator[tuple[int, RunEvent]]:
        if self._started:
            raise RuntimeError("events() can only be consumed once")
        self._started = True
        reports = [_Report(self.exercise.id) for _ in self.submissions]
        to_run = []
        for index, path in enumerate(self.submissions):
            try:
                compile_source(path)
                to_run.append(index)
            except SourceError as exc:
                # Nothing to import: say so at once, without starting TensorFlow.
                record = check_record("contract", "error", exc.message, hint=exc.hint)
                reports[index].checks.append(record)
                reports[index].status = "error"
                yield index, check_event(record)
        if to_run:
            yield from self._run_child(to_run, [reports[i] for i in to_run])
        self.reports = [r.report() for r in reports]

    def _start(self, paths: list[Path]) -> Child:
        """The child that runs ``paths``: the warm one, handed them, or a cold one started with them."""
        if self._take_child is not None:
            child = self._take_child()
            try:
                child.hand(paths, self.time_limit)
            except OSError:
                child.close()
                raise
            return child
        return Child.start(job_for(self.exercise, self.data_npz, self.time_limit, paths), self.command)

    def _run_child(self, indices: list[int], reports: list[_Report]) -> Iterator[tuple[int, RunEvent]]:
        """Run the submissions at ``indices`` (their reports: ``reports``) in one child."""
        paths = [self.submissions[i] for i in indices]
        child, why = None, ("cancelled", M("run.cancelled_before", "cancelled before the checker started"))
        with self._lock:  # (no yield while holding it: cancel() must not wait for the caller)
            if not self._cancelled:
                try:
                    child = self._start(paths)
                    self._proc = child.proc
                except OSError as exc:
                    why = ("error", f"could not start the checker: {exc}")
        if child is None:
            for i, r in zip(indices, reports):
                yield from _public(i, r.interrupt(*why))
            return
        start = time.monotonic()
        deadline = start + self.time_limit * len(paths)
        index = 0
        fatal: str | None = None
        timed_out = False
        stuck: str | None = None  # a call the child's own watchdog could not stop (see checklib.watchdog)
        watch_until: float | None = None
        try:
            while True:
                now = time.monotonic()
                if now >= deadline or (watch_until is not None and now >= watch_until):
                    timed_out = now >= deadline
                    child.kill()
                    break
                until = deadline if watch_until is None else min(deadline, watch_until)
                events = child.read(min(until - now, 0.5))
                if events is None:
                    break  # the child closed the channel: it exited (or was killed)
                for event in events:
                    kind = event.get("type")
                    if kind == "begin":
                        index = min(int(event.get("index", index)), len(reports) - 1)
                    elif kind == "fatal":
                        fatal = str(event.get("message", "unknown error"))
                    elif kind == "watchdog":
                        seconds = event.get("seconds")
                        armed = isinstance(seconds, (int, float))
                        watch_until = time.monotonic() + seconds + watchdog_grace() if armed else None
                        stuck = str(event.get("message") or "") if armed else None
                    elif reports[index].take(event):
                        yield indices[index], event
        finally:
            child.close_channel()
        code, peak_mb = _wait(child.proc, 5.0)
        self._proc = None
        tail = child.stderr_tail()
        child.close()
        for r in reports:
            r.metrics.setdefault("seconds", round(time.monotonic() - start, 3))
            if peak_mb:
                r.metrics["peak_memory_mb"] = peak_mb
        pending = [(i, r) for i, r in zip(indices, reports) if not r.done]
        if not pending:
            return
        (first_index, first), rest = pending[0], [r for _i, r in pending[1:]]
        where = M("run.where", " during {check}", check=first.current) if first.current else ""
        if self._cancelled:
            status, message, hint = "cancelled", M("run.cancelled", "cancelled"), None
        elif timed_out:
            status = "timeout"
            message = M("run.time_limit", "time limit of {limit:g} s exceeded{where}", limit=self.time_limit, where=where)
            hint = M("run.time_limit.hint", "An infinite loop, or a model far too large? Pass --time-limit to allow more.")
        elif stuck and watch_until is not None and time.monotonic() >= watch_until:
            status, message = "timeout", stuck
            hint = M("run.stuck.hint", "A loop that never ends inside the step (stopped in TensorFlow's own code), or "
                     "a network far too large.")
        elif fatal:
            status, message, hint = "error", M("run.fatal", "the checker could not run: {fatal}", fatal=fatal), None
        else:
            status = "error"
            message, hint = _death_message(code, tail, where, self.exercise)
        yield from _public(first_index, first.interrupt(status, message, actual=tail if status == "error" and not fatal else None, hint=hint))
        for r in rest:
            r.interrupt(status, M("run.batch_stopped", "not run: an earlier submission in the batch stopped the checker "
                                  "({message})", message=message))


def watchdog_grace() -> float:
    """Seconds past a call's bound before the runner kills a child that did not stop it itself."""
    from quiz.exercises.checklib.watchdog import GRACE_SECONDS

    return GRACE_SECONDS


def job_for(exercise: catalog.Exercise, data_npz: Path | None, time_limit: float, paths: list[Path]) -> dict:
    """The child's ``QUIZ_CHECK_JOB`` (see :mod:`quiz.exercises.child`); no ``paths`` for a warm child."""
    return {
        "suite": exercise.checks,
        "requires": list(exercise.requires),
        "exercise": exercise.id,
        "teach": exercise.teach,
        "submissions": [str(Path(p).resolve()) for p in paths],
        "reference": str(exercise.baseline_reference.resolve()),
        "data_npz": str(Path(data_npz).resolve()) if data_npz else None,
        "time_limit": time_limit,
        "memory_mb": int(memory_mb) if (memory_mb := os.environ.get("QUIZ_CHECK_MEMORY_MB")) else None,
    }


class Child:
    """One checker process and its channels: started with its submissions (cold), or warm
    (:meth:`start` with ``warm=True``: it prepares, says ``ready`` and waits to be :meth:`hand`-ed them)."""

    def __init__(self, proc: subprocess.Popen, read_fd: int, control: int | None, out, err):
        self.proc = proc
        self._read_fd: int | None = read_fd
        self._control = control
        self._out, self._err = out, err
        self._buffer = b""
        self._early: list[dict] = []  # events read while waiting for ``ready``, replayed by read()
        self.ready = False
        """The warm child has said ``ready`` (seen by :meth:`wait_ready`)."""

    @classmethod
    def start(cls, job: dict, command: Sequence[str] | None, *, warm: bool = False) -> Child:
        """Start the checker process (raises OSError when it cannot)."""
        read_fd, write_fd = os.pipe()
        control_read, control = os.pipe() if warm else (None, None)
        env = dict(os.environ)
        env.update(
            QUIZ_EVENT_FD=str(write_fd),
            QUIZ_CHECK_JOB=json.dumps(job),
            TF_CPP_MIN_LOG_LEVEL="3",
            PYTHONUNBUFFERED="1",
            PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")])),
        )
        if warm:
            env["QUIZ_CONTROL_FD"] = str(control_read)
        argv = list(command) if command else [sys.executable, "-m", "quiz.exercises.child"]
        out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        passed = (write_fd,) if control_read is None else (write_fd, control_read)
        try:
            proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                pass_fds=passed, start_new_session=True, cwd=tempfile.gettempdir(),
            )
        except OSError:
            for fd in (read_fd, control):
                if fd is not None:
                    os.close(fd)
            out.close()
            err.close()
            raise
        finally:
            for fd in passed:
                os.close(fd)
        return cls(proc, read_fd, control, out, err)

    def read(self, timeout: float) -> list[dict] | None:
        """The events that arrive within ``timeout`` seconds (maybe none); None once the channel is closed."""
        if self._early:
            early, self._early = self._early, []
            return early
        if self._read_fd is None:
            return None
        ready, _, _ = select.select([self._read_fd], [], [], max(0.0, timeout))
        if not ready:
            return []
        chunk = os.read(self._read_fd, 1 << 16)
        if not chunk:
            return None
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        events = [event for event in map(_parse, lines) if event is not None]
        kinds = [event.get("type") for event in events]
        if "ready" in kinds:  # start-up notes ("loading TensorFlow") read only now are stale: it is loaded
            self.ready = True
            cut = kinds.index("ready")
            events = [e for e in events[:cut] if e.get("type") != "log"] + events[cut:]
        return events

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the warm child is ready (its earlier events are kept for the run); False if it
        is not within ``timeout`` s or it died."""
        end = time.monotonic() + timeout
        while not self.ready:
            remaining = end - time.monotonic()
            if remaining <= 0 or self._read_fd is None:
                return False
            events = self._read_only(remaining)
            if events is None:
                return False
            self._early += [event for event in events if event.get("type") not in ("ready", "log")]
        return True

    def _read_only(self, timeout: float) -> list[dict] | None:
        early, self._early = self._early, []
        try:
            return self.read(timeout)
        finally:
            self._early = early + self._early

    def alive(self) -> bool:
        return self.proc.poll() is None

    def hand(self, paths: list[Path], time_limit: float) -> None:
        """Give the warm child its submissions (raises OSError if it is gone)."""
        if self._control is None:
            raise OSError("not a warm checker")
        line = json.dumps({"submissions": [str(Path(p).resolve()) for p in paths], "time_limit": time_limit}) + "\n"
        os.write(self._control, line.encode())

    def kill(self) -> None:
        _kill_group(self.proc)

    def close_channel(self) -> None:
        if self._read_fd is not None:
            os.close(self._read_fd)
            self._read_fd = None

    def stderr_tail(self) -> str | None:
        return _tail(self._err)

    def close(self) -> None:
        """Kill the process group (if anything is left), reap it, close every descriptor and file."""
        if self.proc.returncode is None:
            self.kill()
            _wait(self.proc, 5.0)
        self.close_channel()
        if self._control is not None:
            os.close(self._control)
            self._control = None
        self._out.close()
        self._err.close()


def _public(index: int, records: list[CheckRecord]) -> Iterator[tuple[int, RunEvent]]:
    for record in records:
        yield index, check_event(record)


def _parse(line: bytes) -> dict | None:
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) and isinstance(event.get("type"), str) else None


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _wait(proc: subprocess.Popen, grace: float) -> tuple[int, float | None]:
    """Reap the child (killing its group after ``grace`` s); exit code and peak RSS in MB."""
    end = time.monotonic() + grace
    while True:
        try:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        except ChildProcessError:
            return proc.returncode if proc.returncode is not None else 0, None
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            _kill_group(proc)  # anything the submission left running in the group
            return proc.returncode, round(usage.ru_maxrss / 1024, 1)
        if time.monotonic() > end:
            _kill_group(proc)
            end = time.monotonic() + 5.0
        time.sleep(0.02)


def _tail(stream) -> str | None:
    """The last lines of the child's stderr, without TensorFlow's start-up chatter."""
    try:
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(max(0, size - 8192))
        text = stream.read().decode("utf-8", "replace")
    except OSError:
        return None
    lines = [l for l in text.splitlines() if l.strip() and "cpu_feature_guard" not in l and "rebuild TensorFlow" not in l]
    return "\n".join(lines[-_TAIL_LINES:]) or None


def _death_message(code: int, tail: str | None, where: str, exercise: catalog.Exercise) -> tuple[str, str | None]:
    text = tail or ""
    oom = any(s in text for s in ("MemoryError", "bad_alloc", "ResourceExhausted", "Cannot allocate memory", "OOM when allocating"))
    if oom:
        return (
            M("run.oom", "out of memory{where}: the checker process hit its memory limit", where=where),
            M("run.oom.hint", "Something allocates far more than a GAN or VAE on 28×28 images needs; check tensor shapes."),
        )
    if code < 0:
        sig = -code
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else f"signal {sig}"
        if sig == signal.SIGKILL:
            return (
                M("run.killed", "the checker process was killed ({signal}){where}: probably out of memory (the system's "
                  "OOM killer)", signal=name, where=where),
                M("run.killed.hint", "Something allocates far more memory than needed; check tensor shapes."),
            )
        if sig == signal.SIGSEGV:
            return M("run.segfault", "the checker process crashed (segmentation fault){where}", where=where), None
        return M("run.signal", "the checker process was stopped by {signal}{where}", signal=name, where=where), None
    if code == 0:
        return (
            M("run.exit0", "the checker process exited with status 0{where} before reporting: the submission ended the "
              "interpreter (os._exit?) — exiting is not passing", where=where),
            M("run.exit.hint", "Remove any exit call from the submission."),
        )
    return (
        M("run.exit", "the checker process exited with status {code}{where} before reporting (the submission exited the "
          "interpreter?)", code=code, where=where),
        M("run.exit.hint", "Remove any exit call from the submission."),
    )
