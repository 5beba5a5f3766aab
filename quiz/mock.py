"""A mock interview as plain data: its setup, its score, what to review next, and the record kept of it.

Pure: no I/O and no Textual. The setup dialog checks its fields with
:func:`parse_setup` and draws the questions with :func:`draw`; the review
screen turns the session's grades into a :class:`MockRecord` with
:func:`make_record`; :mod:`quiz.mock_reports` stores records as
:func:`to_dict` gives them and reads them back with :func:`from_dict`, so a
report reopened later shows exactly what it showed when the interview ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from quiz.grading import GOOD
from quiz.i18n import LocalisedError
from quiz.queue import mock_queue, mockable

if TYPE_CHECKING:
    from quiz.bank.model import Bank
    from quiz.session import Graded

MAX_QUESTIONS = 50
"""The most questions one mock interview asks (the config's ``mock_questions`` has the same bound)."""
MAX_MINUTES = 240
"""The longest mock interview, in minutes (the config's ``mock_minutes`` has the same bound)."""
RECORD_FORMAT = 1
"""The version of a stored record's layout (:func:`to_dict`)."""


# -- the clock ----------------------------------------------------------------


def time_left(limit: float, elapsed: float) -> float:
    """Seconds left of a mock's ``limit`` after ``elapsed`` seconds; zero or less once the time is up."""
    return limit - elapsed


# -- scoring ------------------------------------------------------------------


@dataclass(frozen=True)
class MockScore:
    """``coverage``: mean rubric coverage over every question asked (an unanswered one counts
    as none); ``answered_well``: graded Good or Easy; ``asked``: questions in the interview."""

    coverage: float
    answered_well: int
    asked: int


def answers(graded: Sequence[Graded]) -> dict[str, Graded]:
    """The grade kept for each question (the last one, if a question was graded twice)."""
    return {g.question_id: g for g in graded}


def score(queue: Sequence[str], graded: Sequence[Graded]) -> MockScore:
    """Score a mock interview over ``queue`` from the session's grades."""
    kept = answers(graded).values()
    asked = len(queue)
    covered = sum(g.coverage or 0.0 for g in kept)
    return MockScore(covered / asked if asked else 0.0, sum(1 for g in kept if g.rating >= GOOD), asked)


def review_next(queue: Sequence[str], graded: Sequence[Graded], count: int = 3) -> list[str]:
    """Up to ``count`` question ids to review next: the weakest answers (below Good, least
    coverage first), then questions the interview did not reach, in order."""
    kept = answers(graded)
    weak = sorted((g for g in kept.values() if g.rating < GOOD), key=lambda g: (g.coverage or 0.0, g.rating))
    picks = [g.question_id for g in weak[:count]]
    picks += [qid for qid in queue if qid not in kept][: max(0, count - len(picks))]
    return picks


# -- setup ----------------------------------------------------------------------


class SetupError(LocalisedError):
    """A setup that cannot start; ``text(lang)`` names the problem and the way out."""


@dataclass(frozen=True)
class MockSetup:
    """What the user chose: the decks (None: every deck), how many questions, how many minutes."""

    decks: tuple[str, ...] | None
    questions: int
    minutes: int


def pool_sizes(bank: Bank) -> dict[str, int]:
    """How many questions a mock can ask from each deck (in bank order; a deck of only choice
    questions has none: interviews are spoken)."""
    sizes = dict.fromkeys(bank.decks, 0)
    for q in bank.questions.values():
        if mockable(q):
            sizes[q.deck] = sizes.get(q.deck, 0) + 1
    return sizes


def _whole(value: int | str, high: int, key: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= high:
        raise SetupError(key, value=str(value).strip(), max=high)
    return number


def parse_setup(ticked: Iterable[str], bank: Bank, questions: int | str, minutes: int | str) -> MockSetup:
    """The setup the dialog's fields describe: ``ticked`` decks (every deck with interview
    questions ticked means all decks, so decks added later are included too), a number of questions from 1 to
    :data:`MAX_QUESTIONS` and of minutes from 1 to :data:`MAX_MINUTES`. Raises
    :class:`SetupError` naming the first bad field; a choice with nothing to ask is one."""
    chosen = set(ticked)
    decks = tuple(d for d in bank.decks if d in chosen)
    if not decks:
        raise SetupError("mock.error.no_topics")
    count = _whole(questions, MAX_QUESTIONS, "mock.error.questions")
    length = _whole(minutes, MAX_MINUTES, "mock.error.minutes")
    sizes = pool_sizes(bank)
    usable = {d for d, n in sizes.items() if n}
    if not usable & set(decks):
        raise SetupError("mock.error.empty")
    return MockSetup(None if usable <= set(decks) else tuple(d for d in decks if d in usable), count, length)


def available(bank: Bank, decks: Iterable[str] | None) -> int:
    """Questions a mock over ``decks`` (None: all) can draw from."""
    sizes = pool_sizes(bank)
    return sum(sizes.values()) if decks is None else sum(sizes.get(d, 0) for d in decks)


def draw(bank: Bank, setup: MockSetup, seed: int | None = None) -> list[str]:
    """The interview's questions: a mix across the chosen decks (at most as many as they hold)."""
    return mock_queue(bank, count=setup.questions, seed=seed, decks=set(setup.decks) if setup.decks else None)


# -- the record of a finished interview -----------------------------------------


@dataclass(frozen=True)
class Answer:
    """One question of the interview: its grade, rubric coverage and time if it was graded,
    and what the user typed (empty when they answered aloud)."""

    question_id: str
    rating: int | None = None
    coverage: float | None = None
    duration_ms: int | None = None
    typed: str = ""


@dataclass(frozen=True)
class MockRecord:
    """A finished mock interview, as its report shows it (and as it is stored)."""

    finished_at: datetime
    answers: tuple[Answer, ...]
    """Every question asked, in the interview's order."""
    score: MockScore
    review_next: tuple[str, ...]
    elapsed: float
    """Seconds the interview took."""
    decks: tuple[str, ...] | None = None
    """The decks it drew from; None: every deck."""
    minutes: int | None = None
    """The time allowed."""
    unfinished: str | None = None
    """The question on screen when the time ran out (its typed text is in its :class:`Answer`)."""
    id: int | None = None
    """The store's id, once stored."""

    @property
    def queue(self) -> list[str]:
        return [a.question_id for a in self.answers]

    def answer(self, question_id: str) -> Answer | None:
        return next((a for a in self.answers if a.question_id == question_id), None)


def make_record(queue: Sequence[str], graded: Sequence[Graded], typed: Mapping[str, str], *, finished_at: datetime,
                elapsed: float, decks: Iterable[str] | None = None, minutes: int | None = None,
                unfinished: str | None = None) -> MockRecord:
    """The record of an interview over ``queue`` from the session's grades and the typed answers
    by question id; the score and the review-next picks are computed here, once."""
    kept = answers(graded)
    rows = []
    for qid in queue:
        g = kept.get(qid)
        text = typed.get(qid, "").strip()
        rows.append(Answer(qid, g.rating, g.coverage, g.duration_ms, text) if g else Answer(qid, typed=text))
    return MockRecord(finished_at, tuple(rows), score(queue, graded), tuple(review_next(queue, graded)), float(elapsed),
                      tuple(decks) if decks is not None else None, minutes, unfinished)


def worth_keeping(record: MockRecord) -> bool:
    """Whether the interview holds anything to look back on: a grade or a typed answer
    (one left at its first question without a word is not kept)."""
    return any(a.rating is not None or a.typed for a in record.answers)


def to_dict(record: MockRecord) -> dict:
    """The record as JSON-ready data (the store keeps it as it is: later scoring changes do not alter it)."""
    return {
        "format": RECORD_FORMAT,
        "finished_at": record.finished_at.astimezone(timezone.utc).isoformat(),
        "elapsed": record.elapsed,
        "decks": list(record.decks) if record.decks is not None else None,
        "minutes": record.minutes,
        "unfinished": record.unfinished,
        "score": {"coverage": record.score.coverage, "answered_well": record.score.answered_well, "asked": record.score.asked},
        "review_next": list(record.review_next),
        "answers": [{"id": a.question_id, "rating": a.rating, "coverage": a.coverage, "duration_ms": a.duration_ms,
                     "typed": a.typed} for a in record.answers],
    }


def from_dict(data: Mapping, *, record_id: int | None = None) -> MockRecord:
    """A record from :func:`to_dict`'s data; raises ValueError naming what is wrong with it."""
    try:
        if data.get("format") != RECORD_FORMAT:
            raise ValueError(f"unknown record format {data.get('format')!r}")
        finished = datetime.fromisoformat(data["finished_at"])
        if finished.tzinfo is None:
            finished = finished.replace(tzinfo=timezone.utc)
        s = data["score"]
        rows = tuple(Answer(str(a["id"]), _opt(int, a.get("rating")), _opt(float, a.get("coverage")),
                            _opt(int, a.get("duration_ms")), str(a.get("typed") or "")) for a in data["answers"])
        decks = data.get("decks")
        return MockRecord(finished, rows, MockScore(float(s["coverage"]), int(s["answered_well"]), int(s["asked"])),
                          tuple(str(q) for q in data.get("review_next", [])), float(data.get("elapsed", 0.0)),
                          tuple(str(d) for d in decks) if decks is not None else None,
                          _opt(int, data.get("minutes")), data.get("unfinished"), record_id)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"a damaged mock interview record ({type(exc).__name__}: {exc})") from None


def _opt(kind, value):
    return None if value is None else kind(value)
