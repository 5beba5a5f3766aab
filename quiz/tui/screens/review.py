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
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.widgets import Static

from quiz.formats import clock
from quiz.grading import AGAIN, choice_coverage, coverage, grade_choice, suggest_from_coverage
from quiz.render import answer_markdown, choices_explained_markdown, meta_line, prompt_markdown, question_title, quote_typed
from quiz.scheduling import RATINGS, format_interval
from quiz.session import ReviewSession
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.checklist import CheckList
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.markdown_text import MarkdownText

if TYPE_CHECKING:
    from textual.widgets import Button, TextArea

    from quiz.bank.model import Question


PICKED = "picked"
"""The ``decks`` of a session over questions picked one by one (from browse, an exercise, a report)."""


SHORT_BELOW = 30
"""Terminal rows under which the grade buttons lose their borders (see ``VERTICAL_BREAKPOINTS``)."""


@dataclass(frozen=True)
class _CardState:
    """How a card stood when it was graded: what undo puts back."""

    phase: str
    picked: frozenset[int]
    ticked: frozenset[int]
    typed: str
    coverage: float | None
    suggested: int | None
    dont_know: bool


class ReviewScreen(LocalisedScreen):
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
        self._note: tuple | None = None  # what the last action did, on the next card's hint: ("saved", rating, interval) | ("skipped",)
        self._graded_states: list[_CardState] = []  # one per grade the session can undo
        self.dont_know = False
        """The choice card on show was answered "I don't know"."""
        self._typed_box: TextArea | None = None
        self._card_drawn = False
        self.time_up = False
        """A mock's time ran out: the card on screen was revealed for a last grade, then the report."""
        self.unfinished: tuple[str, str] | None = None
        """(question id, typed answer) of the card on screen when a mock's time ran out."""
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


    # -- drawing -------------------------------------------------------------

    def refresh_view(self) -> None:
        """The first card on mount (or the end of an empty session); the same card, relabelled, later."""
        self.show_card(keep_state=self._card_drawn)

    def show_card(self, keep_state: bool = False, then: Callable[[], None] | None = None) -> None:
        """Draw the current card (``keep_state``: same card, e.g. after a language switch).

        Everything is updated inside one ``batch_update``, so the card appears in
        a single frame; ``then`` runs once it is laid out (e.g. to scroll to the answer).
        """
        self._card_drawn = True
        with self.app.batch_update():
            self._draw_card(keep_state)
        if then is not None:
            self.call_after_refresh(then)
        if not keep_state:
            self.call_after_refresh(self._prepare_ahead)

    def _update_markdown(self, selector: str, text: str) -> None:
        self.query_one(selector, MarkdownText).show(text)

    def _draw_card(self, keep_state: bool) -> None:
        session = self.session
        q = session.current if session else None
        if q is None:
            self._finish()
            return
        lang = self.lang
        if not keep_state:
            self.phase = "ask"
            self.picked = frozenset()
            self.suggested = None
            self.coverage = None
            self.dont_know = False
            self._shown_at = self.monotonic()
            typed = self._typed()
            if typed is not None:
                typed.text = ""
                typed.display = False
            card = self.query_one("#card", VerticalScroll)
            card.scroll_home(animate=False)
            # Most answers need the scrollbar, most prompts do not: off for the new card's
            # first frame, and the layout turns it back on when the card is long.
            card.show_vertical_scrollbar = False
        self._update_markdown("#prompt", prompt_markdown(q, lang))
        choices = self.query_one("#choices", CheckList)
        choices.display = q.kind == "choice"
        if q.kind == "choice":
            choices.set_items([c.text.get(lang) for c in q.choices], self.picked)
            choices.locked = self.phase != "ask"
            choices.answer_key = q.correct_choices if self.phase != "ask" else None
        revealed = self.phase != "ask"
        self.query_one("#revealed").display = revealed
        self.query_one("#rubric").display = revealed and q.kind != "choice" and bool(q.key_points)
        if revealed:
            self._draw_answer()
        self.query_one("#grades").display = revealed
        self._draw_meta()
        self._draw_hint()
        self.refresh_bindings()

    def _answer_source(self, q: Question) -> str:
        """The Markdown under the prompt once revealed: the typed answer, the
        verdict and every option explained (choice), the model answer."""
        lang = self.lang
        text = answer_markdown(q, lang)
        if q.kind == "choice":
            verdict = self.tr("key.dont_know") if self.dont_know else self.tr("review.choice." + grade_choice(self.picked, q.correct_choices)[1])
            text = f"**{verdict}**\n\n" + choices_explained_markdown(q, lang, set(self.picked)) + "\n\n---\n\n" + text
            if q.key_points:  # nothing to tick on a choice card: the key points are read with the answer
                points = "\n".join(f"{i + 1}. {p.get(lang)}" for i, p in enumerate(q.key_points))
                text += f"\n\n**{self.tr('review.key_points_done')}**\n\n{points}"
        typed = self._typed()
        typed = typed.text.strip() if typed is not None else ""
        mine = f"**{self.tr('review.your_answer')}**\n\n{quote_typed(typed)}\n\n" if typed else ""
        return f"{mine}## {self.tr('review.answer')}\n\n{text}"

    def _prepare_ahead(self) -> None:
        """While the user reads: render this card's answer and the next card's
        prompt, so reveal and grade only copy what is ready. A guess that turns
        out wrong (a typed answer, a requeued card, a language switch) is simply
        drawn the usual way."""
        session = self.session
        q = session.current if session is not None else None
        if q is None or not self.is_attached:
            return
        if self.phase == "ask" and q.kind != "choice":
            self.query_one("#answer", MarkdownText).prepare(self._answer_source(q))
        upcoming = session.upcoming
        if upcoming is not None:
            self.query_one("#prompt", MarkdownText).prepare(prompt_markdown(upcoming, self.lang))

    def _draw_answer(self) -> None:
        q = self.session.current
        lang = self.lang
        self._update_markdown("#answer", self._answer_source(q))
        kp = self.query_one("#keypoints", CheckList)
        kp_title = self.query_one("#kp-title", Static)
        if not q.key_points or q.kind == "choice":  # no rubric (an imported flashcard), or read with the answer (choice)
            kp_title.update("")
            kp.set_items([])
            self._draw_grades()
            return
        else:
            kp_title.update(self.tr("review.key_points", n=len(q.key_points)) if self.phase == "tick" else self.tr("review.key_points_done"))
        ticked = kp.checked if kp.count == len(q.key_points) else frozenset()
        kp.set_items([p.get(lang) for p in q.key_points], ticked)
        kp.locked = q.kind == "choice" or self.phase == "grade"
        self._draw_grades()

    def _draw_grades(self) -> None:
        """Label each grade button with the interval it would schedule; the suggested one
        gets a full border (it shows without colour too).

        The four Buttons are mounted at the first reveal: mounted with the first card,
        their stylesheet was parsed before that card's first frame.
        """
        from textual.widgets import Button

        session = self.session
        bar = self.query_one("#grades", Horizontal)
        buttons = list(bar.query(Button))
        if not buttons:
            buttons = [Button(id=f"grade-{rating}", classes="grade") for rating in RATINGS]
            for button in buttons:
                button.can_focus = False  # the number keys grade; focus stays on the card
            bar.mount_all(buttons)
        for button in buttons:
            rating = int(button.id.removeprefix("grade-"))
            when = format_interval(session.outcomes[rating].interval) if session.schedule else "—"
            mark = "▶ " if rating == self.suggested else ""  # the suggestion, without colour or border too
            button.label = Content(f"{mark}{rating} {self.tr(f'grade.{rating}')} · {when}")  # not markup
            button.set_class(rating == self.suggested, "-suggested")

    def _draw_meta(self) -> None:
        session = self.session
        q = session.current
        if q is None:
            return
        progress = session.progress
        mode = self.tr(f"review.mode.{self.mode}")
        # the count never grows behind the user's back: re-queued cards (learning steps) are counted apart
        parts = [f"[b]{mode} {progress.position}/{progress.planned}[/b]"]
        if progress.again:
            parts.append(self.tr("review.again", n=progress.again))
        parts.append(escape(self.scope_label()))
        if self.time_limit:  # a mock's clock, beside its scope: it stays on the header's first line
            left = self.time_limit - (self.monotonic() - self._started_at)
            parts.append(f"[b]{self.tr('mock.time_left', t=clock(left))}[/b]")
        parts.append(f"⏱ {clock(self.monotonic() - self._shown_at)}")
        if not session.schedule:
            parts.append(self.tr("review.schedule_unchanged"))
        elif self.mode != "review":  # practice with "Also update the review schedule" ticked
            parts.append(self.tr("review.schedule_updated"))
        decks = self.ctx.bank.decks
        one_deck = isinstance(self.decks, (set, frozenset, list, tuple)) and set(self.decks) == {q.deck}
        deck = "" if one_deck else (decks[q.deck].title.get(self.lang) if q.deck in decks else q.deck)  # named once
        about = escape(meta_line(q, self.lang, deck, width=self.app.size.width - 2))
        line = " · ".join(parts)
        # the question's line goes under the session's when both do not fit on one
        joined = f"{line} · {about}" if cell_len(Content.from_markup(line).plain + about) + 5 <= self.app.size.width else f"{line}\n{about}"
        self.query_one("#review-meta", Static).update(joined)

    def scope_label(self) -> str:
        """What this session covers, for its header: "All decks", the chosen decks' titles, or "chosen questions"."""
        if self.decks == PICKED:
            return self.tr("review.scope.picked")
        if self.decks is None:
            return self.tr("home.all_decks")
        decks = self.ctx.bank.decks
        return " + ".join(decks[d].title.get(self.lang) if d in decks else d for d in sorted(self.decks))

    def _draw_hint(self) -> None:
        q = self.session.current
        hint = ""
        if self.phase == "ask":
            if q.kind == "choice":
                hint = self.tr("review.choice_hint", n=len(q.choices))
            elif q.kind == "bug":
                hint = self.tr("review.bug_hint")
                reveal = f" · space ▶ {self.tr('review.reveal')}"
                if cell_len(hint + reveal) <= self.app.size.width - 2:  # else the key bar's "space" says it
                    hint += reveal
            else:
                hint = f"space ▶ {self.tr('review.reveal')} · a ▶ {self.tr('key.type')}"
            if self._note is not None:  # what the last action did, true to it: a grade saved, or a skip
                if self._note[0] == "skipped":
                    note = f"↷ {self.tr('review.skipped')}"
                else:
                    _what, rating, interval = self._note
                    grade = self.tr(f"grade.{rating}")
                    note = "✓ " + (self.tr("review.saved", grade=grade, interval=interval) if interval else self.tr("review.saved_practice", grade=grade))
                hint = f"[dim]{note}[/dim] · {hint}"
        elif self.phase == "tick":
            hint = self.tr("review.tick_hint", n=len(q.key_points))
            if self.coverage is not None:
                hint += " · " + self.tr("review.suggested", pct=round(self.coverage * 100), grade=self.tr(f"grade.{self.suggested}"))
        elif self.phase == "grade":
            hint = self.tr("review.dont_know") if self.dont_know else self.tr("review.grade_hint" if self.suggested else "review.grade_hint_plain")
        self.query_one("#hint", Static).update(hint)

    def _tick(self) -> None:
        if self.session and self.session.current is not None:
            self._draw_meta()
            if self.time_limit and not self.time_up and self.monotonic() - self._started_at >= self.time_limit:
                self._on_time_up()

    def _on_time_up(self) -> None:
        """Keep what the user was typing and reveal the card: it can still be ticked and
        graded (then the report opens), and the report shows the answer either way."""
        self.time_up = True
        q = self.session.current
        typed = self._typed()
        self.unfinished = (q.id, typed.text.strip() if typed is not None else "")
        self.notify(self.tr("mock.time_up_reveal"), timeout=8)
        if self.phase == "ask":
            if q.kind == "choice":
                self.picked = self.query_one("#choices", CheckList).checked
                self.suggested, _verdict = grade_choice(self.picked, q.correct_choices)
                self.coverage = choice_coverage(self.suggested)
                self.phase = "grade"
                self.show_card(keep_state=True, then=self._bring_answer_into_view)
                self.query_one("#card", VerticalScroll).focus()
            else:
                self.action_reveal()

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

    def _bring_answer_into_view(self) -> None:
        """After a reveal, show the answer's first lines if a long prompt (a bug
        snippet) pushed them below the fold; a short prompt stays in view."""
        card = self.query_one("#card", VerticalScroll)
        revealed = self.query_one("#revealed")
        if revealed.region.y > card.region.bottom - 6:
            card.scroll_to_widget(revealed, top=True, animate=False)

    def _submit_choice(self) -> None:
        q = self.session.current
        self.picked = self.query_one("#choices", CheckList).checked
        if not self.picked:
            self.notify(self.tr("review.choice_hint", n=len(q.choices)), severity="warning")
            return
        rating, _verdict = grade_choice(self.picked, q.correct_choices)
        self._choice_graded(rating)

    def _choice_graded(self, rating: int) -> None:
        self.suggested = rating
        self.coverage = choice_coverage(rating)
        self.phase = "grade"
        self.show_card(keep_state=True)  # locks the options and marks them right, wrong or missed
        self.query_one("#revealed").scroll_visible(animate=False)

    def action_dont_know(self) -> None:
        """A choice card the user cannot answer: reveal it, graded Again (Enter confirms)."""
        q = self.session.current if self.session else None
        if q is None or q.kind != "choice" or self.phase != "ask":
            return
        self.dont_know = True
        self.picked = frozenset()
        self.query_one("#choices", CheckList).set_items([c.text.get(self.lang) for c in q.choices], frozenset())
        self._choice_graded(AGAIN)

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
        self.coverage = coverage(self.query_one("#keypoints", CheckList).checked, len(q.key_points))
        self.suggested = suggest_from_coverage(self.coverage)
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
        typed = self._typed()
        state = _CardState(self.phase, self.picked, self.query_one("#keypoints", CheckList).checked,
                           typed.text if typed is not None else "", self.coverage, self.suggested, self.dont_know)
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

    def action_undo(self) -> None:
        """Undo the last grade and bring its card back as it was graded: revealed, ticks and typed text intact."""
        q = self.session.undo()
        if q is None:
            self.notify(self.tr("review.nothing_to_undo"))
            return
        self._note = None
        state = self._graded_states.pop() if self._graded_states else None
        self.notify(self.tr("review.undone", title=question_title(q, self.lang, 50)), timeout=2)
        self.show_card()
        if state is not None:
            self._restore(q, state)

    def _restore(self, q: Question, state: _CardState) -> None:
        if state.typed:
            box = self._typed_box_made()
            box.text = state.typed
            box.display = state.phase == "ask"  # once revealed, the answer quotes it
        if state.phase != "ask":
            self.phase, self.picked, self.dont_know = state.phase, state.picked, state.dont_know
            self.coverage, self.suggested = state.coverage, state.suggested
            if q.kind == "choice":
                self.query_one("#choices", CheckList).set_items([c.text.get(self.lang) for c in q.choices], state.picked)
            self.query_one("#keypoints", CheckList).set_items([p.get(self.lang) for p in q.key_points], state.ticked)
            self.show_card(keep_state=True)

    def action_skip(self) -> None:
        if self.phase != "ask":
            return
        if self.session.skip():
            self._note = ("skipped",)
            self.show_card()
        else:
            self.notify(self.tr("review.skip_last"), timeout=3)

    def _typed(self) -> TextArea | None:
        """The typed-answer box, once the user has asked for it (kept, not queried on every card)."""
        return self._typed_box

    def _typed_box_made(self) -> TextArea:
        """The typed-answer box, created on first use: most reviews are answered aloud."""
        typed = self._typed()
        if typed is None:
            from textual.widgets import TextArea  # imported on first use, like the box itself

            typed = self._typed_box = TextArea(id="typed", soft_wrap=True, show_line_numbers=False)
            self.query_one("#card", VerticalScroll).mount(typed, after="#choices")
        return typed

    def action_type_answer(self) -> None:
        typed = self._typed_box_made()
        typed.display = True
        typed.placeholder = self.tr("review.type_hint")
        typed.focus()
        # below a bug card's snippet the box starts under the fold: bring it up once laid out
        self.call_after_refresh(typed.scroll_visible, animate=False)

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

    def _finish(self) -> None:
        if not self.is_attached or self.app.screen is not self:
            return
        graded = len(self.session.graded) if self.session else 0
        elapsed = self.monotonic() - self._started_at
        if self.mode == "mock":
            from quiz.tui.screens.mock_report import MockReportScreen

            self.app.switch_screen(MockReportScreen.finished(self, elapsed))  # stored before it shows
            return
        if not graded:  # nothing done: nothing to sum up
            self.dismiss(0)
            return
        from quiz.store import utcnow
        from quiz.summary import summarize
        from quiz.tui.screens.session_summary import SessionSummary

        session = self.session
        cards = self.ctx.store.cards() if self.ctx.store else {}
        summary = summarize(session.graded, session.skipped, session.left, session.progress.again, elapsed, cards, utcnow())
        self.app.push_screen(SessionSummary(summary, self.mode, session.schedule), self._summary_closed)

    def _summary_closed(self, choice: str | None) -> None:
        """Back from the summary: ``resume`` goes on with the cards left; anything else leaves."""
        if choice == "resume" and self.session is not None and not self.session.finished:
            return
        self.dismiss(len(self.session.graded) if self.session else 0)
