"""A scatter of 2-D samples: the data, yours and the reference's on the same axes.

Fed ``metrics["scatter"]`` of a check report (``{"data": [[x, y], ..], "submission":
[..], "reference": [..]}``, the ``ddpm`` suite). Hidden when there is nothing to draw.
"""

from __future__ import annotations

import math

from textual_plotext import PlotextPlot

from quiz.tui.widgets.loss_charts import plot_label

SIDES = (("data", "gray"), ("reference", "orange"), ("submission", "cyan"))  # drawn in this order: yours on top


def scatter_points(values: object) -> list[tuple[float, float]]:
    """(x, y) pairs from a list of 2-item lists, skipping anything that is not two finite numbers."""
    if not isinstance(values, list):
        return []
    out = []
    for item in values:
        if isinstance(item, (list, tuple)) and len(item) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in item
        ):
            out.append((float(item[0]), float(item[1])))
    return out


class SampleScatter(PlotextPlot):
    """The scatter plot; :meth:`show` draws it and says whether anything was drawn."""

    DEFAULT_CSS = """
    SampleScatter { width: 1fr; height: 22; }
    """

    def show(self, scatter: object, labels: dict[str, str]) -> bool:
        """Draw the sides present; ``labels`` maps data/reference/submission to legend text."""
        drawn = draw_scatter(self.plt, scatter, labels)
        self.display = drawn
        self.refresh()
        return drawn


def draw_scatter(plt: object, scatter: object, labels: dict[str, str]) -> bool:
    """Put the sides of ``scatter`` present on the plotext figure ``plt`` (cleared first); legends
    and title go through :func:`plot_label`, so Chinese text keeps the frame. Whether anything was drawn."""
    sides = [(side, color, scatter_points(scatter.get(side))) for side, color in SIDES] if isinstance(scatter, dict) else []
    sides = [s for s in sides if s[2]]
    plt.clear_data()
    plt.clear_figure()
    if sides:
        plt.title(plot_label(labels.get("title", "")))
        for side, color, points in sides:
            plt.scatter([x for x, _ in points], [y for _, y in points], label=plot_label(labels.get(side, side)), color=color,
                        marker="braille")
    return bool(sides)
