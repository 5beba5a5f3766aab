"""The attention exercises in the TUI: listed, opened, a recorded failure and the learning
check's loss curves, as pictures at 80×24 in both languages.

A fake child replays recorded reports (tests/tui/fake_attention_checker.py), so the
pictures are deterministic and no TensorFlow starts; the real checker on these exercises
is exercised by tests/exercises/test_mutants.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TextArea

from quiz.exercises import catalog
from tests.tui.exercise_steps import finish_run, open_exercise, snapshot_steps

SMALL = (80, 24)
HERE = Path(__file__).parent


def fake(report: str) -> list[str]:
    return [sys.executable, "-S", str(HERE / "fake_attention_checker.py"), report]


def _app(make_app, lang: str, report: str = "attention_fail_report.json"):
    return make_app(lang, checker=tuple(fake(report)))


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_both_exercises_open_and_a_recorded_failure_is_shown(make_app) -> None:
    app = _app(make_app, "en")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_exercise(pilot, "attention-debug")
        editor = screen.query_one("#ex-editor", TextArea)
        assert editor.text == catalog.get_exercise("attention-debug").starter.read_text(encoding="utf-8")
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_exercise(pilot, "attention")
        assert screen.query_one("#ex-editor", TextArea).text == catalog.get_exercise("attention").starter.read_text(
            encoding="utf-8")
        await pilot.press("f5")
        report = await finish_run(pilot, screen)
        assert report["status"] == "fail"
        table = screen.query_one("#checks", DataTable)
        marks = {key.value: str(table.get_row(key)[0]) for key in table.rows}
        assert marks["split_merge"] == "✓" and marks["layer_values"] == "✗" and len(marks) == 13
        assert "FAIL at layer_values" in str(screen.query_one("#ex-summary", Static).render())
        assert "√d_model instead of √d_head" in str(screen.query_one("#check-detail", Static).render())


def _steps(exercise: str, tab: str | None):
    return snapshot_steps(exercise, tab)


# Each exercise's own snapshots (seconds of CPU each) run in the full suite; the exercise
# screen's own snapshots, en and zh at 80x24, stay in the fast one (test_snapshots_exercises.py).
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("exercise", ["attention", "attention-debug"])
def test_statement(snap_compare, make_app, lang: str, exercise: str) -> None:
    assert snap_compare(_app(make_app, lang), terminal_size=SMALL, run_before=_steps(exercise, None))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_results_with_a_failure(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(_app(make_app, lang), terminal_size=SMALL, run_before=_steps("attention", "3"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pictures_loss_curves(snap_compare, make_app, lang: str) -> None:
    app = _app(make_app, lang, "attention_pass_report.json")
    assert snap_compare(app, terminal_size=SMALL, run_before=_steps("attention", "4"))
