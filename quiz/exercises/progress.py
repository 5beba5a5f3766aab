"""Exercise attempts in the progress store (``quiz.store``): record one, read the summaries.

Shared by ``quiz check`` and the TUI. A store that cannot be opened is reported on
stderr and skipped: checking never depends on it. No TensorFlow here.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import datetime
from typing import Iterator


@contextlib.contextmanager
def _store() -> Iterator[object | None]:
    from quiz.store import Store, StoreError

    try:
        store = Store.open()
    except StoreError as exc:
        print(f"quiz: warning: progress not available ({exc})", file=sys.stderr)
        yield None
        return
    try:
        yield store
    finally:
        store.close()


@contextlib.contextmanager
def _given_or_opened(store: object | None) -> Iterator[object | None]:
    """The caller's open store (the TUI's), or the default one opened for this call (the CLI)."""
    if store is not None:
        yield store
        return
    with _store() as opened:
        yield opened


def record_attempt(exercise_id: str, report: dict, started_at: datetime, duration: float, *, store: object | None = None) -> None:
    """Commit one check run (a runner report): when, how long, the status, each check's result.

    ``store``: an open :class:`quiz.store.Store` to write to (the TUI's); by default
    the user's store is opened for the call.
    """
    checks = [{k: c.get(k) for k in ("name", "status", "message", "seconds")} for c in report.get("checks", [])]
    with _given_or_opened(store) as target:
        if target is not None:
            target.record_attempt(exercise_id, started_at, duration, report.get("status", "error"), checks)


def summaries(*, store: object | None = None) -> dict[str, dict]:
    """Per exercise with attempts: the store's summary (status passing/failing, attempts, best_passed…)."""
    with _given_or_opened(store) as target:
        return target.exercise_summaries() if target is not None else {}


def status_of(summary: dict | None, started: bool) -> str:
    """``passing``, ``failing``, ``started`` (a workspace copy, no attempt yet) or ``not started``."""
    if summary:
        return summary.get("status", "failing")
    return "started" if started else "not started"


def has_passed(summary: dict | None) -> bool:
    """Whether the exercise was ever passed (the reference solution is then shown without asking)."""
    summary = summary or {}
    return bool(summary.get("ever_passed")) or summary.get("status") == "passing"
