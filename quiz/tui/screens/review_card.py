"""Drawing the review screen's card: prompt, options, typed-answer box, revealed answer,
pinned key points and grade buttons (a mixin of :class:`~quiz.tui.screens.review.ReviewScreen`).

Everything is drawn from the screen's state (``phase``, ``picked``, ``suggested``,
``dont_know``) and the session's current card; the words come from
:mod:`quiz.card_text`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quiz.card_text import grade_label, key_point_texts, option_texts, revealed_markdown
from quiz.render import prompt_markdown
from quiz.scheduling import RATINGS, format_interval
from quiz.tui.widgets.checklist import CheckList
from quiz.tui.widgets.markdown_text import MarkdownText

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from quiz.bank.model import Question


class CardView:
    """Draws the current card; the screen's actions change its state and call :meth:`show_card`."""

    _card_drawn = False
    _typed_box: TextArea | None = None

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
            choices.set_items(option_texts(q, lang), self.picked)
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
        """The Markdown under the prompt once revealed (see :func:`quiz.card_text.revealed_markdown`)."""
        typed = self._typed()
        return revealed_markdown(q, self.lang, picked=self.picked, dont_know=self.dont_know,
                                 typed=typed.text.strip() if typed is not None else "")

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
        self._update_markdown("#answer", self._answer_source(q))
        kp = self.query_one("#keypoints", CheckList)
        kp_title = self.query_one("#kp-title", Static)
        if not q.key_points or q.kind == "choice":  # no rubric (an imported flashcard), or read with the answer (choice)
            kp_title.update("")
            kp.set_items([])
            self._draw_grades()
            return
        kp_title.update(self.tr("review.key_points", n=len(q.key_points)) if self.phase == "tick" else self.tr("review.key_points_done"))
        ticked = kp.checked if kp.count == len(q.key_points) else frozenset()
        kp.set_items(key_point_texts(q, self.lang), ticked)
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
            button.label = Content(grade_label(rating, self.lang, when, self.suggested))  # not markup
            button.set_class(rating == self.suggested, "-suggested")

    def _bring_answer_into_view(self) -> None:
        """After a reveal, show the answer's first lines if a long prompt (a bug
        snippet) pushed them below the fold; a short prompt stays in view."""
        card = self.query_one("#card", VerticalScroll)
        revealed = self.query_one("#revealed")
        if revealed.region.y > card.region.bottom - 6:
            card.scroll_to_widget(revealed, top=True, animate=False)

    # -- the typed answer ------------------------------------------------------

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
