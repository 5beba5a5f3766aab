"""Progress statistics: pure functions over the bank, stored cards and reviews."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
    def mastery(self) -> float | None:
        """Share of the deck's questions learned (mature); None for an empty deck."""
        return self.learned / self.total if self.total else None


def totals(rows: list[DeckStats], reviews: list[ReviewRow] | None = None) -> DeckStats:
    """The all-decks row under a table of :func:`deck_stats` rows (deck id ``""``).

    Counts are the sums of the rows; reviews and retention are taken over every
    review in ``reviews`` (None: not counted, as in :func:`deck_stats`).
    """
    return DeckStats("", sum(r.total for r in rows), sum(r.new for r in rows), sum(r.due for r in rows),
                     sum(r.learned for r in rows), len(reviews) if reviews is not None else 0,
                     retention(reviews) if reviews is not None else None)


def deck_stats(bank: Bank, cards: dict[str, dict], reviews: list[ReviewRow] | None, now: datetime) -> list[DeckStats]:
    """Figures per deck, in bank order, in one pass over the cards and the reviews.

    ``reviews=None`` skips the review counts and retention (the home screen does
    not show them, and reading every review row is the costly part after a year
    of use).
    """
    deck_of = {qid: q.deck for qid, q in bank.questions.items()}
    counts = {deck_id: {"cards": 0, "due": 0, "learned": 0} for deck_id in bank.decks}
    for qid, c in cards.items():
        deck_id = deck_of.get(qid)
        if deck_id is None:
            continue  # progress on a question no longer in the bank
        row = counts[deck_id]
        row["cards"] += 1
        row["due"] += datetime.fromisoformat(c["due"]) <= now
        row["learned"] += c.get("state") == REVIEW_STATE and (c.get("stability") or 0) >= MATURE_DAYS
    by_deck: dict[str, list[ReviewRow]] = {deck_id: [] for deck_id in bank.decks}
    for r in reviews or ():
        deck_id = deck_of.get(r.question_id)
        if deck_id is not None:
            by_deck[deck_id].append(r)
    out = []
    for deck in bank.decks.values():
        row, deck_reviews = counts[deck.id], by_deck[deck.id]
        total = len(deck.questions)
        out.append(DeckStats(deck.id, total, total - row["cards"], row["due"], row["learned"], len(deck_reviews),
                             retention(deck_reviews) if reviews is not None else None))
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


def streak(times: Iterable[datetime], now: datetime) -> int:
    """Consecutive local days, ending today (or yesterday), with at least one review at ``times``."""
    days = {when.astimezone().date() for when in times}
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


def forecast_days(now: datetime, days: int = 7) -> list[date]:
    """The local dates :func:`forecast` counts for, today first (for its labels)."""
    today = now.astimezone().date()
    return [today + timedelta(days=i) for i in range(days)]
