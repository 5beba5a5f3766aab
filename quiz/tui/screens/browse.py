"""Browse: every question in a searchable, filterable list, with the model answer beside it.

Each row gives the question on one line (cut with … when long) and, under it, its
kind, where it stands in the schedule and its deck. The answer's related questions
are a list of their own: Enter on one opens it here.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from quiz.bank.model import Question
from quiz.focus import due_status
from quiz.render import full_markdown, inline_plain
from quiz.scheduling import format_interval
from quiz.store import utcnow
from quiz.tui.filter_options import deck_options, difficulty_options, kind_options, tag_options
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.markdown_text import MarkdownText


class BrowseScreen(LocalisedScreen):
    """Search over both languages; filters by deck, difficulty, kind and tag."""

    CSS_PATH = "browse.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [
        Binding("escape", "home", "key.back"),
        Binding("ctrl+f", "focus_search", "browse.search", show=False),
        Binding("x", "exercise", "key.exercise", show=False),
        Binding("r", "related", "browse.related_key"),
    ]

    _cards: dict[str, dict] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="browse"):
            with Vertical(id="browse-left"):
                yield Input(id="search")
                with Horizontal(id="browse-filters"):
                    yield Select([], id="f-deck", compact=True)
                    yield Select([], id="f-difficulty", compact=True)
                    yield Select([], id="f-kind", compact=True)
                    yield Select([], id="f-tag", compact=True)
                yield Label(id="browse-count")
                yield OptionList(id="results", markup=False)  # question text is not markup: x[t] must stay
            with VerticalScroll(id="browse-detail"):
                yield MarkdownText(id="detail")
                yield Static(id="browse-related-title", classes="section-title")
                yield OptionList(id="browse-related", markup=False)
        yield KeyBar()

    def refresh_view(self) -> None:
        ctx, lang = self.ctx, self.lang
        self.query_one("#search", Input).placeholder = self.tr("browse.search")
        self._cards = ctx.store.cards() if ctx.store else {}
        """The stored cards, for each row's due status (read when the screen is shown, not per keystroke)."""
        specs = {
            "#f-deck": (self.tr("practice.deck"), deck_options(ctx.bank, lang)),
            "#f-difficulty": (self.tr("practice.difficulty"), difficulty_options(self.tr)),
            "#f-kind": (self.tr("practice.kind"), kind_options(self.tr)),
            "#f-tag": (self.tr("practice.tag"), tag_options(ctx.bank)),
        }
        for selector, (label, options) in specs.items():
            select = self.query_one(selector, Select)
            value = select.value
            with select.prevent(Select.Changed):
                select.set_options(options)
                select.prompt = label  # the filter's name while it is "any"
                if value is not Select.NULL:
                    select.value = value
        self.refresh_results()

    def _filter_value(self, selector: str) -> set[str] | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else {value}

    def matching(self) -> list:
        return self.ctx.bank.filter(
            decks=self._filter_value("#f-deck"), difficulties=self._filter_value("#f-difficulty"),
            kinds=self._filter_value("#f-kind"), tags=self._filter_value("#f-tag"),
            search=self.query_one("#search", Input).value,
        )

    def refresh_results(self) -> None:
        """Re-run the search and filters; keep the highlighted question when it still matches."""
        results = self.query_one("#results", OptionList)
        previous = None
        if results.highlighted is not None and results.option_count:
            previous = results.get_option_at_index(results.highlighted).id
        questions = self.matching()
        lang = self.lang
        results.clear_options()
        now = utcnow()
        results.add_options([Option(self._row(q, now), id=q.id) for q in questions])
        self.query_one("#browse-count", Label).update(self.tr("browse.count", n=len(questions), total=len(self.ctx.bank.questions)))
        if questions:
            ids = [q.id for q in questions]
            results.highlighted = ids.index(previous) if previous in ids else 0
            self.show_detail(ids[results.highlighted])
        else:
            self.query_one("#detail", MarkdownText).show(self.tr("browse.none"))

    def _row(self, q: Question, now) -> Content:
        """Two lines: the question, then kind · due status · deck (dim). The stylesheet keeps
        each on one line, cut with … (the deck, last, is what a narrow pane cuts)."""
        status, left = due_status(self._cards.get(q.id), now)
        when = self.tr(f"browse.status.{status}", when=format_interval(left) if left is not None else "")
        deck = self.ctx.bank.decks[q.deck].title.get(self.lang) if q.deck in self.ctx.bank.decks else q.deck
        meta = " · ".join((self.tr(f"kind.{q.kind}"), when, deck))
        return Content(inline_plain(q.prompt.get(self.lang)).replace("\n", " ")).append("\n").append(Content.styled(meta, "dim"))

    def show_detail(self, qid: str) -> None:
        q = self.ctx.bank.questions[qid]
        self.query_one("#detail", MarkdownText).show(full_markdown(q, self.lang))
        self.query_one("#browse-detail", VerticalScroll).scroll_home(animate=False)
        related = [self.ctx.bank.questions[r] for r in q.related if r in self.ctx.bank.questions]
        title = self.query_one("#browse-related-title", Static)
        title.update(self.tr("browse.related", n=len(related)))
        title.display = bool(related)
        box = self.query_one("#browse-related", OptionList)
        box.clear_options()
        box.add_options([Option(Content(inline_plain(r.prompt.get(self.lang)).replace("\n", " ")), id=r.id) for r in related])
        box.display = bool(related)

    def open_question(self, qid: str) -> None:
        """Show ``qid`` in the list and beside it; the search and filters are cleared when they hide it."""
        results = self.query_one("#results", OptionList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        if qid not in ids:
            search = self.query_one("#search", Input)
            with search.prevent(Input.Changed):
                search.value = ""
            for select in self.query("#browse-filters Select").results(Select):
                with select.prevent(Select.Changed):
                    select.clear()
            self.refresh_results()
            ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        results.highlighted = ids.index(qid)
        self.show_detail(qid)
        results.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self._debounced_refresh()

    @work(exclusive=True, group="browse-search", description="debounce search typing")
    async def _debounced_refresh(self) -> None:
        import asyncio

        await asyncio.sleep(0.12)  # one refresh per burst of typing
        try:
            self.refresh_results()
        except NoMatches:  # the app quit during the wait and took this screen's widgets away first
            pass

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.refresh_results()

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.show_detail(event.option.id)

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a question: practise it now (schedule untouched)."""
        from quiz.tui.screens.review import ReviewScreen

        if event.option.id:
            self.app.push_screen(ReviewScreen([event.option.id], mode="practice"))

    @on(OptionList.OptionSelected, "#browse-related")
    def _related_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a related question: open it here, in the list and beside it."""
        if event.option.id:
            self.open_question(event.option.id)

    def action_related(self) -> None:
        """Move to the answer's related questions (Enter then opens one)."""
        box = self.query_one("#browse-related", OptionList)
        if box.display and box.option_count:
            box.highlighted = box.highlighted or 0
            box.focus()
            box.scroll_visible(animate=False)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_exercise(self) -> None:
        results = self.query_one("#results", OptionList)
        if results.highlighted is None or not results.option_count:
            return
        q = self.ctx.bank.questions[results.get_option_at_index(results.highlighted).id]
        if q.exercise:
            self.app.open_exercise(q.exercise)

    def action_home(self) -> None:
        self.app.switch_mode("home")
