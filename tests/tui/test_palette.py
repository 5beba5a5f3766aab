"""The command palette (ctrl+p) offers the app's own commands, in the current language, and runs them."""

from __future__ import annotations

import pytest
from textual.command import CommandInput, CommandList, CommandPalette

from quiz.exercises import catalog
from quiz.i18n import t
from quiz.tui.screens.exercise import ExerciseScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.review import ReviewScreen
from tests.tui.exercise_steps import wait_until


async def _searched(pilot, palette: CommandPalette) -> None:
    """Wait until the palette's search has gathered every provider's hits: the search
    (started by the input's last change) is a worker of the palette's; when it is done,
    all the hits are in the list."""
    await pilot.pause()  # the input's change has reached the palette and started the search
    await pilot.app.workers.wait_for_complete([w for w in pilot.app.workers if w.node is palette and w.is_running])
    await pilot.pause()


async def _palette_titles(pilot) -> list[str]:
    """Open the palette and read the titles it lists with an empty search."""
    await pilot.press("ctrl+p")
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    await _searched(pilot, palette)
    options = palette.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


async def _run(pilot, query: str) -> None:
    """Type ``query`` into the open palette and run the first hit."""
    palette = pilot.app.screen
    palette.query_one(CommandInput).value = query  # as typed, without a search per keystroke
    await _searched(pilot, palette)
    await pilot.press("down", "enter")
    await pilot.pause()


@pytest.mark.parametrize("lang", [pytest.param("en", marks=pytest.mark.slow(tensorflow=False)), "zh"])  # en: in the full suite (the English palette: test_palette_commands_do_what_their_keys_do[en])
async def test_palette_lists_the_apps_commands_in_the_language(make_app, lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(100, 32)) as pilot:
        titles = await _palette_titles(pilot)
        wanted = [t(f"home.{k}", lang) for k in ("review", "practice", "browse", "mock", "exercises", "stats", "plan", "cram")]
        wanted += [t("palette.lang", lang), t("palette.help", lang), t("palette.theme", lang), t("key.quit", lang)]
        wanted += [t("palette.exercise", lang, title=ex.text("title", lang)) for ex in catalog.list_exercises()]
        assert sorted(titles) == sorted(wanted)
        assert titles[:8] == wanted[:8]  # home's order, not sorted by title
        assert not {"Keys", "Screenshot", "Maximize"} & set(titles)  # Textual's English entries are gone
        palette = app.screen
        assert palette.query_one("#--input").query_one("Input").placeholder == t("palette.placeholder", lang)


@pytest.mark.parametrize("lang", ["en", pytest.param("zh", marks=pytest.mark.slow(tensorflow=False))])  # zh: in the full suite
async def test_palette_commands_do_what_their_keys_do(make_app, lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        await _run(pilot, t("home.stats", lang))
        assert app.current_mode == "stats"
        await pilot.press("ctrl+p")
        await _run(pilot, t("home.review", lang))  # starts from home, as r does there
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert app.current_mode == "home" and app.screen.mode == "review"
        await pilot.press("ctrl+p")
        await _run(pilot, t("palette.lang", lang))
        assert app.lang == ("zh" if lang == "en" else "en")


@pytest.mark.slow(tensorflow=False)  # opens the exercise screen (seconds of CPU)
async def test_palette_opens_an_exercise_by_name_over_the_list(make_app) -> None:
    app = make_app("zh")
    vae = catalog.get_exercise("vae")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        await _run(pilot, vae.text("title", "zh"))
        await wait_until(pilot, lambda: isinstance(app.screen, ExerciseScreen))
        assert app.screen.exercise.id == "vae" and app.current_mode == "exercises"
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExerciseScreen))
        assert app.current_mode == "exercises"  # Esc goes back to the list


async def test_palette_does_not_start_a_second_session(make_app) -> None:
    app = make_app("en")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        session = app.screen
        await pilot.press("ctrl+p")
        await _run(pilot, t("home.mock", "en"))
        await pilot.pause()
        assert app.screen is session and isinstance(app.screen_stack[0], HomeScreen)
        assert len(app.screen_stack) == 2
