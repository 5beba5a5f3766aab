"""A front/back table (CSV, TSV, or Anki's "notes in plain text") turned into a format-1 deck.

Pure: :func:`parse_table` takes the file's bytes and name and returns the deck
document (plain data, ready for YAML) or every problem found, each located by
line. Nothing is written here; the command writes the YAML atomically once the
whole table is good.

What is read:

- Anki's plain-text export: ``#separator:tab``, ``#html:true``, ``#columns:…`` and
  ``#tags column:N`` headers; without ``#columns`` the first field is the front,
  the second the back.
- Any CSV or TSV with a header row naming at least ``front`` and ``back``
  (also ``question``/``answer``, ``prompt``; 正面/背面, 问题/答案), and optionally
  ``key_points`` (several points separated by new lines or ``;``), ``tags``,
  ``difficulty``, ``frequency``, ``id``, and language-specific columns such as
  ``front_zh`` or ``back_en``.

Every text of the format needs English and Chinese; a column without a
language fills the table's language (given, or detected from the fronts), and
the other language repeats it unless a column gives it. Question ids are
stable: the ``id`` column, or a slug of the front plus a hash of it, so
re-importing an edited table keeps the progress of unchanged questions.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from quiz.bank.model import DIFFICULTIES, LANGS
from quiz.bank.validate import DECK_ID, FORMAT_VERSION, SLUG
from quiz.i18n import t

#: More rows than this are refused: the loader caps a bank file at 20 MB and a
#: 10,000-question deck already takes about 2 s to parse cold.
MAX_ROWS = 10_000
MAX_FIELD_CHARS = 100_000

_HEADERS = {
    "front": ("front", "question", "prompt", "q", "正面", "问题", "题目"),
    "back": ("back", "answer", "a", "背面", "答案"),
    "key_points": ("key_points", "key points", "keypoints", "要点"),
    "tags": ("tags", "tag", "标签"),
    "difficulty": ("difficulty", "难度"),
    "frequency": ("frequency", "频率"),
    "id": ("id",),
}
_TEXT_FIELDS = ("front", "back", "key_points")
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAG_BAD = re.compile(r"[^A-Za-z0-9+._-]+")
_BREAK = re.compile(r"<\s*br\s*/?\s*>|</\s*(div|p|li)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BLANKS = re.compile(r"\n\s*\n\s*")


@dataclass(frozen=True)
class Problem:
    """One problem with the table: ``line`` is 1-based (0: the file as a whole); ``key`` an i18n key."""

    line: int
    key: str
    fields: dict = field(default_factory=dict, compare=False)

    def text(self, path: Path | str, lang: str) -> str:
        """``file:line: message`` in ``lang``."""
        where = f"{path}:{self.line}" if self.line else f"{path}"
        return f"{where}: {t(self.key, lang, **self.fields)}"


@dataclass
class _Layout:
    """Which column holds what: ``columns[(name, lang or None)] = index``."""

    columns: dict[tuple[str, str | None], int]
    header_line: int  # 0: no header row
    html: bool


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """The file as text (UTF-8, with or without a BOM), or where it stops being UTF-8."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(line, "io.csv.encoding", {"byte": f"0x{raw[exc.start]:02x}"})


def _directives(lines: list[str]) -> tuple[dict[str, str], int]:
    """Anki's ``#key:value`` header lines and how many lines they take."""
    found: dict[str, str] = {}
    count = 0
    for line in lines:
        if not line.startswith("#") or ":" not in line:
            break
        key, _, value = line[1:].partition(":")
        found[key.strip().lower()] = value.strip()
        count += 1
    return found, count


def _column_key(name: str) -> tuple[str, str | None] | None:
    name = name.strip().lower().lstrip("\ufeff")
    lang = None
    for suffix in LANGS:
        if name.endswith(f"_{suffix}") or name.endswith(f" ({suffix})"):
            lang, name = suffix, name.rsplit("_" if name.endswith(f"_{suffix}") else " (", 1)[0]
            break
    for canonical, aliases in _HEADERS.items():
        if name in aliases:
            if lang is not None and canonical not in _TEXT_FIELDS:
                return None
            return canonical, lang
    return None


def _header_layout(names: list[str], line: int, html_flag: bool) -> tuple[_Layout | None, Problem | None]:
    columns: dict[tuple[str, str | None], int] = {}
    for index, name in enumerate(names):
        key = _column_key(name)
        if key is not None and key not in columns:
            columns[key] = index
    for needed in ("front", "back"):
        if not any(name == needed for name, _lang in columns):
            found = ", ".join(n.strip() for n in names if n.strip()) or "—"
            return None, Problem(line, "io.csv.missing_column", {"column": needed, "found": found})
    return _Layout(columns, line, html_flag), None


def _delimiter(name: str, directives: dict[str, str], first_line: str) -> str:
    sep = directives.get("separator")
    if sep:
        return _SEPARATORS.get(sep.lower(), sep[:1])
    if Path(name).suffix.lower() in (".tsv", ".txt", ".tab"):
        return "\t"
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _plain(value: str, html_flag: bool) -> str:
    """A cell as Markdown-safe text; Anki's HTML fields lose their tags (line breaks kept)."""
    value = value.replace("\r\n", "\n").strip()
    if html_flag:  # a line break becomes a paragraph break: Markdown would join single lines
        value = html.unescape(_TAG.sub("", _BREAK.sub("\n\n", value))).replace("\xa0", " ")
        value = _BLANKS.sub("\n\n", value).strip()
    return value


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > 40:
            break
        out = f"{out}-{word}" if out else word
    return out


def question_id(deck: str, front: str) -> str:
    """The id an imported question gets from its front: a readable slug and a hash of the text."""
    normal = " ".join(front.split()).casefold()
    digest = hashlib.sha1(normal.encode("utf-8")).hexdigest()[:8]
    slug = _slug(front)
    return f"{deck}.{slug}-{digest}" if slug else f"{deck}.q-{digest}"


def _given_id(deck: str, value: str) -> str | None:
    """An ``id`` column value as an id of this deck (``deck.slug`` or ``other.slug`` → ``deck.other-slug``)."""
    slug = value[len(deck) + 1:] if value.startswith(deck + ".") else value.replace(".", "-")
    return f"{deck}.{slug}" if SLUG.match(slug) else None


def detect_lang(fronts: list[str]) -> str:
    """``zh`` when most fronts contain Chinese characters, else ``en``."""
    chinese = sum(1 for f in fronts if _CJK.search(f))
    return "zh" if fronts and chinese * 2 > len(fronts) else "en"


def _records(body: str, delimiter: str, first_line: int) -> list[tuple[int, list[str]]]:
    """Each non-blank record with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    out = []
    end = 0
    for row in reader:
        start, end = end + 1, reader.line_num
        if any(cell.strip() for cell in row):
            out.append((first_line + start - 1, row))
    return out


@dataclass
class Table:
    """A parsed table: the deck document, the language used, and the problems (empty when good)."""

    document: dict | None
    lang: str
    rows: int
    problems: list[Problem]


def parse_table(raw: bytes, name: str, deck: str, *, lang: str | None = None, title: str | None = None) -> Table:
    """Parse a table file into deck ``deck``; ``lang`` None detects it from the fronts."""
    if not DECK_ID.match(deck):
        return Table(None, lang or "en", 0, [Problem(0, "io.import.bad_deck_id", {"deck": deck})])
    text, problem = decode(raw)
    if problem is not None:
        return Table(None, lang or "en", 0, [problem])
    assert text is not None
    lines = text.splitlines()
    directives, skip = _directives(lines)
    anki = bool(directives) or Path(name).suffix.lower() == ".txt"
    html_flag = directives.get("html", "").lower() == "true"
    body_lines = lines[skip:]
    delimiter = _delimiter(name, directives, next((l for l in body_lines if l.strip()), ""))
    records = _records("\n".join(body_lines), delimiter, skip + 1)
    if not records:
        return Table(None, lang or "en", 0, [Problem(0, "io.csv.empty")])
    if "columns" in directives:
        layout, problem = _header_layout(directives["columns"].split(delimiter), skip, html_flag)
    elif anki:
        layout, problem = _Layout(_anki_columns(directives), 0, html_flag), None
    else:
        header_line, names = records.pop(0)
        layout, problem = _header_layout(names, header_line, html_flag)
    if problem is not None:
        return Table(None, lang or "en", 0, [problem])
    if not records:  # a header and nothing under it
        return Table(None, lang or "en", 0, [Problem(0, "io.csv.empty")])
    assert layout is not None
    if len(records) > MAX_ROWS:
        return Table(None, lang or "en", len(records), [Problem(0, "io.csv.too_many", {"n": f"{len(records):,}", "max": f"{MAX_ROWS:,}"})])
    return _build(records, layout, deck, lang, title or deck)


def _anki_columns(directives: dict[str, str]) -> dict[tuple[str, str | None], int]:
    """Anki's plain text without ``#columns``: the note's fields in order, around the columns its
    ``#guid column``, ``#notetype column``, ``#deck column`` and ``#tags column`` headers reserve."""
    reserved: dict[str, int] = {}
    for name in ("guid", "notetype", "deck", "tags"):
        value = directives.get(f"{name} column", "")
        if value.isdigit() and int(value) >= 1:
            reserved[name] = int(value) - 1
    fields = (i for i in range(len(reserved) + 2) if i not in reserved.values())
    columns = {("front", None): next(fields), ("back", None): next(fields)}
    if "tags" in reserved:
        columns[("tags", None)] = reserved["tags"]
    return columns


def _cell(row: list[str], layout: _Layout, name: str, lang: str | None = None) -> str:
    index = layout.columns.get((name, lang))
    if index is None or index >= len(row):
        return ""
    return _plain(row[index], layout.html)


def _key_points(value: str) -> list[str]:
    """Points one per line; on a single line, separated by ``;``."""
    parts = value.split("\n") if "\n" in value else value.split(";")
    return [p.strip(" \t") for p in parts if p.strip(" \t")]


def _build(records: list[tuple[int, list[str]]], layout: _Layout, deck: str, lang: str | None, title: str) -> Table:
    fronts = [_cell(row, layout, "front") for _line, row in records]
    lang = lang or detect_lang([f for f in fronts if f])
    other = "zh" if lang == "en" else "en"
    problems: list[Problem] = []
    questions: list[dict] = []
    seen_fronts: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for line, row in records:
        texts: dict[str, dict[str, str]] = {}
        for name in _TEXT_FIELDS:
            main = _cell(row, layout, name) or _cell(row, layout, name, lang)
            texts[name] = {lang: main, other: _cell(row, layout, name, other) or main}
        before = len(problems)
        for name in ("front", "back"):
            for l in LANGS:
                if not texts[name][l]:
                    problems.append(Problem(line, f"io.csv.empty_{name}"))
                    break
        if any(len(v) > MAX_FIELD_CHARS for d in texts.values() for v in d.values()):
            problems.append(Problem(line, "io.csv.too_long", {"max": f"{MAX_FIELD_CHARS:,}"}))
        points = {l: _key_points(texts["key_points"][l]) for l in LANGS}
        count = len(points[lang])
        if len(points[other]) != count:
            problems.append(Problem(line, "io.csv.key_points_mismatch", {"a": count, "b": len(points[other])}))
        elif count and not 2 <= count <= 6:
            problems.append(Problem(line, "io.csv.key_points_count", {"n": count}))
        difficulty = _cell(row, layout, "difficulty").lower() or "medium"
        if difficulty not in DIFFICULTIES:
            problems.append(Problem(line, "io.csv.bad_difficulty", {"value": difficulty}))
        frequency_text = _cell(row, layout, "frequency")
        frequency = int(frequency_text) if frequency_text.isdigit() else None
        if frequency_text and (frequency is None or not 1 <= frequency <= 5):
            problems.append(Problem(line, "io.csv.bad_frequency", {"value": frequency_text}))
        given = _cell(row, layout, "id")
        qid = _given_id(deck, given) if given else question_id(deck, texts["front"][lang])
        if qid is None:
            problems.append(Problem(line, "io.csv.bad_id", {"value": given}))
        if len(problems) > before:
            continue
        key = " ".join(texts["front"][lang].split()).casefold()
        if key in seen_fronts:
            problems.append(Problem(line, "io.csv.duplicate_front", {"first": seen_fronts[key]}))
            continue
        seen_fronts[key] = line
        if qid in seen_ids:
            problems.append(Problem(line, "io.csv.duplicate_id", {"id": qid, "first": seen_ids[qid]}))
            continue
        seen_ids[qid] = line
        question: dict = {"id": qid, "kind": "open", "difficulty": difficulty}
        if frequency is not None:
            question["frequency"] = frequency
        tags = [_TAG_BAD.sub("-", tag).strip("-.+_") for tag in re.split(r"[\s,]+", _cell(row, layout, "tags"))]
        if any(tags):
            question["tags"] = list(dict.fromkeys(tag for tag in tags if tag))
        question["prompt"] = {"en": texts["front"]["en"], "zh": texts["front"]["zh"]}
        question["answer"] = {"en": texts["back"]["en"], "zh": texts["back"]["zh"]}
        question["key_points"] = [{"en": en, "zh": zh} for en, zh in zip(points["en"], points["zh"])]
        questions.append(question)
    if problems:
        return Table(None, lang, len(records), problems)
    document = {
        "format": FORMAT_VERSION,
        "deck": {"id": deck, "title": {"en": title, "zh": title}},
        "questions": questions,
    }
    return Table(document, lang, len(records), [])
