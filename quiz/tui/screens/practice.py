"""Practice setup: pick a deck, a focus (missed, unseen, due soon), tag, difficulty and kind;
see how many match; start."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Select

from quiz.focus import Activity, activity_of, select
from quiz.queue import practice_queue
from quiz.store import utcnow
from quiz.tui.filter_options import deck_options, difficulty_options, focus_options, kind_options, tag_options
from quiz.tui.screens.base import LocalisedModal
from quiz.tui.widgets.tick_box import TickBox

NO_ACTIVITY = Activity(frozenset(), frozenset(), frozenset())
"""Without a progress store nothing was missed or falls due, and everything is unseen."""


class PracticeSetup(LocalisedModal[tuple[list[str], bool, set[str] | None] | None]):
    """Returns (queue, update schedule?, decks chosen or None for all) or None when cancelled."""

    CSS_PATH = "practice.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [Binding("escape", "cancel", "practice.cancel")]

    def __init__(self, deck: str | None = None) -> None:
        super().__init__()
        self.initial_deck = deck
        self.activity = NO_ACTIVITY
        """The user's history as the focus filters see it, read once when the dialog opens."""

    def compose(self) -> ComposeResult:
        # Laid out to fit 80×24 with its buttons in view (deck and focus share the first row,
        # the three short filters the second), and scrollable below that.
        with VerticalScroll(id="practice-dialog", classes="dialog", can_focus=False):
            yield Label(classes="dialog-title", id="p-title")
            with Horizontal(classes="dialog-row"):
                for name in ("deck", "focus"):
                    with Vertical():
                        yield Label(id=f"p-{name}-label")
                        yield Select([], id=f"p-{name}")
            with Horizontal(classes="dialog-row"):
                for name in ("tag", "difficulty", "kind"):
                    with Vertical():
                        yield Label(id=f"p-{name}-label")
                        yield Select([], id=f"p-{name}")
            yield TickBox(id="p-schedule")
            with Horizontal(classes="dialog-buttons"):
                yield Label("", id="p-count")
                yield Button(variant="primary", id="p-start")
                yield Button(id="p-cancel")

    def on_mount(self) -> None:
        store = self.ctx.store
        self.activity = activity_of(store, utcnow()) if store is not None else NO_ACTIVITY
        # the base's on_mount runs next and draws through refresh_view

    def refresh_view(self) -> None:
        bank, lang = self.ctx.bank, self.lang
        self.query_one("#p-title", Label).update(self.tr("practice.title"))
        for name in ("deck", "focus", "tag", "difficulty", "kind"):
            self.query_one(f"#p-{name}-label", Label).update(self.tr(f"practice.{name}"))
        options = {
            "#p-deck": deck_options(bank, lang),
            "#p-focus": focus_options(self.tr),
            "#p-tag": tag_options(bank),
            "#p-difficulty": difficulty_options(self.tr),
            "#p-kind": kind_options(self.tr),
        }
        for selector, choices in options.items():
            select_widget = self.query_one(selector, Select)
            value = select_widget.value
            if value is Select.NULL and selector == "#p-deck" and self.initial_deck in bank.decks:
                value = self.initial_deck
            with select_widget.prevent(Select.Changed):
                select_widget.set_options(choices)
                select_widget.prompt = self.tr("practice.any")
                if value is not Select.NULL:
                    select_widget.value = value
        self.query_one("#p-schedule", TickBox).label = self.tr("practice.schedule")
        self.query_one("#p-start", Button).label = self.tr("practice.start")
        self.query_one("#p-cancel", Button).label = self.tr("practice.cancel")
        self._update_count()

    def _value(self, widget_id: str) -> set[str] | None:
        value = self.query_one(widget_id, Select).value
        return None if value is Select.NULL else {value}

    def matching(self) -> list:
        questions = self.ctx.bank.filter(decks=self._value("#p-deck"), tags=self._value("#p-tag"),
                                         difficulties=self._value("#p-difficulty"), kinds=self._value("#p-kind"))
        focus = self.query_one("#p-focus", Select).value
        return questions if focus is Select.NULL else select(questions, focus, self.activity)

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
        self.dismiss((queue, self.query_one("#p-schedule", TickBox).value, self._value("#p-deck")))

    @on(Button.Pressed, "#p-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
