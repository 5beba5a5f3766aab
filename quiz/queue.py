"""Which cards a session shows, in what order: pure functions over plain data."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime

from quiz.bank.model import Bank, Question


def due_queue(
    bank: Bank,
    cards: dict[str, dict],
    due_ids: Iterable[str],
    *,
    new_allowed: int,
    limit: int,
    decks: set[str] | None = None,
) -> list[str]:
    """Due review: cards already due (most overdue first), then up to ``new_allowed`` new ones.

    New cards come most frequently asked first, then in bank order, so the
    questions interviewers ask most are learned first. Cards of questions no
    longer in the bank are skipped (their history is kept).
    """
    queue = [qid for qid in due_ids if qid in bank.questions and (not decks or bank.questions[qid].deck in decks)]
    queue = queue[:limit]
    room = min(max(new_allowed, 0), limit - len(queue))
    if room > 0:
        fresh = [q for q in bank.questions.values() if q.id not in cards and (not decks or q.deck in decks)]
        order = {q.id: i for i, q in enumerate(fresh)}
        fresh.sort(key=lambda q: (-(q.frequency or 3), order[q.id]))
        queue += _interleave_decks(fresh)[:room]
    return queue


def _interleave_decks(questions: list[Question]) -> list[str]:
    """Round-robin across decks, keeping each deck's order: a session mixes topics."""
    by_deck: dict[str, list[str]] = {}
    for q in questions:
        by_deck.setdefault(q.deck, []).append(q.id)
    out: list[str] = []
    lanes = list(by_deck.values())
    while lanes:
        for lane in list(lanes):
            out.append(lane.pop(0))
            if not lane:
                lanes.remove(lane)
    return out


def practice_queue(questions: list[Question], *, limit: int, seed: int | None = None) -> list[str]:
    """Practice/cram: the filtered questions, shuffled, at most ``limit``."""
    ids = [q.id for q in questions]
    random.Random(seed).shuffle(ids)
    return ids[:limit]


def mockable(q: Question) -> bool:
    """Whether a mock interview may ask ``q``: interviews are spoken, so open and bug questions only."""
    return q.kind != "choice"


def mock_queue(bank: Bank, *, count: int, seed: int | None = None, decks: set[str] | None = None) -> list[str]:
    """A mock interview: ``count`` questions across topics, favouring frequently asked medium/hard ones.

    One question per deck in turn (decks shuffled), each drawn with weight
    frequency × (2 for medium/hard), so the mix resembles a real interview.
    """
    rng = random.Random(seed)
    pools: dict[str, list[Question]] = {}
    for q in bank.questions.values():
        if not mockable(q) or (decks and q.deck not in decks):
            continue
        pools.setdefault(q.deck, []).append(q)
    order = list(pools)
    rng.shuffle(order)
    out: list[str] = []
    while len(out) < count and any(pools.values()):
        for deck in order:
            pool = pools[deck]
            if not pool or len(out) >= count:
                continue
            weights = [(q.frequency or 3) * (2 if q.difficulty != "easy" else 1) for q in pool]
            pick = rng.choices(range(len(pool)), weights=weights)[0]
            out.append(pool.pop(pick).id)
    return out


def new_allowance(new_per_day: int, introduced_today: int) -> int:
    """New cards still allowed today: the daily limit less those already introduced."""
    return max(new_per_day - introduced_today, 0)


def start_of_day(now: datetime) -> datetime:
    """Local midnight of ``now``, in UTC (the new-card limit is per local day)."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(now.tzinfo)
