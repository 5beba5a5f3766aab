"""Token distributions as horizontal bars: the expected one beside the submission's.

Fed ``metrics["distributions"]`` of a check report (the sampling suite): a list of
``{"title", "tokens", "expected", "yours"}`` with one probability per token. Each
token gets two bars, expected (orange) over yours (cyan), drawn with eighth blocks
so small differences show; a token whose two values differ by more than 0.01 is
marked ``≠``. :func:`render` is pure (tests and snapshots call it directly).
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

YOU_COLOR, EXPECTED_COLOR = "cyan", "orange1"
EIGHTHS = " ▏▎▍▌▋▊▉"
MAX_TOKENS = 24  # a chart lists at most this many tokens (the most likely ones first in token order)
MAX_BAR_WIDTH = 60  # wider bars only push the numbers away from them


def valid(distributions: object) -> list[dict]:
    """The well-formed charts of a metrics value (anything else is dropped, never an error)."""
    if not isinstance(distributions, list):
        return []
    out = []
    for item in distributions:
        if not isinstance(item, dict):
            continue
        expected, yours = item.get("expected"), item.get("yours")
        if not (isinstance(expected, list) and isinstance(yours, list) and expected and len(expected) == len(yours)):
            continue
        if not all(_number(v) for v in expected + yours):
            continue
        tokens = item.get("tokens")
        if not (isinstance(tokens, list) and len(tokens) == len(expected)):
            tokens = list(range(len(expected)))
        out.append({"title": str(item.get("title", "")), "tokens": tokens,
                    "expected": [float(v) for v in expected], "yours": [float(v) for v in yours]})
    return out


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def bar(value: float, width: int) -> str:
    """A bar of ``value`` (0..1) over ``width`` cells, in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, value)) * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[rest] if rest else "")).ljust(width)


def render(chart: dict, width: int, labels: dict[str, str]) -> Text:
    """One chart: its title, a legend, and two bars per token. ``labels``: ``you``, ``expected``, ``token``."""
    out = Text()
    out.append(chart["title"] + "\n", style="bold")
    out.append("■ ", style=EXPECTED_COLOR)
    out.append(labels["expected"] + "   ")
    out.append("■ ", style=YOU_COLOR)
    out.append(labels["you"] + "\n")
    names = [f"{labels['token']} {t}" for t in chart["tokens"]]
    name_width = max(len(n) for n in names)
    bar_width = max(8, min(MAX_BAR_WIDTH, width - name_width - 10))
    rows = list(zip(names, chart["expected"], chart["yours"]))[:MAX_TOKENS]
    for name, expected, yours in rows:
        differs = abs(expected - yours) > 0.01
        out.append(f"{name:<{name_width}} ", style="bold red" if differs else "")
        out.append(bar(expected, bar_width), style=EXPECTED_COLOR)
        out.append(f" {expected:5.3f}\n")
        out.append(f"{'≠' if differs else '':<{name_width}} ", style="bold red")
        out.append(bar(yours, bar_width), style=YOU_COLOR)
        out.append(f" {yours:5.3f}\n")
    out.rstrip()
    return out


class DistributionBars(Widget):
    """The charts of the last run, stacked; :meth:`show` replaces them."""

    DEFAULT_CSS = """
    DistributionBars { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.charts: list[dict] = []
        self.labels = {"you": "you", "expected": "expected", "token": "token"}

    def show(self, distributions: object, labels: dict[str, str]) -> list[str]:
        """Draw the charts in ``distributions``; returns their titles."""
        self.charts = valid(distributions)
        self.labels = labels
        self.display = bool(self.charts)
        self.refresh(layout=True)
        return [c["title"] for c in self.charts]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.charts:
            return 1
        return len(self._text(width).wrap(self.app.console, max(1, width)))  # long titles wrap

    def render(self) -> Text:
        return self._text(self.size.width)

    def _text(self, width: int) -> Text:
        return Text("\n\n").join(render(c, max(20, width), self.labels) for c in self.charts)
