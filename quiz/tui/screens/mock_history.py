"""Past mock interviews: one row each, newest first; Enter reopens a report as it was.

Opened from the mock setup dialog (its Past reports button, or ``h``) and from
a report (``h``). The records come from the store through
:func:`quiz.mock_reports.history`; a stored report that cannot be read is
counted and named, never dropped.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from quiz import mock, mock_reports
from quiz.formats import clock, percent
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.screens.mock_report import MockReportScreen, finished_at_text, scope_text
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.row_table import Column, RowTable

COLUMNS = ("topics", "when", "asked", "coverage", "well", "time")


class MockHistoryScreen(LocalisedScreen):
    """Every stored mock interview; Enter opens its report."""

    CSS_PATH = "mock.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [Binding("escape", "close", "key.back"), Binding("enter", "open", "key.open")]
    AUTO_FOCUS = ""  # refresh_view focuses the list without scrolling to it: the top of the page stays in view

    def __init__(self) -> None:
        super().__init__()
        self.records: list[mock.MockRecord] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="mock-history", can_focus=False):
            yield Static(id="mh-title", classes="section-title")
            yield Static(id="mh-hint")
            yield RowTable(id="mh-list")
            yield Static(id="mh-damaged")
        yield KeyBar()

    def refresh_view(self) -> None:
        self.records, damaged = mock_reports.history(self.ctx.store)
        self.query_one("#mh-title", Static).update(self.tr("mock.history.title"))
        self.query_one("#mh-hint", Static).update(self.tr("mock.history.hint") if self.records else self.tr("mock.history.none"))
        table = self.query_one("#mh-list", RowTable)
        columns = [Column(self.tr("mock.col.topics")), Column(self.tr("mock.col.when"))]
        columns += [Column(self.tr(f"mock.col.{key}"), right=True) for key in COLUMNS[2:]]
        table.set_rows(columns, [(str(i), self._row(r)) for i, r in enumerate(self.records)])
        table.display = bool(self.records)
        if self.records:
            self.set_focus(table, scroll_visible=False)
        note = self.query_one("#mh-damaged", Static)
        note.update(self.tr("mock.history.damaged", n=damaged) if damaged else "")
        note.display = bool(damaged)

    def _row(self, record: mock.MockRecord) -> tuple[str, ...]:
        s = record.score
        return (scope_text(self, record.decks), finished_at_text(record), str(s.asked), percent(s.coverage),
                str(s.answered_well), clock(record.elapsed))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return bool(self.records) if action == "open" else True

    @on(RowTable.Selected, "#mh-list")
    def _picked(self, event: RowTable.Selected) -> None:
        self._open(int(event.key))

    def action_open(self) -> None:
        key = self.query_one("#mh-list", RowTable).cursor_key
        if key is not None:
            self._open(int(key))

    def _open(self, index: int) -> None:
        self.app.push_screen(MockReportScreen(self.records[index]))

    def action_close(self) -> None:
        self.dismiss()
