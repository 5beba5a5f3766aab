"""A share per deck as a horizontal bar: retention, readiness.

Deck names are cut to fit by terminal cells (Chinese titles take two per
character) and end in "…" when cut, so the bars start in one column in either
language. A deck with nothing to measure shows "—". :func:`render` is pure.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from quiz.formats import percent
from quiz.tui.widgets.distribution_bars import bar

MAX_LABEL = 34   # cells of deck name at most: the bar gets the rest
MAX_BAR = 50


def colour(value: float) -> str:
    """Green when good (≥ 80 %), yellow when fair (≥ 50 %), red below."""
    return "green" if value >= 0.8 else "yellow" if value >= 0.5 else "red"


def meter(value: float, width: int) -> Text:
    """``value`` (0..1) as a bar over a dim track of ``width`` cells, so 0 % still shows its scale."""
    filled = bar(value, width).rstrip()
    out = Text(filled, style=colour(value))
    out.append("░" * (width - len(filled)), style="grey30")
    return out


def render(title: str, rows: list[tuple[str, float | None]], width: int) -> Text:
    """``title`` then one line per (deck name, share 0..1 or None), in ``width`` cells."""
    out = Text(title, style="bold", no_wrap=True, overflow="ellipsis")
    label_width = min(max((cell_len(name) for name, _ in rows), default=0), MAX_LABEL, max(width // 3, 8))
    bar_width = max(4, min(MAX_BAR, width - label_width - 7))
    for name, value in rows:
        label = Text(name)
        label.truncate(label_width, overflow="ellipsis", pad=True)
        out.append("\n")
        out.append_text(label)
        out.append(" ")
        if value is None:
            out.append(" " * bar_width + "     —")
            continue
        out.append_text(meter(value, bar_width))
        out.append(f" {percent(value):>5}")
    return out


class DeckBars(Widget):
    """One titled block of bars; :meth:`show` replaces it."""

    DEFAULT_CSS = """
    DeckBars { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.heading = ""
        self.rows: list[tuple[str, float | None]] = []

    def show(self, title: str, rows: list[tuple[str, float | None]]) -> None:
        self.heading, self.rows = title, rows
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + len(self.rows)

    def render(self) -> Text:
        return render(self.heading, self.rows, self.size.width)
