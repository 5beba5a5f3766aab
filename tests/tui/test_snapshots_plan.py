"""The plan panel on home and the stats charts as pictures, at 80×24 in both languages.

A frozen day (tests/tui/plan_fixtures.py) with 40 days of study on the test bank.
Update after an intended change with ``--snapshot-update`` on this file and look at the SVGs.
"""

from __future__ import annotations

import pytest

from tests.tui.plan_fixtures import frozen_day, with_history  # noqa: F401 (fixture)

SIZE = (80, 24)

pytestmark = pytest.mark.slow(tensorflow=False)  # SVG snapshots: the full suite compares them, the fast one leaves them out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_plan_panel(snap_compare, make_app, frozen_day, lang: str) -> None:
    assert snap_compare(with_history(make_app(lang)), terminal_size=SIZE)


def test_home_plan_panel_tall(snap_compare, make_app, frozen_day) -> None:
    assert snap_compare(with_history(make_app("zh")), terminal_size=(100, 40))


def _stats_at(selector: str):
    async def run_before(pilot) -> None:
        await pilot.press("s")
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one("#stats").scroll_to_widget(screen.query_one(selector), animate=False, top=True)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stats_calendar_and_decks(snap_compare, make_app, frozen_day, lang: str) -> None:
    assert snap_compare(with_history(make_app(lang)), terminal_size=SIZE, run_before=_stats_at("#chart-calendar"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stats_forecast_and_minutes(snap_compare, make_app, frozen_day, lang: str) -> None:
    assert snap_compare(with_history(make_app(lang)), terminal_size=SIZE, run_before=_stats_at("#chart-forecast"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stats_readiness_over_time(snap_compare, make_app, frozen_day, lang: str) -> None:
    assert snap_compare(with_history(make_app(lang)), terminal_size=SIZE, run_before=_stats_at("#chart-readiness-days"))
