"""The mock interview dialog: topics (every deck by default), how many questions, how many minutes.

Opened from home (``m``). The fields are checked by the core
(:func:`quiz.mock.parse_setup`) as they change: a bad field is named under
them and Start stays off. Start returns the :class:`~quiz.mock.MockSetup`
(home draws the questions and opens the interview); Escape or Cancel returns
None. Past reports opens the history of finished interviews.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from quiz import mock
from quiz.tui.screens.base import LocalisedModal


class MockSetupScreen(LocalisedModal[mock.MockSetup | None]):
    """Returns the chosen :class:`~quiz.mock.MockSetup`, or None when cancelled."""

    CSS_PATH = "mock.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [Binding("escape", "cancel", "mock.setup.cancel"), Binding("a", "toggle_all", show=False)]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # the topic list is shorter on a short terminal
    AUTO_FOCUS = "#mk-start"  # m then Enter starts the usual interview

    def compose(self) -> ComposeResult:
        config = self.ctx.config
        # Fits 80×24 with Start in view (the topic list gives way), and scrolls below that.
        with VerticalScroll(id="mock-dialog", classes="dialog", can_focus=False):
            yield Label(classes="dialog-title", id="mk-title")
            yield Label(id="mk-topics-label")
            yield SelectionList[str](*self._deck_options(set(self.ctx.bank.decks)), id="mk-decks")
            with Horizontal(id="mk-numbers"):
                yield Label(id="mk-questions-label", classes="mk-number-label")
                yield Input(str(config.mock_questions), type="integer", id="mk-questions", max_length=3)
                yield Label(id="mk-minutes-label", classes="mk-number-label")
                yield Input(str(config.mock_minutes), type="integer", id="mk-minutes", max_length=3)
            yield Static(id="mk-summary")
            with Horizontal(classes="dialog-buttons"):
                yield Button(id="mk-history")
                yield Static(classes="mk-spacer")
                yield Button(variant="primary", id="mk-start")
                yield Button(id="mk-cancel")

    def _deck_options(self, ticked: set[str]) -> list[Selection[str]]:
        """Each deck with how many interview questions it holds; one with none cannot be ticked."""
        sizes = mock.pool_sizes(self.ctx.bank)
        return [Selection(f"{sizes[d.id]:>3}  {d.title.get(self.lang)}", d.id, d.id in ticked and sizes[d.id] > 0,
                          disabled=not sizes[d.id]) for d in self.ctx.bank.decks.values()]

    def refresh_view(self) -> None:
        self.query_one("#mk-title", Label).update(self.tr("mock.setup.title"))
        for name in ("topics", "questions", "minutes"):
            self.query_one(f"#mk-{name}-label", Label).update(self.tr(f"mock.setup.{name}"))
        self.query_one("#mk-start", Button).label = self.tr("mock.setup.start")
        self.query_one("#mk-cancel", Button).label = self.tr("mock.setup.cancel")
        from quiz import mock_reports

        past = len(mock_reports.history(self.ctx.store)[0])
        history = self.query_one("#mk-history", Button)
        history.label = self.tr("mock.setup.history", n=past)
        history.disabled = not past
        decks = self.query_one("#mk-decks", SelectionList)
        ticked, highlighted = set(decks.selected), decks.highlighted
        decks.clear_options()
        decks.add_options(self._deck_options(ticked))
        decks.highlighted = highlighted
        self._check()

    def setup(self) -> mock.MockSetup:
        """The setup the fields describe; raises :class:`quiz.mock.SetupError` naming a bad field."""
        return mock.parse_setup(self.query_one("#mk-decks", SelectionList).selected, self.ctx.bank,
                                self.query_one("#mk-questions", Input).value, self.query_one("#mk-minutes", Input).value)

    @on(Input.Changed)
    @on(SelectionList.SelectedChanged)
    def _check(self) -> None:
        """Name a bad field, or say what Start will do; Start is on only for a setup that can start."""
        summary = self.query_one("#mk-summary", Static)
        start = self.query_one("#mk-start", Button)
        try:
            setup = self.setup()
        except mock.SetupError as exc:
            summary.update(Text(exc.text(self.lang), style="bold red"))
            start.disabled = True
            return
        start.disabled = False
        pool = mock.available(self.ctx.bank, setup.decks)
        if setup.decks is None:
            scope = self.tr("mock.setup.all_topics")
        elif len(setup.decks) == 1:
            scope = self.ctx.bank.decks[setup.decks[0]].title.get(self.lang)
        else:
            scope = self.tr("mock.setup.some_topics", k=len(setup.decks))
        text = Text(self.tr("mock.setup.summary", n=min(setup.questions, pool), scope=scope, pool=pool, m=setup.minutes))
        if pool < setup.questions:
            text.append(self.tr("mock.setup.short", n=setup.questions), style="yellow")
        summary.update(text)

    def action_toggle_all(self) -> None:
        """Tick every topic, or none when all are ticked (then tick the few wanted)."""
        decks = self.query_one("#mk-decks", SelectionList)
        usable = [d for d, n in mock.pool_sizes(self.ctx.bank).items() if n]
        if set(decks.selected) >= set(usable):
            decks.deselect_all()
        else:
            decks.select_all()

    @on(Button.Pressed, "#mk-start")
    @on(Input.Submitted)
    def action_start(self) -> None:
        try:
            setup = self.setup()
        except mock.SetupError:
            return  # the summary already names the problem
        self.dismiss(setup)

    @on(Button.Pressed, "#mk-history")
    def _history(self) -> None:
        from quiz.tui.screens.mock_history import MockHistoryScreen

        self.app.push_screen(MockHistoryScreen())  # back here on Esc; the count is redrawn then

    @on(Button.Pressed, "#mk-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
