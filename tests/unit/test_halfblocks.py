"""Images → terminal text (quiz.tui.halfblocks): sizes, glyphs, grey levels, bad values."""

from __future__ import annotations

import math

from rich.color import Color

from quiz.tui import halfblocks


def _image(value_at) -> list[list[float]]:
    return [[value_at(y, x) for x in range(28)] for y in range(28)]


def test_one_image_is_28_columns_by_14_rows_of_upper_half_blocks() -> None:
    lines = halfblocks.image_lines(_image(lambda y, x: 0.5))
    assert len(lines) == 14 and all(line.plain == "▀" * 28 for line in lines)


def test_foreground_is_the_upper_pixel_and_background_the_lower() -> None:
    # Row 0 white, row 1 black: the first cell is white over black.
    lines = halfblocks.image_lines(_image(lambda y, x: 1.0 if y % 2 == 0 else 0.0))
    style = lines[0].spans[0].style
    assert style.color == Color.from_rgb(255, 255, 255) and style.bgcolor == Color.from_rgb(0, 0, 0)


def test_values_are_clipped_and_junk_is_black() -> None:
    image = _image(lambda y, x: 0.0)
    image[0][0], image[1][0], image[0][1], image[1][1] = 7.0, -3.0, math.nan, "x"
    lines = halfblocks.image_lines(image)
    first, second = lines[0].spans[0].style, lines[0].spans[1].style
    assert first.color == Color.from_rgb(255, 255, 255) and first.bgcolor == Color.from_rgb(0, 0, 0)
    assert second.color == Color.from_rgb(0, 0, 0) and second.bgcolor == Color.from_rgb(0, 0, 0)


def test_half_scale_averages_two_by_two_blocks() -> None:
    pixels = halfblocks.downsample(_image(lambda y, x: 1.0 if (y + x) % 2 else 0.0), 2)
    assert len(pixels) == 14 and all(len(row) == 14 for row in pixels)
    assert all(abs(v - 0.5) < 0.01 for row in pixels for v in row)
    lines = halfblocks.image_lines(_image(lambda y, x: 0.2), scale=2)
    assert len(lines) == 7 and all(len(line) == 14 for line in lines)


def test_grid_places_images_in_rows_with_gaps() -> None:
    images = [_image(lambda y, x: 0.1 * k) for k in range(5)]
    text = halfblocks.grid(images, columns=3, scale=2, gap=1)
    lines = text.plain.split("\n")
    assert len(lines) == 7 + 1 + 7  # two rows of images and a blank line between
    assert lines[0] == " ".join(["▀" * 14] * 3)
    assert lines[7] == ""
    assert lines[8] == " ".join(["▀" * 14] * 2)


def test_layout_helpers() -> None:
    assert halfblocks.cell_size(1) == (28, 14) and halfblocks.cell_size(2) == (14, 7)
    assert halfblocks.columns_that_fit(80, 2) == 5 and halfblocks.columns_that_fit(10, 1) == 1


def test_valid_images_drops_malformed_entries() -> None:
    good = _image(lambda y, x: 0.0)
    assert halfblocks.valid_images([good, "junk", [], [1, 2], good]) == [good, good]
    assert halfblocks.valid_images(None) == [] and halfblocks.valid_images({"a": 1}) == []
