"""The interview plan in the TUI: the home panel at 80×24 with every deck in view, the plan dialog,
the plan's new cards in due review, and cram leaving the schedule alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Button, Input, Static

from quiz.plan import StudyPlan
from quiz.study import load_plan, plan_status
from quiz.tui.screens.plan_setup import PlanSetup
from quiz.tui.screens.review import ReviewScreen
from quiz.tui.widgets.plan_panel import PlanPanel
from quiz.tui.widgets.row_table import RowTable
from tests.tui.plan_fixtures import INTERVIEW, NOW, SHIPPED_BANK, frozen_day, with_history  # noqa: F401 (fixture)


def fully_visible(app, widget) -> bool:
    """Every row of ``widget`` is on screen (not scrolled away, not under the key bar)."""
    region = widget.region
    screen_rows = app.size.height - 1  # the key bar
    return region.height > 0 and region.y >= 0 and region.y + region.height <= screen_rows


@pytest.mark.parametrize("lang", [pytest.param("en", marks=pytest.mark.slow(tensorflow=False)), "zh"])  # en: in the full suite (the English plan dialog: the other tests here; the wider Chinese labels are the harder fit)
async def test_at_80x24_every_deck_and_the_whole_plan_panel_are_in_view(make_app, frozen_day, lang: str) -> None:
    app = with_history(make_app(lang, banks=[SHIPPED_BANK]), days=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(app.ctx.bank.decks) >= 12
        panel = app.screen.query_one(PlanPanel)
        compact = panel.query_one("#plan-compact", Static)
        assert compact.display and not panel.query_one("#plan-full", Static).display
        assert compact.region.height == 2  # two lines, never wrapped
        assert fully_visible(app, compact)
        table = app.screen.query_one("#decks", RowTable)
        assert fully_visible(app, table)
        assert str(compact.render()).startswith("Interview 2026-12-20" if lang == "en" else "面试 2026-12-20")


async def test_a_tall_terminal_gets_the_full_panel(make_app, frozen_day) -> None:
    app = with_history(make_app("en", banks=[SHIPPED_BANK]), days=10)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(PlanPanel)
        full = panel.query_one("#plan-full", Static)
        assert full.display and not panel.query_one("#plan-compact", Static).display
        assert fully_visible(app, full) and fully_visible(app, app.screen.query_one("#decks", RowTable))
        text = str(full.render())
        assert "Readiness on the day" in text and "weakest:" in text and "c cram" in text


async def test_the_dialog_names_a_bad_date_then_saves_the_plan(make_app, frozen_day) -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PlanSetup)
        date_box = dialog.query_one("#pl-date", Input)
        assert date_box.value == (NOW.date() + timedelta(weeks=2)).isoformat()
        date_box.value = "2026-11-30"
        await pilot.pause()
        assert "is in the past" in str(dialog.query_one("#pl-preview", Static).render())
        assert dialog.query_one("#pl-save", Button).disabled
        date_box.value = "2026-12-20"
        dialog.query_one("#pl-cap", Input).value = "6"
        await pilot.pause()
        preview = str(dialog.query_one("#pl-preview", Static).render())
        assert "Interview 2026-12-20 (in 17 days)" in preview and "on track" in preview
        await pilot.click("#pl-save")
        await pilot.pause()
        assert not isinstance(app.screen, PlanSetup)
        assert load_plan(app.ctx.store) == StudyPlan(INTERVIEW, (), 6)
        assert "Interview 2026-12-20" in str(app.screen.query_one("#plan-compact", Static).render())
        await pilot.press("i")  # and clear it again
        await pilot.pause()
        await pilot.click("#pl-clear")
        await pilot.pause()
        assert load_plan(app.ctx.store) is None
        assert "No interview date set" in str(app.screen.query_one("#plan-compact", Static).render())


async def test_due_review_takes_the_plans_new_cards_from_its_decks(make_app, frozen_day) -> None:
    app = make_app("en")
    app.ctx.store.set_study_plan(INTERVIEW.isoformat(), ["extra"], 40, NOW)
    status = plan_status(app.ctx.store, app.ctx.bank, app.ctx.config, NOW)
    planned = status.result.today.new
    assert 0 < planned < app.ctx.config.new_per_day
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert len(screen.session.queue) == planned
        assert {qid.split(".")[0] for qid in screen.session.queue} == {"extra"}


async def test_cram_is_a_session_that_leaves_the_schedule_alone(make_app, frozen_day) -> None:
    app = with_history(make_app("en"), days=20)
    cards_before = app.ctx.store.cards()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.mode == "cram"
        first = screen.session.current.id
        screen.session.grade(1)
        await pilot.pause()
    last = app.ctx.store.reviews()[-1]
    assert (last.question_id, last.mode, last.card_after) == (first, "cram", None)
    assert app.ctx.store.cards() == cards_before


async def test_the_dialog_follows_a_language_switch_keeping_what_was_ticked(make_app, frozen_day) -> None:
    from textual.widgets import Label, SelectionList

    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        decks = dialog.query_one("#pl-decks", SelectionList)
        decks.select("extra")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert str(dialog.query_one("#pl-title", Label).render()) == "面试计划：按日期安排学习"
        assert decks.selected == ["extra"]
        assert [str(decks.get_option_at_index(i).prompt) for i in range(2)] == ["附加题库", "小题库"]
        assert "面试 " in str(dialog.query_one("#pl-preview", Static).render())
