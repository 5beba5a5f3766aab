"""The bank as a CSV table, in the columns :mod:`quiz.table_import` reads back.

One row per question: ``id``, ``front`` (the prompt, with the snippet of a bug
question and the options of a choice question), ``back`` (the model answer, the
right options first), ``key_points`` (one per line), ``tags``, ``difficulty``,
``frequency``. With both languages the text columns come as ``front_en``,
``front_zh`` and so on. Pure: returns the text; the caller writes it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from quiz.bank.model import Question
from quiz.render import fence


def _front(q: Question, lang: str) -> str:
    parts = [q.prompt.get(lang)]
    if q.code:
        parts.append(fence(q.code))
    if q.choices:
        parts.append("\n".join(f"{i}. {c.text.get(lang)}" for i, c in enumerate(q.choices, 1)))
    return "\n\n".join(parts)


def _back(q: Question, lang: str) -> str:
    if not q.choices:
        return q.answer.get(lang)
    marks = "\n".join(f"{i}. {'✓' if c.correct else '✗'} {c.text.get(lang)}: {c.why.get(lang)}" for i, c in enumerate(q.choices, 1))
    return f"{marks}\n\n{q.answer.get(lang)}"


def csv_text(questions: Sequence[Question], lang: str) -> str:
    """The table for ``questions`` in ``lang`` (``en``, ``zh`` or ``both``), with a header row."""
    langs = ("en", "zh") if lang == "both" else (lang,)
    suffix = (lambda l: f"_{l}") if lang == "both" else (lambda l: "")
    header = ["id"]
    for name in ("front", "back", "key_points"):
        header += [f"{name}{suffix(l)}" for l in langs]
    header += ["tags", "difficulty", "frequency"]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for q in questions:
        row = [q.id]
        row += [_front(q, l) for l in langs]
        row += [_back(q, l) for l in langs]
        row += ["\n".join(p.get(l) for p in q.key_points) for l in langs]
        row += [" ".join(q.tags), q.difficulty, str(q.frequency or "")]
        writer.writerow(row)
    return out.getvalue()
