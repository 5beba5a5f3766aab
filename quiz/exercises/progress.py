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


def record_attempt(exercise_id: str, report: dict, started_at: datetime, duration: float) -> None:
    """Commit one check run (a runner report): when, how long, the status, each check's result."""
    checks = [{k: c.get(k) for k in ("name", "status", "message", "seconds")} for c in report.get("checks", [])]
    with _store() as store:
        if store is not None:
            store.record_attempt(exercise_id, started_at, duration, report.get("status", "error"), checks)


def summaries() -> dict[str, dict]:
    """Per exercise with attempts: the store's summary (status passing/failing, attempts, best_passed…)."""
    with _store() as store:
        return store.exercise_summaries() if store is not None else {}
