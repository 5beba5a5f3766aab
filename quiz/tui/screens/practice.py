"""Practice setup: pick a deck, tag, difficulty and kind; see how many match; start."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, Select

from quiz.bank.model import DIFFICULTIES, KINDS
from quiz.queue import practice_queue
from quiz.tui.screens.base import LocalisedModal


class PracticeSetup(LocalisedModal[tuple[list[str], bool, set[str] | None] | None]):
    """Returns (queue, update schedule?, decks chosen or None for all) or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "practice.cancel")]

    def __init__(self, deck: str | None = None) -> None:
        super().__init__()
        self.initial_deck = deck

    def compose(self) -> ComposeResult:
        bank = self.ctx.bank
        # Laid out to fit 80×24 with its buttons in view (deck alone on a row: its titles are
        # long; the three short filters share one), and scrollable below that.
        with VerticalScroll(id="practice-dialog", classes="dialog", can_focus=False):
            yield Label(classes="dialog-title", id="p-title")
            yield Label(id="p-deck-label")
            yield Select([], id="p-deck")
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label(id="p-tag-label")
                    yield Select([(tag, tag) for tag in bank.tags], id="p-tag")
                with Vertical():
                    yield Label(id="p-difficulty-label")
                    yield Select([], id="p-difficulty")
                with Vertical():
                    yield Label(id="p-kind-label")
                    yield Select([], id="p-kind")
            yield Checkbox(id="p-schedule")
            with Horizontal(classes="dialog-buttons"):
                yield Label("", id="p-count")
                yield Button(variant="primary", id="p-start")
                yield Button(id="p-cancel")

    def refresh_view(self) -> None:
        bank, lang = self.ctx.bank, self.lang
        self.query_one("#p-title", Label).update(self.tr("practice.title"))
        for name in ("deck", "tag", "difficulty", "kind"):
            self.query_one(f"#p-{name}-label", Label).update(self.tr(f"practice.{name}"))
        options = {
            "#p-deck": [(d.title.get(lang), d.id) for d in bank.decks.values()],
            "#p-difficulty": [(self.tr(f"difficulty.{d}"), d) for d in DIFFICULTIES],
            "#p-kind": [(self.tr(f"kind.{k}"), k) for k in KINDS],
        }
        for selector in ("#p-deck", "#p-tag", "#p-difficulty", "#p-kind"):
            select = self.query_one(selector, Select)
            value = select.value
            if value is Select.NULL and selector == "#p-deck" and self.initial_deck in bank.decks:
                value = self.initial_deck
            with select.prevent(Select.Changed):
                if selector in options:
                    select.set_options(options[selector])
                select.prompt = self.tr("practice.any")
                if value is not Select.NULL:
                    select.value = value
        self.query_one("#p-schedule", Checkbox).label = self.tr("practice.schedule")
        self.query_one("#p-start", Button).label = self.tr("practice.start")
        self.query_one("#p-cancel", Button).label = self.tr("practice.cancel")
        self._update_count()

    def _value(self, widget_id: str) -> set[str] | None:
        value = self.query_one(widget_id, Select).value
        return None if value is Select.NULL else {value}

    def matching(self) -> list:
        return self.ctx.bank.filter(decks=self._value("#p-deck"), tags=self._value("#p-tag"),
                                        difficulties=self._value("#p-difficulty"), kinds=self._value("#p-kind"))

    @on(Select.Changed)
    def _update_count(self) -> None:
        n = len(self.matching())
        self.query_one("#p-count", Label).update(self.tr("practice.count", n=n))
        self.query_one("#p-start", Button).disabled = n == 0

    @on(Button.Pressed, "#p-start")
    def action_start(self) -> None:
        questions = self.matching()
        if not questions:
            return
        queue = practice_queue(questions, limit=self.ctx.config.session_length)
        self.dismiss((queue, self.query_one("#p-schedule", Checkbox).value, self._value("#p-deck")))

    @on(Button.Pressed, "#p-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
