"""The checker protocol: what a check run tells its callers, as typed shapes in one place.

The runner (:mod:`quiz.exercises.runner`) turns the child's JSON lines into these
events; the tracker (:mod:`quiz.exercises.tracker`), the CLI's text
(:mod:`quiz.exercises.check_text`), the exercise screen and the progress store
(:mod:`quiz.exercises.attempts`) read them. They stay plain dicts at run time
(``quiz check --json`` prints a :class:`Report` as it is), typed for the reader
and built by the constructors below instead of by hand.

A run yields, in order: one :class:`PlanEvent`, then per check a
:class:`CheckStartedEvent` and a :class:`CheckEvent`, any :class:`LogEvent`
(progress notes, e.g. "training the reference solution…"), and last, exactly
once, a :class:`ReportEvent`.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, Union

from quiz.exercises.messages import wire_fields

CheckStatus = Literal["pass", "fail", "error", "skip"]
"""How one check ended."""
RunStatus = Literal["pass", "fail", "error", "timeout", "cancelled"]
"""How a run ended: every check passed; one failed or raised; the checks could not run;
the time limit passed; the user cancelled it."""

CHECK_STATUSES: tuple[CheckStatus, ...] = ("pass", "fail", "error", "skip")
RUN_STATUSES: tuple[RunStatus, ...] = ("pass", "fail", "error", "timeout", "cancelled")


class _CheckFields(TypedDict):
    name: str
    status: CheckStatus
    message: str
    seconds: float


class CheckRecord(_CheckFields, total=False):
    """One finished check; the optional fields explain a failure."""

    expected: str
    actual: str
    hint: str
    traceback: str
    i18n: dict[str, Any]
    """``{field: {"key", "params"}}`` for the fields that are keyed messages (``message``, ``hint``…):
    the parent renders them in the session's language (:mod:`quiz.exercises.messages`)."""
    title: str
    """The check's name in the reader's language (added by :func:`quiz.exercises.messages.localize`)."""


class Report(TypedDict):
    """A whole run: its status, every check in order, and the measurements (``seconds``,
    ``peak_memory_mb``, ``curves``, ``samples``, ``real_samples`` …; see the runner)."""

    exercise: str
    status: RunStatus
    checks: list[CheckRecord]
    metrics: dict[str, Any]


class PlanEvent(TypedDict):
    type: Literal["plan"]
    checks: list[str]


class CheckStartedEvent(TypedDict):
    type: Literal["check_started"]
    name: str


class CheckEvent(TypedDict):
    type: Literal["check"]
    check: CheckRecord


class _LogFields(TypedDict):
    type: Literal["log"]
    text: str


class LogEvent(_LogFields, total=False):
    i18n: dict[str, Any]
    """The note's key and parameters when the checker sent a keyed message."""


class ReportEvent(TypedDict):
    type: Literal["report"]
    report: Report


RunEvent = Union[PlanEvent, CheckStartedEvent, CheckEvent, LogEvent, ReportEvent]
PUBLIC_KINDS = frozenset({"plan", "check_started", "check", "log"})
"""Event kinds passed on to callers as they arrive (the report comes last, built by the runner)."""


def check_record(name: str, status: CheckStatus, message: str, *, seconds: float = 0.0,
                 actual: str | None = None, hint: str | None = None) -> CheckRecord:
    """A check record; ``actual`` and ``hint`` only when given; the keys of those that are keyed
    messages (:class:`quiz.exercises.messages.M`) under ``i18n``."""
    record: CheckRecord = {"name": name, "status": status, "message": message, "seconds": seconds}
    if actual:
        record["actual"] = actual
    if hint:
        record["hint"] = hint
    keyed = wire_fields(record)
    if keyed:
        record["i18n"] = keyed
    return record


def check_event(record: CheckRecord) -> CheckEvent:
    return {"type": "check", "check": record}


def report_event(report: Report) -> ReportEvent:
    return {"type": "report", "report": report}


def broken_run(exercise_id: str, message: str) -> Report:
    """The report of a run whose runner itself failed (the message says how)."""
    return {"exercise": exercise_id, "status": "error", "metrics": {},
            "checks": [check_record("checker", "error", message)]}


def stored_checks(report: Report) -> list[dict[str, Any]]:
    """What the progress store keeps of each check: name, status, message and time."""
    return [{k: c.get(k) for k in ("name", "status", "message", "seconds")} for c in report.get("checks", [])]
