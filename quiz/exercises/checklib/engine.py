"""Running a suite: order, skipping dependants, timing, and turning anything the
submission does into a check result (pass, fail, error or skip).

The engine never lets a submission's exception, exit or memory error escape: each
becomes the result of the check that was running, and the run goes on.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from quiz.exercises.checklib import teach, watchdog
from quiz.exercises.checklib.loader import SubmissionExit, calling, describe_exit, explain, short, trim_traceback
from quiz.exercises.checklib.registry import CheckFailed, SubmissionError, Suite
from quiz.exercises.messages import M, wire_fields

Emit = Callable[[dict], None]


@dataclass
class Context:
    """What a check sees: the submission, the data, the clock, and shared state."""

    suite: Suite
    submission: Path
    reference: Path
    data: dict[str, Any]
    deadline: float  # time.monotonic() by which every check must be done
    emit: Emit
    baseline_provider: Callable[["Context"], dict] | None = None
    module: ModuleType | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    current: str = ""
    teach: bool = False
    """A debug exercise: failures show their symptom, not the fix (:mod:`quiz.exercises.checklib.teach`)."""
    _baseline: dict | None = None

    def log(self, text: str) -> None:
        """A progress line for the user (shown by the CLI and TUI while checks run); an :class:`M` is sent with its key."""
        event: dict[str, Any] = {"type": "log", "text": text}
        if isinstance(text, M):
            event["i18n"] = text.wire()
        self.emit(event)

    @contextlib.contextmanager
    def calling(self, what: str):
        """Context manager: exceptions from submission code become errors naming ``what``; the call
        is bounded in time (a hang becomes this check's "too slow / not returning", see checklib.watchdog)."""
        with watchdog.current().bound(what), calling(what, self.submission):
            yield

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def baseline(self) -> dict:
        """The reference's numbers on the same seeds and data (cached on disk)."""
        if self._baseline is None:
            if self.baseline_provider is None:
                raise RuntimeError("no baseline provider for this suite")
            self._baseline = self.baseline_provider(self)
        return self._baseline


def run_suite(suite: Suite, ctx: Context) -> list[dict]:
    """Run every check in order; emit ``check_started``/``check`` events; return the results."""
    statuses: dict[str, str] = {}
    results: list[dict] = []
    first_failure: str | None = None
    for check in suite.checks:
        unmet = [name for name in check.needs if statuses.get(name) != "pass"]
        if unmet:
            message = {
                "fail": M("lib.engine.skipped.failed", "skipped: it needs {check}, which failed", check=unmet[0]),
                "error": M("lib.engine.skipped.error", "skipped: it needs {check}, which raised an error", check=unmet[0]),
                "skip": M("lib.engine.skipped.skip", "skipped: it needs {check}, which was skipped", check=unmet[0]),
                _TOO_SLOW: M("lib.engine.skipped.too_slow", "skipped: it needs {check}, which did not return in time",
                             check=unmet[0]),
            }.get(statuses.get(unmet[0], ""), M("lib.engine.skipped.not_run", "skipped: it needs {check}, which did not run",
                                                 check=unmet[0]))
            record = {
                "name": check.name,
                "status": "skip",
                "message": message,
                "seconds": 0.0,
            }
        else:
            ctx.current = check.name
            ctx.emit({"type": "check_started", "name": check.name})
            start = time.perf_counter()
            record = _run_one(check.name, check.func, ctx)
            record["seconds"] = round(time.perf_counter() - start, 3)
        statuses[check.name] = _TOO_SLOW if record.pop("too_slow", False) else record["status"]
        symptom = record.pop("symptom", None)
        if ctx.teach:
            record = teach.withhold(record, symptom, first_failure)
        if record["status"] == "fail" and first_failure is None:
            first_failure = check.name
        keyed = wire_fields(record)
        if keyed:
            record["i18n"] = keyed
        results.append(record)
        ctx.emit({"type": "check", "check": record})
    ctx.current = ""
    return results


_TOO_SLOW = "too_slow"  # a check stopped by the watchdog: its dependants say so


def _run_one(name: str, func: Callable, ctx: Context) -> dict:
    record: dict[str, Any] = {"name": name}
    try:
        message = func(ctx)
        record.update(status="pass", message=message or "ok")
    except watchdog.CallTooSlow as slow:
        record.update(
            status="fail", message=slow.message, too_slow=True,
            expected=M("lib.engine.too_slow.expected", "a call returns within {limit:g} s", limit=slow.limit),
            actual=M("lib.engine.too_slow.actual", "still running after {limit:g} s", limit=slow.limit),
            hint=M("lib.engine.too_slow.hint", "Look for a loop that never ends (while True without a break, a "
                   "condition that never changes) or a network far larger than 28×28 digits need."),
        )
    except CheckFailed as failure:
        record.update(status="fail", message=failure.message)
        if failure.symptom is not None:
            record["symptom"] = failure.symptom
        for key in ("expected", "actual", "hint"):
            value = getattr(failure, key)
            if value is not None:
                record[key] = value if isinstance(value, str) else _fmt(value)
    except SubmissionError as error:
        record.update(status="error", message=error.message)
        if error.trace:
            record["traceback"] = error.trace
        if error.hint:
            record["hint"] = error.hint
    except (SystemExit, SubmissionExit) as exc:
        record.update(
            status="error",
            message=M("lib.engine.run_one.submission_called_during", (
                        "the submission called {describe_exit_exc} during this check: a submission must not exit "
                        "the interpreter"
                      ), describe_exit_exc=describe_exit(exc)),
            hint=M("lib.engine.run_one.remove_exit_call", "Remove the exit call; raise an exception or return a value instead."),
        )
    except BaseException as exc:  # noqa: BLE001 - the run must survive whatever the code does
        trace = trim_traceback(exc, ctx.submission)
        if isinstance(exc, MemoryError) or type(exc).__name__ == "ResourceExhaustedError":
            message = M("lib.engine.run_one.out_memory", "out of memory: {name}{short_exc_200_if_str_exc}", name=type(exc).__name__, short_exc_200_if_str_exc=': ' + short(exc, 200) if str(exc) else '')
        elif trace:
            message = M("lib.engine.run_one.your_code_raised", "your code raised {name}: {short_exc}", name=type(exc).__name__, short_exc=short(exc))
        else:
            message = M("lib.engine.run_one.while_checking", "{name} while checking: {short_exc}", name=type(exc).__name__, short_exc=short(exc))
        record.update(status="error", message=message)
        if trace:
            record["traceback"] = trace
        hint = explain(exc)
        if hint:
            record["hint"] = hint
    return record


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
