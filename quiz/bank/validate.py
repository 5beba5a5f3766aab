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

from quiz.bank.errors import Message
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

    items: list[tuple[KeyPath, Message]] = field(default_factory=list)

    def add(self, path: KeyPath, message: Message) -> None:
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


_TYPE_NAMES = {dict: ("a mapping", "映射"), list: ("a list", "列表"), str: ("a string", "字符串"), bool: ("true/false", "true/false"),
               int: ("a number", "数字"), float: ("a number", "数字"), type(None): ("empty", "空值")}


def _type_name(value: Any) -> Message:
    en, zh = _TYPE_NAMES.get(type(value), (type(value).__name__, type(value).__name__))
    return Message(en, zh)


def _bad(path: KeyPath, value: Any, expected: type, wanted: Message) -> Message:
    """Message for a value of the wrong type, or of the right type reached through an alias."""
    where = _where(path)
    if isinstance(value, expected):
        return Message(f"{where} reuses a YAML alias; write it out instead", f"{where} 复用了 YAML 别名；请把内容写出来")
    got = _type_name(value)
    return Message(f"{where} must be {wanted}, got {got}", f"{where} 应为{wanted.zh}，实际是{got.zh}")


def _text(value: Any, path: KeyPath, out: Problems, aliases: _Aliases) -> Text | None:
    if not isinstance(value, dict):
        got = _type_name(value)
        out.add(path, Message(f"{_where(path)} must be a mapping with 'en' and 'zh' texts, got {got}",
                              f"{_where(path)} 应为含 'en' 和 'zh' 文本的映射，实际是{got.zh}"))
        return None
    if not aliases.fresh(value):
        out.add(path, Message(f"{_where(path)} reuses a YAML alias; write the text out instead",
                              f"{_where(path)} 复用了 YAML 别名；请把文本写出来"))
        return None
    ok = True
    for lang in LANGS:
        text = value.get(lang)
        if text is None:
            out.add(path, Message(f"{_where(path)} is missing the '{lang}' text", f"{_where(path)} 缺少 '{lang}' 文本"))
            ok = False
        elif not isinstance(text, str):
            got = _type_name(text)
            out.add(path + (lang,), Message(f"{_where(path + (lang,))} must be a string, got {got}",
                                            f"{_where(path + (lang,))} 应为字符串，实际是{got.zh}"))
            ok = False
        elif not text.strip():
            out.add(path + (lang,), Message(f"{_where(path + (lang,))} is empty", f"{_where(path + (lang,))} 是空的"))
            ok = False
    extra = sorted(map(str, set(value) - set(LANGS)))
    if extra:
        out.add(path, Message(f"{_where(path)} has unknown language key(s) {extra}; use 'en' and 'zh'",
                              f"{_where(path)} 有未知的语言键 {extra}；请用 'en' 和 'zh'"))
        ok = False
    return Text(value["en"], value["zh"]) if ok else None


def _str_list(value: Any, path: KeyPath, out: Problems, aliases: _Aliases, pattern: re.Pattern | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not aliases.fresh(value):
        out.add(path, _bad(path, value, list, Message("a list of strings", "字符串列表")))
        return ()
    items = []
    for i, item in enumerate(value):
        where = _where(path + (i,))
        if not isinstance(item, str):
            got = _type_name(item)
            out.add(path + (i,), Message(f"{where} must be a string, got {got}", f"{where} 应为字符串，实际是{got.zh}"))
            return ()
        if pattern is not None and not pattern.match(item):
            out.add(path + (i,), Message(f"{where} {item!r} is not a valid value", f"{where} {item!r} 不是有效的值"))
            continue
        items.append(item)
    return tuple(items)


def _unknown_keys(value: dict, allowed: set[str], path: KeyPath, out: Problems) -> None:
    for key in value:
        if key not in allowed:
            hint = ", ".join(sorted(allowed))
            out.add(path + (key,), Message(f"unknown key {key!r} in {_where(path)} (allowed: {hint})",
                                           f"{_where(path)} 中有未知的键 {key!r}（允许：{hint}）"))


def _choices(value: Any, path: KeyPath, out: Problems, aliases: _Aliases) -> tuple[Choice, ...]:
    if not isinstance(value, list) or not aliases.fresh(value):
        out.add(path, _bad(path, value, list, Message("a list of options", "选项列表")))
        return ()
    if not 2 <= len(value) <= 8:
        out.add(path, Message(f"{_where(path)} needs 2 to 8 options, has {len(value)}", f"{_where(path)} 需要 2 到 8 个选项，现在有 {len(value)} 个"))
    choices = []
    for i, raw in enumerate(value):
        p = path + (i,)
        if not isinstance(raw, dict) or not aliases.fresh(raw):
            out.add(p, _bad(p, raw, dict, Message("a mapping with text, correct and why", "含 text、correct 和 why 的映射")))
            continue
        _unknown_keys(raw, CHOICE_KEYS, p, out)
        text = _text(raw.get("text"), p + ("text",), out, aliases)
        why = _text(raw.get("why"), p + ("why",), out, aliases)
        correct = raw.get("correct", False)
        if not isinstance(correct, bool):
            out.add(p + ("correct",), Message(f"{_where(p + ('correct',))} must be true or false", f"{_where(p + ('correct',))} 应为 true 或 false"))
            correct = False
        if text and why:
            choices.append(Choice(text, correct, why))
    if value and not any(isinstance(c, dict) and c.get("correct") is True for c in value):
        out.add(path, Message(f"{_where(path)}: no option is marked 'correct: true'", f"{_where(path)}：没有选项标为 'correct: true'"))
    return tuple(choices)


def _question(raw: Any, i: int, deck_id: str, source: Path, out: Problems, aliases: _Aliases) -> Question | None:
    path: KeyPath = ("questions", i)
    if not isinstance(raw, dict) or not aliases.fresh(raw):
        out.add(path, _bad(path, raw, dict, Message("a mapping", "映射")))
        return None
    before = len(out.items)
    _unknown_keys(raw, QUESTION_KEYS, path, out)
    for key in REQUIRED_QUESTION_KEYS:
        if key not in raw:
            out.add(path, Message(f"{_where(path)} is missing '{key}'", f"{_where(path)} 缺少 '{key}'"))
    if len(out.items) > before and any(k not in raw for k in ("id",)):
        return None

    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.startswith(deck_id + ".") or not SLUG.match(qid[len(deck_id) + 1:]):
        out.add(path + ("id",), Message(f"question id {qid!r} must look like '{deck_id}.some-slug' (lower-case letters, digits, dashes)",
                                        f"题目 id {qid!r} 应形如 '{deck_id}.some-slug'（小写字母、数字、连字符）"))
    kind = raw.get("kind")
    if kind not in KINDS:
        out.add(path + ("kind",), Message(f"kind {kind!r} is not one of {', '.join(KINDS)}", f"kind {kind!r} 不在 {', '.join(KINDS)} 之中"))
    difficulty = raw.get("difficulty")
    if difficulty not in DIFFICULTIES:
        out.add(path + ("difficulty",), Message(f"difficulty {difficulty!r} is not one of {', '.join(DIFFICULTIES)}",
                                                f"difficulty {difficulty!r} 不在 {', '.join(DIFFICULTIES)} 之中"))
    frequency = raw.get("frequency")
    if frequency is not None and (not isinstance(frequency, int) or isinstance(frequency, bool) or not 1 <= frequency <= 5):
        out.add(path + ("frequency",), Message(f"frequency must be a whole number from 1 to 5, got {frequency!r}",
                                               f"frequency 应为 1 到 5 的整数，实际是 {frequency!r}"))
    prompt = _text(raw.get("prompt"), path + ("prompt",), out, aliases) if "prompt" in raw else None
    answer = _text(raw.get("answer"), path + ("answer",), out, aliases) if "answer" in raw else None

    key_points: list[Text] = []
    kps = raw.get("key_points")
    if "key_points" in raw:
        if not isinstance(kps, list) or not aliases.fresh(kps):
            out.add(path + ("key_points",), _bad(path + ("key_points",), kps, list, Message("a list", "列表")))
        else:
            if (kps or kind != "open") and not 2 <= len(kps) <= 6:  # open cards may have none: imported flashcards
                where = _where(path + ("key_points",))
                out.add(path + ("key_points",), Message(
                    f"{where} needs 2 to 6 points, has {len(kps)}" + (" (an open question may also have none: key_points: [])" if kind == "open" else ""),
                    f"{where} 需要 2 到 6 条要点，现在有 {len(kps)} 条" + ("（开放题也可以一条都没有：key_points: []）" if kind == "open" else "")))
            for k, kp in enumerate(kps):
                text = _text(kp, path + ("key_points", k), out, aliases)
                if text:
                    key_points.append(text)

    choices: tuple[Choice, ...] = ()
    if "choices" in raw:
        if kind != "choice":
            out.add(path + ("choices",), Message(f"'choices' is only allowed on kind: choice (this is {kind!r})",
                                                 f"只有 kind: choice 的题目才能有 'choices'（这道是 {kind!r}）"))
        else:
            choices = _choices(raw["choices"], path + ("choices",), out, aliases)
    elif kind == "choice":
        out.add(path, Message(f"{_where(path)} is a choice question without 'choices'", f"{_where(path)} 是选择题，却没有 'choices'"))

    code = raw.get("code")
    if "code" in raw and kind != "bug":
        out.add(path + ("code",), Message(f"'code' is only allowed on kind: bug (this is {kind!r})",
                                          f"只有 kind: bug 的题目才能有 'code'（这道是 {kind!r}）"))
    if kind == "bug":
        if not isinstance(code, str) or not code.strip():
            out.add(path + ("code",) if "code" in raw else path, Message(f"{_where(path)} is a bug question without a 'code' snippet",
                                                                         f"{_where(path)} 是找错题，却没有 'code' 代码片段"))

    exercise = raw.get("exercise")
    if exercise is not None and not isinstance(exercise, str):
        got = _type_name(exercise)
        out.add(path + ("exercise",), Message(f"exercise must be an exercise id, got {got}", f"exercise 应为编程题 id，实际是{got.zh}"))
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
        out.add((), Message("the file is empty; a deck needs 'format: 1', 'deck' and 'questions'",
                            "文件是空的；一个题库需要 'format: 1'、'deck' 和 'questions'"))
        return None
    if not isinstance(data, dict):
        got = _type_name(data)
        out.add((), Message(f"the top level must be a mapping with 'format', 'deck' and 'questions', got {got}",
                            f"顶层应为含 'format'、'deck' 和 'questions' 的映射，实际是{got.zh}"))
        return None
    _unknown_keys(data, TOP_KEYS, (), out)
    if data.get("format") != FORMAT_VERSION:
        out.add(("format",) if "format" in data else (), Message(f"'format' must be {FORMAT_VERSION}, got {data.get('format')!r}",
                                                                 f"'format' 应为 {FORMAT_VERSION}，实际是 {data.get('format')!r}"))
        return None
    deck_raw = data.get("deck")
    if not isinstance(deck_raw, dict):
        out.add(("deck",) if "deck" in data else (), Message("'deck' must be a mapping with 'id' and 'title'", "'deck' 应为含 'id' 和 'title' 的映射"))
        return None
    _unknown_keys(deck_raw, DECK_KEYS, ("deck",), out)
    deck_id = deck_raw.get("id")
    if not isinstance(deck_id, str) or not DECK_ID.match(deck_id):
        out.add(("deck", "id"), Message(f"deck id {deck_id!r} must be lower-case letters, digits and dashes",
                                        f"题库 id {deck_id!r} 只能由小写字母、数字和连字符组成"))
        return None
    title = _text(deck_raw.get("title"), ("deck", "title"), out, aliases)
    description = None
    if "description" in deck_raw:
        description = _text(deck_raw["description"], ("deck", "description"), out, aliases)
    questions_raw = data.get("questions")
    if not isinstance(questions_raw, list):
        got = _type_name(questions_raw)
        out.add(("questions",) if "questions" in data else (), Message(f"'questions' must be a list, got {got}", f"'questions' 应为列表，实际是{got.zh}"))
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
