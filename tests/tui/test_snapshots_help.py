"""Help per screen as pictures at 80×24 in both languages: home's keys and the card loop's.

Update with ``pytest tests/tui/test_snapshots_help.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest

from quiz.tui.screens.review import ReviewScreen

SIZE = (80, 24)

pytestmark = pytest.mark.slow(tensorflow=False)  # SVG snapshots: the full suite compares them, the fast one leaves them out


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReviewScreen, "monotonic", staticmethod(lambda: 1000.0))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_on_home(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(make_app(lang), terminal_size=SIZE, press=["f1"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_in_a_review(snap_compare, make_app, lang: str) -> None:
    app = make_app(lang)

    async def run_before(pilot) -> None:
        app.push_screen(ReviewScreen(["mini.open-one"], mode="practice"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before, press=["f1"])
