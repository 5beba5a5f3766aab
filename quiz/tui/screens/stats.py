"""Statistics: per-deck figures, reviews per day as a chart, streak and the coming week's load."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
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
from quiz.tui.widgets.stats_charts import StatsCharts, bar_chart

COLUMNS = ("home.col.deck", "home.col.questions", "home.col.due", "home.col.new", "home.col.mastery",
           "stats.col.reviews", "stats.col.retention", "stats.col.learned")
"""The table's columns: home's first, in home's order, then what only stats shows."""


def column_widths(labels: list[str], rows: list[tuple[str, ...]]) -> list[int]:
    """Each column's natural width: its widest cell or heading."""
    return [max(cell_len(label), *(cell_len(row[i]) for row in rows)) for i, label in enumerate(labels)]


def deck_column_width(room: int, labels: list[str], rows: list[tuple[str, ...]], padding: int = 1) -> int | None:
    """The deck column's width so that the whole table fits ``room`` cells (the titles then
    wrap), or None when it fits as it is. Every other column keeps its natural width;
    the deck column never goes below 8 cells (the table then scrolls, but still shows a word)."""
    widths = column_widths(labels, rows)
    others = sum(w + 2 * padding for w in widths[1:])
    if widths[0] + 2 * padding + others <= room:
        return None
    return max(8, room - others - 2 * padding)


class StatsScreen(LocalisedScreen):
    """Progress at a glance."""

    CSS_PATH = "stats.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [Binding("escape", "home", "key.back")]

    def compose(self) -> ComposeResult:
        yield Static(id="stats-title", classes="title-bar")
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
        self.query_one("#stats-title", Static).update(self.tr("stats.title"))
        summary = [self.tr("stats.streak", n=streak((r.reviewed_at for r in reviews), now)),
                   self._forecast_text(cards, now)]
        if data is not None:  # readiness and the weakest decks, for the interview day when one is set
            words = readiness_lines(data.readiness, ctx.bank, self.lang, on_the_day=data.target is not None)
            summary.append(" · ".join(text for text in words.values() if text))
        self.query_one("#stats-summary", Static).update("\n".join(summary))
        per_day = reviews_per_day(reviews, now)
        bar_chart(self.query_one("#stats-chart", PlotextPlot), self.tr("stats.per_day"), [n for _, n in per_day],
                  [d[5:] for d, _ in per_day], list(range(0, len(per_day), 5)))
        if data is not None:
            self.query_one(StatsCharts).show(data, ctx.bank, self.lang)

    def _forecast_text(self, cards, now) -> str:
        """The next seven days' due counts, each after its day, as home and `quiz stats` count them
        (:func:`quiz.study.today_summary`: the bank's questions only)."""
        if self.ctx.store is None:
            return self.tr("stats.no_data")
        return today_summary(self.ctx.store, self.ctx.bank, self.ctx.config, now, cards=cards).forecast_text(self.lang)

    def _fill_table(self, cards, reviews, now) -> None:
        """Per-deck figures, fitted to the width: at 80 columns the deck titles wrap so that
        Retention, Learned and Mastery stay in view without a sideways scroll."""
        ctx = self.ctx
        table = self.query_one("#stats-table", DataTable)
        labels = [self.tr(key) for key in COLUMNS]
        rows = deck_stats(ctx.bank, cards, reviews, now)
        cells = [(ctx.bank.decks[r.deck].title.get(self.lang) if r.deck else self.tr("stats.total"), str(r.total), str(r.due),
                  str(r.new), percent(r.mastery), str(r.reviews), percent(r.retention), str(r.learned))
                 for r in [*rows, totals(rows, reviews)]]
        room = self._room()
        deck_width = deck_column_width(room, labels, cells, table.cell_padding)
        self._table_room = room
        """The width the table was fitted to (a resize to another refits it)."""
        table.clear(columns=True)
        # Explicit widths: refilled on a resize, auto-width columns kept their headings' width
        # (the deck titles showed as "Extr", "Mini" in a snapshot of the test bank).
        widths = column_widths(labels, cells)
        if deck_width is not None:
            widths[0] = deck_width
        for i, (label, width) in enumerate(zip(labels, widths, strict=True)):  # figures right-aligned, as on home
            table.add_column(Text(label, justify="left" if i == 0 else "right"), width=width)
        for row in cells:
            table.add_row(row[0], *(Text(cell, justify="right") for cell in row[1:]), height=None if deck_width else 1)

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
