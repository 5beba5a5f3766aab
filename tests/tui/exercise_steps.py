"""Steps shared by the exercise-screen tests: open an exercise, wait for a run or a condition."""

from __future__ import annotations

import time

from quiz.tui.screens.exercise import ExerciseScreen


async def wait_until(pilot, predicate, timeout: float = 15.0, what: str = "condition") -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds (a generous bound, not a sleep)."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await pilot.pause(0.05)


async def open_exercise(pilot, exercise_id: str = "gan") -> ExerciseScreen:
    """Open the exercise the way a user would: e from home, then the row, then enter."""
    app = pilot.app
    await pilot.press("e")
    await pilot.pause()
    table = app.screen.query_one("#exercise-table")
    row = [key.value for key in table.rows].index(exercise_id)
    table.move_cursor(row=row)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ExerciseScreen), what="the exercise screen")
    await pilot.pause()
    return app.screen


async def finish_run(pilot, screen: ExerciseScreen, timeout: float = 15.0) -> dict:
    """Wait for the current run's report, then for the screen to draw it."""
    await wait_until(pilot, lambda: screen.finished_run == screen.run_id > 0, timeout, "the check run's report")
    await pilot.pause()
    return screen.tracker.report


async def opened_and_checked(pilot, exercise_id: str = "gan") -> tuple[ExerciseScreen, dict]:
    """Open the exercise, run the checks once (F5) and wait until the report is drawn."""
    screen = await open_exercise(pilot, exercise_id)
    await pilot.press("f5")
    return screen, await finish_run(pilot, screen)


async def watching(pilot, screen: ExerciseScreen) -> None:
    """Wait until watch mode is on: the code pane sets ``watching`` in the same step that
    subscribes to the file system, so a change made after this is seen."""
    await wait_until(pilot, lambda: screen.code_pane.watching, what="watch mode")


def snapshot_steps(exercise_id: str = "gan", tab: str | None = None, prepare=None):
    """``run_before`` for an exercise snapshot: open ``exercise_id`` (after ``prepare()``, if given);
    with a ``tab``, run the checks, wait for the report and switch to that tab; then settle
    (no focus, no animation, and the calls the tab's widgets schedule after their first refresh)."""

    async def run_before(pilot) -> None:
        if prepare is not None:
            prepare()
        screen = await open_exercise(pilot, exercise_id)
        if tab is not None:
            await pilot.press("f5")
            await finish_run(pilot, screen)
            await pilot.press(tab)
        pilot.app.screen.set_focus(None)  # no cursor blink, no focus ring that depends on timing
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()  # what a newly shown tab schedules after its first refresh (the results' scroll)

    return run_before
