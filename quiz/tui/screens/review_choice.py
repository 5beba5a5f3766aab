"""Choice cards on the review screen: submitting the picks, "I don't know", and the
grade they suggest (a mixin of :class:`~quiz.tui.screens.review.ReviewScreen`).

A choice card goes from ``ask`` straight to ``grade``: the picks are graded by
:func:`quiz.grading.choice_outcome` (Enter confirms the suggestion, 1-4 overrides it).
"""

from __future__ import annotations

from textual.containers import VerticalScroll

from quiz.card_text import option_texts
from quiz.grading import AGAIN, choice_coverage, choice_outcome
from quiz.tui.widgets.checklist import CheckList


class ChoiceCard:
    """Grades the choice card on show from its picked options."""

    dont_know = False
    """The choice card on show was answered "I don't know"."""

    def _submit_choice(self) -> None:
        q = self.session.current
        self.picked = self.query_one("#choices", CheckList).checked
        if not self.picked:
            self.notify(self.tr("review.choice_hint", n=len(q.choices)), severity="warning")
            return
        self._choice_graded(choice_outcome(self.picked, q.correct_choices)[0])

    def _choice_graded(self, rating: int) -> None:
        self.suggested = rating
        self.coverage = choice_coverage(rating)
        self.phase = "grade"
        self.show_card(keep_state=True)  # locks the options and marks them right, wrong or missed
        self.query_one("#revealed").scroll_visible(animate=False)

    def _reveal_choice_on_time_up(self) -> None:
        """A mock ran out of time on a choice card: grade the picks as they stand, and show the answer."""
        q = self.session.current
        self.picked = self.query_one("#choices", CheckList).checked
        self.suggested, self.coverage = choice_outcome(self.picked, q.correct_choices)
        self.phase = "grade"
        self.show_card(keep_state=True, then=self._bring_answer_into_view)
        self.query_one("#card", VerticalScroll).focus()

    def action_dont_know(self) -> None:
        """A choice card the user cannot answer: reveal it, graded Again (Enter confirms)."""
        q = self.session.current if self.session else None
        if q is None or q.kind != "choice" or self.phase != "ask":
            return
        self.dont_know = True
        self.picked = frozenset()
        self.query_one("#choices", CheckList).set_items(option_texts(q, self.lang), frozenset())
        self._choice_graded(AGAIN)
