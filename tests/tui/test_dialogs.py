"""The question dialog (ChoiceScreen) on its own: the fast suite's Pilot test of it (the exercise
screen's sessions that ask it — the solution gate, a file changed on disk, leaving with unsaved
edits — are in the full suite)."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from quiz.i18n import t
from quiz.tui.screens.dialogs import ChoiceScreen

ASK = ("ex.solution.ask_title", "ex.solution.ask_body", [("show", "ex.solution.show"), ("stay", "ex.stay")])


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_question_names_its_answers_and_dismisses_with_the_chosen_one(make_app, lang: str) -> None:
    app = make_app(lang)
    chosen: list[str | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        title, body, choices = ASK
        app.push_screen(ChoiceScreen(title, body, choices, fields={"ex": "gan"}, primary="stay"), chosen.append)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert str(dialog.query_one("#choice-title").render()) == t(title, lang)
        assert str(dialog.query_one("#choice-message").render()) == t(body, lang, ex="gan")
        buttons = list(dialog.query(Button))
        assert [str(b.label) for b in buttons] == [t("ex.solution.show", lang), t("ex.stay", lang)]
        assert all(b.region.right <= 80 and b.region.bottom <= 24 for b in buttons), "both answers in view at 80x24"
        assert dialog.focused is dialog.query_one("#choice-stay"), "the safe answer is the default"
        await pilot.press("enter")
        await pilot.pause()
        assert chosen == ["stay"] and app.screen is not dialog
        app.push_screen(ChoiceScreen(title, body, choices, fields={"ex": "gan"}, primary="stay"), chosen.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(ChoiceScreen(title, body, choices, fields={"ex": "gan"}, primary="stay"), chosen.append)
        await pilot.pause()
        await pilot.click("#choice-show")
        await pilot.pause()
        assert chosen == ["stay", None, "show"]


async def test_the_solution_diff_scrolls_sideways_and_closes(make_app) -> None:
    """The reference as a diff (SolutionScreen) at 80x24: long lines scroll instead of being cut;
    escape closes it. (Reached through the exercise screen in the full suite.)"""
    from rich.cells import cell_len

    from quiz.exercises import catalog
    from quiz.tui.screens.solution import SolutionScreen

    app = make_app("en")
    exercise = catalog.get_exercise("wgan-gp")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SolutionScreen(exercise, exercise.starter.read_text(encoding="utf-8")))
        await pilot.pause()
        solution = app.screen
        assert isinstance(solution, SolutionScreen)
        assert solution.diff.startswith("--- wgan-gp.py (yours)\n+++ wgan-gp/solution.py (reference)\n")
        longest = max(cell_len(line) for line in solution.diff.splitlines())
        scroll = solution.query_one("#solution-scroll")
        assert longest > scroll.region.width and scroll.max_scroll_x > 0
        assert solution.query_one("#solution-diff").region.width >= longest
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not solution
