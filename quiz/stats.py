"""Progress statistics: pure functions over the bank, stored cards and reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from quiz.bank.model import Bank
from quiz.store import ReviewRow

MATURE_DAYS = 21.0  # as Anki: a card whose stability reaches three weeks counts as learned
REVIEW_STATE = 2    # fsrs.State.Review


@dataclass(frozen=True)
class DeckStats:
    """One deck's figures."""

    deck: str
    total: int
    new: int
    due: int
    learned: int
    reviews: int
    retention: float | None  # share of recalls (not Again) among reviews of cards in Review state

    @property
    def mastery(self) -> float:
        """Share of the deck's questions learned (mature)."""
        return self.learned / self.total if self.total else 0.0


def deck_stats(bank: Bank, cards: dict[str, dict], reviews: list[ReviewRow], now: datetime) -> list[DeckStats]:
    """Figures per deck, in bank order."""
    out = []
    for deck in bank.decks.values():
        ids = {q.id for q in deck.questions}
        deck_cards = {qid: c for qid, c in cards.items() if qid in ids}
        due = sum(1 for c in deck_cards.values() if datetime.fromisoformat(c["due"]) <= now)
        learned = sum(1 for c in deck_cards.values() if c.get("state") == REVIEW_STATE and (c.get("stability") or 0) >= MATURE_DAYS)
        deck_reviews = [r for r in reviews if r.question_id in ids]
        out.append(DeckStats(deck.id, len(ids), len(ids) - len(deck_cards), due, learned, len(deck_reviews), retention(deck_reviews)))
    return out


def retention(reviews: list[ReviewRow]) -> float | None:
    """True retention: of scheduled reviews of cards already in Review state, the share not rated Again."""
    mature = [r for r in reviews if r.card_before and r.card_before.get("state") == REVIEW_STATE and r.card_after]
    if not mature:
        return None
    return sum(1 for r in mature if r.rating > 1) / len(mature)


def reviews_per_day(reviews: list[ReviewRow], now: datetime, days: int = 30) -> list[tuple[str, int]]:
    """(local date, count) for each of the last ``days`` days, oldest first."""
    today = now.astimezone().date()
    counts = {today - timedelta(days=i): 0 for i in range(days)}
    for r in reviews:
        day = r.reviewed_at.astimezone().date()
        if day in counts:
            counts[day] += 1
    return [(d.isoformat(), counts[d]) for d in sorted(counts)]


def streak(reviews: list[ReviewRow], now: datetime) -> int:
    """Consecutive local days, ending today (or yesterday), with at least one review."""
    days = {r.reviewed_at.astimezone().date() for r in reviews}
    day = now.astimezone().date()
    if day not in days:
        day -= timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def forecast(cards: dict[str, dict], now: datetime, days: int = 7) -> list[int]:
    """Cards falling due on each of the next ``days`` days (index 0 = due now or today)."""
    out = [0] * days
    today = now.astimezone().date()
    for c in cards.values():
        delta = (datetime.fromisoformat(c["due"]).astimezone().date() - today).days
        out[min(max(delta, 0), days - 1)] += 1 if delta < days else 0
    return out
