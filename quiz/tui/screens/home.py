"""Home: every deck with its counts, due cards and mastery, and the ways in.

Built from light widgets only (Statics, a :class:`RowTable`, the KeyBar): it is
the screen every start pays for. The modes are listed with a line each on what
they do; a click on a line, or its key, opens it.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from quiz.formats import percent
from quiz.readiness import readiness
from quiz.stats import deck_stats, totals
from quiz.store import utcnow
from quiz.study import today_queue, today_summary
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.plan_panel import PlanPanel
from quiz.tui.widgets.row_table import Column, RowTable

ALL = "__all__"


class HomeScreen(LocalisedScreen):
    """The first screen: decks and modes."""

    BINDINGS = [
        Binding("r", "review", "key.review"),  # short footer labels: at 80 columns Stats and Quit still fit
        Binding("p", "practice", "home.practice"),
        Binding("b", "browse", "home.browse"),
        Binding("m", "mock", "key.mock"),
        Binding("e", "exercises", "home.exercises"),
        Binding("s", "stats", "home.stats"),
        Binding("i", "plan", "key.plan"),
        Binding("c", "cram", "home.cram"),
        Binding("q", "app.quit", "key.quit"),
    ]
    VERTICAL_BREAKPOINTS = PlanPanel.BREAKPOINTS  # the plan panel is compact on a short terminal
    MODE_KEYS = [(b.action, b.key) for b in BINDINGS if not b.action.startswith("app.")]
    """The modes listed on the screen, in order, with their keys (from the bindings)."""

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        with VerticalScroll(id="home", can_focus=False):  # scrolls on a short terminal; the deck table keeps the focus
            yield Static(id="summary")
            with Horizontal(id="home-columns"):  # one column below 140 cells, two from there (app.tcss)
                with Vertical(id="home-main"):
                    yield PlanPanel(id="plan-panel")
                    yield RowTable(id="decks")
                    yield Static(id="deck-hint")
                with Vertical(id="home-side"):
                    yield Static(id="home-modes-title", classes="section-title")
                    yield Static(id="home-modes")
                    yield Static(id="home-notes")
        yield KeyBar()

    def refresh_view(self) -> None:
        self.title = self.tr("app.title")
        self.query_one("#title-bar", Static).update(self.title)
        self.query_one("#deck-hint", Static).update(self.tr("home.deck_hint"))
        self.query_one("#home-modes", Static).update(self._modes_text())
        self.query_one("#home-modes-title", Static).update(self.tr("home.modes"))
        self.refresh_table()

    def _modes_text(self) -> Text:
        """One line per mode (the stylesheet keeps each on one line): key, name, what it does."""
        names = [self.tr("home." + mode) for mode, _key in self.MODE_KEYS]
        width = max(cell_len(name) for name in names)
        lines = []
        for (mode, key), name in zip(self.MODE_KEYS, names, strict=True):
            line = Text(end="")
            line.append(key, "bold")
            line.append("  ")
            line.append(name + " " * (width - cell_len(name)), "bold")
            line.append("  " + self.tr("home.about." + mode))
            lines.append(line)
        return Text("\n", end="").join(lines)

    def refresh_table(self) -> None:
        """Recount everything from the store: one query for the cards, one for the review times."""
        ctx = self.ctx
        now = utcnow()
        store = ctx.store
        cards = store.cards() if store else {}
        rows = deck_stats(ctx.bank, cards, None, now)  # no review rows: home shows neither counts nor retention
        all_decks = totals(rows)
        # Readiness beside Mastery: the predicted chance of recalling the deck's questions now (the stats
        # screen's "Readiness now") moves within days, while Mastery waits for cards to hold 21 days
        ready = readiness(ctx.bank, cards, ctx.scheduler, now)
        columns = [Column(self.tr("home.col.deck"))] + [Column(self.tr(f"home.col.{key}"), right=True)
                                                       for key in ("questions", "due", "new", "mastery", "readiness")]
        table_rows = []
        for key, r in [(ALL, all_decks), *((r.deck, r) for r in rows)]:
            title = self.tr("home.all_decks") if key == ALL else ctx.bank.decks[r.deck].title.get(self.lang)
            deck_ready = ready.overall if key == ALL else ready.by_deck.get(r.deck)
            table_rows.append((key, (title, str(r.total), str(r.due), str(r.new), percent(r.mastery), percent(deck_ready))))
        self.query_one("#decks", RowTable).set_rows(columns, table_rows)
        panel = self.query_one(PlanPanel)
        panel.refresh_view()
        if store is not None:  # the same counts as `quiz stats` prints (quiz.study.today_summary)
            today = today_summary(store, ctx.bank, ctx.config, now, status=panel.status, cards=cards, rows=rows)
            summary = today.text(self.lang)
        else:
            summary = self.tr("home.summary", due=0, new=0, total=len(ctx.bank.questions), streak=0)
        self.query_one("#summary", Static).update(summary)
        notes = []
        if ctx.bank_errors:
            notes.append(self.tr("home.bank_problems", n=len(ctx.bank_errors)))
        box = self.query_one("#home-notes", Static)
        box.update("\n".join(notes))
        box.display = bool(notes)

    def _selected_decks(self) -> set[str] | None:
        key = self.query_one("#decks", RowTable).cursor_key
        return None if key in (None, ALL) else {key}

    @on(events.Click, "#home-modes")
    async def _mode_clicked(self, event: events.Click) -> None:
        if 0 <= event.y < len(self.MODE_KEYS):
            await self.run_action(self.MODE_KEYS[event.y][0])

    @on(RowTable.Selected, "#decks")
    def _row_selected(self) -> None:
        """Enter on a deck is the one way to review a single deck (the hint says so)."""
        self.review(self._selected_decks())

    def action_review(self) -> None:
        """``r`` reviews every deck: the cursor only chooses a deck for Enter and practice,
        it never narrows a session silently."""
        self.review(None)

    def review(self, decks: set[str] | None) -> None:
        """Start a review of ``decks`` (None: all decks)."""
        from quiz.tui.screens.review import ReviewScreen

        ctx = self.ctx
        if ctx.store is None:
            return
        queue = today_queue(ctx.store, ctx.bank, ctx.config, utcnow(), decks)  # the plan's new cards, if any
        if not queue:
            self.notify(self.tr("home.nothing_due"), timeout=6)
            return
        self.app.push_screen(ReviewScreen(queue, mode="review", decks=decks))  # home recounts when it comes back

    def action_practice(self) -> None:
        from quiz.tui.screens.practice import PracticeSetup

        decks = self._selected_decks()
        self.app.push_screen(PracticeSetup(deck=next(iter(decks)) if decks else None), self._start_practice)

    def _start_practice(self, result) -> None:
        from quiz.tui.screens.review import ReviewScreen

        if result:
            queue, schedule, decks = result
            self.app.push_screen(ReviewScreen(queue, mode="practice", schedule=schedule, decks=decks))  # home recounts when it comes back

    def action_mock(self) -> None:
        """The mock setup dialog: every deck ticked by default ("across topics": never the cursor's deck)."""
        from quiz.tui.screens.mock_setup import MockSetupScreen

        self.app.push_screen(MockSetupScreen(), self._start_mock)

    def _start_mock(self, setup) -> None:
        from quiz.mock import draw
        from quiz.tui.screens.review import ReviewScreen

        queue = draw(self.ctx.bank, setup) if setup is not None else []
        if queue:  # no intro toast: the dialog has just said what it will ask, and a toast would cover the grade bar
            self.app.push_screen(ReviewScreen(queue, mode="mock", time_limit=setup.minutes * 60, decks=setup.decks))  # home recounts when it comes back

    def action_plan(self) -> None:
        from quiz.tui.screens.plan_setup import PlanSetup

        if self.ctx.store is not None:
            self.app.push_screen(PlanSetup())  # home redraws the panel when it comes back

    def action_cram(self) -> None:
        from quiz.study import cram
        from quiz.tui.screens.review import ReviewScreen

        queue = cram(self.ctx.store, self.ctx.bank, self.ctx.config, utcnow(), None) if self.ctx.store else []  # all decks, like r and m
        self.notify(self.tr("cram.intro", n=len(queue)) if queue else self.tr("cram.none"), timeout=8)
        if queue:
            self.app.push_screen(ReviewScreen(queue, mode="cram", decks=None))

    def action_browse(self) -> None:
        self.app.switch_mode("browse")

    def action_exercises(self) -> None:
        self.app.switch_mode("exercises")

    def action_stats(self) -> None:
        self.app.switch_mode("stats")

