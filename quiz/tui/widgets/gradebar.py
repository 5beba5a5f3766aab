"""The four grade buttons, each with the interval it would schedule; the suggested one stands out.

Drawn by one widget, like the KeyBar: four Textual ``Button`` widgets brought
the Button stylesheet (about 150 rules) into the first review card's frame, and
a restyle of the suggested button on every reveal. The bar looks like four tall
buttons side by side; a click (or the number key, handled by the screen)
chooses a grade, the hovered one lights up.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from quiz.tui.widgets.hover import HoverTracking

RATINGS = (1, 2, 3, 4)
GAP = 1  # cells between two buttons


class GradeBar(HoverTracking, Widget):
    """Buttons ``1 Again · 10m`` … ``4 Easy · 8d``; posts :class:`GradeBar.Chosen`."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"gradebar--button", "gradebar--edge", "gradebar--hover", "gradebar--suggested"}
    DEFAULT_CSS = """
    GradeBar {
        height: 3;
        & > .gradebar--button {
            background: $surface;
            color: $foreground;
        }
        & > .gradebar--edge {
            color: $surface-lighten-1;
            background: $surface;
        }
        & > .gradebar--hover {
            background: $surface-lighten-1;
        }
        & > .gradebar--suggested {
            color: $accent;
            text-style: bold;
        }
    }
    """

    @dataclass
    class Chosen(Message):
        """A grade button was clicked."""

        rating: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.labels: dict[int, str] = {}
        self.suggested: int | None = None

    def set_labels(self, labels: dict[int, str], suggested: int | None) -> None:
        """Label each button and mark the suggested grade."""
        if (labels, suggested) != (self.labels, self.suggested):
            self.labels, self.suggested = dict(labels), suggested
            self.refresh()

    def _spans(self, width: int) -> list[tuple[int, int, int]]:
        """(start, end, rating) of each button across ``width`` cells."""
        each = max((width - GAP * (len(RATINGS) - 1)) // len(RATINGS), 1)
        spans, x = [], 0
        for i, rating in enumerate(RATINGS):
            end = width if i == len(RATINGS) - 1 else x + each
            spans.append((x, end, rating))
            x = end + GAP
        return spans

    def part_at(self, x: int) -> int | None:
        for start, end, rating in self._spans(self.content_size.width):
            if start <= x < end:
                return rating
        return None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if width <= 0 or y > 2:
            return Strip.blank(width)
        button = self.get_component_rich_style("gradebar--button")
        edge = self.get_component_rich_style("gradebar--edge")
        hover = self.get_component_rich_style("gradebar--hover", partial=True)
        suggested = self.get_component_rich_style("gradebar--suggested", partial=True)
        base = self.rich_style
        segments: list[Segment] = []
        x = 0
        for start, end, rating in self._spans(width):
            if start > x:
                segments.append(Segment(" " * (start - x), base))
            face = button + hover if rating == self._hover else button
            marked = rating == self.suggested and end - start > 2
            if marked:  # side bars, as a tall border: the suggestion shows without colour too
                bar = face + Style(color=suggested.color)
                segments.append(Segment("▊", bar))
                start, end = start + 1, end - 1
            cell = end - start
            if y == 1:
                label = self.labels.get(rating, "")
                if cell_len(label) > cell - 2:
                    label = set_cell_size(label, max(cell - 3, 0)) + "…"
                left = (cell - cell_len(label)) // 2
                style = face + Style(bold=True, reverse=rating == self.suggested)
                segments += [Segment(" " * left, face), Segment(label, style), Segment(" " * (cell - left - cell_len(label)), face)]
            else:
                line_style = face + Style(color=edge.color)
                if rating == self.suggested:
                    line_style += Style(color=suggested.color)
                segments.append(Segment(("▔" if y == 0 else "▁") * cell, line_style))
            if marked:
                segments.append(Segment("▎", bar))
                end += 1
            x = end
        if width > x:
            segments.append(Segment(" " * (width - x), base))
        return Strip(segments, width)

    def on_click(self, event: events.Click) -> None:
        rating = self.part_at(event.x)
        if rating is not None and rating in self.labels:
            event.stop()
            self.post_message(self.Chosen(rating))
