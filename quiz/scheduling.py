"""FSRS-6 scheduling through the ``fsrs`` package, as plain dicts in and out.

Fuzzing is random, so the four possible outcomes of a review are computed once
(:func:`preview`); the intervals shown on the grade buttons are exactly the ones
applied when a grade is chosen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler

RATINGS = (1, 2, 3, 4)  # Again, Hard, Good, Easy


def card_id_for(question_id: str) -> int:
    """A stable card id derived from the question id (``Card()`` would use the clock and sleep 1 ms)."""
    return int.from_bytes(hashlib.sha256(question_id.encode()).digest()[:6], "big")


@dataclass(frozen=True)
class Outcome:
    """What one grade would do: the new card, its review log, and the interval until it is due."""

    rating: int
    card: dict
    log: dict
    interval: timedelta


def make_scheduler(desired_retention: float = 0.9, fuzz: bool = True) -> Scheduler:
    """The FSRS scheduler with default FSRS-6 parameters."""
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)


def preview(
    scheduler: Scheduler,
    question_id: str,
    card: dict | None,
    now: datetime,
    duration_ms: int | None = None,
) -> dict[int, Outcome]:
    """The outcome of each rating 1-4 for a card (``None`` = never reviewed), reviewed at ``now``."""
    if now.tzinfo is not timezone.utc:
        now = now.astimezone(timezone.utc)
    base = Card.from_dict(card) if card is not None else Card(card_id=card_id_for(question_id), due=now)
    outcomes = {}
    for rating in RATINGS:
        new_card, log = scheduler.review_card(base, Rating(rating), now, duration_ms)
        outcomes[rating] = Outcome(rating, new_card.to_dict(), log.to_dict(), new_card.due - now)
    return outcomes


def format_interval(delta: timedelta) -> str:
    """A short human interval: ``<1m``, ``10m``, ``3h``, ``4d``, ``2.5mo``, ``1.2y``."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        months = days / 30.4
        return f"{months:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y"

