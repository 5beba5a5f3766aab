"""RowTable: a small table with a row cursor, drawn by Rich in one widget.

Textual's ``DataTable`` is built for thousands of rows (virtual scrolling,
cell cursors, sorting); on the home screen it held eleven rows and cost about
60 ms of the start-up CPU (its stylesheet and its line renderer) before the
first frame. RowTable lays its cells out itself (a Rich ``Table`` measures every
cell several times: another ~15 ms), numbers right-aligned, moves a row cursor
with the arrow keys or the mouse, and posts :class:`RowTable.Selected` on
Enter, on a double click or on a click on the row already under the cursor.
Every row is one line (a first column too long for the width ends in an
ellipsis), so a click's ``y`` is its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

GAP = 2  # cells between columns; one more at each edge


@dataclass(frozen=True)
class Column:
    """A column: its label, and ``right`` for numbers."""

    label: str
    right: bool = False


class RowTable(Widget, can_focus=True):
    """Rows of cells keyed by a string; ``cursor`` is the highlighted row's index."""

    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", show=False),
    ]
    COMPONENT_CLASSES = {"row-table--header", "row-table--cursor", "row-table--stripe"}
    DEFAULT_CSS = """
    RowTable {
        height: auto;
        & > .row-table--header {
            text-style: bold;
            color: $text-accent;
        }
        & > .row-table--stripe {
            background: $foreground 4%;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .row-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    cursor: reactive[int] = reactive(0)

    @dataclass
    class Selected(Message):
        """A row was chosen (Enter, double click, or a click on the cursor row)."""

        table: RowTable
        key: str

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._columns: list[Column] = []
        self._rows: list[tuple[str, tuple[str, ...]]] = []

    def set_rows(self, columns: Sequence[Column], rows: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Replace the table; the cursor stays on the same index when it still exists."""
        self._columns = list(columns)
        self._rows = [(key, tuple(cells)) for key, cells in rows]
        self.set_reactive(RowTable.cursor, min(self.cursor, max(len(self._rows) - 1, 0)))
        self.refresh(layout=True)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row (None when the table is empty)."""
        return self._rows[self.cursor][0] if self._rows else None

    def validate_cursor(self, cursor: int) -> int:
        return min(max(cursor, 0), max(len(self._rows) - 1, 0))

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_jump(self, index: int) -> None:
        self.cursor = index % len(self._rows) if self._rows else 0

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        row = event.y - 1  # the header is the first line
        if not 0 <= row < len(self._rows):
            return
        event.stop()
        if event.chain >= 2 or row == self.cursor:
            self.cursor = row
            self.action_select()
        else:
            self.cursor = row

    def _natural_widths(self) -> list[int]:
        cells = [[c.label for c in self._columns]] + [list(cells) for _key, cells in self._rows]
        return [max(cell_len(row[i]) for row in cells) for i in range(len(self._columns))]

    @staticmethod
    def _span(widths: list[int]) -> int:
        """Cells taken by columns of ``widths``: gaps between them, one cell at each edge."""
        return sum(widths) + GAP * max(len(widths) - 1, 0) + 2 if widths else 0

    def get_content_width(self, container, viewport) -> int:
        return self._span(self._natural_widths())

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._rows) + 1 if self._columns else 0

    def _line(self, cells: Sequence[str], widths: list[int]) -> Text:
        line = Text(" ", end="", no_wrap=True)
        for i, (column, cell, width) in enumerate(zip(self._columns, cells, widths, strict=True)):
            if i:
                line.append(" " * GAP)
            text = Text(cell)
            if cell_len(cell) > width:
                text.truncate(width, overflow="ellipsis")
            pad = " " * (width - text.cell_len)
            if column.right:
                line.append(pad)
                line.append_text(text)
            else:
                line.append_text(text)
                line.append(pad)
        line.append(" ")
        return line

    def render(self) -> Text:
        if not self._columns:
            return Text()
        widths = self._natural_widths()
        room = self.content_size.width or self._span(widths)
        spare = room - self._span(widths)
        if spare < 0:  # narrow: the first column gives way
            widths[0] = max(widths[0] + spare, 1)
        elif spare > 0:  # wide: the first column takes the room, so highlights span the row
            widths[0] += spare
        header = self.get_component_rich_style("row-table--header", partial=True)
        stripe = self.get_component_rich_style("row-table--stripe")  # not partial: translucent backgrounds blend with the widget's
        cursor = self.get_component_rich_style("row-table--cursor")
        lines = [self._line([c.label for c in self._columns], widths)]
        lines[0].stylize(header)
        for i, (_key, cells) in enumerate(self._rows):
            line = self._line(cells, widths)
            style = cursor if i == self.cursor else (stripe if i % 2 else Style())
            line.stylize(style)
            lines.append(line)
        return Text("\n", no_wrap=True, end="").join(lines)
