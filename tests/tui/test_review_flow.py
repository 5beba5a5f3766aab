"""Pilot tests that drive the app as a user would, then check what reached the database."""

from __future__ import annotations

import pytest

from textual.widgets import Input, OptionList, Select

from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.screens.review import ReviewScreen
from quiz.tui.widgets.checklist import CheckList
from quiz.tui.widgets.markdown_text import MarkdownText
from tests.tui.drive import practise, record_notifications, settle
from tests.tui.exercise_steps import wait_until


async def answer_current(pilot, rating: int | None = None) -> str:
    """Answer the card on screen the way its kind asks for; returns its id."""
    screen = pilot.app.screen
    q = screen.session.current
    if q.kind == "choice":
        correct = sorted(q.correct_choices)
        await pilot.press(*[str(i + 1) for i in correct], "enter")
        await pilot.pause()
        assert screen.phase == "grade" and screen.suggested == 3
        await pilot.press("enter" if rating is None else str(rating))
    else:
        await pilot.press("space")
        await pilot.pause()
        assert screen.phase == "tick"
        await pilot.press("1")  # tick the first key point
        await pilot.pause()
        assert screen.query_one("#keypoints", CheckList).checked == {0}
        await pilot.press("enter")
        await pilot.press("enter" if rating is None else str(rating))
    await pilot.pause()
    return q.id


@pytest.mark.slow(tensorflow=False)  # a whole session walked through (seconds)
async def test_due_review_over_every_kind_with_each_grade_and_undo(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        kinds, answered = set(), []
        for rating in (1, 2, 3, 4):
            q = screen.session.current
            kinds.add(q.kind)
            answered.append((await answer_current(pilot, rating), rating))
        store = app.ctx.store
        rows = store.reviews()
        assert [(r.question_id, r.rating) for r in rows] == answered
        assert all(r.mode == "review" and r.duration_ms is not None and r.card_after for r in rows)
        # undo the last grade: its row is gone and its card shows again
        await pilot.press("u")
        await pilot.pause()
        assert len(store.reviews()) == 3
        assert screen.session.current.id == answered[-1][0]
        assert screen.phase == "grade"  # back as it was graded: revealed, ready for a grade
        await pilot.press("3")
        await pilot.pause()
        while screen.session.current is not None and screen.session.current.id not in {a for a, _ in answered}:
            kinds.add(screen.session.current.kind)
            await answer_current(pilot)
        assert kinds == {"open", "choice", "bug"}
        assert len(store.cards()) >= 4


async def test_choice_partial_and_wrong_suggest_hard_and_again(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await practise(pilot, "extra.choice-multi", "extra.choice-multi")
        await pilot.press("1", "enter")  # one of two correct options
        await pilot.pause()
        assert screen.suggested == 2
        answer = screen.query_one("#answer", MarkdownText).source
        assert "Partly right" in answer and "Groups share KV." in answer
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("3", "enter")  # a wrong option
        await pilot.pause()
        assert screen.suggested == 1
        await pilot.press("enter")
        await pilot.pause()
        assert [r.rating for r in app.ctx.store.reviews()] == [2, 1]


async def test_practice_mode_leaves_the_schedule_alone(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#p-deck", Select).value = "mini"
        dialog.query_one("#p-kind", Select).value = "bug"
        await pilot.pause()
        assert "1 questions match" in str(dialog.query_one("#p-count").render())
        await pilot.click("#p-start")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.mode == "practice"
        assert screen.session.current.id == "mini.bug-one"
        assert "d_loss" in screen.query_one("#prompt", MarkdownText).source  # the snippet is shown
        await answer_current(pilot, 1)
        store = app.ctx.store
        assert store.cards() == {}
        assert [(r.question_id, r.mode) for r in store.reviews()] == [("mini.bug-one", "practice")]


async def test_browse_search_and_filters(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        results = screen.query_one("#results", OptionList)
        assert results.option_count == 5
        screen.query_one("#search", Input).value = "极小极大"
        await settle(pilot, "browse-search")
        assert [results.get_option_at_index(i).id for i in range(results.option_count)] == ["mini.open-one"]
        assert "minimax" in screen.query_one("#detail", MarkdownText).source
        screen.query_one("#search", Input).value = ""
        await settle(pilot, "browse-search")
        screen.query_one("#f-kind", Select).value = "choice"
        await pilot.pause()
        assert results.option_count == 2
        screen.query_one("#f-deck", Select).value = "extra"
        await pilot.pause()
        assert results.option_count == 1
        results.focus()
        await pilot.press("enter")  # practise the highlighted question
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.session.current.id == "extra.choice-multi"


async def test_language_toggle_redraws_content_and_labels(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await practise(pilot, "mini.open-one")
        assert "What is a GAN?" in screen.query_one("#prompt", MarkdownText).source
        await pilot.press("space")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.lang == "zh"
        assert "什么是 GAN？" in screen.query_one("#prompt", MarkdownText).source
        assert "参考答案" in screen.query_one("#answer", MarkdownText).source
        assert screen.phase == "tick"  # the toggle keeps the user's place
        labels = {active.binding.description for active in screen.active_bindings.values()}
        assert "撤销" in labels or "返回" in labels
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.lang == "en" and "Model answer" in screen.query_one("#answer", MarkdownText).source


async def test_typed_answer_is_shown_beside_the_model_answer(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await practise(pilot, "mini.open-one")
        await pilot.press("a")
        await pilot.press(*"two nets")
        await pilot.press("escape")  # leaves the box, not the session
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("space")
        await pilot.pause()
        assert "> two nets" in screen.query_one("#answer", MarkdownText).source


@pytest.mark.slow(tensorflow=False)  # a whole session walked through (seconds)
async def test_mock_interview_ends_with_a_report(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("m")  # the setup dialog, Start focused
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert screen.mode == "mock"
        asked = list(screen.queue_ids)
        await answer_current(pilot, 1)  # the first answer was weak
        while screen.session.current is not None:
            await answer_current(pilot, 3)
        await pilot.pause()
        from quiz.tui.screens.mock_report import MockReportScreen

        report = app.screen
        assert isinstance(report, MockReportScreen)
        assert "Rubric coverage" in str(report.query_one("#mock-score").render())
        assert app.ctx.store.cards() == {}  # mock interviews do not change the schedule
        # review next: the weak question, by its title; Enter practises it
        from quiz.tui.widgets.row_table import RowTable

        listed = report.query_one("#mock-next-list", RowTable)
        weak = app.ctx.bank.questions[asked[0]]
        assert listed.row_count == 1 and listed.cursor_key == weak.id
        assert weak.prompt.en[:20] in str(listed.render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.mode == "practice"
        assert app.screen.session.current.id == weak.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is report


async def test_damaged_database_offers_a_way_out(tmp_path, make_app) -> None:
    db = tmp_path / "bad.db"
    db.write_bytes(b"not sqlite" * 200)
    app = make_app(db=db)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        from quiz.tui.screens.dialogs import DbErrorScreen

        assert isinstance(app.screen, DbErrorScreen)
        await pilot.press("m")
        await pilot.pause()
        assert app.ctx.store is not None and db.exists()
        assert len(list(tmp_path.glob("bad.db.damaged-*"))) == 1


async def test_terminal_too_small_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(50, 12)) as pilot:
        await pilot.pause()
        from quiz.tui.screens.dialogs import TooSmallScreen

        assert isinstance(app.screen, TooSmallScreen)
        assert "50×12" in str(app.screen.query_one("#too-small").render())
        await pilot.resize_terminal(55, 14)  # still too small: the notice follows the size
        await pilot.pause()
        assert "55×14" in str(app.screen.query_one("#too-small").render())
        await pilot.resize_terminal(100, 30)  # large enough: the notice goes
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(50, 12)  # shrunk while running: it comes back
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)


async def test_the_saved_grade_is_confirmed_on_the_next_card_in_the_current_language(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        hint = screen.query_one("#hint")
        assert "Saved" not in str(hint.render())
        toasts = record_notifications(app)
        await answer_current(pilot, 3)
        assert "✓ Saved: Good · next in" in str(hint.render())
        assert toasts == []  # no toast over the card
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "✓ 已保存：良好" in str(hint.render())
        await pilot.press("u")
        await pilot.pause()
        assert "已保存" not in str(hint.render())  # the undone grade is no longer claimed


async def test_the_key_bar_lists_the_active_keys_and_a_click_presses_one(make_app) -> None:
    from quiz.tui.widgets.keybar import KeyBar

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        bar = app.screen.query_one(KeyBar)
        assert [h.key for h in bar.hints][:3] == ["r", "p", "b"]
        rendered = str(bar.render())
        assert rendered.startswith(" r Review  p Practice") and rendered.rstrip().endswith("? Help")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert " r 复习 " in str(app.screen.query_one(KeyBar).render())
        await pilot.press("ctrl+l")
        await pilot.pause()
        start = next(s for s, _e, h in bar._spans if h.key == "b")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        screen_bar = app.screen.query_one(KeyBar)
        assert "b" not in [h.key for h in screen_bar.hints]  # browse's own keys, not home's


async def test_the_key_point_title_counts_this_question_s_points(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await practise(pilot, "mini.open-one")
        await pilot.press("space")
        await pilot.pause()
        n = len(app.screen.session.current.key_points)
        assert f"(1-{n})" in str(app.screen.query_one("#kp-title").render())
        assert f"1-{n}" in str(app.screen.query_one("#hint").render())


LONG_BUG = """\
format: 1
deck: {id: long, title: {en: Long, zh: 长}}
questions:
  - id: long.bug
    kind: bug
    difficulty: medium
    prompt: {en: "Find the bug.", zh: "找出 bug。"}
    code: |
%s
    answer: {en: "The last line.", zh: "最后一行。"}
    key_points: [{en: one, zh: 一}, {en: two, zh: 二}]
""" % "\n".join(f"      x{i} = {i}" for i in range(30))


async def test_reveal_brings_the_answer_into_view_only_when_the_prompt_hides_it(make_app, tmp_path, test_bank_dir) -> None:
    from textual.containers import VerticalScroll

    (tmp_path / "long").mkdir()
    (tmp_path / "long" / "long.yaml").write_text(LONG_BUG, encoding="utf-8")
    app = make_app(banks=[test_bank_dir, tmp_path / "long"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await practise(pilot, "mini.open-one", "long.bug", "extra.kl-value")
        card = screen.query_one("#card", VerticalScroll)
        await pilot.press("space")  # short prompt: nothing to scroll
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert card.scroll_y == 0
        await pilot.press("enter", "3")
        await pilot.pause()
        assert screen.session.current.id == "long.bug"
        await pilot.press("space")  # a 30-line snippet: the answer starts below the fold
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        revealed = screen.query_one("#revealed")
        assert card.scroll_y > 0
        assert card.region.y <= revealed.region.y < card.region.bottom - 2  # the answer heading is on screen
        assert card.show_vertical_scrollbar and card.vertical_scrollbar.display
        await pilot.press("enter", "3")  # a short card after a long one: no scrollbar left over
        await pilot.pause()
        assert screen.session.current.id == "extra.kl-value"
        assert not card.show_vertical_scrollbar and card.scroll_y == 0


async def test_a_long_prompt_after_a_short_card_gets_its_scrollbar(make_app, tmp_path, test_bank_dir) -> None:
    from textual.containers import VerticalScroll

    (tmp_path / "long").mkdir()
    (tmp_path / "long" / "long.yaml").write_text(LONG_BUG, encoding="utf-8")
    app = make_app(banks=[test_bank_dir, tmp_path / "long"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await practise(pilot, "mini.open-one", "long.bug")
        card = screen.query_one("#card", VerticalScroll)
        assert not card.show_vertical_scrollbar
        await pilot.press("space", "enter", "3")
        await pilot.pause()
        assert screen.session.current.id == "long.bug"
        assert card.show_vertical_scrollbar and card.vertical_scrollbar.display  # the 30-line snippet can be scrolled
        assert card.max_scroll_y > 0


async def test_home_reviews_the_chosen_deck_and_opens_a_mode_by_click(make_app) -> None:
    from quiz.tui.widgets.row_table import RowTable

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        decks = app.screen.query_one("#decks", RowTable)
        assert decks.has_focus and decks.cursor_key == "__all__"
        keys = [decks._rows[i][0] for i in range(decks.row_count)]
        await pilot.press(*["down"] * keys.index("extra"), "enter")  # the deck "extra" only
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.queue and all(qid.startswith("extra.") for qid in screen.session.queue)
        await pilot.press("escape")
        await pilot.pause()
        modes = app.screen.query_one("#home-modes")
        await pilot.click(modes, offset=(4, 2))  # the third line: browse
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#decks", RowTable).cursor_key == "extra"  # home kept the choice


async def test_a_click_on_a_grade_button_grades_with_it(make_app) -> None:
    from textual.widgets import Button

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await practise(pilot, "mini.open-one", "mini.bug-one")
        await pilot.press("space")
        await pilot.pause()
        buttons = {int(b.id.removeprefix("grade-")): b for b in screen.query("#grades Button").results(Button)}
        assert sorted(buttons) == [1, 2, 3, 4] and "Again" in str(buttons[1].label)
        assert [r for r, b in buttons.items() if b.has_class("-suggested")] == [1]  # nothing ticked: Again is suggested
        assert not any(b.focusable for b in buttons.values()), "the number keys grade; a button must not take focus"
        await pilot.click("#grade-3")
        await pilot.pause()
        assert [(r.question_id, r.rating) for r in app.ctx.store.reviews()] == [("mini.open-one", 3)]
        assert screen.session.current.id == "mini.bug-one"


def test_chinese_line_breaking_is_installed_once_by_the_start_up_and_not_by_the_app(tmp_path, test_bank_dir, monkeypatch) -> None:
    import re

    from rich import _wrap

    from quiz.config import Config
    from quiz.runtime import Runtime
    from quiz.tui import cjk_wrap
    from quiz.tui.app import QuizApp, build_app
    from quiz.tui.context import AppContext

    rich_own = re.compile(r"\s*\S+\s*")
    monkeypatch.setattr(_wrap, "re_word", rich_own)  # restored after the test
    QuizApp(AppContext.build(Config(lang="zh"), [test_bank_dir], Runtime(tmp_path / "a.db"))).ctx.store.close()
    assert _wrap.re_word is rich_own  # building an app changes nothing process-wide
    build_app(Config(lang="en"), [test_bank_dir], Runtime(tmp_path / "b.db")).ctx.store.close()
    assert _wrap.re_word is cjk_wrap.word_pattern()  # the start-up installs it, whatever the language


async def test_a_screen_shown_again_catches_up_with_new_grades_and_the_language(make_app) -> None:
    from textual.widgets import DataTable

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        table = app.screen.query_one("#stats-table", DataTable)
        total = [str(cell) for cell in table.get_row_at(table.row_count - 1)]
        assert total[5] == "0"  # no reviews yet (Reviews comes after home's columns)
        await pilot.press("escape", "r")
        await pilot.pause()
        await answer_current(pilot, 3)
        await pilot.press("escape", "enter")  # leave the review, close its summary: back home
        await pilot.pause()
        await pilot.press("ctrl+l")  # switch to Chinese on home
        await pilot.pause()
        await pilot.press("s")  # the stats screen, drawn before both changes
        await pilot.pause()
        table = app.screen.query_one("#stats-table", DataTable)
        total = [str(cell) for cell in table.get_row_at(table.row_count - 1)]
        assert total[0] == "合计" and total[5] == "1"


@pytest.mark.parametrize("lang", [pytest.param("en", marks=pytest.mark.slow(tensorflow=False)), "zh"])  # en: in the full suite (the wider Chinese labels are the harder fit)
async def test_practice_setup_fits_80x24_with_its_controls_in_view(make_app, lang: str) -> None:
    """At 80×24 the dialog used to push Start, the match count and the checkbox below the screen."""
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        screen_region = dialog.region
        for selector in ("#p-deck", "#p-focus", "#p-tag", "#p-difficulty", "#p-kind", "#p-schedule", "#p-count", "#p-start", "#p-cancel"):
            region = dialog.query_one(selector).region
            assert region.height > 0 and screen_region.contains_region(region), (selector, region)
        focused = []
        for _ in range(6):  # Tab reaches every control, and only controls (no invisible container stop)
            await pilot.press("tab")
            focused.append(app.focused.id if app.focused else None)
        assert focused == ["p-focus", "p-tag", "p-difficulty", "p-kind", "p-schedule", "p-start"], focused
        await pilot.press("enter")  # Start, reached by keyboard alone
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.mode == "practice"


@pytest.mark.parametrize("key", ["r", "m"])
async def test_review_and_mock_cover_every_deck_whatever_the_home_cursor(make_app, key) -> None:
    """Issue 18, broken 5: the cursor on one deck used to scope `r` and `m` silently."""
    from quiz.tui.widgets.row_table import RowTable

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        decks = app.screen.query_one("#decks", RowTable)
        keys = [decks._rows[i][0] for i in range(decks.row_count)]
        await pilot.press(*["down"] * keys.index("extra"), key)
        await pilot.pause()
        if key == "m":  # the setup dialog: every deck ticked, Start focused
            await pilot.press("enter")
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        queued = {app.ctx.bank.questions[qid].deck for qid in screen.queue_ids}
        assert queued == {"extra", "mini"}, queued
        header = str(screen.query_one("#review-meta").render())
        assert "All decks" in header, header


async def test_every_session_header_names_its_scope(make_app) -> None:
    from quiz.tui.widgets.row_table import RowTable

    app = make_app(lang="zh")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        decks = app.screen.query_one("#decks", RowTable)
        keys = [decks._rows[i][0] for i in range(decks.row_count)]
        await pilot.press(*["down"] * keys.index("extra"), "enter")  # Enter chooses the deck
        await pilot.pause()
        header = str(app.screen.query_one("#review-meta").render())
        assert app.ctx.bank.decks["extra"].title.zh in header, header
        await pilot.press("escape")
        await pilot.pause()
        screen = await practise(pilot, "mini.open-one")
        assert "所选题目" in str(screen.query_one("#review-meta").render())


async def _run_mock_out_of_time(app, pilot, typed: str = ""):
    """A two-question mock of one minute on a clock the test moves: type ``typed`` (if any), let the
    minute pass, and wait for the screen's once-a-second tick to notice. Returns the review screen."""
    app.push_screen(ReviewScreen(["mini.open-one", "extra.choice-multi"], mode="mock", time_limit=60, decks=None))
    await pilot.pause()
    screen = app.screen
    clock = [screen.monotonic()]
    screen.monotonic = lambda: clock[0]
    if typed:
        await pilot.press("a", *typed)
    clock[0] += 61  # the interview's minute is over
    await wait_until(pilot, lambda: screen.time_up, what="the time-out")
    await pilot.pause()
    return screen


@pytest.mark.slow(tensorflow=False)  # a mock interview run to its time-out (seconds)
async def test_mock_time_out_keeps_the_typed_answer_and_reveals_the_question(make_app) -> None:
    """Issue 18, broken 8: the time-out threw the typed answer away and never showed the answer."""
    from quiz.tui.screens.mock_report import MockReportScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _run_mock_out_of_time(app, pilot, "half an answer")
        assert screen.time_up and app.screen is screen  # not thrown straight to the report
        assert screen.phase == "tick"
        assert "> half an answer" in screen.query_one("#answer", MarkdownText).source
        await pilot.press("escape")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, MockReportScreen)
        shown = str(report.query_one("#mock-unfinished").render())
        assert "half an answer" in shown and app.ctx.bank.questions["mini.open-one"].prompt.en[:20] in shown


@pytest.mark.slow(tensorflow=False)  # a mock interview run to its time-out (seconds)
async def test_grading_the_card_revealed_at_time_out_opens_the_report(make_app) -> None:
    from quiz.tui.screens.mock_report import MockReportScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _run_mock_out_of_time(app, pilot)
        await pilot.press("1", "enter", "3")  # tick, done, grade Good
        await pilot.pause()
        report = app.screen
        assert isinstance(report, MockReportScreen)
        assert [a.question_id for a in report.record.answers if a.rating is not None] == ["mini.open-one"]
        assert "(nothing typed)" in str(report.query_one("#mock-unfinished").render())


async def test_the_typed_answer_box_opens_in_view_below_a_long_bug_snippet(make_app, tmp_path, test_bank_dir) -> None:
    """Issue 18, broken 2: at 80x24 `a` on a bug card opened the box below the fold."""
    from textual.containers import VerticalScroll

    (tmp_path / "long").mkdir()
    (tmp_path / "long" / "long.yaml").write_text(LONG_BUG, encoding="utf-8")
    app = make_app(banks=[test_bank_dir, tmp_path / "long"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await practise(pilot, "long.bug")
        await pilot.press("a", *"frozen")
        await pilot.pause()
        await pilot.pause()
        card = screen.query_one("#card", VerticalScroll)
        box = screen.query_one("#typed")
        assert box.has_focus and box.text == "frozen"
        assert card.region.y <= box.region.y and box.region.bottom <= card.region.bottom, (box.region, card.region)
