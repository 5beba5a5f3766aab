"""The report of a mock interview: its score, what to review next, every question, what was typed.

The report draws a :class:`quiz.mock.MockRecord` and nothing else: the score and
the review-next picks were computed by the core (:mod:`quiz.mock`) when the
interview ended, and the record was stored (:mod:`quiz.mock_reports`) before the
report first showed, so one reopened from the history looks the same. Question
titles are one line each, cut by display width with an ellipsis
(:class:`RowTable`), and the room of a wide terminal goes to them.

Keys: Enter practises the highlighted review-next question, ``d`` drills all of
them in one practice session, ``h`` lists past reports, Esc goes back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from quiz import mock, mock_reports
from quiz.formats import NONE, clock, percent
from quiz.render import inline_plain
from quiz.store import utcnow
from quiz.tui.screens.base import Localised, LocalisedScreen
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.row_table import Column, RowTable

if TYPE_CHECKING:
    from quiz.tui.screens.review import ReviewScreen


def question_title(screen: Localised, qid: str) -> str:
    """A question's prompt as a one-line title (its Markdown marks and line breaks gone); a
    question no longer in the bank is named by its id."""
    q = screen.ctx.bank.questions.get(qid)
    if q is None:
        return screen.tr("mock.unknown_question", qid=qid)
    return " ".join(inline_plain(q.prompt.get(screen.lang)).split())


def scope_text(screen: Localised, decks: Collection[str] | None) -> str:
    """The decks a mock drew from, by title ("All decks" when it drew from every deck)."""
    if decks is None:
        return screen.tr("home.all_decks")
    titles = screen.ctx.bank.decks
    return " + ".join(titles[d].title.get(screen.lang) if d in titles else d for d in decks)


def finished_at_text(record: mock.MockRecord) -> str:
    """When the interview ended, on the local clock."""
    return f"{record.finished_at.astimezone():%Y-%m-%d %H:%M}"


class MockReportScreen(LocalisedScreen):
    """Shows one mock interview's :class:`~quiz.mock.MockRecord`."""

    CSS_PATH = "mock.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [
        Binding("escape", "close", "key.back"),
        Binding("enter", "open", "key.practise_this"),
        Binding("d", "drill", "key.drill"),
        Binding("h", "history", "key.history"),
    ]
    AUTO_FOCUS = ""  # refresh_view focuses the list without scrolling to it: the top of the page stays in view

    def __init__(self, record: mock.MockRecord) -> None:
        super().__init__()
        self.record = record

    @classmethod
    def finished(cls, review: ReviewScreen, elapsed: float) -> MockReportScreen:
        """The report of the mock ``review`` just ended, its record committed to the store first."""
        typed = dict(review.typed_answers)
        unfinished = None
        if review.unfinished is not None:  # what was typed when the time ran out, unless graded with more since
            unfinished, text = review.unfinished
            typed[unfinished] = typed.get(unfinished) or text
        decks = review.decks if review.decks is not None and not isinstance(review.decks, str) else None
        record = mock.make_record(
            review.queue_ids, review.session.graded if review.session else [], typed, finished_at=utcnow(), elapsed=elapsed,
            decks=sorted(decks) if decks is not None else None,
            minutes=round(review.time_limit / 60) if review.time_limit else None, unfinished=unfinished)
        try:
            record = mock_reports.save(review.ctx.store, record)
        except sqlite3.Error as exc:  # e.g. a full disk: the report still shows, and says it is not kept
            review.app.notify(review.tr("mock.not_saved", error=exc), severity="error", timeout=12)
        return cls(record)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="mock-report", can_focus=False):
            yield Static(id="mock-title", classes="section-title")
            yield Static(id="mock-when")
            yield Static(id="mock-score")
            yield Static(id="mock-unfinished", markup=False)  # the user's own text is not markup
            yield Static(id="mock-next", markup=False)
            yield RowTable(id="mock-next-list")
            yield Static(id="mock-all", classes="section-title")
            table = RowTable(id="mock-table")
            table.can_focus = False  # read-only: the review-next list holds the cursor
            yield table
            yield Static(id="mock-typed", markup=False)
        yield KeyBar()

    @property
    def picks(self) -> list[str]:
        """The review-next question ids."""
        return list(self.record.review_next)

    def refresh_view(self) -> None:
        record = self.record
        result = record.score
        self.query_one("#mock-title", Static).update(self.tr("mock.report"))
        when = [self.tr("mock.when", date=finished_at_text(record), scope=scope_text(self, record.decks), n=result.asked)]
        if record.minutes:
            when.append(self.tr("mock.allowed", m=record.minutes))
        self.query_one("#mock-when", Static).update(" · ".join(when))
        self.query_one("#mock-score", Static).update(self.tr(
            "mock.score", pct=round(result.coverage * 100), good=result.answered_well, n=result.asked, time=clock(record.elapsed)))
        self._draw_unfinished()
        picks = self.picks
        self.query_one("#mock-next", Static).update(self.tr("mock.weakest", n=len(picks)) if picks else self.tr("mock.nothing_next"))
        next_list = self.query_one("#mock-next-list", RowTable)
        next_list.set_rows([Column(self.tr("mock.col.question")), Column(self.tr("mock.col.result"))],
                           [(qid, (question_title(self, qid), self._result(qid))) for qid in picks])
        next_list.display = bool(picks)
        if picks:  # the cursor is there; the report stays scrolled to its top
            self.set_focus(next_list, scroll_visible=False)
        self.query_one("#mock-all", Static).update(self.tr("mock.all_questions"))
        columns = [Column(self.tr("mock.col.question"))] + [
            Column(self.tr(f"mock.col.{key}"), right=True) for key in ("coverage", "grade", "time")]
        rows = []
        for a in record.answers:
            graded = a.rating is not None
            rows.append((a.question_id, (question_title(self, a.question_id),
                                         percent(a.coverage or 0.0) if graded else NONE,
                                         self.tr(f"grade.{a.rating}") if graded else NONE,
                                         clock((a.duration_ms or 0) / 1000) if graded else NONE)))
        self.query_one("#mock-table", RowTable).set_rows(columns, rows)
        self._draw_typed()

    def _result(self, qid: str) -> str:
        """Why a question is listed to review next: its grade and coverage, or that it was not reached."""
        a = self.record.answer(qid)
        if a is None or a.rating is None:
            return self.tr("mock.time_ran_out" if qid == self.record.unfinished else "mock.not_reached")
        return f"{self.tr(f'grade.{a.rating}')} · {percent(a.coverage or 0.0)}"

    def _draw_unfinished(self) -> None:
        box = self.query_one("#mock-unfinished", Static)
        qid = self.record.unfinished
        box.display = qid is not None
        if qid is not None:
            a = self.record.answer(qid)
            typed = a.typed if a is not None else ""
            box.update(self.tr("mock.unfinished", title=question_title(self, qid)) + "\n" + (typed or self.tr("mock.unfinished_empty")))

    def _draw_typed(self) -> None:
        """Every typed answer (but the one cut short by the time-out, shown above), under its question's title."""
        typed = [a for a in self.record.answers if a.typed and a.question_id != self.record.unfinished]
        box = self.query_one("#mock-typed", Static)
        box.display = bool(typed)
        if not typed:
            return
        text = Text()
        text.append(self.tr("mock.your_answers"), style="bold")
        for a in typed:
            text.append("\n\n")
            text.append(question_title(self, a.question_id), style="bold")
            for line in a.typed.splitlines():
                text.append("\n│ ", style="dim")
                text.append(line)
        box.update(text)

    @on(RowTable.Selected, "#mock-next-list")
    def _picked(self, event: RowTable.Selected) -> None:
        self._practise([event.key])

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("open", "drill"):
            return bool(self.picks)
        return True

    def action_open(self) -> None:
        key = self.query_one("#mock-next-list", RowTable).cursor_key
        if key is not None:
            self._practise([key])

    def action_drill(self) -> None:
        """One practice session over every review-next question, in the report's order."""
        self._practise(self.picks)

    def _practise(self, ids: list[str]) -> None:
        """Practise ``ids`` now (schedule untouched); back here afterwards."""
        from quiz.tui.screens.review import ReviewScreen

        ids = [qid for qid in ids if qid in self.ctx.bank.questions]
        if ids:
            self.app.push_screen(ReviewScreen(ids, mode="practice"))

    def action_history(self) -> None:
        """The list of past reports; from a report opened there, back to it."""
        from quiz.tui.screens.mock_history import MockHistoryScreen

        stack = self.app.screen_stack
        if len(stack) > 1 and isinstance(stack[-2], MockHistoryScreen):
            self.dismiss()
        else:
            self.app.push_screen(MockHistoryScreen())

    def action_close(self) -> None:
        self.dismiss()
