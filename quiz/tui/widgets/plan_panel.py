"""The interview plan on the home screen: days left, today's cards, on track or not, readiness.

Two layouts, chosen by the screen's height (the screen mounting the panel sets
``VERTICAL_BREAKPOINTS = PlanPanel.BREAKPOINTS``): on a short terminal
(80×24) two lines that never wrap (the deck list below must stay in view), on
a tall one a framed panel with a readiness bar, the weakest decks and the
keys. The words come from :func:`quiz.study.plan_lines`, as ``quiz plan``
prints them. :meth:`refresh_view` recomputes from the store; the screen calls
it whenever it redraws. Its styles (both layouts) are in ``app.tcss``.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quiz.i18n import t
from quiz.store import utcnow
from quiz.study import PlanStatus, plan_lines, plan_status
from quiz.tui.widgets.deck_bars import meter

TALL = 36  # rows from which the full panel fits above the deck list and the modes (12 decks)
BAR_WIDTH = 24


class PlanPanel(Vertical):
    """The plan, compact or full; ``status`` is the plan as last drawn (None: no date set)."""

    BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]
    """Vertical breakpoints for the screen that mounts the panel."""

    now = staticmethod(utcnow)
    """The clock (tests freeze it for stable pictures)."""

    status: PlanStatus | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="plan-compact")
        yield Static(id="plan-full")

    def refresh_view(self) -> None:
        """Work the plan out again from the store and redraw both layouts."""
        ctx, lang = self.app.ctx, self.app.lang
        self.status = plan_status(ctx.store, ctx.bank, ctx.config, self.now()) if ctx.store else None
        lines = plan_lines(self.status, ctx.bank, lang, weakest=3)
        self.query_one("#plan-compact", Static).update(compact(self.status, lines))
        full = self.query_one("#plan-full", Static)
        full.border_title = t("plan.title", lang)
        full.update(expanded(self.status, lines, lang))


def compact(status: PlanStatus | None, lines: dict[str, str]) -> Text:
    """Two lines (one without a plan): the date and today's cards; the verdict, readiness and the
    weakest decks (the verdict first, so an ellipsis only ever cuts the deck names)."""
    out = Text(lines["headline"], style="bold", end="")
    if "today" in lines:
        out.append(" · " + lines["today"])
    if "readiness" in lines:
        out.append("\n")
        if "verdict_short" in lines:
            out.append(lines["verdict_short"], style=_verdict_style(status))
            out.append(" · ")
        out.append(lines["readiness"], style="bold")
        if lines.get("weakest"):
            out.append(" · " + lines["weakest"], style="dim")
    return out


def expanded(status: PlanStatus | None, lines: dict[str, str], lang: str) -> Text:
    """The framed panel's text: headline and scope, today, a readiness bar, the weakest decks, the keys."""
    out = Text(lines["headline"], style="bold", end="")
    if "decks" in lines:
        out.append(" · " + lines["decks"], style="dim")
    if "today" in lines:
        out.append("\n" + lines["today"])
    if "verdict" in lines:
        out.append(" · " + lines["verdict"], style=_verdict_style(status))
    if "readiness" in lines:
        value = (status.readiness.overall or 0.0) if status else 0.0
        out.append("\n" + lines["readiness"] + " ", style="bold")
        out.append_text(meter(value, BAR_WIDTH))
        if lines.get("weakest"):
            out.append("\n" + lines["weakest"])
    if status is not None:
        out.append("\n" + t("plan.keys", lang), style="dim")
    return out


def _verdict_style(status: PlanStatus | None) -> str:
    return "bold red" if status is not None and status.state == "behind" else "green"
