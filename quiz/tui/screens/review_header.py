"""The review screen's session header (meta line) and hint line (a mixin of
:class:`~quiz.tui.screens.review.ReviewScreen`).

The header: mode and count, cards again, scope, a mock's time left, the card's
timer, what grading does to the schedule, then the question's deck, difficulty,
kind and frequency (on a second line when both do not fit on one). The hint line
says what the keys do in this phase, after a note on what the last action did.
The words come from :mod:`quiz.card_text`; this module places them.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.markup import escape
from textual.widgets import Static

from quiz.card_text import header_deck, last_action_note, phase_hint, schedule_key
from quiz.card_text import scope_label as session_scope_label
from quiz.formats import clock
from quiz.render import meta_line


class HeaderView:
    """Draws ``#review-meta`` and ``#hint`` from the session and the card on show."""

    _note: tuple | None = None
    """What the last action did, on the next card's hint: ("saved", rating, interval) | ("skipped",)."""

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
            from quiz.mock import time_left  # only a mock has a clock: other sessions never load quiz.mock

            left = time_left(self.time_limit, self.monotonic() - self._started_at)
            parts.append(f"[b]{self.tr('mock.time_left', t=clock(left))}[/b]")
        parts.append(f"⏱ {clock(self.monotonic() - self._shown_at)}")
        schedule = schedule_key(session.schedule, self.mode)
        if schedule is not None:
            parts.append(self.tr(schedule))
        deck = header_deck(q, self.decks, self.ctx.bank.decks, self.lang)  # named once
        about = escape(meta_line(q, self.lang, deck, width=self.app.size.width - 2))
        line = " · ".join(parts)
        # the question's line goes under the session's when both do not fit on one
        joined = f"{line} · {about}" if cell_len(Content.from_markup(line).plain + about) + 5 <= self.app.size.width else f"{line}\n{about}"
        self.query_one("#review-meta", Static).update(joined)

    def scope_label(self) -> str:
        """What this session covers, for its header: "All decks", the chosen decks' titles, or "chosen questions"."""
        return session_scope_label(self.decks, self.ctx.bank.decks, self.lang)

    def _draw_hint(self) -> None:
        hint = phase_hint(self.phase, self.session.current, self.lang, width=self.app.size.width - 2,
                          coverage=self.coverage, suggested=self.suggested, dont_know=self.dont_know)
        if self.phase == "ask" and self._note is not None:  # what the last action did, true to it: a grade saved, or a skip
            hint = f"[dim]{last_action_note(self._note, self.lang)}[/dim] · {hint}"
        self.query_one("#hint", Static).update(hint)
