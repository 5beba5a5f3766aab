"""The mock interview as pictures: its setup dialog, a question under the mock header, the report and
the past reports, at 80×24 in both languages and at 200×50.

The report is a fixed record (tests/tui/mock_fixtures.py) over a deck of long prompts, finished at a
fixed time shown on a UTC clock. Update after an intended change with ``--snapshot-update`` on this
file and look at the SVGs.
"""

from __future__ import annotations

import time

import pytest

from quiz import mock_reports
from quiz.tui.screens.mock_history import MockHistoryScreen
from quiz.tui.screens.mock_report import MockReportScreen
from quiz.tui.screens.review import ReviewScreen
from tests.tui.mock_fixtures import IDS, talk_bank, talk_record

SMALL, LARGE = (80, 24), (200, 50)
AT = {"80x24": SMALL, "200x50": LARGE}

pytestmark = pytest.mark.slow(tensorflow=False)  # SVG snapshots: the full suite compares them, the fast one leaves them out


@pytest.fixture(autouse=True)
def frozen_clocks(monkeypatch: pytest.MonkeyPatch):
    """The screen's timers stand still and local time is UTC (the report shows when it finished)."""
    monkeypatch.setattr(ReviewScreen, "monotonic", staticmethod(lambda: 1000.0))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def talk_app(make_app, tmp_path, test_bank_dir):
    """``talk_app(lang)``: the app over the test bank and the talk deck."""
    return lambda lang: make_app(lang, banks=[test_bank_dir, talk_bank(tmp_path)])


async def _open_setup(pilot) -> None:
    await pilot.press("m")
    await pilot.pause()


@pytest.mark.parametrize(("lang", "size"), [("en", "80x24"), ("zh", "80x24"), ("en", "200x50")])
def test_setup(snap_compare, talk_app, lang: str, size: str) -> None:
    assert snap_compare(talk_app(lang), terminal_size=AT[size], run_before=_open_setup)


def _mock_question(app):
    async def run_before(pilot) -> None:
        app.push_screen(ReviewScreen([IDS[0], IDS[1]], mode="mock", time_limit=25 * 60, decks=("talk",)))
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_mock_header(snap_compare, talk_app, lang: str) -> None:
    app = talk_app(lang)
    assert snap_compare(app, terminal_size=SMALL, run_before=_mock_question(app))


def _report(app, history: bool = False):
    async def run_before(pilot) -> None:
        record = mock_reports.save(app.ctx.store, talk_record())
        app.push_screen(MockHistoryScreen() if history else MockReportScreen(record))
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", ["80x24", "200x50"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report(snap_compare, talk_app, lang: str, size: str) -> None:
    app = talk_app(lang)
    assert snap_compare(app, terminal_size=AT[size], run_before=_report(app))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_past_reports(snap_compare, talk_app, lang: str) -> None:
    app = talk_app(lang)
    assert snap_compare(app, terminal_size=SMALL, run_before=_report(app, history=True))
