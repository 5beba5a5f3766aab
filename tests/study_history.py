"""A few weeks of study written into a store through the real review session, for tests and pictures.

Deterministic for a seed: each day at 10:00 UTC the due review runs (new cards up to
``new_per_day``), each card graded Again/Hard/Good/Easy at 10/15/60/15 % and taking
20-90 s; about one day in five is skipped, as people do.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from quiz.bank.model import Bank
from quiz.scheduling import make_scheduler
from quiz.session import ReviewSession, review_queue
from quiz.store import Store


def study(store: Store, bank: Bank, start: datetime, days: int, *, new_per_day: int = 8, seed: int = 7,
          skip: float = 0.2) -> int:
    """Study from ``start`` (a UTC datetime) for ``days`` days; returns the number of reviews written."""
    rng = random.Random(seed)
    scheduler = make_scheduler(0.9, fuzz=False)
    written = 0
    for day in range(days):
        if rng.random() < skip:
            continue
        clock = [start.replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=day)]
        queue = review_queue(store, bank, new_per_day=new_per_day, limit=200, now=clock[0])
        session = ReviewSession(store, scheduler, bank, queue, clock=lambda: clock[0])
        while not session.finished:
            seconds = rng.randint(20, 90)
            clock[0] += timedelta(seconds=seconds)
            rating = rng.choices((1, 2, 3, 4), weights=(10, 15, 60, 15))[0]
            session.grade(rating, duration_ms=seconds * 1000)
            written += 1
    return written
