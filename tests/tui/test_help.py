"""Help per screen (? or F1): the keys that work there, from the screen's bindings, in the current
language, and how to close it; it fits 80×24. And the footer keeps the way out and help at 80 columns."""

from __future__ import annotations

import pytest

from quiz.i18n import t
from quiz.tui.screens.help import HelpScreen, key_rows
from quiz.tui.screens.review import ReviewScreen
from quiz.tui.widgets.keybar import KeyBar, KeyHint, fit_hints
from tests.tui.drive import settle
from tests.tui.exercise_steps import wait_until

SIZE = (80, 24)


def _shown_descriptions(screen) -> set[str]:
    """What the screen's footer would label its keys with (its own bindings, in the current language)."""
    return {b.description for _n, b, _e, _t in screen.active_bindings.values() if b.show and b.description}


async def _open_help(pilot) -> HelpScreen:
    under = pilot.app.screen
    await pilot.press("f1")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    help_screen = pilot.app.screen
    assert help_screen.over is under
    return help_screen


@pytest.mark.parametrize(("lang", "keys"), [
    *[("en", keys) for keys in ([], ["r"], ["b"], ["e"], ["s"])], ("zh", []), ("zh", ["r"]),
    # the same path with other Chinese labels: in the full suite
    *[pytest.param("zh", keys, marks=pytest.mark.slow(tensorflow=False)) for keys in (["b"], ["e"], ["s"])],
], ids=["home-en", "review-en", "browse-en", "exercises-en", "stats-en", "home-zh", "review-zh", "browse-zh", "exercises-zh", "stats-zh"])
async def test_help_lists_the_keys_of_the_screen_in_front(make_app, lang: str, keys: list[str]) -> None:
    app = make_app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        under = app.screen
        footer = _shown_descriptions(under)
        help_screen = await _open_help(pilot)
        rows = key_rows(under, lang)
        texts = {row.text for row in rows}
        # every key the footer shows is in the help, with the same label; and so is help itself
        assert footer - {t("key.lang", lang), t("key.help", lang)} <= texts  # those two: a longer text in help
        assert t("help.key.help", lang) in texts and t("palette.lang", lang) in texts
        assert t("help.close", lang) in str(help_screen.query_one("#help-close").render())
        # it fits 80×24: the dialog and the way out are on the screen, nothing scrolls off
        dialog = help_screen.query_one("#help-dialog")
        close = help_screen.query_one("#help-close")
        assert dialog.region.bottom <= SIZE[1] and close.region.bottom <= dialog.region.bottom
        body = help_screen.query_one("#help-body")
        keys_box = help_screen.query_one("#help-keys")
        assert keys_box.region.bottom <= body.region.bottom and body.scroll_y == 0, "a key is scrolled out of view at 80×24"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is under


async def test_help_rows_come_from_the_bindings_merged_and_localised(make_app) -> None:
    app = make_app("zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        rows = {row.keys: row for row in key_rows(app.screen, "zh")}
        assert rows["1-9"].text == t("help.key.number", "zh")  # nine number bindings, one row
        assert rows["space"].text == t("key.reveal", "zh") and not rows["space"].everywhere
        assert rows["^l"].everywhere
        await pilot.press("ctrl+l")  # the language follows the app
        await pilot.pause()
        help_screen = await _open_help(pilot)
        assert str(help_screen.query_one("#help-title").render()) == t("help.title_of", "en", screen=t("help.screen.review", "en"))


async def test_help_opens_with_f1_while_typing_and_question_mark_stays_a_character(make_app) -> None:
    app = make_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("question_mark")
        await settle(pilot, "browse-search")  # the search it started (a debounce) is done before the app closes
        assert not isinstance(app.screen, HelpScreen)  # the search box took it
        await _open_help(pilot)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_home_footer_shows_stats_quit_and_help_at_80_columns(make_app, lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        rendered = str(bar.render())
        for key in ("home.stats", "key.quit", "key.help"):
            assert f" {t(key, lang)} " in rendered, (key, rendered)
        assert len(rendered) <= SIZE[0]


def _hint(key: str, essential: bool = False) -> KeyHint:
    return KeyHint(key, key, key, True, essential)


def test_fit_hints_keeps_the_way_out_and_help_and_the_order() -> None:
    a, b, c, back, help_ = _hint("a"), _hint("b"), _hint("c"), _hint("esc", True), _hint("?", True)
    hints = [(a, 10), (b, 10), (c, 10), (back, 8), (help_, 8)]
    assert fit_hints(hints, 60, 12) == ({a, b, c, back, help_}, True)       # all fit with the palette key
    assert fit_hints(hints, 46, 12) == ({a, b, c, back, help_}, False)      # all fit once it yields
    assert fit_hints(hints, 40, 12) == ({a, b, back, help_}, False)         # c drops, not the way out
    assert fit_hints(hints, 30, 12) == ({a, back, help_}, False)


@pytest.mark.parametrize("lang", [pytest.param("en", marks=pytest.mark.slow(tensorflow=False)), "zh"])  # en: in the full suite (English help: test_help_lists_the_keys_of_the_screen_in_front (five screens))
async def test_f1_opens_help_over_a_dialog_and_closes_it_again(make_app, lang: str) -> None:
    from quiz.tui.screens.practice import PracticeSetup

    app = make_app(lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PracticeSetup))
        help_screen = await _open_help(pilot)
        texts = {row.text for row in key_rows(help_screen.over, lang)}
        assert t("practice.cancel", lang) in texts  # the dialog's own Esc
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, PracticeSetup))


async def test_help_over_the_mock_setup_names_its_hidden_key(make_app) -> None:
    from quiz.tui.screens.mock_setup import MockSetupScreen

    app = make_app("zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, MockSetupScreen))
        help_screen = await _open_help(pilot)
        rows = {row.text: row.keys for row in key_rows(help_screen.over, "zh")}
        assert rows.get(t("help.key.toggle_all", "zh")) == "a"  # declared without a description, named by its action
        assert str(help_screen.query_one("#help-title").render()) == t("help.title_of", "zh", screen=t("mock.title", "zh"))
        assert help_screen.query_one("#help-body").max_scroll_y == 0
