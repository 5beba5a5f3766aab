"""Links between exercises and questions (pure): an exercise's related questions.

An exercise lists related question ids in its ``exercise.yaml``; a question names
its exercise with ``exercise:``. Both directions count; ids absent from the loaded
bank are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

from quiz.exercises.catalog import Exercise


def related_question_ids(exercise: Exercise, questions: Mapping[str, object]) -> list[str]:
    """The exercise's own related list first, then the questions pointing at it, without repeats."""
    ids = [qid for qid in exercise.related if qid in questions]
    ids += [qid for qid, q in questions.items() if getattr(q, "exercise", None) == exercise.id and qid not in ids]
    return ids
