"""Code listings in cards: numbered lines, and long lines folded with a visible mark.

Rich's Markdown draws a fenced block through ``Syntax(word_wrap=True)``: no line
numbers (bug answers cite "line 21"), and a long line wraps at a space onto a
new row at column 0, where it reads as a new, unindented Python line. Here a
listing of two or more lines is numbered, and a line too long for the width is
folded: its continuation rows carry ``↪`` in the number column and keep the
line's indentation (plus two), so the layout of the code stays readable and no
character is lost. A one-line block that fits is drawn exactly as Rich draws it.

:func:`fold` is the pure part (which characters go on which row); it is tested
over every code block of the bank at every width from 40 to 120.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock
from rich.style import Style
from rich.syntax import Syntax
from rich.text import Text

CONTINUED = "↪"
"""The mark in the number column of a folded line's continuation rows."""

BREAK_AFTER = " ,(["
"""A fold prefers to come after one of these (where Python itself lets a line break)."""

HANGING = 2
"""Continuation rows start this many cells right of the line's own indentation."""


def fold(line: str, width: int) -> list[tuple[int, int, int]]:
    """Rows of ``line`` in a column ``width`` cells wide: ``(start, end, indent)`` character
    ranges (every character in exactly one row, in order) and the spaces to put before each.

    The first row holds the line as is; continuation rows are indented by the line's
    own leading spaces plus :data:`HANGING` (at most half the width) and break after
    a space, comma or opening bracket in the second half of the row, else mid-word.
    """
    width = max(width, 2)
    if cell_len(line) <= width:
        return [(0, len(line), 0)]
    lead = len(line) - len(line.lstrip(" "))
    hang = min(lead + HANGING, width // 2)
    rows: list[tuple[int, int, int]] = []
    start, indent = 0, 0
    while start < len(line):
        room, used, end = width - indent, 0, start
        while end < len(line) and used + cell_len(line[end]) <= room:
            used += cell_len(line[end])
            end += 1
        if end == start:  # a character wider than the room: it still gets a row of its own
            end += 1
        elif end < len(line):
            brk = max(line.rfind(char, start, end) for char in BREAK_AFTER)
            if brk >= start + room // 2 and line[start:brk].strip():
                end = brk + 1
        rows.append((start, end, indent))
        start, indent = end, hang
    return rows


class CodeListing:
    """``code`` highlighted with ``theme``; numbered when it has two or more lines."""

    def __init__(self, code: str, lexer: str = "python", theme: str = "monokai") -> None:
        self.code = code.rstrip()
        self.lexer = lexer
        self.theme = theme

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.code.split("\n")
        numbered = len(lines) > 1
        if not numbered and cell_len(lines[0]) <= options.max_width - 2:
            yield Syntax(self.code, self.lexer, theme=self.theme, word_wrap=True, padding=1)  # as Rich's Markdown draws it
            return
        syntax = Syntax(self.code, self.lexer, theme=self.theme)
        background = Syntax.get_theme(self.theme).get_background_style()
        number_style = background + Style(dim=True)
        digits = len(str(len(lines))) if numbered else 0
        gutter = digits + 1 if numbered else 0
        width = options.max_width
        code_width = max(width - 2 - gutter, 2)
        highlighted = syntax.highlight(self.code).split("\n", allow_blank=True)
        blank = Text(" " * width, style=background, end="\n")
        yield blank
        for number, (plain, text) in enumerate(zip(lines, highlighted), start=1):
            for first, (start, end, indent) in ((i == 0, row) for i, row in enumerate(fold(plain, code_width))):
                row = Text(" ", style=background, end="\n", no_wrap=True, overflow="crop")
                if numbered:
                    mark = str(number) if first else CONTINUED
                    row.append(mark.rjust(digits) + " ", number_style)
                elif not first:
                    row.append(CONTINUED, number_style)
                    indent = max(indent - 1, 0)
                row.append(" " * indent)
                row.append_text(text[start:end])
                row.pad_right(width - cell_len(row.plain))
                yield row
        yield blank


class NumberedCodeBlock(CodeBlock):
    """Rich Markdown's fenced and indented code blocks, drawn as :class:`CodeListing`."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield CodeListing(str(self.text), self.lexer_name, self.theme)
