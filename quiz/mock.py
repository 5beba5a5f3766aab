"""A mock interview's result: its score and the questions to review next (pure, over the session's grades)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quiz.grading import GOOD
from quiz.session import Graded


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
