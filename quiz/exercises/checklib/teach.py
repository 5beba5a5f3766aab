"""Debug exercises teach instead of telling: what a failing check may say there.

A debug exercise (``teach: true`` in its ``exercise.yaml``) hands the user broken code
and promises that the bugs surface one at a time. Its failures therefore show the
symptom and what was expected, never the fix: a check's ``hint`` ("End the generator
with activation='tanh'") is dropped, and a message that names the mistake is replaced
by its symptom when the check gave one (``CheckFailed(symptom=...)``); the fixes come
from the exercise's own hints (``h``, one at a time). Only the first failing check is
explained: later failures say they fail too and point at it. Errors (the code raised)
keep their message and traceback: those are the user's, not a planted bug.
"""

from __future__ import annotations

from typing import Any

from quiz.exercises.messages import M


def withhold(record: dict[str, Any], symptom: str | None, first_failure: str | None) -> dict[str, Any]:
    """``record`` as a debug exercise shows it (``first_failure``: an earlier failing check, if any)."""
    if record.get("status") != "fail":
        return record
    record.pop("hint", None)
    if first_failure is not None:
        for key in ("expected", "actual"):
            record.pop(key, None)
        record["message"] = M("lib.teach.fails_too", "fails too: fix {check} first (the bugs surface one at a time)",
                              check=first_failure)
    elif symptom is not None:
        record["message"] = symptom
    return record
