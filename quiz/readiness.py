"""Readiness: the predicted chance of recalling each question on the interview day.

For a studied card it is FSRS's retrievability at that moment, from the card's
stability and last review (``Scheduler.get_card_retrievability``); a question
never studied counts as not recalled (0). Averages weight each question by how
often interviewers ask it (the bank's ``frequency``, 3 when not given), per
deck and over every chosen deck. Cram picks the questions with the largest
frequency-weighted chance of being forgotten. Pure functions over the bank,
stored cards and reviews.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from fsrs import Card, Scheduler

from quiz.bank.model import Bank, Question
from quiz.store import ReviewRow

DEFAULT_FREQUENCY = 3
INTERVIEW_HOUR = 9  # the interview is taken to be in the morning of its day, local time


def weight(q: Question) -> int:
    """How much a question counts: its interview frequency (1-5), 3 when the bank does not say."""
    return q.frequency or DEFAULT_FREQUENCY


def interview_moment(day: date) -> datetime:
    """The moment readiness is predicted for: :data:`INTERVIEW_HOUR` local time on ``day``, in UTC."""
    return datetime.combine(day, time(INTERVIEW_HOUR)).astimezone().astimezone(timezone.utc)


def recall(scheduler: Scheduler, card: Card | dict | None, at: datetime) -> float:
    """The chance of recalling a card at ``at``: FSRS retrievability; 0 for a question never studied."""
    if card is None:
        return 0.0
    if isinstance(card, dict):
        card = Card.from_dict(card)
    return float(scheduler.get_card_retrievability(card, at))


@dataclass(frozen=True)
class Readiness:
    """Frequency-weighted readiness over the chosen questions, overall and per deck (bank order)."""

    overall: float | None
    by_deck: dict[str, float]

    def weakest(self, n: int = 3) -> list[tuple[str, float]]:
        """The ``n`` decks least ready, least first (ties in bank order)."""
        return sorted(self.by_deck.items(), key=lambda item: item[1])[:n]


def chosen(bank: Bank, decks: Iterable[str] | None) -> list[Question]:
    """The questions of ``decks`` (None or empty: every deck), in bank order."""
    wanted = set(decks or ())
    return [q for q in bank.questions.values() if not wanted or q.deck in wanted]


def readiness(bank: Bank, cards: dict[str, dict], scheduler: Scheduler, at: datetime,
              decks: Iterable[str] | None = None) -> Readiness:
    """Readiness at ``at`` of the questions of ``decks`` (None: all), from the stored cards."""
    return _weighted(chosen(bank, decks), lambda qid: recall(scheduler, cards.get(qid), at))


def _weighted(questions: Sequence[Question], recall_of) -> Readiness:
    sums: dict[str, list[float]] = {}
    total, weights = 0.0, 0
    for q in questions:
        w, r = weight(q), recall_of(q.id)
        s = sums.setdefault(q.deck, [0.0, 0])
        s[0] += w * r
        s[1] += w
        total += w * r
        weights += w
    return Readiness(total / weights if weights else None, {deck: s / w for deck, (s, w) in sums.items()})


def cram_queue(bank: Bank, cards: dict[str, dict], scheduler: Scheduler, at: datetime, *,
               decks: Iterable[str] | None = None, limit: int) -> list[str]:
    """Cram: the questions most likely forgotten at ``at``, weighted by frequency.

    Ordered by frequency × (1 − recall), largest first (then the more frequent,
    then bank order); questions already near-certain (recall ≥ 0.99) are left
    out. The session does not touch the schedule (the caller runs it in a
    non-scheduling mode).
    """
    scored = []
    for n, q in enumerate(chosen(bank, decks)):
        r = recall(scheduler, cards.get(q.id), at)
        if r < 0.99:
            scored.append((-(weight(q) * (1 - r)), -weight(q), n, q.id))
    scored.sort()
    return [qid for *_key, qid in scored[:limit]]


def history(bank: Bank, reviews: Sequence[ReviewRow], scheduler: Scheduler, days: Sequence[date], *,
            target: date | None = None, decks: Iterable[str] | None = None) -> list[float | None]:
    """Overall readiness as it stood at the end of each of ``days`` (ascending, local dates).

    The cards are rebuilt from the stored reviews (each scheduled review keeps
    the card after it; undone ones are gone). Readiness is predicted for
    ``target``'s interview moment, or, without one or once it has passed, for
    the end of that day (recall then).
    """
    questions = chosen(bank, decks)
    wanted = {q.id for q in questions}
    scheduled = [r for r in reviews if r.card_after is not None and r.question_id in wanted]
    scheduled.sort(key=lambda r: r.reviewed_at)
    weights = [(q.id, weight(q)) for q in questions]
    total = sum(w for _qid, w in weights)
    state: dict[str, dict] = {}
    known: dict[str, tuple[dict, datetime, float]] = {}  # a card unchanged since, at the same moment: same recall

    def recall_of(qid: str) -> float:
        card = state.get(qid)
        if card is None:
            return 0.0
        hit = known.get(qid)
        if hit is None or hit[0] is not card or hit[1] != at:
            hit = known[qid] = (card, at, recall(scheduler, card, at))
        return hit[2]

    out: list[float | None] = []
    i = 0
    for day in days:
        end = datetime.combine(day + timedelta(days=1), time()).astimezone().astimezone(timezone.utc)
        while i < len(scheduled) and scheduled[i].reviewed_at < end:
            state[scheduled[i].question_id] = scheduled[i].card_after
            i += 1
        at = interview_moment(target) if target is not None and target >= day else end
        out.append(sum(w * recall_of(qid) for qid, w in weights) / total if total else None)
    return out
