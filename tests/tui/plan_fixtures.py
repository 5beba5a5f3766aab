"""A frozen day with a few weeks of study behind it, for the plan panel and the stats charts.

Local time is UTC and every clock the plan, the panel, the dialog, home and
stats read says :data:`NOW`, so the pictures do not change from day to day.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.plan import StudyPlan
from quiz.study import save_plan
from tests.study_history import study

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)
INTERVIEW = date(2026, 12, 20)
SHIPPED_BANK = Path(__file__).resolve().parents[2] / "questions"


@pytest.fixture
def frozen_day(monkeypatch: pytest.MonkeyPatch):
    import quiz.tui.screens.home
    import quiz.tui.screens.stats
    from quiz.tui.screens.plan_setup import PlanSetup
    from quiz.tui.widgets.plan_panel import PlanPanel

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    for target in (PlanPanel, PlanSetup):
        monkeypatch.setattr(target, "now", staticmethod(lambda: NOW))
    for module in (quiz.tui.screens.home, quiz.tui.screens.stats):
        monkeypatch.setattr(module, "utcnow", lambda: NOW)
    yield NOW
    monkeypatch.undo()
    time.tzset()


def with_history(app, *, days: int = 40, plan: StudyPlan | None = StudyPlan(INTERVIEW, (), 40)):
    """Write ``days`` days of study ending yesterday into the app's store, and the plan (None: no plan)."""
    study(app.ctx.store, app.ctx.bank, NOW - timedelta(days=days), days, new_per_day=2)
    if plan is not None:
        save_plan(app.ctx.store, plan, NOW - timedelta(days=days))
    return app
