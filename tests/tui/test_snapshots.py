"""Screens as pictures (pytest-textual-snapshot) at 80×24 in both languages.

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and review the SVGs in the diff.
"""

from __future__ import annotations

import pytest

from quiz.tui.screens.review import ReviewScreen

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReviewScreen, "monotonic", staticmethod(lambda: 1000.0))


def _review(app, qid: str):
    async def run_before(pilot) -> None:
        app.push_screen(ReviewScreen([qid], mode="practice"))
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(make_app(lang), terminal_size=SIZE)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_question(snap_compare, make_app, lang: str) -> None:
    app = make_app(lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_review(app, "mini.bug-one"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_revealed_answer(snap_compare, make_app, lang: str) -> None:
    app = make_app(lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_review(app, "mini.open-one"), press=["space", "1", "3"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_choice_explained(snap_compare, make_app, lang: str) -> None:
    app = make_app(lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_review(app, "extra.choice-multi"), press=["1", "enter"])


def _browse_filtered(app):
    async def run_before(pilot) -> None:
        from textual.widgets import Select

        await pilot.press("b")
        await pilot.pause()
        # a filter, not typed search: Select changes refresh synchronously, while
        # typing goes through a debounce worker that raced the snapshot under load
        app.screen.query_one("#f-kind", Select).value = "choice"
        app.screen.query_one("#results").focus()  # the search box's blinking cursor would make the picture timing-dependent
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_browse(snap_compare, make_app, lang: str) -> None:
    app = make_app(lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_browse_filtered(app))
