"""The review loop: prompt → (typed answer, timer) → reveal → tick key points → grade → next.

Phases: ``ask`` (prompt; choice options can be picked), ``tick`` (answer shown;
number keys tick key points), ``grade`` (1-4 or Enter for the suggestion).
Choice questions go from ``ask`` straight to ``grade``, graded by the picks (or
``d``, "I don't know": Again). Every grade is committed by
:class:`quiz.session.ReviewSession` before the next card is drawn; undo brings
the card back as it was graded (revealed, ticks, typed text).

Layout: the prompt and the answer scroll in ``#card``; after a reveal the key
points (what the user grades against) are pinned under it in ``#rubric``, so
both are in view at 80×24. A review, practice or cram session that graded
something ends on its summary (:mod:`quiz.tui.screens.session_summary`).

This module holds the screen's state, layout and keys; its parts are mixins:
drawing the card (``review_card``), the header and hint (``review_header``),
choice cards (``review_choice``), the mock clock (``review_clock``), undo
(``review_undo``) and the end of the session (``review_end``).
"""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from quiz.card_text import PICKED
from quiz.grading import rubric_outcome, suggest_from_coverage
from quiz.scheduling import format_interval
from quiz.session import ReviewSession
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.screens.review_card import CardView
from quiz.tui.screens.review_choice import ChoiceCard
from quiz.tui.screens.review_clock import MockClock
from quiz.tui.screens.review_end import SessionEnd
from quiz.tui.screens.review_header import HeaderView
from quiz.tui.screens.review_undo import UndoCards
from quiz.tui.widgets.checklist import CheckList
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.markdown_text import MarkdownText

if TYPE_CHECKING:
    from textual.widgets import Button

    from quiz.tui.screens.review_undo import _CardState

__all__ = ["PICKED", "SHORT_BELOW", "ReviewScreen"]


SHORT_BELOW = 30
"""Terminal rows under which the grade buttons lose their borders (see ``VERTICAL_BREAKPOINTS``)."""


class ReviewScreen(CardView, HeaderView, ChoiceCard, MockClock, UndoCards, SessionEnd, LocalisedScreen):
    """One session over a queue of question ids (``mode``: review | practice | mock)."""

    BINDINGS = [
        Binding("space", "reveal", "key.reveal"),
        Binding("enter", "enter", "key.submit", show=False),
        Binding("a", "type_answer", "key.type"),
        Binding("u", "undo", "key.undo"),
        Binding("s", "skip", "key.skip"),
        Binding("d", "dont_know", "key.dont_know"),
        Binding("x", "exercise", "key.exercise"),
        Binding("escape", "leave", "key.back"),
        *[Binding(str(n), f"number({n})", show=False) for n in range(1, 10)],
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_BELOW, "-roomy")]
    """Below :data:`SHORT_BELOW` rows the grade bar is one row high (the stylesheet's ``-short``)."""

    monotonic = staticmethod(time.monotonic)
    """The clock behind the timers (tests freeze it for stable snapshots)."""

    def __init__(self, queue: list[str], *, mode: str = "review", schedule: bool | None = None, time_limit: float | None = None,
                 decks: Collection[str] | None | str = PICKED) -> None:
        super().__init__()
        self.queue_ids = queue
        self.mode = mode
        self.decks = decks
        """The session's scope, named in its header: deck ids, None for all decks, or PICKED."""
        self.schedule = schedule
        self.time_limit = time_limit
        self.session: ReviewSession | None = None
        self.phase = "ask"
        self.picked: frozenset[int] = frozenset()
        self.suggested: int | None = None
        self.coverage: float | None = None
        self._shown_at = self.monotonic()
        self._started_at = self.monotonic()
        self._graded_states: list[_CardState] = []  # one per grade the session can undo
        self.typed_answers: dict[str, str] = {}
        """A mock's typed answers by question id, taken as each is graded (its report keeps them)."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-meta")
        with VerticalScroll(id="card"):
            yield MarkdownText(id="prompt")
            yield CheckList(id="choices")
            with Vertical(id="revealed"):
                yield MarkdownText(id="answer")
        with VerticalScroll(id="rubric", can_focus=False):  # pinned under the answer: the key points stay in view
            yield Static(id="kp-title", classes="section-title")
            yield CheckList(id="keypoints")
        yield Static(id="hint")
        yield Horizontal(id="grades")  # the buttons are mounted at the first reveal
        yield KeyBar()

    def on_mount(self) -> None:
        ctx = self.ctx
        self.session = ReviewSession(ctx.store, ctx.scheduler, ctx.bank, self.queue_ids, mode=self.mode, schedule=self.schedule)
        self.set_interval(1.0, self._tick)
        # the base's on_mount runs next and draws the first card through refresh_view

    def refresh_view(self) -> None:
        """The first card on mount (or the end of an empty session); the same card, relabelled, later."""
        self.show_card(keep_state=self._card_drawn)

    # -- phases --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.session is None:
            return True
        if action == "reveal":
            return self.phase == "ask" and self.session.current is not None and self.session.current.kind != "choice"
        if action == "dont_know":
            return self.phase == "ask" and self.session.current is not None and self.session.current.kind == "choice"
        if action == "type_answer":
            return self.phase == "ask" and self.session.current is not None and self.session.current.kind != "choice"
        if action == "undo":
            return self.session.can_undo
        if action == "skip":  # a revealed card is graded, not skipped: the key is not offered then
            return self.phase == "ask"
        if action == "exercise":
            return self.session.current is not None and self.session.current.exercise is not None
        return True

    def action_reveal(self) -> None:
        if self.phase != "ask" or self.session.current is None:
            return
        if self.session.current.kind == "choice":
            self._submit_choice()
            return
        if self.session.current.key_points:
            self.phase = "tick"
            self.coverage = 0.0
            self.suggested = suggest_from_coverage(0.0)
        else:  # an imported card without a rubric: the user grades, nothing is suggested
            self.phase = "grade"
        self.query_one("#keypoints", CheckList).set_items([], frozenset())
        typed = self._typed()
        if typed is not None:
            typed.display = False  # the answer quotes it (line breaks kept): shown once
        self.show_card(keep_state=True, then=self._bring_answer_into_view)
        self.query_one("#card", VerticalScroll).focus()

    def action_enter(self) -> None:
        if self.phase == "ask":
            if self.session.current and self.session.current.kind == "choice":
                self._submit_choice()
            else:
                self.action_reveal()
        elif self.phase == "tick":
            self.phase = "grade"
            self._draw_hint()
            self.query_one("#kp-title", Static).update(self.tr("review.key_points_done"))
            self.query_one("#keypoints", CheckList).locked = True
        elif self.phase == "grade" and self.suggested:
            self.grade(self.suggested)

    def action_number(self, n: int) -> None:
        if self.session is None or self.session.current is None:
            return
        if self.phase == "ask" and self.session.current.kind == "choice":
            self.query_one("#choices", CheckList).toggle(n - 1)
        elif self.phase == "tick":
            keypoints = self.query_one("#keypoints", CheckList)
            keypoints.toggle(n - 1)
            keypoints.show_row(n - 1)  # a long rubric scrolls in its pinned pane: the ticked row comes into view
        elif self.phase == "grade" and 1 <= n <= 4:
            self.grade(n)

    @on(CheckList.Changed, "#keypoints")
    def _keypoints_changed(self, event: CheckList.Changed) -> None:
        q = self.session.current
        if q is None or self.phase != "tick":
            return
        self.coverage, self.suggested = rubric_outcome(self.query_one("#keypoints", CheckList).checked, len(q.key_points))
        self._draw_hint()
        self._draw_grades()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A grade button was clicked (the screen has no other Button)."""
        if event.button.has_class("grade") and self.phase in ("tick", "grade"):
            self.grade(int(event.button.id.removeprefix("grade-")))

    def grade(self, rating: int) -> None:
        """Commit ``rating`` for the current card (before anything else is drawn), then show the next."""
        session = self.session
        q = session.current
        if q is None:
            return
        duration_ms = int((self.monotonic() - self._shown_at) * 1000)
        outcome = session.outcomes[rating]
        state = self._card_state()
        if self.mode == "mock":
            self.typed_answers[q.id] = state.typed  # the box is emptied for each card
        session.grade(rating, duration_ms=duration_ms, coverage=self.coverage)
        self._graded_states.append(state)
        # the confirmation goes on the next card's hint line: a toast per grade costs a mount and covers the card
        self._note = ("saved", rating, format_interval(outcome.interval) if session.schedule else None)
        if self.time_up:  # the last card of a mock that ran out of time
            self._finish()
            return
        self.show_card()

    def action_skip(self) -> None:
        if self.phase != "ask":
            return
        if self.session.skip():
            self._note = ("skipped",)
            self.show_card()
        else:
            self.notify(self.tr("review.skip_last"), timeout=3)

    def action_exercise(self) -> None:
        q = self.session.current
        if q is not None and q.exercise:
            self.app.open_exercise(q.exercise)  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        typed = self._typed()
        if typed is not None and typed.has_focus:
            self.query_one("#card", VerticalScroll).focus()
            return
        self._finish()

