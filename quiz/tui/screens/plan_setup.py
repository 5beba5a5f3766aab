"""The interview plan dialog: the date, the daily cap and the decks, with the plan previewed as you type.

Opened from home (``i``). Save stores the plan in the progress database (as
``quiz plan DATE`` does) and returns True; Clear forgets it; Escape leaves it
as it was. A bad date or cap is named under the fields and Save stays off.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from quiz.plan import DEFAULT_CAP, PlanError, StudyPlan, check_cap, parse_interview_date
from quiz.store import utcnow
from quiz.study import load_plan, plan_lines, save_plan, status_of
from quiz.tui.screens.base import LocalisedModal

DEFAULT_WEEKS = 2  # the date offered when none is set


class PlanSetup(LocalisedModal[bool]):
    """Returns True when the plan was saved or cleared, False when left unchanged."""

    CSS_PATH = "plan_setup.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [Binding("escape", "cancel", "plan.dialog.cancel")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # the deck list is shorter on a short terminal

    now = staticmethod(utcnow)
    """The clock (tests freeze it)."""

    def compose(self) -> ComposeResult:
        current = load_plan(self.ctx.store)
        today = self.now().astimezone().date()
        with Vertical(id="plan-dialog", classes="dialog"):
            yield Label(classes="dialog-title", id="pl-title")
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label(id="pl-date-label")
                    yield Input((current.interview if current else today + timedelta(weeks=DEFAULT_WEEKS)).isoformat(),
                                placeholder="YYYY-MM-DD", id="pl-date")
                with Vertical():
                    yield Label(id="pl-cap-label")
                    yield Input(str(current.daily_cap if current else DEFAULT_CAP), id="pl-cap")
            yield Label(id="pl-decks-label")
            yield SelectionList[str](*self._deck_options(set(current.decks) if current else set()), id="pl-decks")
            yield Static(id="pl-preview")
            with Horizontal(classes="dialog-buttons"):
                yield Button(variant="primary", id="pl-save")
                yield Button(id="pl-clear", disabled=current is None)
                yield Button(id="pl-cancel")

    def _deck_options(self, ticked: set[str]) -> list[Selection[str]]:
        return [Selection(d.title.get(self.lang), d.id, d.id in ticked) for d in self.ctx.bank.decks.values()]

    def refresh_view(self) -> None:
        for name in ("title", "date", "cap", "decks"):
            widget_id = "#pl-title" if name == "title" else f"#pl-{name}-label"
            self.query_one(widget_id, Label).update(self.tr(f"plan.dialog.{name}"))
        for name in ("save", "clear", "cancel"):
            self.query_one(f"#pl-{name}", Button).label = self.tr(f"plan.dialog.{name}")
        decks = self.query_one("#pl-decks", SelectionList)
        ticked = set(decks.selected)
        highlighted = decks.highlighted
        decks.clear_options()
        decks.add_options(self._deck_options(ticked))
        decks.highlighted = highlighted
        self._preview()

    def plan(self) -> StudyPlan:
        """The plan the fields describe; raises :class:`PlanError` naming a bad field."""
        today = self.now().astimezone().date()
        interview = parse_interview_date(self.query_one("#pl-date", Input).value, today)
        cap = check_cap(self.query_one("#pl-cap", Input).value)
        decks = tuple(d for d in self.ctx.bank.decks if d in set(self.query_one("#pl-decks", SelectionList).selected))
        return StudyPlan(interview, decks, cap)

    @on(Input.Changed)
    @on(SelectionList.SelectedChanged)
    def _preview(self) -> None:
        preview = self.query_one("#pl-preview", Static)
        save = self.query_one("#pl-save", Button)
        try:
            plan = self.plan()
        except PlanError as exc:
            preview.update(Text(exc.text(self.lang), style="bold red"))
            save.disabled = True
            return
        save.disabled = self.ctx.store is None
        if self.ctx.store is None:
            return
        status = status_of(plan, self.ctx.store, self.ctx.bank, self.ctx.config, self.now())
        lines = plan_lines(status, self.ctx.bank, self.lang)
        text = Text(" · ".join(lines[k] for k in ("headline", "today") if k in lines))
        if "verdict_short" in lines:
            text.append("\n" + lines["verdict_short"], style="green" if status.result.feasible else "bold red")
        if status.state == "behind":
            cap = status.cap_needed()
            text.append("\n" + (self.tr("plan.cap_needed", cap=cap) if cap else self.tr("plan.cap_impossible")))
        preview.update(text)

    @on(Button.Pressed, "#pl-save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            plan = self.plan()
        except PlanError:
            return  # the preview already names the problem
        save_plan(self.ctx.store, plan, self.now())
        self.app.notify(self.tr("plan.saved"), timeout=4)
        self.dismiss(True)

    @on(Button.Pressed, "#pl-clear")
    def _clear(self) -> None:
        self.ctx.store.clear_study_plan()
        self.app.notify(self.tr("plan.cleared"), timeout=4)
        self.dismiss(True)

    @on(Button.Pressed, "#pl-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
