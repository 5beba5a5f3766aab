"""Helpers that drive the app the way the tests' users do, and observe it through public means."""

from __future__ import annotations

from quiz.tui.screens.review import ReviewScreen


async def practise(pilot, *ids: str) -> ReviewScreen:
    """Open a practice session over ``ids`` (in that order) and return its screen."""
    pilot.app.push_screen(ReviewScreen(list(ids), mode="practice"))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def settle(pilot, group: str) -> None:
    """Let the messages already posted run, then wait for the app's workers of ``group``
    (e.g. a debounce) to finish: what a user sees once the app has caught up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete([w for w in pilot.app.workers if w.group == group])
    await pilot.pause()


def record_notifications(app) -> list[tuple[str, str]]:
    """From now on, every notification the app shows as (message, severity), in order."""
    shown: list[tuple[str, str]] = []
    real = app.notify

    def notify(message, *args, **kwargs):
        shown.append((str(message), kwargs.get("severity", "information")))
        return real(message, *args, **kwargs)

    app.notify = notify
    return shown
