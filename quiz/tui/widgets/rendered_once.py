"""RenderedOnce: a Rich renderable that keeps the segments of its last render.

Textual draws a Static's Rich renderable twice per frame with the same width:
once to learn its height (``get_height``) and once for its lines
(``render_strips``). For Markdown with highlighted code or a Rich table that
doubles the cost of a card; wrapped in this, the second render is a copy.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment


class RenderedOnce:
    """A renderable that keeps the segments of its last render, per width.

    Textual renders a Static's content to learn its height and again to draw
    it, with the same width; the second render is a copy of the first.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._key: tuple | None = None
        self._segments: list[Segment] = []

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.min_width, options.justify, options.overflow, options.no_wrap, options.markup, options.highlight)
        if key != self._key:
            self._segments = list(console.render(self.renderable, options.update(height=None)))
            self._key = key
        return self._segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)
