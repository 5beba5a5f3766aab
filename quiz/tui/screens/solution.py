"""The reference solution as a coloured unified diff against the user's code."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from quiz.exercises import workspace
from quiz.exercises.catalog import Exercise
from quiz.i18n import t


class SolutionScreen(ModalScreen[None]):
    """Red lines are the user's, green the reference's; escape closes."""

    BINDINGS = [Binding("escape,q,s", "close", show=False)]

    def __init__(self, exercise: Exercise, code: str) -> None:
        super().__init__()
        self.exercise = exercise
        self.diff = workspace.solution_diff(exercise, code)

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(id="solution-dialog", classes="dialog"):
            yield Label(t("ex.solution.title", lang), classes="dialog-title")
            yield Static(t("ex.solution.keys", lang), id="solution-keys")
            with VerticalScroll(id="solution-scroll"):
                if self.diff:
                    yield Static(Syntax(self.diff, "diff", theme="ansi_dark", word_wrap=False), id="solution-diff")
                else:
                    yield Static(t("ex.solution.same", lang), id="solution-diff")

    def on_mount(self) -> None:
        self.query_one("#solution-scroll").focus()

    def action_close(self) -> None:
        self.dismiss()
