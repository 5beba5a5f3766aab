"""A review session: the execution core shared by the TUI, the CLI and the tests.

It walks a queue of question ids, computes the four FSRS outcomes of the card
on show, commits the chosen grade to the store before moving on, and undoes the
last grade. Practice and mock sessions record their grades without touching the
schedule unless ``schedule=True``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Scheduler

from quiz.bank.model import Bank, Question
from quiz.queue import due_queue, new_allowance, start_of_day
from quiz.scheduling import Outcome, preview
from quiz.store import Store, utcnow

LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class _UndoPoint:
    """What undoing one grade restores: the review to delete, and the queue and
    position as they were before it (skips made since are undone with it, so a
    requeued copy is removed exactly and no skipped card is lost)."""

    review_id: int
    index: int
    queue: tuple[str, ...]
    again: tuple[bool, ...]
    skipped: int


@dataclass(frozen=True)
class Progress:
    """Where the session stands, for its header: the count never grows behind the
    user's back, the re-queued cards (learning steps) are counted apart."""

    position: int
    """The card on show among the planned ones (1-based); on a re-queued card, the planned cards done."""
    planned: int
    """The cards the session started with."""
    again: int
    """Re-queued cards still to show, the one on show included."""


@dataclass(frozen=True)
class Graded:
    """A committed grade, as remembered by the session for reports."""

    question_id: str
    rating: int
    duration_ms: int
    coverage: float | None


class ReviewSession:
    """Walks ``queue``; ``mode`` is review | practice | mock."""

    def __init__(
        self,
        store: Store,
        scheduler: Scheduler,
        bank: Bank,
        queue: list[str],
        *,
        mode: str = "review",
        schedule: bool | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.scheduler = scheduler
        self.bank = bank
        self.queue = [qid for qid in queue if qid in bank.questions]
        self.mode = mode
        self.schedule = (mode == "review") if schedule is None else schedule
        self.clock = clock
        self.index = 0
        self.planned = len(self.queue)
        """The cards the session started with (re-queued copies come on top)."""
        self._again = [False] * len(self.queue)  # per queue entry: a re-queued copy (a learning step)?
        self.skipped: list[str] = []
        """Questions skipped, in order (a question skipped twice is listed twice)."""
        self.graded: list[Graded] = []
        self._undo: list[_UndoPoint] = []
        self._outcomes: dict[int, Outcome] | None = None
        self._card_before: dict | None = None
        self._shown_at: datetime | None = None
        self._show()

    # -- state ---------------------------------------------------------------

    @property
    def current(self) -> Question | None:
        """The question on screen, or None when the session is over."""
        return self.bank.questions[self.queue[self.index]] if self.index < len(self.queue) else None

    @property
    def upcoming(self) -> Question | None:
        """The question after the current one as the queue stands (a grade that
        requeues the last card can still change it)."""
        i = self.index + 1
        return self.bank.questions[self.queue[i]] if i < len(self.queue) else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.queue)

    @property
    def remaining(self) -> int:
        return max(len(self.queue) - self.index, 0)

    @property
    def progress(self) -> Progress:
        """The header's count: the planned cards, and the re-queued ones apart."""
        rest = self._again[self.index:]
        first_left = rest.count(False)
        done = self.planned - first_left
        on_first = bool(rest) and not rest[0]
        return Progress(done + 1 if on_first else done, self.planned, rest.count(True))

    @property
    def left(self) -> list[str]:
        """The planned questions not reached yet (each once), in queue order; the re-queued
        copies still to show are :attr:`Progress.again`."""
        rest = zip(self.queue[self.index:], self._again[self.index:])
        return list(dict.fromkeys(qid for qid, again in rest if not again))

    @property
    def outcomes(self) -> dict[int, Outcome]:
        """The four outcomes of the current card, computed once when it was shown."""
        if self._outcomes is None:
            raise RuntimeError("no current card")
        return self._outcomes

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def _show(self) -> None:
        q = self.current
        if q is None:
            self._outcomes = None
            return
        self._shown_at = self.clock()
        self._card_before = self.store.card(q.id)
        self._outcomes = preview(self.scheduler, q.id, self._card_before, self._shown_at)

    # -- actions -------------------------------------------------------------

    def grade(self, rating: int, *, duration_ms: int | None = None, coverage: float | None = None) -> int:
        """Commit ``rating`` (1-4) for the current card, then advance. Returns the review id."""
        q = self.current
        if q is None:
            raise RuntimeError("the session is over")
        if rating not in self.outcomes:
            raise ValueError(f"rating must be 1-4, got {rating!r}")
        now = self.clock()
        if duration_ms is None and self._shown_at is not None:
            duration_ms = int((now - self._shown_at).total_seconds() * 1000)
        outcome = self.outcomes[rating]
        review_id = self.store.record_review(
            q.id,
            rating=rating,
            reviewed_at=now,
            duration_ms=duration_ms,
            mode=self.mode,
            coverage=coverage,
            card_before=self._card_before if self.schedule else None,
            card_after=outcome.card if self.schedule else None,
            log=outcome.log if self.schedule else None,
        )
        self._undo.append(_UndoPoint(review_id, self.index, tuple(self.queue), tuple(self._again), len(self.skipped)))
        if self.schedule and outcome.interval <= LEARN_AHEAD:
            self.queue.append(q.id)  # a learning step inside the session, as Anki's learn-ahead
            self._again.append(True)
        self.graded.append(Graded(q.id, rating, duration_ms or 0, coverage))
        self.index += 1
        self._show()
        return review_id

    def undo(self) -> Question | None:
        """Undo the last grade: the card's schedule is restored and it is shown again."""
        if not self._undo:
            return None
        point = self._undo.pop()
        self.store.undo_review(point.review_id)
        self.queue = list(point.queue)
        self._again = list(point.again)
        del self.skipped[point.skipped:]
        if self.graded:
            self.graded.pop()
        self.index = point.index
        self._show()
        return self.current

    def skip(self) -> bool:
        """Move the current card to the end of the queue without grading it; False when
        there is nothing to skip to (the last card)."""
        if self.current is not None and self.remaining > 1:
            self.skipped.append(self.queue[self.index])
            self.queue.append(self.queue.pop(self.index))
            self._again.append(self._again.pop(self.index))
            self._show()
            return True
        return False


def new_cards_left(store: Store, new_per_day: int, now: datetime) -> int:
    """New cards the daily allowance still admits today (the day is the user's local day)."""
    return new_allowance(new_per_day, store.new_cards_since(start_of_day(now)))


def review_queue(store: Store, bank: Bank, *, new_per_day: int, limit: int, now: datetime,
                 decks: set[str] | None = None) -> list[str]:
    """Today's due review: the cards due now, then the new cards today's allowance admits."""
    return due_queue(bank, store.cards(), store.due_ids(now), new_allowed=new_cards_left(store, new_per_day, now),
                     limit=limit, decks=decks)
