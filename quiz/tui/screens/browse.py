"""Browse: every question in a searchable, filterable list, with the model answer beside it."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from quiz.bank.model import DIFFICULTIES, KINDS
from quiz.render import full_markdown, inline_plain
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.markdown_text import MarkdownText


class BrowseScreen(LocalisedScreen):
    """Search over both languages; filters by deck, difficulty, kind and tag."""

    BINDINGS = [
        Binding("escape", "home", "key.back"),
        Binding("ctrl+f", "focus_search", "browse.search", show=False),
        Binding("x", "exercise", "key.exercise", show=False),
    ]

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
        yield KeyBar()

    def refresh_view(self) -> None:
        ctx, lang = self.ctx, self.lang
        self.query_one("#search", Input).placeholder = self.tr("browse.search")
        specs = {
            "#f-deck": (self.tr("practice.deck"), [(d.title.get(lang), d.id) for d in ctx.bank.decks.values()]),
            "#f-difficulty": (self.tr("practice.difficulty"), [(self.tr(f"difficulty.{d}"), d) for d in DIFFICULTIES]),
            "#f-kind": (self.tr("practice.kind"), [(self.tr(f"kind.{k}"), k) for k in KINDS]),
            "#f-tag": (self.tr("practice.tag"), [(tag, tag) for tag in ctx.bank.tags]),
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
        results.add_options([Option(inline_plain(q.prompt.get(lang)), id=q.id) for q in questions])
        self.query_one("#browse-count", Label).update(self.tr("browse.count", n=len(questions), total=len(self.ctx.bank.questions)))
        if questions:
            ids = [q.id for q in questions]
            results.highlighted = ids.index(previous) if previous in ids else 0
            self.show_detail(ids[results.highlighted])
        else:
            self.query_one("#detail", MarkdownText).show(self.tr("browse.none"))

    def show_detail(self, qid: str) -> None:
        q = self.ctx.bank.questions[qid]
        self.query_one("#detail", MarkdownText).show(full_markdown(q, self.lang))
        self.query_one("#browse-detail", VerticalScroll).scroll_home(animate=False)

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self._debounced_refresh()

    @work(exclusive=True, group="browse-search", description="debounce search typing")
    async def _debounced_refresh(self) -> None:
        import asyncio

        await asyncio.sleep(0.12)  # one refresh per burst of typing
        self.refresh_results()

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
