"""Exercises: every coding exercise with its difficulty, your status and best result; Enter opens one."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from quiz.exercises import attempts, availability, catalog, workspace
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.keybar import KeyBar

STATUS_STYLES = {"passing": "green", "failing": "red", "started": "yellow", "not started": "dim", "unavailable": "red"}


class ExercisesScreen(LocalisedScreen):
    """The list; status and best result come from the progress store, as in ``quiz exercise list``."""

    CSS_PATH = "exercise.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [
        Binding("enter", "open", "key.open"),
        Binding("escape", "home", "key.back"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="exercises"):
            yield Static(id="exercises-intro")
            yield DataTable(id="exercise-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def refresh_view(self) -> None:
        self.title = self.tr("exs.title")
        self.query_one("#exercises-intro", Static).update(self.tr("exs.intro"))
        self.refresh_table()

    def refresh_table(self) -> None:
        """Re-read the exercises and the store's summaries."""
        table = self.query_one("#exercise-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        try:
            exercises = catalog.list_exercises()
        except catalog.CatalogError as exc:
            self.notify(self.tr("exs.catalog_error", error=exc), severity="error", timeout=10)
            exercises = []
        summaries = attempts.summaries(self.ctx.store)
        rows = []
        unavailable = availability.unavailable_here(exercises, self.lang)  # asked on every refresh: a later install shows
        blocked = {ex_id for ids in unavailable.values() for ex_id in ids}
        for ex in exercises:
            info = summaries.get(ex.id)
            status = attempts.status_of(info, workspace.has_work(ex))
            if ex.id in blocked:
                status = "unavailable"
            best = attempts.best_text(info)
            rows.append((ex.id, [ex.id, ex.text("title", self.lang), self.tr(f"difficulty.{ex.difficulty}"),
                                 Text(self.tr(f"exs.status.{status}"), style=STATUS_STYLES[status]), best,
                                 str(info.get("attempts", 0)) if info else "0"]))
        # Widths from the content: the table's own auto-width does not follow a full redraw here.
        # The title takes what the other columns leave and wraps (a taller row) rather than
        # pushing the status and the best result off the right edge.
        keys = ("id", "title", "difficulty", "status", "best", "attempts")
        widths = [max([cell_len(self.tr(f"exs.col.{key}"))] + [cell_len(str(cells[i])) for _, cells in rows])
                  for i, key in enumerate(keys)]
        room = (table.size.width or self.app.size.width - 2) - 2 * len(keys) - 2  # cell padding, scrollbar
        widths[1] = max(12, min(widths[1], room - sum(widths) + widths[1]))
        for key, width in zip(keys, widths):
            table.add_column(self.tr(f"exs.col.{key}"), key=key, width=width)
        for key, cells in rows:
            cells[1] = Text(cells[1])
            table.add_row(*cells, key=key, height=None)
        intro = Text(self.tr("exs.intro") if exercises else self.tr("exs.none"))
        for reason, ids in unavailable.items():  # plain Text: a command in the reason is not markup
            intro.append("\n")
            intro.append(self.tr("exs.unavailable", ids=", ".join(ids), reason=reason), style="bold")
        self.query_one("#exercises-intro", Static).update(intro)
        if 0 < cursor < table.row_count:
            table.move_cursor(row=cursor)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.refresh_table()

    @on(DataTable.RowSelected, "#exercise-table")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#exercise-table", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.app.open_exercise(key)  # type: ignore[attr-defined]

    def action_home(self) -> None:
        self.app.switch_mode("home")
