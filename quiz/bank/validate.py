"""Schema validation of one parsed bank file (format 1), producing model objects.

Works on the plain data that YAML (or the JSON cache) produced. Each problem is
reported with the key path where it sits, e.g. ``("questions", 3, "prompt", "zh")``;
the loader turns paths into line and column numbers only when there are errors.
Validation never walks arbitrary nested data, and refuses any container that
appears twice (a YAML alias), so "billion laughs" documents cannot blow up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.bank.model import DIFFICULTIES, KINDS, LANGS, Choice, Deck, Question, Text

FORMAT_VERSION = 1
DECK_ID = re.compile(r"^[a-z][a-z0-9-]*$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+._-]*$")

TOP_KEYS = {"format", "deck", "questions"}
DECK_KEYS = {"id", "title", "description"}
QUESTION_KEYS = {
    "id", "kind", "difficulty", "frequency", "tags", "prompt", "answer", "key_points",
    "choices", "code", "related", "exercise", "references",
}
REQUIRED_QUESTION_KEYS = ("id", "kind", "difficulty", "prompt", "answer", "key_points")
CHOICE_KEYS = {"text", "correct", "why"}

KeyPath = tuple[Any, ...]


@dataclass
class Problems:
    """Problems collected while validating one file, each with its key path."""

    items: list[tuple[KeyPath, str]] = field(default_factory=list)

    def add(self, path: KeyPath, message: str) -> None:
        self.items.append((path, message))


class _Aliases:
    """Detects a container reached twice: YAML anchors/aliases are not allowed in a bank."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def fresh(self, value: Any) -> bool:
        if not isinstance(value, (dict, list)):
            return True
        key = id(value)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def _where(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "file"


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number", type(None): "empty"}.get(type(value), type(value).__name__)


def _bad(path: KeyPath, value: Any, expected: type, wanted: str) -> str:
    """Message for a value of the wrong type, or of the right type reached through an alias."""
    if isinstance(value, expected):
        return f"{_where(path)} reuses a YAML alias; write it out instead"
    return f"{_where(path)} must be {wanted}, got {_type_name(value)}"


def _text(value: Any, path: KeyPath, out: Problems, aliases: _Aliases) -> Text | None:
    if not isinstance(value, dict):
        out.add(path, f"{_where(path)} must be a mapping with 'en' and 'zh' texts, got {_type_name(value)}")
        return None
    if not aliases.fresh(value):
        out.add(path, f"{_where(path)} reuses a YAML alias; write the text out instead")
        return None
    ok = True
    for lang in LANGS:
        text = value.get(lang)
        if text is None:
            out.add(path, f"{_where(path)} is missing the '{lang}' text")
            ok = False
        elif not isinstance(text, str):
            out.add(path + (lang,), f"{_where(path + (lang,))} must be a string, got {_type_name(text)}")
            ok = False
        elif not text.strip():
            out.add(path + (lang,), f"{_where(path + (lang,))} is empty")
            ok = False
    extra = set(value) - set(LANGS)
    if extra:
        out.add(path, f"{_where(path)} has unknown language key(s) {sorted(map(str, extra))}; use 'en' and 'zh'")
        ok = False
    return Text(value["en"], value["zh"]) if ok else None


def _str_list(value: Any, path: KeyPath, out: Problems, aliases: _Aliases, pattern: re.Pattern | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not aliases.fresh(value):
        out.add(path, _bad(path, value, list, "a list of strings"))
        return ()
    items = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            out.add(path + (i,), f"{_where(path + (i,))} must be a string, got {_type_name(item)}")
            return ()
        if pattern is not None and not pattern.match(item):
            out.add(path + (i,), f"{_where(path + (i,))} {item!r} is not a valid value")
            continue
        items.append(item)
    return tuple(items)


def _unknown_keys(value: dict, allowed: set[str], path: KeyPath, out: Problems) -> None:
    for key in value:
        if key not in allowed:
            hint = ", ".join(sorted(allowed))
            out.add(path + (key,), f"unknown key {key!r} in {_where(path)} (allowed: {hint})")


def _choices(value: Any, path: KeyPath, out: Problems, aliases: _Aliases) -> tuple[Choice, ...]:
    if not isinstance(value, list) or not aliases.fresh(value):
        out.add(path, _bad(path, value, list, "a list of options"))
        return ()
    if not 2 <= len(value) <= 8:
        out.add(path, f"{_where(path)} needs 2 to 8 options, has {len(value)}")
    choices = []
    for i, raw in enumerate(value):
        p = path + (i,)
        if not isinstance(raw, dict) or not aliases.fresh(raw):
            out.add(p, _bad(p, raw, dict, "a mapping with text, correct and why"))
            continue
        _unknown_keys(raw, CHOICE_KEYS, p, out)
        text = _text(raw.get("text"), p + ("text",), out, aliases)
        why = _text(raw.get("why"), p + ("why",), out, aliases)
        correct = raw.get("correct", False)
        if not isinstance(correct, bool):
            out.add(p + ("correct",), f"{_where(p + ('correct',))} must be true or false")
            correct = False
        if text and why:
            choices.append(Choice(text, correct, why))
    if value and not any(isinstance(c, dict) and c.get("correct") is True for c in value):
        out.add(path, f"{_where(path)}: no option is marked 'correct: true'")
    return tuple(choices)


def _question(raw: Any, i: int, deck_id: str, source: Path, out: Problems, aliases: _Aliases) -> Question | None:
    path: KeyPath = ("questions", i)
    if not isinstance(raw, dict) or not aliases.fresh(raw):
        out.add(path, _bad(path, raw, dict, "a mapping"))
        return None
    before = len(out.items)
    _unknown_keys(raw, QUESTION_KEYS, path, out)
    for key in REQUIRED_QUESTION_KEYS:
        if key not in raw:
            out.add(path, f"{_where(path)} is missing '{key}'")
    if len(out.items) > before and any(k not in raw for k in ("id",)):
        return None

    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.startswith(deck_id + ".") or not SLUG.match(qid[len(deck_id) + 1:]):
        out.add(path + ("id",), f"question id {qid!r} must look like '{deck_id}.some-slug' (lower-case letters, digits, dashes)")
    kind = raw.get("kind")
    if kind not in KINDS:
        out.add(path + ("kind",), f"kind {kind!r} is not one of {', '.join(KINDS)}")
    difficulty = raw.get("difficulty")
    if difficulty not in DIFFICULTIES:
        out.add(path + ("difficulty",), f"difficulty {difficulty!r} is not one of {', '.join(DIFFICULTIES)}")
    frequency = raw.get("frequency")
    if frequency is not None and (not isinstance(frequency, int) or isinstance(frequency, bool) or not 1 <= frequency <= 5):
        out.add(path + ("frequency",), f"frequency must be a whole number from 1 to 5, got {frequency!r}")
    prompt = _text(raw.get("prompt"), path + ("prompt",), out, aliases) if "prompt" in raw else None
    answer = _text(raw.get("answer"), path + ("answer",), out, aliases) if "answer" in raw else None

    key_points: list[Text] = []
    kps = raw.get("key_points")
    if "key_points" in raw:
        if not isinstance(kps, list) or not aliases.fresh(kps):
            out.add(path + ("key_points",), _bad(path + ("key_points",), kps, list, "a list"))
        else:
            if (kps or kind != "open") and not 2 <= len(kps) <= 6:  # open cards may have none: imported flashcards
                out.add(path + ("key_points",), f"{_where(path + ('key_points',))} needs 2 to 6 points, has {len(kps)}"
                        + (" (an open question may also have none: key_points: [])" if kind == "open" else ""))
            for k, kp in enumerate(kps):
                text = _text(kp, path + ("key_points", k), out, aliases)
                if text:
                    key_points.append(text)

    choices: tuple[Choice, ...] = ()
    if "choices" in raw:
        if kind != "choice":
            out.add(path + ("choices",), f"'choices' is only allowed on kind: choice (this is {kind!r})")
        else:
            choices = _choices(raw["choices"], path + ("choices",), out, aliases)
    elif kind == "choice":
        out.add(path, f"{_where(path)} is a choice question without 'choices'")

    code = raw.get("code")
    if "code" in raw and kind != "bug":
        out.add(path + ("code",), f"'code' is only allowed on kind: bug (this is {kind!r})")
    if kind == "bug":
        if not isinstance(code, str) or not code.strip():
            out.add(path + ("code",) if "code" in raw else path, f"{_where(path)} is a bug question without a 'code' snippet")

    exercise = raw.get("exercise")
    if exercise is not None and not isinstance(exercise, str):
        out.add(path + ("exercise",), f"exercise must be an exercise id, got {_type_name(exercise)}")
        exercise = None

    tags = _str_list(raw.get("tags"), path + ("tags",), out, aliases, TAG)
    related = _str_list(raw.get("related"), path + ("related",), out, aliases)
    references = _str_list(raw.get("references"), path + ("references",), out, aliases)

    if len(out.items) > before:
        return None
    return Question(
        id=qid, deck=deck_id, kind=kind, difficulty=difficulty, prompt=prompt, answer=answer,
        key_points=tuple(key_points), frequency=frequency, tags=tags, choices=choices,
        code=code if kind == "bug" else None, related=related, exercise=exercise,
        references=references, source=source,
    )


def validate_document(data: Any, source: Path, out: Problems) -> Deck | None:
    """Validate one parsed file; returns its deck with every valid question, or None."""
    aliases = _Aliases()
    if data is None:
        out.add((), "the file is empty; a deck needs 'format: 1', 'deck' and 'questions'")
        return None
    if not isinstance(data, dict):
        out.add((), f"the top level must be a mapping with 'format', 'deck' and 'questions', got {_type_name(data)}")
        return None
    _unknown_keys(data, TOP_KEYS, (), out)
    if data.get("format") != FORMAT_VERSION:
        out.add(("format",) if "format" in data else (), f"'format' must be {FORMAT_VERSION}, got {data.get('format')!r}")
        return None
    deck_raw = data.get("deck")
    if not isinstance(deck_raw, dict):
        out.add(("deck",) if "deck" in data else (), "'deck' must be a mapping with 'id' and 'title'")
        return None
    _unknown_keys(deck_raw, DECK_KEYS, ("deck",), out)
    deck_id = deck_raw.get("id")
    if not isinstance(deck_id, str) or not DECK_ID.match(deck_id):
        out.add(("deck", "id"), f"deck id {deck_id!r} must be lower-case letters, digits and dashes")
        return None
    title = _text(deck_raw.get("title"), ("deck", "title"), out, aliases)
    description = None
    if "description" in deck_raw:
        description = _text(deck_raw["description"], ("deck", "description"), out, aliases)
    questions_raw = data.get("questions")
    if not isinstance(questions_raw, list):
        out.add(("questions",) if "questions" in data else (), f"'questions' must be a list, got {_type_name(questions_raw)}")
        return None
    if not aliases.fresh(questions_raw):
        return None
    questions = []
    for i, raw in enumerate(questions_raw):
        q = _question(raw, i, deck_id, source, out, aliases)
        if q is not None:
            questions.append(q)
    if title is None:
        title = Text(deck_id, deck_id)
    return Deck(deck_id, title, description, tuple(questions), source)


def build_validated(data: dict, source: Path) -> Deck:
    """Build the deck of a document that already passed :func:`validate_document` with no problems.

    The loader's JSON cache only ever holds such documents (it is written after a
    clean validation and keyed by the file's hash), so a cache hit can skip the
    checks: this is the same construction without them, about 4× faster, which is
    what keeps a 10,000-question bank under a second. A test holds the two equal.
    """

    def text(value: dict) -> Text:
        return Text(value["en"], value["zh"])

    deck_raw = data["deck"]
    deck_id = deck_raw["id"]
    questions = []
    for raw in data["questions"]:
        kind = raw["kind"]
        questions.append(Question(
            id=raw["id"], deck=deck_id, kind=kind, difficulty=raw["difficulty"],
            prompt=text(raw["prompt"]), answer=text(raw["answer"]),
            key_points=tuple(map(text, raw["key_points"])), frequency=raw.get("frequency"),
            tags=tuple(raw.get("tags") or ()),
            choices=tuple(Choice(text(c["text"]), c.get("correct", False), text(c["why"])) for c in raw["choices"])
            if kind == "choice" else (),
            code=raw.get("code") if kind == "bug" else None, related=tuple(raw.get("related") or ()),
            exercise=raw.get("exercise"), references=tuple(raw.get("references") or ()), source=source,
        ))
    description = text(deck_raw["description"]) if "description" in deck_raw else None
    return Deck(deck_id, text(deck_raw["title"]), description, tuple(questions), source)
