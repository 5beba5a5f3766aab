"""The reference solution as a coloured unified diff against the user's code."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from quiz.exercises import workspace
from quiz.exercises.catalog import Exercise
from quiz.tui.screens.base import LocalisedModal


class SolutionScreen(LocalisedModal[None]):
    """Red lines are the user's, green the reference's; escape closes."""

    CSS_PATH = "exercise.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [Binding("escape,q,s", "close", show=False)]

    def __init__(self, exercise: Exercise, code: str) -> None:
        super().__init__()
        self.exercise = exercise
        self.diff = workspace.solution_diff(exercise, code)

    def compose(self) -> ComposeResult:
        with Vertical(id="solution-dialog", classes="dialog"):
            yield Label(classes="dialog-title", id="solution-title")
            yield Static(id="solution-keys")
            with VerticalScroll(id="solution-scroll"):
                yield Static(Syntax(self.diff, "diff", theme="ansi_dark", word_wrap=False) if self.diff else "", id="solution-diff")

    def refresh_view(self) -> None:
        self.query_one("#solution-title", Label).update(self.tr("ex.solution.title"))
        self.query_one("#solution-keys", Static).update(self.tr("ex.solution.keys"))
        if not self.diff:
            self.query_one("#solution-diff", Static).update(self.tr("ex.solution.same"))

    def on_mount(self) -> None:
        self.query_one("#solution-scroll").focus()

    def action_close(self) -> None:
        self.dismiss()
