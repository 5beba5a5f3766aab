"""The bank as an Anki package (``.apkg``), built with genanki.

One note type ("quiz question") whose fields are the prompt, the model answer,
the key points, the choices, the code snippet and the references, as HTML
(Markdown rendered with markdown-it, code highlighted with Pygments' inline
styles so it needs no stylesheet). Each bank deck becomes an Anki deck under
``quiz::``. Note GUIDs are derived from question ids alone, so importing an
updated export updates the notes already in Anki instead of adding copies; the
note type and deck ids are fixed for the same reason.

No file is written here: :func:`apkg_bytes` returns the package's bytes and the
caller writes them atomically.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import warnings
from collections.abc import Sequence
from datetime import datetime

from quiz.bank.model import Deck, Question, Text
from quiz.i18n import t
from quiz.render import fence

#: Languages an export can hold; ``both`` puts English then Chinese in every field.
EXPORT_LANGS = ("en", "zh", "both")
FIELDS = ("Id", "Prompt", "Answer", "KeyPoints", "Choices", "Code", "References")
#: Fixed forever: Anki recognises the note type (and updates its notes) by this id.
MODEL_ID = 1_734_170_017
_TAG_BAD = re.compile(r"[^\w+.:-]+")

_FRONT = """\
<div class="prompt">{{Prompt}}</div>
{{#Code}}<div class="code">{{Code}}</div>{{/Code}}
{{#Choices}}<div class="choices">{{Choices}}</div>{{/Choices}}
"""
_BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#KeyPoints}}<div class="keypoints">{{KeyPoints}}</div>{{/KeyPoints}}
{{#References}}<div class="refs">{{References}}</div>{{/References}}
<div class="qid">{{Id}}</div>
"""
_CSS = """\
.card { font-family: -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif;
        font-size: 18px; text-align: left; color: #222; background: #fff; line-height: 1.5; }
.nightMode.card { color: #ddd; background: #1e1e1e; }
pre { padding: 8px; border-radius: 4px; overflow-x: auto; font-size: 15px; background: #f6f8fa; }
.nightMode pre { background: #2d2d2d; }
.lang-zh { margin-top: 0.6em; }
.qid, .refs { color: #888; font-size: 13px; }
h4 { margin: 0.8em 0 0.2em; }
"""


def _model():
    import genanki

    return genanki.Model(
        MODEL_ID, "quiz question",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card 1", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )


def deck_id(bank_deck_id: str) -> int:
    """A fixed Anki deck id for a bank deck (derived from its id, so re-imports land in the same deck)."""
    return int.from_bytes(hashlib.sha256(f"quiz-deck:{bank_deck_id}".encode()).digest()[:6], "big")


def note_guid(question_id: str) -> str:
    """The note's GUID: a function of the question id only (text edits keep it)."""
    import genanki

    return genanki.guid_for("quiz", question_id)


def _highlight(code: str, language: str, _attrs: object = None) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language or "python")
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(code, lexer, HtmlFormatter(noclasses=True, nowrap=True))


_MD = None


#: Text with none of these is a plain paragraph: no need to run the Markdown parser (~1 ms a text).
_MARKUP = re.compile(r"[*_`\[\]|#\\<>!~&\n]|^\s*([-+>]|\d+[.)])")


def markdown_html(text: str) -> str:
    """Markdown to HTML (raw HTML in the bank is escaped, code blocks highlighted)."""
    global _MD
    if not _MARKUP.search(text):
        return f"<p>{html.escape(text, quote=False)}</p>"
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark", {"html": False, "highlight": _highlight}).enable("table")
    return _MD.render(text).strip()


def _langs(lang: str) -> tuple[str, ...]:
    return ("en", "zh") if lang == "both" else (lang,)


def _each(lang: str, make) -> str:
    """``make(l)`` for each language of the export, each in its own ``div``."""
    return "".join(f'<div class="lang-{l}" lang="{l}">{make(l)}</div>' for l in _langs(lang))


def _text(text: Text, lang: str) -> str:
    return _each(lang, lambda l: markdown_html(text.get(l)))


def _key_points(q: Question, lang: str) -> str:
    if not q.key_points:
        return ""
    return _each(lang, lambda l: f"<h4>{html.escape(t('review.key_points_done', l))}</h4><ol>"
                 + "".join(f"<li>{markdown_html(p.get(l))}</li>" for p in q.key_points) + "</ol>")


def _choices(q: Question, lang: str) -> str:
    if not q.choices:
        return ""
    return _each(lang, lambda l: "<ol>" + "".join(f"<li>{markdown_html(c.text.get(l))}</li>" for c in q.choices) + "</ol>")


def _answer(q: Question, lang: str) -> str:
    """The model answer; for a choice question, each option marked right or wrong with its reason first."""
    if not q.choices:
        return _text(q.answer, lang)

    def one(l: str) -> str:
        items = "".join(
            f"<li>{'✓' if c.correct else '✗'} {markdown_html(c.text.get(l))}<div>{markdown_html(c.why.get(l))}</div></li>"
            for c in q.choices)
        return f"<ol>{items}</ol>{markdown_html(q.answer.get(l))}"

    return _each(lang, one)


def _references(q: Question, lang: str) -> str:
    if not q.references:
        return ""
    title = " / ".join(t("review.references", l) for l in _langs(lang))
    return f"<h4>{html.escape(title)}</h4><ul>" + "".join(f"<li>{html.escape(r)}</li>" for r in q.references) + "</ul>"


def note_fields(q: Question, lang: str) -> list[str]:
    """The note's fields (see :data:`FIELDS`) for a question, in ``lang`` (en, zh or both)."""
    code = markdown_html(fence(q.code)) if q.code else ""
    return [html.escape(q.id), _text(q.prompt, lang), _answer(q, lang), _key_points(q, lang),
            _choices(q, lang), code, _references(q, lang)]


def note_tags(q: Question) -> list[str]:
    """Anki tags: the question's tags (spaces are not allowed in Anki tags), its deck and difficulty."""
    tags = [_TAG_BAD.sub("_", tag) for tag in q.tags]
    return [*tags, f"quiz::{q.deck}", f"difficulty::{q.difficulty}"]


def apkg_bytes(decks: Sequence[Deck], lang: str, *, now: datetime | None = None) -> bytes:
    """An ``.apkg`` holding ``decks`` in ``lang`` (``en``, ``zh`` or ``both``), as bytes."""
    import genanki

    if lang not in EXPORT_LANGS:
        raise ValueError(f"lang must be one of {EXPORT_LANGS}, got {lang!r}")
    model = _model()
    anki_decks = []
    title_lang = "en" if lang == "both" else lang
    for deck in decks:
        anki_deck = genanki.Deck(deck_id(deck.id), f"quiz::{deck.title.get(title_lang)}")
        for q in deck.questions:
            anki_deck.add_note(genanki.Note(model=model, fields=note_fields(q, lang), tags=note_tags(q), guid=note_guid(q.id)))
        anki_decks.append(anki_deck)
    out = io.BytesIO()
    with warnings.catch_warnings():  # genanki warns on "<" in fields; ours are HTML we made
        warnings.simplefilter("ignore")
        genanki.Package(anki_decks).write_to_file(out, timestamp=now.timestamp() if now else None)
    return out.getvalue()
