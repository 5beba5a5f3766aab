"""Loss curves as charts: one plot per loss, the submission's and the reference's on the same axes.

Fed ``metrics["curves"]`` of a check report (``{"submission": {name: [..]},
"reference": {name: [..]}}``). Plots sit side by side when each gets at least
``MIN_PLOT_WIDTH`` cells, stacked otherwise.
"""

from __future__ import annotations

import math

from rich.cells import cell_len
from textual.containers import Container
from textual.events import Resize
from textual_plotext import PlotextPlot

MIN_PLOT_WIDTH = 48
YOU_COLOR, REFERENCE_COLOR = "cyan", "orange"


def curve_names(curves: object) -> list[str]:
    """The loss names with at least one finite value in the submission's or the reference's curves."""
    if not isinstance(curves, dict):
        return []
    names: list[str] = []
    for side in ("submission", "reference"):
        for name, values in (curves.get(side) or {}).items():
            if name not in names and _points(values):
                names.append(name)
    return names


def plot_label(text: str) -> str:
    """``text`` for a plotext legend: plotext gives every character one cell, so a wide
    (Chinese) character overflowed its box by one cell; a zero-width space after each
    makes plotext reserve the second cell the terminal draws."""
    return "".join(ch + "\u200b" if cell_len(ch) == 2 else ch for ch in text)


def whole_ticks(top: float, count: int = 4) -> list[int]:
    """Whole-number ticks from 0 to at least ``top`` (steps, counts and minutes read best as whole numbers)."""
    step = max(1, math.ceil(top / count))
    return list(range(0, step * max(1, math.ceil(top / step)) + 1, step))


def _points(values: object) -> list[tuple[int, float]]:
    """(step, value) pairs of a curve, skipping anything that is not a finite number."""
    if not isinstance(values, list):
        return []
    out = []
    for step, v in enumerate(values, start=1):
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            out.append((step, float(v)))
    return out


class LossCharts(Container):
    """The plots; :meth:`show` draws them."""

    drawn: tuple[str, ...] = ()
    """The losses on show, in order."""

    DEFAULT_CSS = """
    LossCharts { layout: horizontal; height: auto; }
    LossCharts.-stacked { layout: vertical; }
    LossCharts PlotextPlot { width: 1fr; height: 14; }
    """

    async def show(self, curves: object, labels: dict[str, str]) -> list[str]:
        """Draw one plot per loss; ``labels`` has ``you``, ``reference`` and ``step``. Returns the names drawn."""
        names = curve_names(curves)
        plots = list(self.query(PlotextPlot))
        if len(plots) > len(names):
            await self.remove_children(plots[len(names):])
        elif len(plots) < len(names):
            await self.mount_all([PlotextPlot() for _ in range(len(names) - len(plots))])
        self._draw(curves, names, labels)
        self._arrange(self.size.width)
        self.drawn = tuple(names)
        return names

    def _draw(self, curves: dict, names: list[str], labels: dict[str, str]) -> None:
        for plot, name in zip(self.query(PlotextPlot), names):
            plt = plot.plt
            plt.clear_data()
            plt.clear_figure()
            plt.title(name)
            plt.xlabel(plot_label(labels["step"]))
            last = 0
            for side, label, color in (("submission", labels["you"], YOU_COLOR), ("reference", labels["reference"], REFERENCE_COLOR)):
                points = _points((curves.get(side) or {}).get(name))
                if points:
                    plt.plot([x for x, _ in points], [y for _, y in points], label=plot_label(label), color=color, marker="braille")
                    last = max(last, points[-1][0])
            if last:
                plt.xticks([tick for tick in whole_ticks(last) if 1 <= tick <= last] or [1])
            plot.refresh()

    def on_resize(self, event: Resize) -> None:
        self._arrange(event.size.width)

    def _arrange(self, width: int) -> None:
        count = len(self.query(PlotextPlot))
        self.set_class(count > 1 and width < count * MIN_PLOT_WIDTH, "-stacked")
