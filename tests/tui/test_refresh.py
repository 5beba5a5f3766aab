"""Each screen draws once per cause: on mount, on coming back, and on a language switch (modal screens too)."""

from __future__ import annotations

from textual.widgets import Label

from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.review import ReviewScreen


async def test_review_draws_its_first_card_once(make_app, monkeypatch) -> None:
    drawn = []
    original = ReviewScreen._draw_card
    monkeypatch.setattr(ReviewScreen, "_draw_card", lambda self, keep: (drawn.append(keep), original(self, keep)))
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert drawn == [False]


async def test_home_recounts_once_after_a_review(make_app, monkeypatch) -> None:
    counted = []
    original = HomeScreen.refresh_table
    monkeypatch.setattr(HomeScreen, "refresh_table", lambda self: (counted.append(1), original(self)))
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        counted.clear()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert counted == [1]


async def test_practice_setup_follows_a_language_switch(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        title = app.screen.query_one(".dialog-title", Label)
        assert "Practice" in str(title.render())
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "练习" in str(title.render())
        assert "符合条件" in str(app.screen.query_one("#p-count", Label).render())
