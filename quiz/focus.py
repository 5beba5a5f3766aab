"""Practice focus: the questions that matter this week, as pure functions over plain data.

A practice session can narrow its questions to one *focus* besides deck, tag,
difficulty and kind:

- ``missed``: graded Again (in any mode) in the last :data:`MISSED_DAYS` days;
- ``unseen``: never graded at all (no card and no review);
- ``due_soon``: a scheduled card due now or within the next :data:`DUE_SOON_DAYS` days.

The setup dialog counts the matches live as the filters change, so everything
here takes what the store already returns and does no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quiz.bank.model import Question

FOCUSES = ("any", "missed", "unseen", "due_soon")
"""The focus choices, in the order the dialog lists them (``any``: no focus)."""
MISSED_DAYS = 7
DUE_SOON_DAYS = 3
AGAIN = 1


def missed_since(now: datetime, days: int = MISSED_DAYS) -> datetime:
    """The start of the "missed" window: reviews at or after it count."""
    return now - timedelta(days=days)


@dataclass(frozen=True)
class Activity:
    """What the focus filters need to know about the user's history."""

    missed: frozenset[str]
    """Question ids graded Again in the window."""
    seen: frozenset[str]
    """Question ids with a card or at least one review."""
    due_soon: frozenset[str]
    """Question ids whose card falls due by the end of the due-soon window."""

    @classmethod
    def build(cls, cards: dict[str, dict], recent: Iterable[tuple[str, int, datetime]], reviewed: Iterable[str],
              now: datetime, *, missed_days: int = MISSED_DAYS, due_days: int = DUE_SOON_DAYS) -> Activity:
        """From the stored cards (id → ``Card.to_dict()``), recent reviews as
        (question id, rating, reviewed at), and every question id ever reviewed."""
        start = missed_since(now, missed_days)
        missed = frozenset(qid for qid, rating, when in recent if rating == AGAIN and when >= start)
        horizon = now + timedelta(days=due_days)
        due = frozenset(qid for qid, card in cards.items() if datetime.fromisoformat(card["due"]) <= horizon)
        return cls(missed, frozenset(cards).union(reviewed), due)

    def keeps(self, focus: str, question_id: str) -> bool:
        """Whether ``focus`` keeps the question ``question_id``."""
        if focus == "missed":
            return question_id in self.missed
        if focus == "unseen":
            return question_id not in self.seen
        if focus == "due_soon":
            return question_id in self.due_soon
        if focus == "any":
            return True
        raise ValueError(f"unknown practice focus {focus!r}; one of {', '.join(FOCUSES)}")


def select(questions: Sequence[Question], focus: str, activity: Activity) -> list[Question]:
    """The questions ``focus`` keeps, in their given order."""
    return [q for q in questions if activity.keeps(focus, q.id)]


def counts(questions: Sequence[Question], activity: Activity) -> dict[str, int]:
    """How many of ``questions`` each focus keeps (the dialog shows them on its choices)."""
    return {focus: sum(activity.keeps(focus, q.id) for q in questions) for focus in FOCUSES}


def activity_of(store, now: datetime) -> Activity:
    """The user's :class:`Activity` read from a :class:`quiz.store.Store` (three queries:
    the cards, the last week's reviews, the ids ever reviewed)."""
    recent = ((r.question_id, r.rating, r.reviewed_at) for r in store.reviews(since=missed_since(now)))
    return Activity.build(store.cards(), recent, store.reviewed_ids(), now)


def due_status(card: dict | None, now: datetime) -> tuple[str, timedelta | None]:
    """Where a question stands in the schedule, for a list row: ``("new", None)`` without a
    card, ``("due", None)`` when due at ``now``, else ``("later", time until due)``."""
    if card is None:
        return "new", None
    left = datetime.fromisoformat(card["due"]) - now
    return ("due", None) if left <= timedelta(0) else ("later", left)
