"""The DDPM exercises in the TUI: statement, a failing run and the pictures (loss curve
and the scatter of samples) at 80×24 in both languages, through a fake child replaying
recorded reports (tests/tui/fake_ddpm_checker.py), and the scatter widget's input handling.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from quiz.tui.widgets.sample_scatter import SampleScatter, scatter_points
from tests.tui.exercise_steps import finish_run, open_exercise, opened_and_checked, snapshot_steps

SMALL = (80, 24)
FAKE = Path(__file__).parent / "fake_ddpm_checker.py"


def _app(make_app, lang: str, report: str):
    return make_app(lang, checker=(sys.executable, "-S", str(FAKE), report))


def _steps(exercise: str, tab: str | None):
    return snapshot_steps(exercise, tab)


def test_scatter_points_drop_malformed_items() -> None:
    assert scatter_points([[1, 2], [0.5, float("nan")], [1], "x", [True, 1], [3.0, -4.0]]) == [(1.0, 2.0), (3.0, -4.0)]
    assert scatter_points(None) == [] and scatter_points({"a": 1}) == []


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_pictures_tab_draws_the_scatter_only_when_reported(make_app) -> None:
    app = _app(make_app, "en", "pass")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_exercise(pilot, "ddpm")
        scatter = screen.query_one("#ex-scatter", SampleScatter)
        assert not scatter.display, "nothing to draw before a run"
        await pilot.press("f5")
        report = await finish_run(pilot, screen)
        assert report["status"] == "pass", report
        assert scatter.display
    app = _app(make_app, "en", "fail")
    async with app.run_test(size=(120, 40)) as pilot:
        screen, report = await opened_and_checked(pilot, "ddpm")
        assert report["status"] == "fail"
        assert not screen.query_one("#ex-scatter", SampleScatter).display


@pytest.mark.slow
async def test_real_checker_on_the_ddpm_reference(make_app, tmp_path, monkeypatch) -> None:
    """The real checker child (TensorFlow, the reference's baseline) through the screen: all
    checks pass, the loss curve and the scatter are drawn."""
    from textual.widgets import Static, TextArea

    from quiz.exercises import catalog

    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    app = make_app()
    assert app.ctx.runtime.checker_command is None, "the real checker"
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_exercise(pilot, "ddpm")
        screen.query_one("#ex-editor", TextArea).load_text(catalog.get_exercise("ddpm").solution.read_text(encoding="utf-8"))
        await pilot.press("ctrl+s")
        report = await finish_run(pilot, screen, timeout=300)
        assert report["status"] == "pass", report
        assert "PASS" in str(screen.query_one("#ex-summary", Static).render())
        screen.action_tab("pictures")
        await pilot.pause()
        assert screen.query_one("#ex-scatter", SampleScatter).display
        assert "loss" in str(screen.query_one("#ex-charts").query("PlotextPlot").first().render())


# Each exercise's own snapshots (seconds of CPU each) run in the full suite; the exercise
# screen's own snapshots, en and zh at 80x24, stay in the fast one (test_snapshots_exercises.py).
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("exercise", ["ddpm", "ddpm-debug"])
def test_statement(snap_compare, make_app, lang: str, exercise: str) -> None:
    assert snap_compare(_app(make_app, lang, "fail"), terminal_size=SMALL, run_before=_steps(exercise, None))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_results_with_a_failure(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(_app(make_app, lang, "fail"), terminal_size=SMALL, run_before=_steps("ddpm", "3"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pictures_curve_and_scatter(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(_app(make_app, lang, "pass"), terminal_size=SMALL, run_before=_steps("ddpm", "4"))
