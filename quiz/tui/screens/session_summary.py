"""The end of a review, practice or cram session: what was graded, skipped and left, the
time it took, and what falls due next (the figures are :mod:`quiz.summary`'s).

A dialog over the finished session: Enter or Esc goes back to where the session
was started; ``r`` resumes a session left early (the cards left are still queued).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from quiz.formats import clock
from quiz.summary import Summary
from quiz.tui.screens.base import LocalisedModal

BAR = 24
"""Cells of the longest grade bar."""

GRADE_COLOURS = {1: "error", 2: "warning", 3: "success", 4: "accent"}
"""The theme colour of each grade's bar (each bar is labelled too: no colour needed to read it)."""


class SessionSummary(LocalisedModal[str]):
    """One session summed up; dismissed with ``"back"`` or ``"resume"``."""

    CSS_PATH = "session_summary.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [
        Binding("enter", "close", "key.back", show=False),
        Binding("escape", "close", "key.back", show=False),
        Binding("r", "resume", "key.resume", show=False),
    ]

    def __init__(self, summary: Summary, mode: str, scheduled: bool) -> None:
        super().__init__()
        self.summary = summary
        self.mode = mode
        self.scheduled = scheduled

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-dialog", classes="dialog"):
            yield Static(id="summary-title", classes="dialog-title")
            yield Static(id="summary-counts")
            yield Static(id="summary-grades")
            yield Static(id="summary-more")
            yield Static(id="summary-keys")

    def refresh_view(self) -> None:
        s = self.summary
        mode = self.tr(f"review.mode.{self.mode}")
        self.query_one("#summary-title", Static).update(self.tr("summary.finished" if s.finished else "summary.early", mode=mode))
        counts = [self.tr("summary.counts", graded=s.graded, left=s.left)]
        if s.again:  # as the session's header counted them: apart from the planned cards
            counts.append(self.tr("review.again", n=s.again))
        counts.append(self.tr("summary.time", time=clock(s.seconds)))
        self.query_one("#summary-counts", Static).update(" · ".join(counts))
        self.query_one("#summary-grades", Static).update(self._grades())
        more = []
        if s.skipped:
            more.append(self.tr("summary.skipped", n=s.skipped))
        if not self.scheduled:
            more.append(self.tr("summary.unchanged"))
        more.append(self.tr("summary.due", today=s.due.today, tomorrow=s.due.tomorrow, week=s.due.week))
        self.query_one("#summary-more", Static).update("\n".join(more))
        if s.finished:
            keys = self.tr("summary.keys")
        elif s.again:  # the same split as the counts line above: "9 left · +1 again", never "10 left"
            keys = self.tr("summary.keys_resume_again", n=s.left, again=s.again)
        else:
            keys = self.tr("summary.keys_resume", n=s.left)
        self.query_one("#summary-keys", Static).update(keys)

    def _grades(self) -> Table:
        """A bar per grade, as long as its share of the largest count, with the count beside it."""
        counts = self.summary.by_grade
        top = max(counts.values()) or 1
        colours = self.app.theme_variables
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        for rating, n in counts.items():
            bar = Text("█" * round(BAR * n / top), style=colours.get(GRADE_COLOURS[rating], ""))
            grid.add_row(Text(f"{rating} {self.tr(f'grade.{rating}')}"), bar, Text(str(n)))
        return grid

    def action_close(self) -> None:
        self.dismiss("back")

    def action_resume(self) -> None:
        if not self.summary.finished:
            self.dismiss("resume")
