"""A scatter of 2-D samples: the data, yours and the reference's on the same axes.

Fed ``metrics["scatter"]`` of a check report (``{"data": [[x, y], ..], "submission":
[..], "reference": [..]}``, the ``ddpm`` suite). Hidden when there is nothing to draw.
"""

from __future__ import annotations

import math

from textual_plotext import PlotextPlot

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
        sides = [(side, color, scatter_points(scatter.get(side))) for side, color in SIDES] if isinstance(scatter, dict) else []
        sides = [s for s in sides if s[2]]
        self.display = bool(sides)
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        if sides:
            plt.title(labels.get("title", ""))
            for side, color, points in sides:
                plt.scatter([x for x, _ in points], [y for _, y in points], label=labels.get(side, side), color=color,
                            marker="braille")
        self.refresh()
        return bool(sides)
