"""The wgan-gp exercise in the TUI: listed, its statement, a failing run's results and the
pictures of a passing run (the critic's Wasserstein estimate and the generator loss against
the reference's, and the sample grids), at 80×24 in both languages.

A fake child replays recorded reports (tests/tui/fake_wgan_checker.py), so times are fixed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from quiz.tui.widgets.loss_charts import LossCharts
from tests.tui.exercise_steps import opened_and_checked, snapshot_steps

SMALL = (80, 24)
CHECKER = str(Path(__file__).parent / "fake_wgan_checker.py")


def _app(make_app, lang: str, report: str):
    return make_app(lang, checker=(sys.executable, "-S", CHECKER, report))


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_listed_run_and_pictures(make_app) -> None:
    app = _app(make_app, "en", "pass")
    async with app.run_test(size=(100, 32)) as pilot:
        screen, report = await opened_and_checked(pilot, "wgan-gp")
        assert report["status"] == "pass"
        table = screen.query_one("#checks", DataTable)
        assert len(table.rows) == 12
        assert "PASS" in str(screen.query_one("#ex-summary", Static).render())
        assert await screen.query_one("#ex-charts", LossCharts).show(report["metrics"]["curves"], {
            "you": "you", "reference": "reference", "step": "step"}) == ["w_estimate", "g_loss"]
        assert screen.query_one("#ex-samples").display


def _steps(tab: str | None):
    return snapshot_steps("wgan-gp", tab)


# Each exercise's own snapshots (seconds of CPU each) run in the full suite; the exercise
# screen's own snapshots, en and zh at 80x24, stay in the fast one (test_snapshots_exercises.py).
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_statement(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(_app(make_app, lang, "fail"), terminal_size=SMALL, run_before=_steps(None))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_results_with_a_failure(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(_app(make_app, lang, "fail"), terminal_size=SMALL, run_before=_steps("3"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pictures_curves_and_samples(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(_app(make_app, lang, "pass"), terminal_size=SMALL, run_before=_steps("4"))
