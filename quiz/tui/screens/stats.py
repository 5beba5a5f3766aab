"""Statistics: per-deck figures, reviews per day as a chart, streak and the coming week's load."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from quiz.formats import percent
from quiz.stats import deck_stats, reviews_per_day, streak, totals
from quiz.store import utcnow
from quiz.study import charts, readiness_lines, today_summary
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.loss_charts import plot_label
from quiz.tui.widgets.stats_charts import StatsCharts


def deck_column_width(room: int, labels: list[str], rows: list[tuple[str, ...]], padding: int = 1) -> int | None:
    """The deck column's width so that the whole table fits ``room`` cells (the titles then
    wrap), or None when it fits as it is. Every other column keeps its natural width;
    the deck column never goes below 8 cells (the table then scrolls, but still shows a word)."""
    widths = [max(cell_len(label), *(cell_len(row[i]) for row in rows)) for i, label in enumerate(labels)]
    others = sum(w + 2 * padding for w in widths[1:])
    if widths[0] + 2 * padding + others <= room:
        return None
    return max(8, room - others - 2 * padding)


class StatsScreen(LocalisedScreen):
    """Progress at a glance."""

    BINDINGS = [Binding("escape", "home", "key.back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Static(id="stats-summary")
            yield DataTable(id="stats-table", zebra_stripes=True, cursor_type="none")
            yield PlotextPlot(id="stats-chart")
            yield StatsCharts(id="stats-charts")
        yield KeyBar()

    def refresh_view(self) -> None:
        ctx = self.ctx
        now = utcnow()
        cards = ctx.store.cards() if ctx.store else {}
        reviews = ctx.store.reviews() if ctx.store else []
        self._fill_table(cards, reviews, now)
        data = charts(ctx.store, ctx.bank, ctx.config, now, cards, reviews) if ctx.store else None
        summary = [self.tr("stats.streak", n=streak((r.reviewed_at for r in reviews), now))]
        if ctx.store is not None:  # the week ahead as home and `quiz stats` count it (quiz.study.today_summary)
            summary.append(today_summary(ctx.store, ctx.bank, ctx.config, now, cards=cards).forecast_text(self.lang, " · "))
        if data is not None:  # readiness and the weakest decks, for the interview day when one is set
            words = readiness_lines(data.readiness, ctx.bank, self.lang, on_the_day=data.target is not None)
            summary.append(" · ".join(text for text in words.values() if text))
        self.query_one("#stats-summary", Static).update("\n".join(summary))
        per_day = reviews_per_day(reviews, now)
        chart = self.query_one("#stats-chart", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(plot_label(self.tr("stats.per_day")))
        plt.bar([d[5:] for d, _ in per_day], [n for _, n in per_day])
        plt.xticks(list(range(1, len(per_day) + 1, 5)), [per_day[i][0][5:] for i in range(0, len(per_day), 5)])
        chart.refresh()
        if data is not None:
            self.query_one(StatsCharts).show(data, ctx.bank, self.lang)

    def _fill_table(self, cards, reviews, now) -> None:
        """Per-deck figures, fitted to the width: at 80 columns the deck titles wrap so that
        Retention, Learned and Mastery stay in view without a sideways scroll."""
        ctx = self.ctx
        table = self.query_one("#stats-table", DataTable)
        labels = [self.tr(key) for key in ("home.col.deck", "home.col.questions", "home.col.new", "home.col.due", "stats.col.reviews",
                                            "stats.col.retention", "stats.col.learned", "home.col.mastery")]
        rows = deck_stats(ctx.bank, cards, reviews, now)
        cells = [(ctx.bank.decks[r.deck].title.get(self.lang) if r.deck else self.tr("stats.total"), str(r.total), str(r.new),
                  str(r.due), str(r.reviews), percent(r.retention), str(r.learned), percent(r.mastery))
                 for r in [*rows, totals(rows, reviews)]]
        room = self._room()
        deck_width = deck_column_width(room, labels, cells, table.cell_padding)
        self._table_room = room
        """The width the table was fitted to (a resize to another refits it)."""
        table.clear(columns=True)
        for i, label in enumerate(labels):
            table.add_column(label, width=deck_width if i == 0 else None)
        for row in cells:
            table.add_row(*row, height=None if deck_width else 1)

    def _room(self) -> int:
        """The table's width: the screen's, less the padding and the vertical scrollbar
        (counted even before it shows: a table of wrapped titles is what brings it)."""
        scroll = self.query_one("#stats")
        return (scroll.size.width or self.app.size.width) - scroll.styles.padding.width - scroll.styles.scrollbar_size_vertical

    def on_resize(self, event: events.Resize) -> None:
        if self.ctx.store is not None and self._room() != getattr(self, "_table_room", None):
            self._fill_table(self.ctx.store.cards(), self.ctx.store.reviews(), utcnow())

    def action_home(self) -> None:
        self.app.switch_mode("home")
