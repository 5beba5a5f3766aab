"""Practice setup: pick a deck, tag, difficulty and kind; see how many match; start."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Select

from quiz.bank.model import DIFFICULTIES, KINDS
from quiz.i18n import t
from quiz.queue import practice_queue
from quiz.tui.i18n_bindings import localise_bindings


class PracticeSetup(ModalScreen[tuple[list[str], bool] | None]):
    """Returns (queue, update schedule?) or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "practice.cancel")]

    def __init__(self, deck: str | None = None) -> None:
        super().__init__()
        self.initial_deck = deck

    @property
    def lang(self) -> str:
        return self.app.lang

    def compose(self) -> ComposeResult:
        ctx = self.app.ctx
        lang = self.lang
        any_ = t("practice.any", lang)
        with Vertical(id="practice-dialog", classes="dialog"):
            yield Label(t("practice.title", lang), classes="dialog-title")
            yield Label(t("practice.deck", lang))
            yield Select([(d.title.get(lang), d.id) for d in ctx.bank.decks.values()], prompt=any_, id="p-deck",
                         value=self.initial_deck if self.initial_deck in ctx.bank.decks else Select.NULL)
            yield Label(t("practice.tag", lang))
            yield Select([(tag, tag) for tag in ctx.bank.tags], prompt=any_, id="p-tag")
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label(t("practice.difficulty", lang))
                    yield Select([(t(f"difficulty.{d}", lang), d) for d in DIFFICULTIES], prompt=any_, id="p-difficulty")
                with Vertical():
                    yield Label(t("practice.kind", lang))
                    yield Select([(t(f"kind.{k}", lang), k) for k in KINDS], prompt=any_, id="p-kind")
            yield Checkbox(t("practice.schedule", lang), id="p-schedule")
            yield Label("", id="p-count")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("practice.start", lang), variant="primary", id="p-start")
                yield Button(t("practice.cancel", lang), id="p-cancel")

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        self._update_count()

    def _value(self, widget_id: str) -> set[str] | None:
        value = self.query_one(widget_id, Select).value
        return None if value is Select.NULL else {value}

    def matching(self) -> list:
        return self.app.ctx.bank.filter(decks=self._value("#p-deck"), tags=self._value("#p-tag"),
                                        difficulties=self._value("#p-difficulty"), kinds=self._value("#p-kind"))

    @on(Select.Changed)
    def _update_count(self) -> None:
        n = len(self.matching())
        self.query_one("#p-count", Label).update(t("practice.count", self.lang, n=n))
        self.query_one("#p-start", Button).disabled = n == 0

    @on(Button.Pressed, "#p-start")
    def action_start(self) -> None:
        questions = self.matching()
        if not questions:
            return
        queue = practice_queue(questions, limit=self.app.ctx.config.session_length)
        self.dismiss((queue, self.query_one("#p-schedule", Checkbox).value))

    @on(Button.Pressed, "#p-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
