"""End to end through the TUI with the REAL checker child (TensorFlow, in its own process).

The reference solution passes and a discriminator ending in a sigmoid fails at
``discriminator_output``, as the screen shows. Baselines come from the run-wide
cache shared with tests/exercises (the reference is trained once per test run).
"""

from __future__ import annotations

import sys

import pytest
from textual.widgets import DataTable, Static, TextArea

from quiz.exercises import catalog
from tests.exercises.conftest import baselines, shared_cache  # noqa: F401  (fixtures)
from tests.tui.exercise_steps import finish_run, open_exercise

pytestmark = pytest.mark.slow


async def test_real_checker_through_the_tui(make_app, baselines) -> None:  # noqa: F811
    app = make_app()
    assert app.ctx.runtime.checker_command is None, "the real checker"
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_exercise(pilot)
        editor = screen.query_one("#ex-editor", TextArea)
        solution = catalog.get_exercise("gan").solution.read_text(encoding="utf-8")
        editor.load_text(solution)
        await pilot.press("ctrl+s")
        report = await finish_run(pilot, screen, timeout=240)
        assert report["status"] == "pass", report
        table = screen.query_one("#checks", DataTable)
        assert len(table.rows) == len(report["checks"]) >= 10
        assert {str(table.get_row(key)[0]) for key in table.rows} == {"✓"}
        assert "PASS" in str(screen.query_one("#ex-summary", Static).render())
        assert len(screen.query_one("#ex-generated").images) == 16 and screen.query_one("#ex-charts").drawn == ("d_loss", "g_loss")

        # A new user's classic mistake: a sigmoid at the end of the discriminator.
        broken = solution.replace("layers.Dense(1),", 'layers.Dense(1, activation="sigmoid"),')
        assert broken != solution
        editor.load_text(broken)
        await pilot.press("ctrl+s")
        report = await finish_run(pilot, screen, timeout=240)
        assert report["status"] == "fail", report
        marks = {key.value: str(table.get_row(key)[0]) for key in table.rows}
        assert marks["generator_output"] == "✓" and marks["discriminator_output"] == "✗"
        assert "FAIL at discriminator_output" in str(screen.query_one("#ex-summary", Static).render())
        assert "sigmoid" in str(screen.query_one("#check-detail", Static).render())
        assert [a["status"] for a in app.ctx.store.attempts("gan")] == ["pass", "fail"]
    assert "tensorflow" not in sys.modules, "TensorFlow stays in the child process"


async def test_a_step_that_never_returns_is_named_in_the_tui(make_app, baselines) -> None:  # noqa: F811
    """The save is checked on the warm checker; the step's own bound names the hang at its check."""
    from tests.exercises.test_hangs import FIRST_STEP, SPINS

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_exercise(pilot)
        assert screen.warm is not None and screen.warm.spare_pid is not None, "a checker is started with the screen"
        screen.query_one("#ex-editor", TextArea).load_text(SPINS)
        await pilot.press("ctrl+s")
        report = await finish_run(pilot, screen, timeout=120)
        assert report["status"] == "fail", report
        table = screen.query_one("#checks", DataTable)
        marks = {key.value: str(table.get_row(key)[0]) for key in table.rows}
        assert marks["generator_loss"] == "✓" and marks["train_step_updates"] == "✗"
        assert "FAIL at train_step_updates" in str(screen.query_one("#ex-summary", Static).render())
        assert FIRST_STEP in str(screen.query_one("#check-detail", Static).render())
