"""The exercise screen's warm checker, with the fake checker child (tests/tui/fake_checker.py):
a process is ready when the screen opens, each save runs on it and another is prepared, a save
during a run cancels it, and leaving the screen or the app leaves no checker process."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.processes import alive, wait_dead
from tests.tui.exercise_steps import finish_run, open_exercise, wait_until

SIZE = (100, 32)


async def _save(pilot, screen, text: str) -> None:
    screen.query_one("#ex-editor", TextArea).load_text(text)
    await pilot.press("ctrl+s")


async def _slow_run(pilot, screen, pid_file: Path) -> int:
    """Save a file the fake checks forever; the pid of the process running it."""
    await _save(pilot, screen, "# slow\n")
    await wait_until(pilot, lambda: pid_file.exists() and pid_file.read_text().strip() != "", what="the slow run")
    return int(pid_file.read_text())


@pytest.fixture
def pid_file(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "checker.pid"
    monkeypatch.setenv("FAKE_PID_FILE", str(path))
    return path


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_a_save_during_a_run_cancels_it_and_the_next_runs_warm(exercise_app, tmp_path: Path, pid_file: Path) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        first = screen.warm.spare_pid
        assert first is not None and alive(first), "a checker process is started when the screen opens"
        assert await _slow_run(pilot, screen, pid_file) == first, "the save ran on the process started ahead of it"
        second = screen.warm.spare_pid
        assert second not in (None, first), "the next process is prepared while the first runs"
        await _save(pilot, screen, "# fixed\n")  # the save during the run
        report = await finish_run(pilot, screen)
        assert report["status"] == "pass" and report["metrics"]["pid"] == second
        assert wait_dead(first), "the cancelled run's process is gone"
        assert (tmp_path / "runs.log").read_text(encoding="utf-8").splitlines() == ["# slow", "# fixed"]
        assert [a["status"] for a in app.ctx.store.attempts("gan")] == ["pass"], "the cancelled run is not recorded"
        third = screen.warm.spare_pid
        assert third not in (None, first, second)


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_leaving_leaves_no_checker_process(exercise_app, pid_file: Path) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        running, spare = await _slow_run(pilot, screen, pid_file), screen.warm.spare_pid
        assert alive(running) and alive(spare)
        await pilot.press("escape")  # cancels the run
        await finish_run(pilot, screen)
        await pilot.press("escape")  # leaves the screen
        await wait_until(pilot, lambda: app.screen is not screen, what="leaving the exercise")
        assert wait_dead(running) and wait_dead(spare), "a checker process outlived the exercise screen"
    # The app quits with a warm process waiting: it goes with the app.
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        spare = screen.warm.spare_pid
    assert wait_dead(spare), "the waiting checker outlived the app"
