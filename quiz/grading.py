"""Grading maths: turn rubric coverage and choice picks into a suggested FSRS rating."""

from __future__ import annotations

from collections.abc import Iterable

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def coverage(ticked: Iterable[int], total: int) -> float:
    """Fraction of the key points covered (0..1)."""
    if total <= 0:
        return 0.0
    return len({i for i in ticked if 0 <= i < total}) / total


def suggest_from_coverage(fraction: float) -> int:
    """The rating the coverage suggests.

    Under half of the rubric is a lapse (Again); half to three quarters is a
    shaky recall (Hard); more is Good. Easy is never suggested: it means "too
    easy, show it much later", a judgement the rubric cannot make.
    """
    if fraction < 0.5:
        return AGAIN
    if fraction < 0.75:
        return HARD
    return GOOD


def grade_choice(picked: Iterable[int], correct: Iterable[int]) -> tuple[int, str]:
    """Rate a choice answer: (rating, verdict) where verdict is correct | partial | wrong.

    Exactly the right set is Good; a subset of the right options with none wrong
    is Hard (partial); any wrong pick, or no pick, is Again.
    """
    picked_set, correct_set = set(picked), set(correct)
    if picked_set == correct_set and picked_set:
        return GOOD, "correct"
    if picked_set and picked_set < correct_set:
        return HARD, "partial"
    return AGAIN, "wrong"


def choice_coverage(rating: int) -> float:
    """The coverage recorded for a choice answer graded ``rating`` by :func:`grade_choice`:
    all of it when right, half when partly right, none when wrong."""
    return {GOOD: 1.0, HARD: 0.5}.get(rating, 0.0)


def choice_outcome(picked: Iterable[int], correct: Iterable[int]) -> tuple[int, float]:
    """(suggested rating, coverage recorded) for a choice answer: :func:`grade_choice`'s rating
    and :func:`choice_coverage` of it."""
    rating, _verdict = grade_choice(picked, correct)
    return rating, choice_coverage(rating)


def rubric_outcome(ticked: Iterable[int], total: int) -> tuple[float, int]:
    """(coverage, suggested rating) for the key points ticked out of ``total``."""
    fraction = coverage(ticked, total)
    return fraction, suggest_from_coverage(fraction)
