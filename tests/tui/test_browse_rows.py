"""Browse rows say what each question is and where it stands; related questions open from the answer."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import OptionList, Select

from quiz.scheduling import preview
from quiz.store import utcnow
from quiz.tui.widgets.markdown_text import MarkdownText


def _row_text(results: OptionList, qid: str) -> str:
    for i in range(results.option_count):
        option = results.get_option_at_index(i)
        if option.id == qid:
            return str(option.prompt)
    raise AssertionError(f"{qid} not listed")


async def test_rows_show_kind_due_status_and_deck(make_app) -> None:
    app = make_app()
    now = utcnow()
    card = {**preview(app.ctx.scheduler, "extra.kl-value", None, now)[3].card, "due": (now + timedelta(days=2, hours=1)).isoformat()}
    app.ctx.store.record_review("extra.kl-value", rating=3, reviewed_at=now, duration_ms=1, mode="review", card_after=card)
    card = {**card, "due": (now - timedelta(hours=1)).isoformat()}
    app.ctx.store.record_review("mini.bug-one", rating=3, reviewed_at=now, duration_ms=1, mode="review", card_after=card)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        results = app.screen.query_one("#results", OptionList)
        assert _row_text(results, "extra.kl-value").endswith("open · due in 2d · Extra deck")
        assert _row_text(results, "mini.bug-one").endswith("bug · due now · Mini deck")
        assert _row_text(results, "mini.open-one").endswith("open · new · Mini deck")
        app.lang = "zh"
        await pilot.pause()
        assert _row_text(results, "extra.kl-value").endswith("问答 · 2d 后到期 · 附加题库")


async def test_a_long_question_ends_with_an_ellipsis_on_one_line(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        results = app.screen.query_one("#results", OptionList)
        results.focus()
        await pilot.pause()
        lines = [results.render_line(y).text.rstrip() for y in range(results.size.height)]
        long = next(line for line in lines if line.strip().startswith("Which loss does"))
        assert long.strip().endswith("…"), lines  # "Which loss does the non-saturating G minimise?" is cut, not wrapped
        assert not any(line.strip().startswith("minimise?") for line in lines), lines


async def test_related_questions_open_from_the_answer(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#f-deck", Select).value = "extra"  # hides the related question, which is in mini
        await pilot.pause()
        results = screen.query_one("#results", OptionList)
        results.focus()
        results.highlighted = [results.get_option_at_index(i).id for i in range(results.option_count)].index("extra.kl-value")
        await pilot.pause()
        related = screen.query_one("#browse-related", OptionList)
        assert related.display and related.get_option_at_index(0).id == "mini.open-one"
        await pilot.press("r")  # to the related list
        await pilot.pause()
        assert app.focused is related
        await pilot.press("enter")
        await pilot.pause()
        assert results.get_option_at_index(results.highlighted).id == "mini.open-one"
        assert screen.query_one("#f-deck", Select).value is Select.NULL  # the filter that hid it is cleared
        assert "What is a GAN?" in screen.query_one("#detail", MarkdownText).source
        assert app.focused is results



async def test_a_search_whose_screen_is_taken_down_during_its_debounce_ends_quietly(make_app) -> None:
    """The search runs 0.12 s after the last key (one refresh per burst of typing). If the app
    quits inside that wait, the screen's widgets can be gone before the waiting worker is
    cancelled: the search then ends without an error (a worker error ends the app with a
    traceback). Here the results list is taken away while the search waits, as that teardown does."""
    from tests.tui.drive import settle

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("k")
        waiting = [w for w in app.workers if w.group == "browse-search" and not w.is_finished]
        assert waiting
        await app.screen.query_one("#results", OptionList).remove()
        await settle(pilot, "browse-search")
        assert [w.state.name for w in waiting] == ["SUCCESS"] and app.is_running
