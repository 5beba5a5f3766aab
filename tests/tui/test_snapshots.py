"""Screens as pictures (pytest-textual-snapshot) at 80×24 in both languages.

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and review the SVGs in the diff.
"""

from __future__ import annotations

import pytest

from quiz.tui.screens.review import ReviewScreen

SIZE = (80, 24)

pytestmark = pytest.mark.slow(tensorflow=False)  # SVG snapshots: the full suite compares them, the fast one leaves them out


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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_choice_question(snap_compare, make_app, lang: str) -> None:
    app = make_app(lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_review(app, "extra.choice-multi"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bug_revealed_with_a_typed_answer(snap_compare, make_app, lang: str) -> None:
    """The typed answer once, with its line break; the key points pinned under the answer."""
    app = make_app(lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_review(app, "mini.bug-one"),
                        press=["a", *"labels", "enter", *"swapped", "escape", "space", "1"])


def test_bug_revealed_wide(snap_compare, make_app) -> None:
    app = make_app("en")
    assert snap_compare(app, terminal_size=(200, 50), run_before=_review(app, "mini.bug-one"), press=["space", "1", "enter"])


def _session_left_early(app):
    async def run_before(pilot) -> None:
        app.push_screen(ReviewScreen(["mini.open-one", "extra.kl-value", "mini.bug-one"], mode="practice"))
        await pilot.pause()
        await pilot.press("space", "1", "2", "3", "enter", "enter", "s", "escape")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_session_summary(snap_compare, make_app, lang: str) -> None:
    app = make_app(lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_session_left_early(app))
