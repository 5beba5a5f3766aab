"""Home: every deck with its counts, due cards and mastery, and the ways in."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Header, Static

from quiz.queue import due_queue, start_of_day
from quiz.stats import deck_stats, streak
from quiz.store import utcnow
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.keybar import KeyBar

ALL = "__all__"


class HomeScreen(LocalisedScreen):
    """The first screen: decks and modes."""

    BINDINGS = [
        Binding("r", "review", "home.review"),
        Binding("p", "practice", "home.practice"),
        Binding("b", "browse", "home.browse"),
        Binding("m", "mock", "home.mock"),
        Binding("e", "exercises", "home.exercises"),
        Binding("s", "stats", "home.stats"),
        Binding("q", "app.quit", "key.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(id="summary")
            yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="home-actions"):
                for action in ("review", "practice", "browse", "mock", "exercises", "stats"):
                    yield Button("", id=f"go-{action}", classes="home-action", compact=True)
            yield Static(id="home-notes")
        yield KeyBar()

    def apply_language(self) -> None:
        self.title = self.tr("app.title")
        for action in ("review", "practice", "browse", "mock", "exercises", "stats"):
            self.query_one(f"#go-{action}", Button).label = self.tr("home." + action)
        self.refresh_table()

    def refresh_table(self) -> None:
        """Recount everything from the store: one query for the cards, one for the review times."""
        ctx = self.ctx
        table = self.query_one("#decks", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        titles = [self.tr("home.all_decks")] + [d.title.get(self.lang) for d in ctx.bank.decks.values()]
        table.add_column(self.tr("home.col.deck"), key="deck", width=min(max(_cells(x) for x in titles), 44))
        for key in ("questions", "due", "new", "mastery"):
            table.add_column(self.tr(f"home.col.{key}"), key=key)
        now = utcnow()
        store = ctx.store
        cards = store.cards() if store else {}
        rows = deck_stats(ctx.bank, cards, None, now)  # no review rows: home shows neither counts nor retention
        total_due = sum(r.due for r in rows)
        table.add_row(self.tr("home.all_decks"), str(sum(r.total for r in rows)), str(total_due),
                      str(sum(r.new for r in rows)), _pct(sum(r.learned for r in rows), sum(r.total for r in rows)), key=ALL)
        for r in rows:
            title = ctx.bank.decks[r.deck].title.get(self.lang)
            table.add_row(title, str(r.total), str(r.due), str(r.new), _pct(r.learned, r.total), key=r.deck)
        if cursor and cursor < table.row_count:
            table.move_cursor(row=cursor)
        new_today = self._new_allowed(now)
        summary = self.tr("home.summary", due=total_due, new=new_today, total=len(ctx.bank.questions), streak=streak(store.review_times() if store else [], now))
        self.query_one("#summary", Static).update(summary)
        notes = []
        if ctx.bank_errors:
            notes.append(self.tr("home.bank_problems", n=len(ctx.bank_errors)))
        self.query_one("#home-notes", Static).update("\n".join(notes))

    def _new_allowed(self, now) -> int:
        store = self.ctx.store
        done = store.new_cards_since(start_of_day(now)) if store else 0
        return max(self.ctx.config.new_per_day - done, 0)

    def _selected_decks(self) -> set[str] | None:
        table = self.query_one("#decks", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key in (None, ALL) else {key}

    @on(Button.Pressed, ".home-action")
    def _pressed(self, event: Button.Pressed) -> None:
        self.run_action(event.button.id.removeprefix("go-"))

    @on(DataTable.RowSelected, "#decks")
    def _row_selected(self) -> None:
        self.action_review()

    def action_review(self) -> None:
        from quiz.tui.screens.review import ReviewScreen

        ctx = self.ctx
        if ctx.store is None:
            return
        now = utcnow()
        queue = due_queue(ctx.bank, ctx.store.cards(), ctx.store.due_ids(now), new_allowed=self._new_allowed(now),
                          limit=ctx.config.session_length, decks=self._selected_decks())
        if not queue:
            self.notify(self.tr("home.nothing_due"), timeout=6)
            return
        self.app.push_screen(ReviewScreen(queue, mode="review"), lambda _: self.refresh_table())

    def action_practice(self) -> None:
        from quiz.tui.screens.practice import PracticeSetup

        decks = self._selected_decks()
        self.app.push_screen(PracticeSetup(deck=next(iter(decks)) if decks else None), self._start_practice)

    def _start_practice(self, result) -> None:
        from quiz.tui.screens.review import ReviewScreen

        if result:
            queue, schedule = result
            self.app.push_screen(ReviewScreen(queue, mode="practice", schedule=schedule), lambda _: self.refresh_table())

    def action_mock(self) -> None:
        from quiz.queue import mock_queue
        from quiz.tui.screens.review import ReviewScreen

        cfg = self.ctx.config
        queue = mock_queue(self.ctx.bank, count=cfg.mock_questions, decks=self._selected_decks())
        if queue:
            self.notify(self.tr("mock.intro", n=len(queue), m=cfg.mock_minutes), timeout=8)
            self.app.push_screen(ReviewScreen(queue, mode="mock", time_limit=cfg.mock_minutes * 60), lambda _: self.refresh_table())

    def action_browse(self) -> None:
        self.app.switch_mode("browse")

    def action_exercises(self) -> None:
        self.app.switch_mode("exercises")

    def action_stats(self) -> None:
        self.app.switch_mode("stats")



def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _cells(text: str) -> int:
    """Terminal cells taken by ``text`` (CJK counts double)."""
    from rich.cells import cell_len

    return cell_len(text)
