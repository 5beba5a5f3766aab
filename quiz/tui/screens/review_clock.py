"""The review screen's once-a-second tick and a mock interview's time-out (a mixin of
:class:`~quiz.tui.screens.review.ReviewScreen`).

The tick redraws the header (the card's timer, a mock's time left). When a mock's
``time_limit`` runs out, the card on screen is revealed for a last grade; what was
typed is kept in ``unfinished`` for the report.
"""

from __future__ import annotations


def _time_left(limit: float, elapsed: float) -> float:
    from quiz.mock import time_left  # only a mock has a clock: other sessions never load quiz.mock

    return time_left(limit, elapsed)


class MockClock:
    """Keeps the header's clocks going and ends a mock on time."""

    time_up = False
    """A mock's time ran out: the card on screen was revealed for a last grade, then the report."""
    unfinished: tuple[str, str] | None = None
    """(question id, typed answer) of the card on screen when a mock's time ran out."""

    def _tick(self) -> None:
        if self.session and self.session.current is not None:
            self._draw_meta()
            if self.time_limit and not self.time_up and _time_left(self.time_limit, self.monotonic() - self._started_at) <= 0:
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
                self._reveal_choice_on_time_up()
            else:
                self.action_reveal()
