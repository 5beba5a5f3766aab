"""A titled grid of 28×28 grey-scale samples drawn with half blocks (see :mod:`quiz.tui.halfblocks`).

The layout follows the widget's width: full size (28×14 cells per image) when four
fit side by side, otherwise half size (14×7); as many columns as fit.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from quiz.tui import halfblocks

FULL_SIZE_COLUMNS = 4  # draw at full size once this many images fit in a row


class SampleGrid(Widget):
    """Images under a title; ``set_images`` replaces them."""

    DEFAULT_CSS = """
    SampleGrid { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.title = ""
        self.images: list = []

    def set_images(self, title: str, images: list) -> None:
        """Show ``images`` (lists of rows of floats in [0, 1]) under ``title``."""
        self.title = title
        self.images = halfblocks.valid_images(images)
        self.refresh(layout=True)

    def _layout(self, width: int) -> tuple[int, int]:
        """(scale, columns) for a width in cells."""
        full_cols, _ = halfblocks.cell_size(1)
        scale = 1 if width >= FULL_SIZE_COLUMNS * (full_cols + 1) - 1 else 2
        square = max(1, math.ceil(math.sqrt(len(self.images))))  # 16 images: 4×4 when there is room
        return scale, min(halfblocks.columns_that_fit(width, scale), square)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.images:
            return 1
        scale, columns = self._layout(width)
        _, rows = halfblocks.cell_size(scale)
        image_rows = -(-len(self.images) // columns)
        return 1 + image_rows * rows + (image_rows - 1)

    def render(self) -> Text:
        title = Text(self.title, style="bold")
        if not self.images:
            return title
        scale, columns = self._layout(self.size.width)
        return Text("\n").join([title, halfblocks.grid(self.images, columns, scale)])
