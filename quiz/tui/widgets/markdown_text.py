"""MarkdownText: question and answer Markdown drawn by Rich inside one widget.

Textual's ``Markdown`` widget builds a widget per block (a bullet item is four
widgets: row, bullet, column, paragraph), so revealing a long answer mounted ~90
widgets and laid them out: measured 220 ms median, 620 ms worst, of CPU per
reveal over 20 bank answers at 120×40. Rich renders the same Markdown (lists with
hanging indents, tables, highlighted and wrapped code, quotes, rules) into one
widget in ~10 ms. The cards do not need what the widget tree adds (a table of
contents, link navigation), so the answer, the prompt and the browse detail use
this; the exercise statement keeps Textual's widget.

Two costs of Rich's Markdown are trimmed here, both measured on the grade →
next card frame: Rich builds a new ``MarkdownIt`` parser per document (with a
``LinkifyIt`` that compiles its regular expressions again), so the parser is
shared; and Textual renders a Static's renderable twice per frame (once to
measure its height, once for its lines), so :class:`RenderedOnce` keeps the
segments of the last render. :meth:`MarkdownText.prepare` does that render
ahead of time, while the user reads.

Most prompts (359 of 548 in the shipped bank) are plain prose: no character
Markdown gives a meaning to. :func:`card_renderable` draws those as paragraphs
of Text, segment for segment what Rich's Markdown draws (a test checks every
plain text in the bank), so the first card of a session does not wait for
markdown-it and pygments to import.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text
from textual.widgets import Static

from quiz.tui.widgets.rendered_once import RenderedOnce

_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&#|~!=+\t]|^ *-|^ *\d+[.)]|^ {4}| {2}$", re.M)
"""Anything Markdown may read as syntax: inline marks, escapes, entities, HTML,
headings, tables, list items, quotes, rules, setext underlines, indented code,
hard breaks. Deliberately broad: a false alarm only costs the Markdown parser."""


def is_plain(source: str) -> bool:
    """True when ``source`` has nothing Markdown would treat as syntax."""
    return _MARKDOWN_SYNTAX.search(source) is None


class PlainParagraphs:
    """Plain prose drawn as Rich's Markdown draws it: paragraphs split at blank
    lines, line breaks inside one joined by a space, a blank line between."""

    def __init__(self, source: str) -> None:
        paragraphs = re.split(r"\n[ \t]*\n", source.strip())
        self.paragraphs = [" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs if p.strip()]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style = console.get_style("markdown.paragraph", default="none")
        for i, paragraph in enumerate(self.paragraphs):
            if i:
                yield Segment.line()
            yield Text(paragraph, style=style, justify="left")


def card_renderable(source: str) -> RenderableType:
    """``source`` ready to draw: plain paragraphs when it is plain, else CardMarkdown."""
    if is_plain(source):
        return PlainParagraphs(source)
    from quiz.tui.widgets.card_markdown import CardMarkdown  # markdown-it and pygments load on the first Markdown text

    return CardMarkdown(source)


class MarkdownText(Static):
    """A Static showing Markdown; ``source`` is the text last shown."""

    DEFAULT_CSS = """
    MarkdownText {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, source: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source = ""
        self._prepared: tuple[str, RenderedOnce] | None = None
        if source:
            self.show(source)

    def show(self, source: str) -> None:
        """Draw ``source`` (Markdown), from the work :meth:`prepare` did if it was for this text."""
        if source == self.source:
            return  # a redraw of the same card (reveal, grade phase): the widget already shows it
        self.source = source
        prepared = self._prepared
        if prepared is not None and prepared[0] == source:
            self._prepared = None
            self.update(prepared[1])
        else:
            self.update(RenderedOnce(card_renderable(source)))

    def prepare(self, source: str) -> None:
        """Parse and render ``source`` now, at this widget's width, for a later :meth:`show`.

        Called while the user is reading (the next card's prompt, this card's
        answer), so the frame that shows it only copies segments. A prepared
        text that is never shown costs nothing but the work done here.
        """
        renderable = RenderedOnce(card_renderable(source))
        width = self.content_size.width
        if width > 0:  # same options as Textual's measure and draw, so the render is reused
            options = self.app.console_options.update_width(width).update(highlight=False)
            renderable.__rich_console__(self.app.console, options)
        self._prepared = (source, renderable)
