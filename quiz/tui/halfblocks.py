"""Grey-scale images as terminal text (pure): two pixel rows per character cell.

Each cell is an upper half block "▀" whose foreground is the upper pixel's grey
and whose background is the lower pixel's, so a 28×28 image takes 28 columns by
14 rows (``scale=1``) or, averaged over 2×2 blocks, 14 columns by 7 rows
(``scale=2``). Input is what the checker reports in ``metrics.samples``: lists of
rows of floats in [0, 1]; values outside are clipped and NaN is drawn black.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.color import Color
from rich.style import Style
from rich.text import Text

UPPER_HALF = "▀"

Image = Sequence[Sequence[float]]


def _level(value: object) -> int:
    """A pixel value in [0, 1] as a grey level 0-255 (clipped; NaN and junk are 0)."""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    if math.isnan(v):
        return 0
    return round(min(max(v, 0.0), 1.0) * 255)


def downsample(image: Image, scale: int) -> list[list[float]]:
    """Average ``scale``×``scale`` blocks (a ragged edge averages what is there)."""
    if scale <= 1:
        return [[float(_level(v)) / 255 for v in row] for row in image]
    out = []
    for top in range(0, len(image), scale):
        band = image[top:top + scale]
        width = max((len(r) for r in band), default=0)
        row = []
        for left in range(0, width, scale):
            values = [_level(r[c]) for r in band for c in range(left, min(left + scale, len(r)))]
            row.append(sum(values) / len(values) / 255 if values else 0.0)
        out.append(row)
    return out


def image_lines(image: Image, scale: int = 1) -> list[Text]:
    """The image as lines of half blocks, one :class:`Text` per pair of pixel rows."""
    pixels = downsample(image, scale)
    width = max((len(r) for r in pixels), default=0)
    lines = []
    for top in range(0, len(pixels), 2):
        upper = pixels[top]
        lower = pixels[top + 1] if top + 1 < len(pixels) else [0.0] * width
        line = Text()
        for col in range(width):
            a = _level(upper[col]) if col < len(upper) else 0
            b = _level(lower[col]) if col < len(lower) else 0
            line.append(UPPER_HALF, Style(color=Color.from_rgb(a, a, a), bgcolor=Color.from_rgb(b, b, b)))
        lines.append(line)
    return lines


def cell_size(scale: int, side: int = 28) -> tuple[int, int]:
    """(columns, rows) one ``side``×``side`` image takes at ``scale``."""
    pixels = -(-side // max(scale, 1))
    return pixels, -(-pixels // 2)


def columns_that_fit(width: int, scale: int, gap: int = 1, side: int = 28) -> int:
    """How many images side by side fit in ``width`` cells (at least one)."""
    cols, _ = cell_size(scale, side)
    return max(1, (width + gap) // (cols + gap))


def grid(images: Sequence[Image], columns: int, scale: int = 1, gap: int = 1) -> Text:
    """Images in rows of ``columns``, ``gap`` cells apart, a blank line between rows of images."""
    columns = max(columns, 1)
    blocks = [image_lines(image, scale) for image in images]
    lines: list[Text] = []
    for start in range(0, len(blocks), columns):
        row = blocks[start:start + columns]
        widths = [max((len(line) for line in block), default=0) for block in row]
        if lines:
            lines.append(Text())
        for y in range(max(len(block) for block in row)):
            line = Text()
            for i, block in enumerate(row):
                if i:
                    line.append(" " * gap)
                part = block[y] if y < len(block) else Text()
                line.append_text(part)
                line.append(" " * (widths[i] - len(part)))
            lines.append(line)
    return Text("\n").join(lines)


def valid_images(value: object) -> list[list[list[float]]]:
    """The images in a ``metrics.samples`` value, or [] when it is not a list of 2-D lists."""
    if not isinstance(value, list):
        return []
    images = []
    for image in value:
        if isinstance(image, list) and image and all(isinstance(r, list) for r in image):
            images.append(image)
    return images
