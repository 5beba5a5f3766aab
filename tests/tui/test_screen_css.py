"""Screens other than home and review bring their own stylesheet (screens/*.tcss), parsed when
they first open, not at start-up (quiz.tui.private_api.add_screen_css)."""

from __future__ import annotations

from pathlib import Path

import quiz.tui.screens.home as home_module

SCREENS = Path(home_module.__file__).parent


async def test_start_parses_only_app_tcss_and_browse_gets_its_rules_when_opened(make_app) -> None:
    app = make_app()
    browse_css = str(SCREENS / "browse.tcss")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not any(app.stylesheet.has_source(str(path)) for path in SCREENS.glob("*.tcss"))  # start-up: app.tcss only
        await pilot.press("b")
        await pilot.pause()
        assert app.stylesheet.has_source(browse_css)
        left = app.screen.query_one("#browse-left")
        assert left.styles.min_width is not None and left.styles.min_width.value == 30  # a rule of browse.tcss
        assert left.styles.max_width is not None and left.styles.max_width.value == 90


def test_every_screen_stylesheet_belongs_to_a_screen() -> None:
    """A .tcss file no screen names in its CSS_PATH would never load."""
    named = set()
    for module in SCREENS.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        named |= {path.name for path in SCREENS.glob("*.tcss") if f'CSS_PATH = "{path.name}"' in text}
    assert named == {path.name for path in SCREENS.glob("*.tcss")}
