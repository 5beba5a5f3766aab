"""MarkdownText: question and answer Markdown drawn by Rich inside one widget.

Textual's ``Markdown`` widget builds a widget per block (a bullet item is four
widgets: row, bullet, column, paragraph), so revealing a long answer mounted ~90
widgets and laid them out: measured 220 ms median, 620 ms worst, of CPU per
reveal over 20 bank answers at 120×40. Rich renders the same Markdown (lists with
hanging indents, tables, highlighted and wrapped code, quotes, rules) into one
widget in ~10 ms. The cards do not need what the widget tree adds (a table of
contents, link navigation), so the answer, the prompt and the browse detail use
this; the exercise statement keeps Textual's widget.
"""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from rich.markdown import TableElement
from rich.table import Table
from textual.widgets import Static

CODE_THEME = "monokai"


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
    """Rich's Markdown with folding table cells."""

    elements = {**RichMarkdown.elements, "table_open": _FoldingTable}


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
        if source:
            self.show(source)

    def show(self, source: str) -> None:
        """Draw ``source`` (Markdown)."""
        self.source = source
        self.update(CardMarkdown(source, code_theme=CODE_THEME, hyperlinks=False))
