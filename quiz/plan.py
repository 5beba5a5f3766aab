"""Planning to an interview date: new cards per day within a daily workload cap.

Pure: plain data in (dates, how many chosen questions are still new, each
studied card's future review days), a day-by-day plan out. :mod:`quiz.study`
feeds it from the store; the CLI (``quiz plan``) and the home screen show it.

The model. Study days run from today to the day before the interview. A card
answered Good follows FSRS's schedule (:func:`review_gaps`), so its reviews
fall on known days; a new card is shown on the day it is introduced and then on
the days its first intervals give. The workload of a day is the cards studied
that day (reviews plus new ones, each card once however many learning steps
it takes), and it never goes above the cap: reviews beyond it wait for the next
day (their later reviews move with them), and new cards fill only what the
reviews leave. New cards are spread evenly over the days that still leave
room for a first review before the interview (the *introduction window*), so
every question is seen, and reviewed at least once, before the date; the bank
orders them most frequently asked first (:func:`quiz.queue.due_queue`), so a
plan that cannot fit everything leaves out the least asked. Each day the plan
is made again from what was actually done.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fsrs import Card, Rating, Scheduler

from quiz.i18n import LocalisedError

DEFAULT_CAP = 40   # cards a day (reviews + new): about 40 minutes at a minute a card
MAX_CAP = 1000
MAX_DAYS = 730     # a date further than two years away is a typo, not a plan
MAX_REVIEWS = 12   # reviews followed per card: within two years FSRS schedules far fewer


class PlanError(LocalisedError):
    """A plan that cannot be made from the given input; ``text(lang)`` names the problem and the way out."""


@dataclass(frozen=True)
class StudyPlan:
    """What the user chose: the interview day, the decks (empty: all) and the daily workload cap."""

    interview: date
    decks: tuple[str, ...] = ()
    daily_cap: int = DEFAULT_CAP


@dataclass(frozen=True)
class DayPlan:
    """One study day: reviews and new cards still to do, and (today only) cards already studied."""

    day: date
    due: int
    new: int
    done: int = 0

    @property
    def workload(self) -> int:
        return self.done + self.due + self.new


@dataclass(frozen=True)
class PlanResult:
    """The plan from today to the interview."""

    interview: date
    days: tuple[DayPlan, ...]
    to_learn: int          # chosen questions never studied, as of now
    introduced: int        # how many of them the plan introduces in time
    needed_per_day: int    # new cards a day the introduction window needs, counting today's already introduced
    last_intro: date | None  # the last day of the introduction window (None: no study day left)

    @property
    def days_left(self) -> int:
        return len(self.days)

    @property
    def feasible(self) -> bool:
        """Every chosen question is introduced before the date within the cap."""
        return self.introduced >= self.to_learn

    @property
    def left_out(self) -> int:
        return self.to_learn - self.introduced

    @property
    def today(self) -> DayPlan | None:
        return self.days[0] if self.days else None


# -- input -----------------------------------------------------------------------


def parse_interview_date(text: str, today: date) -> date:
    """The interview date from ``YYYY-MM-DD``: today or later, at most :data:`MAX_DAYS` away."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise PlanError("plan.error.date", text=text, example=(today + timedelta(days=14)).isoformat()) from None
    if day < today:
        raise PlanError("plan.error.past", date=day.isoformat(), today=today.isoformat())
    if (day - today).days > MAX_DAYS:
        raise PlanError("plan.error.far", date=day.isoformat(), days=MAX_DAYS)
    return day


def check_decks(names: Sequence[str], known: Sequence[str]) -> tuple[str, ...]:
    """``names`` without repeats, all of them deck ids in ``known``."""
    unknown = [n for n in names if n not in known]
    if unknown:
        raise PlanError("plan.error.decks", unknown=", ".join(unknown), known=", ".join(known))
    return tuple(dict.fromkeys(names))


def check_cap(value: int | str) -> int:
    """A daily workload cap from 1 to :data:`MAX_CAP` cards."""
    try:
        cap = int(str(value).strip())
    except ValueError:
        cap = 0
    if not 1 <= cap <= MAX_CAP:
        raise PlanError("plan.error.cap", value=value, max=MAX_CAP)
    return cap


# -- FSRS review days ------------------------------------------------------------


def review_gaps(scheduler: Scheduler, card: dict | None, now: datetime, horizon: int, *, card_id: int = 0) -> list[int]:
    """The days (from today, local) a card is studied if each review is answered Good, as gaps.

    The first entry is the day it is next studied: 0 if it is due at ``now``
    (overdue included), else the day it falls due (at least 1: a card that
    falls due later today waits, as the due count on home does); each next one
    the days after the previous. Reviews inside one day count once (learning
    steps). ``card`` None: a card introduced at ``now`` (first entry 0). Stops
    past ``horizon`` days. ``scheduler`` should not fuzz (the plan is an
    expectation, and fuzz is random).
    """
    today = now.astimezone().date()
    if card is None:
        current = Card(card_id=card_id, due=now)
    elif (datetime.fromisoformat(card["due"]).astimezone().date() - today).days > horizon:
        return []  # most cards of a long-studied bank: decided without building the Card
    else:
        current = Card.from_dict(card)
    days: list[int] = []
    for _ in range(MAX_REVIEWS):
        if current.due <= now:
            offset = 0
        else:
            offset = max((current.due.astimezone().date() - today).days, 1 if not days else days[-1])
        if offset > horizon:
            break
        if not days or offset > days[-1]:
            days.append(offset)
        current, _log = scheduler.review_card(current, Rating.Good, max(current.due, now))
    return [b - a for a, b in zip([0, *days], days)]


# -- the plan --------------------------------------------------------------------


def make_plan(
    *,
    today: date,
    interview: date,
    cap: int,
    to_learn: int,
    studied: Sequence[Sequence[int]],
    new_gaps: Sequence[int],
    introduced_today: int = 0,
    done_today: int = 0,
) -> PlanResult:
    """Plan each day from ``today`` to the day before ``interview``.

    ``to_learn``: chosen questions never studied. ``studied``: for each studied
    card of the chosen decks, its :func:`review_gaps`. ``new_gaps``: the gaps of a
    card introduced on a day (``review_gaps(scheduler, None, ...)``; its first
    interval decides how early a card must be introduced to be reviewed before
    the date). ``introduced_today`` / ``done_today``: new cards and reviews
    already studied today (they count against today's cap, and today's
    introductions towards today's share).
    """
    n_days = max((interview - today).days, 0)
    first_review = new_gaps[1] if len(new_gaps) > 1 else 1
    last_intro = n_days - 1 - first_review
    if last_intro < 0:  # too close for a review after learning: introduce on every day left
        last_intro = n_days - 1
    pending: dict[int, list[tuple[Sequence[int], int]]] = defaultdict(list)
    for gaps in studied:
        if gaps and gaps[0] < n_days:
            pending[gaps[0]].append((gaps, 0))
    backlog: deque[tuple[Sequence[int], int]] = deque()
    remaining = to_learn
    days: list[DayPlan] = []
    for day in range(n_days):
        backlog.extend(pending.pop(day, ()))
        done = done_today + introduced_today if day == 0 else 0
        room = max(cap - done, 0)
        reviews = min(len(backlog), room)
        for _ in range(reviews):
            gaps, i = backlog.popleft()
            if i + 1 < len(gaps) and day + gaps[i + 1] < n_days:
                pending[day + gaps[i + 1]].append((gaps, i + 1))
        new = 0
        if remaining and day <= last_intro:
            window = last_intro - day + 1
            already = introduced_today if day == 0 else 0
            share = math.ceil((remaining + already) / window) - already
            new = max(min(share, room - reviews, remaining), 0)
            remaining -= new
            if len(new_gaps) > 1 and day + new_gaps[1] < n_days:
                pending[day + new_gaps[1]].extend([(new_gaps, 1)] * new)
        days.append(DayPlan(today + timedelta(days=day), reviews, new, done))
    window_days = last_intro + 1 if n_days else 0
    needed = math.ceil((to_learn + introduced_today) / window_days) if window_days else to_learn + introduced_today
    return PlanResult(interview, tuple(days), to_learn, to_learn - remaining, needed,
                      today + timedelta(days=last_intro) if n_days else None)


def cap_needed(plan_args: dict, *, upper: int = 10 * MAX_CAP) -> int | None:
    """The smallest daily cap with which :func:`make_plan` (called with ``plan_args``, any
    ``cap`` replaced) introduces every chosen question in time; None if no cap does
    (no study day left)."""
    def fits(cap: int) -> bool:
        return make_plan(**{**plan_args, "cap": cap}).feasible

    if not fits(upper):
        return None
    low, high = 1, upper  # fits(high) holds; find the smallest
    while low < high:
        mid = (low + high) // 2
        if fits(mid):
            high = mid
        else:
            low = mid + 1
    return high
