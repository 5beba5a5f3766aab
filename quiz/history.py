"""What the stats charts draw, as plain data: pure functions over the bank, cards and reviews.

A year of reviews as a calendar (weeks × weekdays), the next 30 days' load,
minutes studied per day, retention and readiness per deck, and readiness over
the last 30 days. Days are the user's local days, as everywhere else
(:mod:`quiz.stats`). The widgets in ``quiz/tui/widgets/`` only lay these out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fsrs import Scheduler

from quiz.bank.model import Bank
from quiz.readiness import Readiness, history, interview_moment, readiness
from quiz.stats import deck_stats, forecast
from quiz.store import ReviewRow

WEEKS = 53         # a year of columns, as GitHub's and Anki's calendars
RECENT_DAYS = 30   # the span of the per-day charts


@dataclass(frozen=True)
class Calendar:
    """Reviews per day in week columns (Monday first); ``None`` for days after today."""

    weeks: list[list[int | None]]
    first_monday: date
    levels: tuple[int, ...]  # the smallest count of each shade 1-4 (0 reviews: shade 0)
    total: int
    active_days: int

    def shade(self, count: int | None) -> int | None:
        """0 (no review) to 4 (the busiest days), None for a day still to come."""
        if count is None:
            return None
        return sum(1 for level in self.levels if count >= level)

    def month_starts(self) -> list[tuple[int, int]]:
        """(column, month 1-12) of each week column in which a month begins."""
        out = []
        for col in range(len(self.weeks)):
            monday = self.first_monday + timedelta(weeks=col)
            sunday = monday + timedelta(days=6)
            if monday.day == 1 or sunday.month != monday.month:
                month = monday.month if monday.day == 1 else sunday.month
                out.append((col, month))
        return out


def calendar(times: Iterable[datetime], today: date, weeks: int = WEEKS) -> Calendar:
    """Count the reviews at ``times`` per local day over the ``weeks`` weeks ending with today's."""
    first_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    counts = Counter(when.astimezone().date() for when in times)
    grid = [[None if (day := first_monday + timedelta(weeks=w, days=d)) > today else counts.get(day, 0)
             for d in range(7)] for w in range(weeks)]
    seen = sorted(c for col in grid for c in col if c)
    levels = tuple(seen[min(len(seen) - 1, len(seen) * q // 4)] for q in range(4)) if seen else (1, 1, 1, 1)
    levels = (1, *levels[1:])
    return Calendar(grid, first_monday, levels, sum(seen), len(seen))


def per_day(reviews: Sequence[ReviewRow], today: date, days: int = RECENT_DAYS) -> tuple[list[date], list[int], list[float]]:
    """The last ``days`` local days (oldest first), the reviews and the minutes studied on each."""
    span = [today - timedelta(days=i) for i in range(days - 1, -1, -1)]
    counts: Counter[date] = Counter()
    millis: Counter[date] = Counter()
    first = span[0]
    for r in reviews:
        day = r.reviewed_at.astimezone().date()
        if first <= day <= today:
            counts[day] += 1
            millis[day] += r.duration_ms or 0
    return span, [counts[d] for d in span], [millis[d] / 60000 for d in span]


@dataclass(frozen=True)
class ChartData:
    """Everything the stats charts show."""

    today: date
    calendar: Calendar
    days: list[date]
    reviews: list[int]
    minutes: list[float]
    forecast: list[int]               # cards falling due on each of the next 30 days (0: today and overdue)
    retention: dict[str, float | None]  # per deck, bank order
    readiness: Readiness
    target: date | None               # the interview day readiness is predicted for (None: now)
    readiness_days: list[float | None]  # overall readiness at the end of each of ``days``


def chart_data(bank: Bank, cards: dict[str, dict], reviews: Sequence[ReviewRow], scheduler: Scheduler,
               now: datetime, target: date | None = None, decks: Iterable[str] | None = None) -> ChartData:
    """The charts' data at ``now``; readiness for ``target``'s interview (None, or past: now)."""
    today = now.astimezone().date()
    if target is not None and target < today:
        target = None
    days, counts, minutes = per_day(reviews, today)
    decks = tuple(decks or ())
    at = interview_moment(target) if target is not None else now
    return ChartData(
        today=today,
        calendar=calendar((r.reviewed_at for r in reviews), today),
        days=days, reviews=counts, minutes=minutes,
        forecast=forecast(cards, now, days=RECENT_DAYS),
        retention={s.deck: s.retention for s in deck_stats(bank, cards, list(reviews), now)},
        readiness=readiness(bank, cards, scheduler, at, decks),
        target=target,
        readiness_days=history(bank, reviews, scheduler, days, target=target, decks=decks),
    )
