"""A calendar heatmap of reviews (as GitHub's and Anki's): a column per week, a row per weekday.

Each day is a cell shaded by how many reviews it had; month names run above
the columns and weekday names down the left, both measured in terminal cells
(a Chinese label takes two per character), so the grid lines up in either
language. Days are one cell wide with no gap below ~110 columns, two (a
square and a gap) above; on a narrow screen the oldest weeks drop off the
left. :func:`render` is pure (tests and snapshots call it directly).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from quiz.history import Calendar

SHADES = ("grey23", "#0e4429", "#006d32", "#26a641", "#39d353")  # no review, then busier and busier


def render(cal: Calendar, labels: dict, width: int) -> Text:
    """The heatmap in ``width`` cells. ``labels``: ``weekdays`` (7 strings, blanks allowed),
    ``months`` (12), ``less``, ``more`` and ``total`` (the line under the grid)."""
    label_width = max(cell_len(w) for w in labels["weekdays"]) + 1
    cell = 2 if label_width + 2 * len(cal.weeks) <= width else 1
    shown = max(1, min(len(cal.weeks), (width - label_width) // cell))
    first = len(cal.weeks) - shown
    out = Text(no_wrap=True, overflow="crop")
    out.append(_month_row(cal, labels["months"], first, cell, label_width, width) + "\n", style="dim")
    for day in range(7):
        name = labels["weekdays"][day]
        out.append(name + " " * (label_width - cell_len(name)), style="dim")
        for week in cal.weeks[first:]:
            shade = cal.shade(week[day])
            if shade is None:
                out.append(" " * cell)
            else:
                out.append(" ", style=f"on {SHADES[shade]}")
                out.append(" " * (cell - 1))
        out.append("\n")
    out.append(" " * label_width)
    out.append(labels["total"] + "   ")
    out.append(labels["less"] + " ", style="dim")
    for colour in SHADES:
        out.append(" ", style=f"on {colour}")
        out.append(" ")
    out.append(labels["more"], style="dim")
    return out


def _month_row(cal: Calendar, months: list[str], first: int, cell: int, label_width: int, width: int) -> str:
    """Month names over the week in which each month begins; a name that would run into the
    previous one (or off the edge) is left out."""
    row = " " * label_width
    for col, month in cal.month_starts():
        if col < first:
            continue
        at = label_width + (col - first) * cell
        name = months[month - 1]
        if at < cell_len(row) + (1 if cell_len(row) > label_width else 0) or at + cell_len(name) > width:
            continue
        row += " " * (at - cell_len(row)) + name
    return row


class Heatmap(Widget):
    """The calendar; :meth:`show` replaces it."""

    DEFAULT_CSS = """
    Heatmap { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.calendar: Calendar | None = None
        self.labels: dict = {}

    def show(self, cal: Calendar, labels: dict) -> None:
        self.calendar, self.labels = cal, labels
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 9 if self.calendar is not None else 1  # months, seven days, the legend

    def render(self) -> Text:
        if self.calendar is None:
            return Text("")
        return render(self.calendar, self.labels, self.size.width)
