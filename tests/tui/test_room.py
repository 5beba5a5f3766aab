"""Room on the screen: reading measure and home's columns at 200×50, and toasts that never
cover the grade bar or an open dialog."""

from __future__ import annotations

import pytest

from quiz.tui.screens.review import ReviewScreen
from tests.tui.drive import practise


def _overlaps(a, b) -> bool:
    return a.overlaps(b)


async def test_answers_keep_a_reading_measure_at_200_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await practise(pilot, "mini.open-one")
        await pilot.press("space")
        await pilot.pause()
        card = screen.query_one("#card").region
        for selector in ("#prompt", "#answer", "#keypoints"):
            region = screen.query_one(selector).region
            assert region.width <= 102, (selector, region)
            # centred in the card: as much room left as right, give or take the scrollbar's column
            assert abs((region.x - card.x) - (card.right - region.right)) <= 3, (selector, region, card)
        buttons = [b.region for b in screen.query("#grades Button")]
        assert buttons[-1].right - buttons[0].x <= 104  # the grade buttons sit under the column


async def test_browse_text_keeps_a_reading_measure_at_200_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert app.screen.query_one("#detail").region.width <= 100


async def test_home_sets_the_modes_beside_the_decks_at_200_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        decks, modes = app.screen.query_one("#decks").region, app.screen.query_one("#home-modes").region
        assert modes.x >= decks.right and modes.y < decks.bottom, (decks, modes)
    async with make_app().run_test(size=(80, 24)) as pilot:  # one column at 80: modes under the decks
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.query_one("#home-modes").region.y > screen.query_one("#decks").region.y


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_a_toast_in_a_review_stays_off_the_grade_bar(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await practise(pilot, "mini.open-one")
        await pilot.press("space")
        await pilot.pause()
        app.notify("A message long enough to take two lines in a toast at eighty columns wide", timeout=30)
        await pilot.pause()
        toasts = [t.region for t in screen.query("Toast")]
        assert toasts
        for toast in toasts:
            for selector in ("#grades", "#hint"):
                assert not _overlaps(toast, screen.query_one(selector).region), (selector, toast)


@pytest.mark.parametrize("lang", [pytest.param("en", marks=pytest.mark.slow(tensorflow=False)), "zh"])  # en: in the full suite (English toasts: the review toast tests above; the wider Chinese toast is the harder fit)
async def test_a_toast_over_the_practice_dialog_stays_off_it(make_app, lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+l")  # the language toast
        app.notify("A longer message, of the kind a check or a save reports, still on one row")
        await pilot.pause()
        dialog = app.screen
        toasts = [t.region for t in dialog.query("Toast") if t.region.height]
        assert toasts and "still on one row" in str(dialog.query("Toast").last().render())  # the newest shows
        box = dialog.query_one("#practice-dialog").region
        for toast in toasts:
            assert not _overlaps(toast, box), (toast, box)
