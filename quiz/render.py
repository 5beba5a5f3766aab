"""Questions as Markdown text, in one language: shared by review, browse and the CLI.

Pure functions (no Textual): the TUI feeds their output to Markdown widgets.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from quiz.bank.model import Question
from quiz.i18n import t

_STRONG = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
_EMPHASIS = re.compile(r"(?<!\*)\*(?=\S)([^*]+?)(?<=\S)\*(?!\*)")  # CommonMark allows *intraword* emphasis
_CODE = re.compile(r"`([^`]+)`")


def inline_plain(text: str) -> str:
    """One-line Markdown as plain text for lists: ``**a**``, ``*a*`` and `` `a` `` lose
    their markers; a lone ``*`` (``x * y``) and underscores (``z_log_var``) stay."""
    return _CODE.sub(r"\1", _EMPHASIS.sub(r"\1", _STRONG.sub(r"\1", text)))


def fence(code: str, language: str = "python") -> str:
    """A fenced code block that survives backticks inside the code."""
    ticks = "```"
    while ticks in code:
        ticks += "`"
    return f"{ticks}{language}\n{code.rstrip()}\n{ticks}"


def meta_line(q: Question, lang: str, deck: str | None = None, width: int | None = None) -> str:
    """``Generative Adversarial Networks · medium · bug · often asked (4/5)``: ``deck`` is
    the deck's title (its id when not given; "" leaves the deck out). Given a ``width``
    (cells), a deck title too long for it is cut with "…" so the line fits."""
    rest = [t(f"difficulty.{q.difficulty}", lang), t(f"kind.{q.kind}", lang)]
    if q.frequency:
        rest.append(t(f"frequency.{q.frequency}", lang))
    deck = q.deck if deck is None else deck
    tail = " · ".join(rest)
    if deck and width is not None and cell_len(deck) + 3 + cell_len(tail) > width:
        deck = cut(deck, max(width - 3 - cell_len(tail), 8))
    return " · ".join([deck, tail] if deck else [tail])


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: cut with "…" when longer."""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        used += cell_len(char)
        if used > width - 1:
            break
        out.append(char)
    return "".join(out).rstrip() + "…"


def question_title(q: Question, lang: str, width: int = 60) -> str:
    """A question named in one line of at most ``width`` cells: its prompt as plain text,
    cut with "…" (toasts and lists name questions by this, never by their id)."""
    return cut(" ".join(inline_plain(q.prompt.get(lang)).split()), width)


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&=])")


def quote_typed(text: str) -> str:
    """The user's typed answer as a Markdown block quote that draws it as typed: every
    line break kept (hard breaks; a blank line stays, as a no-break space), leading
    spaces kept, and nothing read as Markdown (``*``, ``#``, ``1.``, ``[x]`` are escaped)."""
    lines = []
    for line in text.strip("\n").splitlines():
        body = _MARKDOWN_PUNCTUATION.sub(r"\\\1", line.rstrip())
        indent = len(body) - len(body.lstrip(" "))
        lines.append(("\u00a0" * indent + body.lstrip(" ")) or "\u00a0")
    return "\\\n".join("> " + line for line in lines)


def prompt_markdown(q: Question, lang: str) -> str:
    """What the user sees before revealing: the prompt, and the snippet of a bug question."""
    out = [q.prompt.get(lang)]
    if q.kind == "bug" and q.code:
        out.append(fence(q.code))
    return "\n\n".join(out)


#: Chinese and Japanese script and punctuation, as (first, last) characters. Compared one
#: character at a time: a regular expression over these ranges takes ~5 ms to compile.
CJK_RANGES = (("\u2e80", "\u2fff"), ("\u3000", "\u303f"), ("\u3040", "\u30ff"), ("\u3400", "\u4dbf"),
              ("\u4e00", "\u9fff"), ("\uf900", "\uffef"))
#: CJK punctuation and full-width forms.
CJK_PUNCT_RANGES = (("\u3000", "\u303f"), ("\uff00", "\uffef"))


def _in(ch: str, ranges: tuple[tuple[str, str], ...]) -> bool:
    return any(first <= ch <= last for first, last in ranges)
_BLOCK_START = re.compile(r"^([-*+]\s|\d+[.)]\s|#|\||>)")
"""A line that starts a Markdown block of its own (a list item, heading, table row, quote): never joined."""


def join_cjk_lines(markdown: str) -> str:
    """Join a paragraph's source lines without a space where both sides are Chinese.

    Markdown turns a line break inside a paragraph into a space, which is right
    between English words and wrong between Chinese characters ("把 噪声 变成图像").
    Code blocks, headings and tables keep their lines.
    """
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and out and _joins_without_space(out[-1].rstrip(), stripped):
            out[-1] = out[-1].rstrip() + stripped
            continue
        out.append(line)
    return "\n".join(out)


def fold_code(markdown: str, width: int) -> str:
    """``markdown`` with each fenced code line longer than ``width`` cells broken at a space or
    after a comma, its continuation indented one level (4 spaces) past the line's own indent:
    Python layout kept (a signature continues inside its parentheses) where a plain wrap would
    start the rest at column 0. Prose and short lines are untouched."""
    from rich.cells import cell_len

    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append(line)
            continue
        if not fenced or cell_len(line) <= width:
            out.append(line)
            continue
        hang = " " * (len(line) - len(line.lstrip()) + 4)
        rest = line
        while cell_len(rest) > width:  # every piece fits the width, the hanging indent included
            head = ""
            for ch in rest:
                if cell_len(head + ch) > width:
                    break
                head += ch
            cut = max(head.rfind(" "), head.rfind(",") + 1 if "," in head else -1)
            if cut <= len(hang):  # no break point: cut at the width
                cut = len(head)
            out.append(rest[:cut].rstrip())
            rest = hang + rest[cut:].lstrip()
        out.append(rest)
    return "\n".join(out)


def _joins_without_space(previous: str, line: str) -> bool:
    """Whether ``line`` continues ``previous``'s paragraph with no space between them: both sides
    Chinese, or full-width punctuation on either side ("学习率 2e-4，" + "β₁ = 0.5" has no space after "，")."""
    if not previous or not line or previous.lstrip().startswith(("#", "|")) or _BLOCK_START.match(line):
        return False
    if previous.lstrip().startswith(("```", "~~~")):
        return False
    first, last = line[0], previous[-1]
    both_cjk = _in(first, CJK_RANGES) and _in(last, CJK_RANGES)
    return both_cjk or _in(last, CJK_PUNCT_RANGES) or _in(first, CJK_PUNCT_RANGES)


def choices_explained_markdown(q: Question, lang: str, picked: set[int] | None = None) -> str:
    """Every option with ✓/✗ and why it is right or wrong; the user's picks marked ▶."""
    lines = []
    for i, choice in enumerate(q.choices):
        mark = "✓" if choice.correct else "✗"
        pick = "▶ " if picked and i in picked else ""
        lines.append(f"- {pick}**{mark} {i + 1}. {choice.text.get(lang)}**  \n  {choice.why.get(lang)}")
    return "\n".join(lines)


def answer_markdown(q: Question, lang: str) -> str:
    """The model answer, then related ids, the exercise link and references."""
    out = [q.answer.get(lang)]
    tail = []
    if q.related:
        tail.append(f"**{t('review.related', lang)}:** " + ", ".join(f"`{r}`" for r in q.related))
    if q.exercise:
        tail.append(t("review.exercise_link", lang, ex=f"`{q.exercise}`"))
    if q.references:
        tail.append(f"**{t('review.references', lang)}:** " + "; ".join(q.references))
    if tail:
        out.append("\n\n".join(tail))
    return "\n\n---\n\n".join(out)


def full_markdown(q: Question, lang: str) -> str:
    """Everything about a question on one page (browse): prompt, options, answer, key points."""
    out = [f"### {q.prompt.get(lang)}", f"*{meta_line(q, lang)}* · `{q.id}`"]
    if q.kind == "bug" and q.code:
        out.append(fence(q.code))
    if q.kind == "choice":
        out.append(f"**{t('browse.choices', lang)}**\n\n" + choices_explained_markdown(q, lang))
    out.append(f"**{t('review.answer', lang)}**\n\n" + answer_markdown(q, lang))
    if q.key_points:  # an imported flashcard may have none
        out.append(f"**{t('review.key_points_done', lang)}**\n\n" + "\n".join(f"{i + 1}. {kp.get(lang)}" for i, kp in enumerate(q.key_points)))
    return "\n\n".join(out)
