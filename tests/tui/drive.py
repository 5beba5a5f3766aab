"""Helpers that drive the app the way the tests' users do."""

from __future__ import annotations

from quiz.tui.screens.review import ReviewScreen


async def practise(pilot, *ids: str) -> ReviewScreen:
    """Open a practice session over ``ids`` (in that order) and return its screen."""
    pilot.app.push_screen(ReviewScreen(list(ids), mode="practice"))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen
