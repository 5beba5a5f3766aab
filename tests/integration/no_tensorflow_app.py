"""Drive the whole app headless and print what a user saw, as one JSON line.

Run by ``test_without_tensorflow.py`` in a child process whose ``sitecustomize``
makes TensorFlow unimportable: home, review, browse, mock, stats, the exercise
list, one exercise's "run the checks", then "TensorFlow is installed" (the blocker is
taken off the import system) and the list again. Arguments: the test bank folder
and the progress database.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from textual.widgets import DataTable, Static

from quiz.config import Config
from quiz.exercises import availability
from quiz.tui.app import build_app
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.screens.exercises import ExercisesScreen
from quiz.tui.screens.home import HomeScreen
from quiz.runtime import Runtime
from quiz.tui.screens.mock_report import MockReportScreen
from quiz.tui.screens.review import ReviewScreen
from quiz.tui.screens.stats import StatsScreen
from tests.tui.exercise_steps import open_exercise, wait_until
from tests.tui.test_review_flow import answer_current


def _statuses(screen: ExercisesScreen) -> dict[str, str]:
    table = screen.query_one("#exercise-table", DataTable)
    return {key.value: str(table.get_row(key)[3]) for key in table.rows}


async def main(bank: Path, db: Path) -> dict:
    seen: dict = {"tensorflow_available": availability.tensorflow_available(), "errors": [], "warnings": []}
    app = build_app(Config(lang="en"), [bank], Runtime(db_path=db))
    notify = app.notify

    def record(message, *args, severity="information", **kwargs):
        if severity in ("error", "warning"):
            seen["errors" if severity == "error" else "warnings"].append(str(message))
        return notify(message, *args, severity=severity, **kwargs)

    app.notify = record
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        seen["home"] = isinstance(app.screen, HomeScreen) and "due" in str(app.screen.query_one("#summary", Static).render())

        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        graded = 0
        while isinstance(review, ReviewScreen) and review.session.current is not None and graded < 3:
            await answer_current(pilot, 3)
            graded += 1
        seen["reviews"] = len(app.ctx.store.reviews())
        await pilot.press("escape")  # leave the review: its summary shows, Enter closes it
        await pilot.pause()
        seen["summary"] = type(app.screen).__name__
        await pilot.press("enter")
        await pilot.pause()

        await pilot.press("b")
        await pilot.pause()
        seen["browse"] = isinstance(app.screen, BrowseScreen) and str(app.screen.query_one("#browse-count").render())
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("m")  # the setup dialog, Start focused
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        mock = app.screen
        seen["mock_started"] = isinstance(mock, ReviewScreen) and mock.mode == "mock"
        while isinstance(app.screen, ReviewScreen) and mock.session.current is not None:
            await answer_current(pilot, 3)
        await pilot.pause()
        seen["mock_report"] = isinstance(app.screen, MockReportScreen)
        await pilot.press("escape")
        await pilot.pause()
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), what="home after the mock")

        await pilot.press("s")
        await pilot.pause()
        seen["stats"] = isinstance(app.screen, StatsScreen) and bool(str(app.screen.query_one("#stats-summary").render()).strip())
        await pilot.press("escape")
        await pilot.pause()

        # The exercise list: unavailable, with the reason and the way out.
        await pilot.press("e")
        await pilot.pause()
        seen["list_statuses"] = _statuses(app.screen)
        seen["list_intro"] = str(app.screen.query_one("#exercises-intro", Static).render())
        await pilot.press("escape")
        await pilot.pause()

        # An exercise still opens (statement, code, hints); running its checks says why they cannot run.
        screen = await open_exercise(pilot, "gan")
        await pilot.press("f5")
        await pilot.pause()
        seen["check_started"] = screen.run_id > 0 or screen.check_run is not None
        seen["attempts"] = len(app.ctx.store.attempts("gan"))

        # TensorFlow gets installed while the app runs: the list shows it when it comes back.
        sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_NoTensorFlow"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ExercisesScreen), what="back to the list")
        await pilot.pause()
        seen["after_install_statuses"] = _statuses(app.screen)
        seen["after_install_intro"] = str(app.screen.query_one("#exercises-intro", Static).render())
    seen["heavy_modules"] = sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras"))
    return seen


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))))
