"""Exercise attempts in the progress store (:mod:`quiz.store`): record one, read the summaries.

Shared by ``quiz check`` and the TUI; the caller opens the store and passes it in
(None when it could not be opened: checking never depends on it). No TensorFlow here.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.exercises.protocol import Report
    from quiz.store import Store

from quiz.exercises import pictures
from quiz.exercises.protocol import stored_checks


def record(store: Store | None, exercise_id: str, report: Report, started_at: datetime, duration: float) -> None:
    """Commit one check run (a runner report): when, how long, the status, each check's result;
    and keep its pictures (:mod:`quiz.exercises.pictures`) for when the exercise is reopened."""
    if store is None:
        return
    store.record_attempt(exercise_id, started_at, duration, report.get("status", "error"), stored_checks(report))
    try:
        pictures.save(exercise_id, started_at, report.get("metrics"))
    except OSError:
        pass  # the run is recorded; only its pictures will be missing on reopening, until the next run


def last_report(store: Store | None, exercise_id: str) -> Report | None:
    """The last recorded run of ``exercise_id`` as a report (status and each check's name,
    status, message and time, as the store keeps them; its pictures' metrics, as kept beside
    it), or None when it was never checked."""
    runs = store.attempts(exercise_id) if store is not None else []
    if not runs:
        return None
    last = runs[-1]
    return {"exercise": exercise_id, "status": last["status"], "checks": last["checks"],
            "metrics": pictures.load(exercise_id, last["started_at"])}


def summaries(store: Store | None) -> dict[str, dict]:
    """Per exercise with attempts: the store's summary (status passing/failing, attempts, best_passed…)."""
    return store.exercise_summaries() if store is not None else {}


def status_of(summary: dict | None, started: bool) -> str:
    """``passing``, ``failing``, ``started`` (work in the workspace copy, no attempt yet) or ``not started``."""
    if summary:
        return summary.get("status", "failing")
    return "started" if started else "not started"


def has_passed(summary: dict | None) -> bool:
    """Whether the exercise was ever passed (the reference solution is then shown without asking)."""
    summary = summary or {}
    return bool(summary.get("ever_passed")) or summary.get("status") == "passing"


def best_text(summary: dict | None) -> str:
    """The best run as passed/total checks ("3/8"), or "—" before any attempt."""
    return f"{summary.get('best_passed', 0)}/{summary.get('total', 0)}" if summary else "—"
