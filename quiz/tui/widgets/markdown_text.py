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
"""

from __future__ import annotations

from functools import cache

from rich.markdown import Markdown as RichMarkdown
from rich.markdown import TableElement
from rich.table import Table
from textual.widgets import Static

from quiz.tui.widgets.rendered_once import RenderedOnce

CODE_THEME = "monokai"


@cache
def _parser():
    """The Markdown parser Rich's ``Markdown`` builds for each document, built once."""
    from markdown_it import MarkdownIt

    return MarkdownIt().enable("strikethrough").enable("table")


class _FoldingTable(TableElement):
    """A Markdown table whose cells fold a word too long for the column instead
    of cutting it with an ellipsis (narrow columns at 80 columns lost text)."""

    def __rich_console__(self, console, options):
        for renderable in super().__rich_console__(console, options):
            if isinstance(renderable, Table):
                for column in renderable.columns:
                    column.overflow = "fold"
            yield renderable


class CardMarkdown(RichMarkdown):
    """Rich's Markdown with folding table cells, parsed by the shared parser."""

    elements = {**RichMarkdown.elements, "table_open": _FoldingTable}

    def __init__(self, markup: str, code_theme: str = CODE_THEME, hyperlinks: bool = False) -> None:
        # Rich's __init__ less its per-document parser; a test keeps the attributes in step with Rich's
        self.markup = markup
        self.parsed = _parser().parse(markup)
        self.code_theme = code_theme
        self.justify = None
        self.style = "none"
        self.hyperlinks = hyperlinks
        self.inline_code_lexer = None
        self.inline_code_theme = code_theme


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
            self.update(RenderedOnce(CardMarkdown(source)))

    def prepare(self, source: str) -> None:
        """Parse and render ``source`` now, at this widget's width, for a later :meth:`show`.

        Called while the user is reading (the next card's prompt, this card's
        answer), so the frame that shows it only copies segments. A prepared
        text that is never shown costs nothing but the work done here.
        """
        renderable = RenderedOnce(CardMarkdown(source))
        width = self.content_size.width
        if width > 0:  # same options as Textual's measure and draw, so the render is reused
            options = self.app.console_options.update_width(width).update(highlight=False)
            renderable.__rich_console__(self.app.console, options)
        self._prepared = (source, renderable)
