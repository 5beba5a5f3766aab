"""How a review screen's session ends: a mock opens its report, a review, practice or
cram session that graded something opens its summary (a mixin of
:class:`~quiz.tui.screens.review.ReviewScreen`).

The summary's figures come from :func:`quiz.summary.summarize`; back from it,
``resume`` goes on with the cards left and anything else leaves.
"""

from __future__ import annotations


class SessionEnd:
    """Hands a finished (or left) session over to its report or summary."""

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
