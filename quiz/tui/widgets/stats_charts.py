"""The stats screen's charts: the year's calendar, retention and readiness per deck, the next
30 days' load, minutes per day and readiness over time.

Fed a :class:`quiz.history.ChartData` by :meth:`StatsCharts.show`. The three
plots (plotext) sit in one column, or two side by side from ``WIDE`` cells.
Plotext measures every character as one cell, so each title goes through
:func:`~quiz.tui.widgets.loss_charts.plot_label`, which pads wide (Chinese)
characters; axis labels are dates and numbers.
"""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.events import Resize
from textual_plotext import PlotextPlot

from quiz.bank.model import Bank
from quiz.formats import percent
from quiz.history import ChartData
from quiz.i18n import t
from quiz.tui.widgets.deck_bars import DeckBars
from quiz.tui.widgets.heatmap import Heatmap
from quiz.tui.widgets.loss_charts import plot_label, whole_ticks

WIDE = 150  # cells from which two plots share a row
TICK_EVERY = 7  # a date under every week's bar


class StatsCharts(Vertical):
    """The charts, top to bottom: calendar, per-deck bars, plots."""

    def compose(self) -> ComposeResult:
        yield Heatmap(id="chart-calendar")
        yield DeckBars(id="chart-readiness", classes="deck-bars")
        yield DeckBars(id="chart-retention", classes="deck-bars")
        with Container(id="chart-plots"):
            yield PlotextPlot(id="chart-forecast")
            yield PlotextPlot(id="chart-minutes")
            yield PlotextPlot(id="chart-readiness-days")

    def show(self, data: ChartData, bank: Bank, lang: str) -> None:
        """Draw every chart from ``data`` in ``lang``."""
        cal = data.calendar
        self.query_one(Heatmap).show(cal, {
            "weekdays": t("stats.weekdays", lang).split(","),
            "months": t("stats.months", lang).split(","),
            "less": t("stats.less", lang), "more": t("stats.more", lang),
            "total": t("stats.heatmap_total", lang, n=cal.total, d=cal.active_days),
        })
        title = bank.decks
        target = data.target.isoformat() if data.target else None
        ready = data.readiness
        heading = t("stats.readiness_by_deck", lang) + " · " + (
            t("plan.readiness", lang, pct=percent(ready.overall)) + f" ({target})" if target
            else t("plan.readiness_now", lang, pct=percent(ready.overall)))
        self.query_one("#chart-readiness", DeckBars).show(
            heading, [(title[d].title.get(lang), v) for d, v in ready.by_deck.items() if d in title])
        self.query_one("#chart-retention", DeckBars).show(
            t("stats.retention_by_deck", lang), [(title[d].title.get(lang), v) for d, v in data.retention.items() if d in title])
        ticks = list(range(0, len(data.days), TICK_EVERY))
        past = [d.strftime("%m-%d") for d in data.days]
        coming = [(data.today + timedelta(days=i)).strftime("%m-%d") for i in range(len(data.forecast))]
        self._bars("#chart-forecast", t("stats.forecast30", lang), data.forecast, coming, ticks, "orange")
        self._bars("#chart-minutes", t("stats.minutes", lang), [round(m, 1) for m in data.minutes], past, ticks, "cyan")
        plot = self.query_one("#chart-readiness-days", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(plot_label(t("stats.readiness_history", lang, date=target) if target else t("stats.recall_history", lang)))
        values = [round((v or 0.0) * 100, 1) for v in data.readiness_days]
        plt.plot(list(range(len(values))), values, color="green", marker="braille")
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        plt.xticks(ticks, [past[i] for i in ticks])
        plot.refresh()

    def _bars(self, selector: str, title: str, values: list, labels: list[str], ticks: list[int], color: str) -> None:
        bar_chart(self.query_one(selector, PlotextPlot), title, values, labels, ticks, color)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")


def bar_chart(plot: PlotextPlot, title: str, values: list, labels: list[str], ticks: list[int], color: str | None = None) -> None:
    """Draw ``values`` as bars under ``title``, ``labels`` at the ``ticks`` indices, and a
    y axis of whole numbers (counts and minutes: 0, 2, 4, not 1.3, 2.7)."""
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    plt.title(plot_label(title))
    plt.bar(list(range(len(values))), values, width=0.6, **({"color": color} if color else {}))
    plt.xticks(ticks, [labels[i] for i in ticks])
    steps = whole_ticks(max(values, default=0))
    plt.ylim(0, steps[-1])
    plt.yticks(steps)
    plot.refresh()
