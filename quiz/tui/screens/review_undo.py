"""Undo on the review screen: each grade keeps how its card stood, and undo puts the card
back as it was graded, revealed, with its picks, ticks and typed text (a mixin of
:class:`~quiz.tui.screens.review.ReviewScreen`).

The session (:meth:`quiz.session.ReviewSession.undo`) takes the grade back from the
store and the queue; this module restores what was on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from quiz.card_text import key_point_texts, option_texts
from quiz.render import question_title
from quiz.tui.widgets.checklist import CheckList

if TYPE_CHECKING:
    from quiz.bank.model import Question


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


class UndoCards:
    """Keeps one :class:`_CardState` per grade the session can undo."""

    def _card_state(self) -> _CardState:
        """The card on show as it stands, taken as it is graded."""
        typed = self._typed()
        return _CardState(self.phase, self.picked, self.query_one("#keypoints", CheckList).checked,
                          typed.text if typed is not None else "", self.coverage, self.suggested, self.dont_know)

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
                self.query_one("#choices", CheckList).set_items(option_texts(q, self.lang), state.picked)
            self.query_one("#keypoints", CheckList).set_items(key_point_texts(q, self.lang), state.ticked)
            self.show_card(keep_state=True)
