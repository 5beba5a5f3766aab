"""Practice setup, the top of stats, and the wide screens as pictures.

80×24 in both languages for the practice dialog (a focus chosen, the schedule box
ticked) and the stats title, table and forecast; 200×50 for home (modes beside the
decks), a revealed answer and browse (a ~100-column reading measure).
Update after an intended change with ``--snapshot-update`` on this file and look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.widgets import Select

from quiz.tui.screens.review import ReviewScreen
from tests.tui.plan_fixtures import frozen_day, with_history  # noqa: F401 (fixture)

WIDE = (200, 50)

pytestmark = pytest.mark.slow(tensorflow=False)  # SVG snapshots: the full suite compares them, the fast one leaves them out


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReviewScreen, "monotonic", staticmethod(lambda: 1000.0))


async def _practice_setup(pilot) -> None:
    await pilot.press("p")
    await pilot.pause()
    dialog = pilot.app.screen
    dialog.query_one("#p-focus", Select).value = "unseen"
    dialog.query_one("#p-schedule").value = True
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_practice_setup(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(make_app(lang), terminal_size=(80, 24), run_before=_practice_setup)


async def _stats(pilot) -> None:
    await pilot.press("s")
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stats_title_table_and_forecast(snap_compare, make_app, frozen_day, lang: str) -> None:
    assert snap_compare(with_history(make_app(lang)), terminal_size=(80, 24), run_before=_stats)


def test_home_wide(snap_compare, make_app) -> None:
    assert snap_compare(make_app("en"), terminal_size=WIDE)


def test_revealed_answer_wide(snap_compare, make_app) -> None:
    app = make_app("en")

    async def run_before(pilot) -> None:
        app.push_screen(ReviewScreen(["mini.open-one"], mode="practice"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before, press=["space", "1"])


def test_browse_wide(snap_compare, make_app) -> None:
    app = make_app("en")

    async def run_before(pilot) -> None:
        await pilot.press("b")
        await pilot.pause()
        app.screen.query_one("#results").focus()  # no blinking cursor in the search box
        await pilot.pause()

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)
