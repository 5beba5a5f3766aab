"""The summary at the end of a review, practice or cram session: pure data, no I/O.

What the user did (grades by rating, cards skipped, cards left, time taken) and
what falls due next in the schedule, counted from the session and the stored
cards; the TUI draws it (``quiz/tui/screens/session_summary.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from quiz.grading import AGAIN, EASY
from quiz.session import Graded
from quiz.stats import forecast


@dataclass(frozen=True)
class DueNext:
    """Cards falling due: by the end of today (overdue included), tomorrow, and within seven days."""

    today: int
    tomorrow: int
    week: int


@dataclass(frozen=True)
class Summary:
    """One session, summed up."""

    by_grade: dict[int, int]
    """Grades given, rating (1-4) → count; every rating present."""
    skipped: int
    """Distinct questions skipped at least once (whether graded later or not)."""
    left: int
    """Distinct planned questions not reached when the session ended."""
    again: int
    """Re-queued cards (learning steps) not reached when the session ended."""
    seconds: float
    due: DueNext

    @property
    def graded(self) -> int:
        return sum(self.by_grade.values())

    @property
    def finished(self) -> bool:
        """Every card was graded: nothing left, nothing to see again."""
        return self.left == 0 and self.again == 0


def due_next(cards: dict[str, dict], now: datetime) -> DueNext:
    """What the schedule holds next, from the stored cards."""
    days = forecast(cards, now, 7)
    return DueNext(days[0], days[1], sum(days))


def summarize(graded: Sequence[Graded], skipped: Sequence[str], left: Sequence[str], again: int, seconds: float,
              cards: dict[str, dict], now: datetime) -> Summary:
    """The summary of a session that graded ``graded``, skipped ``skipped`` (in order, repeats
    allowed), did not reach the planned ``left`` nor ``again`` re-queued cards, over ``seconds``;
    due counts from ``cards`` at ``now``."""
    counts = Counter(g.rating for g in graded)
    return Summary({rating: counts.get(rating, 0) for rating in range(AGAIN, EASY + 1)}, len(set(skipped)),
                   len(set(left)), again, max(seconds, 0.0), due_next(cards, now))
