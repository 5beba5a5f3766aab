"""The report at the end of a mock interview: coverage, grades, time, and what to review next.

The score and the review-next picks are the core's (:mod:`quiz.mock`); the
review-next questions are listed by title, and Enter on one practises it.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from quiz import mock
from quiz.formats import clock, percent
from quiz.render import inline_plain
from quiz.session import Graded
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.keybar import KeyBar


def _title(prompt: str, width: int = 48) -> str:
    """A question's prompt on one line, cut to ``width`` characters."""
    prompt = inline_plain(prompt)
    return prompt if len(prompt) <= width else prompt[: width - 1] + "…"


class MockReportScreen(LocalisedScreen):
    """Shows one mock interview's results (``graded``: the session's grades, in order)."""

    BINDINGS = [Binding("escape", "close", "key.back"), Binding("enter", "open", "key.open", show=False)]

    def __init__(self, graded: Sequence[Graded], queue: list[str], elapsed: float, *,
                 unfinished: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.graded = list(graded)
        self.queue_ids = queue
        self.elapsed = elapsed
        self.unfinished = unfinished
        """(question id, typed answer) of the question on screen when time ran out."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="mock-report", can_focus=False):
            yield Static(id="mock-title", classes="section-title")
            yield Static(id="mock-score")
            yield DataTable(id="mock-table", cursor_type="none", zebra_stripes=True)
            yield Static(id="mock-unfinished", markup=False)  # the user's own text is not markup
            yield Static(id="mock-next")
            yield OptionList(id="mock-next-list", markup=False)  # question text is not markup
        yield KeyBar()

    def refresh_view(self) -> None:
        bank, lang = self.ctx.bank, self.lang
        result = mock.score(self.queue_ids, self.graded)
        self.query_one("#mock-title", Static).update(self.tr("mock.report"))
        self.query_one("#mock-score", Static).update(self.tr(
            "mock.score", pct=round(result.coverage * 100), good=result.answered_well, n=result.asked, time=clock(self.elapsed)))
        table = self.query_one("#mock-table", DataTable)
        table.clear(columns=True)
        for key in ("mock.col.question", "mock.col.coverage", "mock.col.grade", "mock.col.time"):
            table.add_column(self.tr(key))
        answered = mock.answers(self.graded)
        for qid in self.queue_ids:
            title = _title(bank.questions[qid].prompt.get(lang))
            g = answered.get(qid)
            if g is None:
                table.add_row(title, "—", "—", "—")
            else:
                table.add_row(title, percent(g.coverage or 0.0), self.tr(f"grade.{g.rating}"), clock(g.duration_ms / 1000))
        unfinished = self.query_one("#mock-unfinished", Static)
        unfinished.display = self.unfinished is not None
        if self.unfinished is not None:
            qid, typed = self.unfinished
            lines = [self.tr("mock.unfinished", title=_title(bank.questions[qid].prompt.get(lang), 70))]
            lines.append(typed if typed else self.tr("mock.unfinished_empty"))
            unfinished.update("\n".join(lines))
        picks = mock.review_next(self.queue_ids, self.graded)
        self.query_one("#mock-next", Static).update(self.tr("mock.weakest") if picks else "")
        options = self.query_one("#mock-next-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(_title(bank.questions[qid].prompt.get(lang), 70), id=qid) for qid in picks])
        options.display = bool(picks)
        if picks:
            options.highlighted = highlighted if highlighted is not None and highlighted < len(picks) else 0
            options.focus()

    @on(OptionList.OptionSelected, "#mock-next-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._practise(event.option.id)

    def action_open(self) -> None:
        options = self.query_one("#mock-next-list", OptionList)
        if options.highlighted is not None and options.option_count:
            self._practise(options.get_option_at_index(options.highlighted).id)

    def _practise(self, qid: str | None) -> None:
        """Practise one question now (schedule untouched); back here afterwards."""
        from quiz.tui.screens.review import ReviewScreen

        if qid:
            self.app.push_screen(ReviewScreen([qid], mode="practice"))

    def action_close(self) -> None:
        self.dismiss()
