"""CardMarkdown: Rich's Markdown with folding table cells, numbered code and one shared parser.

Imported only when a text needs Markdown (see
:func:`quiz.tui.widgets.markdown_text.card_renderable`): ``rich.markdown`` brings
markdown-it and pygments, ~60 ms of import that a plain prompt does not need.
"""

from __future__ import annotations

from functools import cache

from rich.markdown import Markdown as RichMarkdown
from rich.markdown import TableElement
from rich.table import Table

from quiz.tui.widgets.code_listing import NumberedCodeBlock

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
    """Rich's Markdown with folding table cells and numbered code listings that never
    reflow (:mod:`quiz.tui.widgets.code_listing`), parsed by the shared parser."""

    elements = {**RichMarkdown.elements, "table_open": _FoldingTable, "fence": NumberedCodeBlock, "code_block": NumberedCodeBlock}

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
