"""The mock interview as a user meets it: the setup dialog, the header, the stored report, its
review-next titles and drill, and past reports reopened."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Button, Input, SelectionList, Static

from quiz import mock, mock_reports
from quiz.tui.screens.mock_history import MockHistoryScreen
from quiz.tui.screens.mock_report import MockReportScreen
from quiz.tui.screens.mock_setup import MockSetupScreen
from quiz.tui.screens.review import ReviewScreen
from quiz.tui.widgets.row_table import RowTable
from tests.tui.exercise_steps import wait_until
from tests.tui.mock_fixtures import IDS, PROMPTS, talk_bank, talk_record
from tests.tui.test_review_flow import answer_current


async def _open_setup(pilot) -> MockSetupScreen:
    await pilot.press("m")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, MockSetupScreen)
    return dialog


async def _run_whole_mock(pilot, grade: int = 2) -> None:
    """Start the usual mock from the setup dialog and answer every card with ``grade``."""
    await _open_setup(pilot)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    while screen.session.current is not None:
        await answer_current(pilot, grade)
    await pilot.pause()


def _header(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-meta").render())


async def test_m_opens_the_setup_with_every_deck_ticked_and_enter_starts_the_usual_mock(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_setup(pilot)
        assert set(dialog.query_one("#mk-decks", SelectionList).selected) == {"mini", "extra"}
        assert dialog.query_one("#mk-questions", Input).value == str(app.ctx.config.mock_questions)
        assert dialog.query_one("#mk-minutes", Input).value == str(app.ctx.config.mock_minutes)
        assert app.focused is dialog.query_one("#mk-start", Button)
        summary = str(dialog.query_one("#mk-summary", Static).render())
        assert "Asks 3 of the 3 questions in all topics, in 25 minutes" in summary and "fewer than the 6 asked for" in summary, summary
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.mode == "mock" and screen.decks is None
        assert screen.time_limit == app.ctx.config.mock_minutes * 60
        assert len(screen.queue_ids) == 3  # every open and bug question of the two decks


async def test_the_chosen_topics_count_and_minutes_make_the_mock(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_setup(pilot)
        dialog.query_one("#mk-decks", SelectionList).deselect("extra")
        dialog.query_one("#mk-questions", Input).value = "1"
        dialog.query_one("#mk-minutes", Input).value = "3"
        await pilot.pause()
        summary = str(dialog.query_one("#mk-summary", Static).render())
        assert "Asks 1 of the 2 questions in Mini deck, in 3 minutes" in summary, summary
        await pilot.click("#mk-start")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.mode == "mock"
        assert len(screen.queue_ids) == 1 and app.ctx.bank.questions[screen.queue_ids[0]].deck == "mini"
        assert screen.time_limit == 180 and screen.decks == ("mini",)
        header = _header(screen)
        assert "Mini deck" in header and ("3:00 left" in header or "2:59 left" in header), header


async def test_a_bad_field_is_named_and_start_stays_off(make_app) -> None:
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_setup(pilot)
        dialog.query_one("#mk-questions", Input).value = "0"
        await pilot.pause()
        assert "题数须为 1 到 50 的整数" in str(dialog.query_one("#mk-summary", Static).render())
        assert dialog.query_one("#mk-start", Button).disabled
        await pilot.press("a")  # untick every topic (the focus is not in a field)
        await pilot.pause()
        dialog.query_one("#mk-questions", Input).value = "4"
        await pilot.pause()
        assert dialog.query_one("#mk-decks", SelectionList).selected == []
        assert "请至少勾选一个主题" in str(dialog.query_one("#mk-summary", Static).render())
        await pilot.press("a", "ctrl+l")  # tick them all again, then English: the ticks and the fields stay
        await pilot.pause()
        assert str(dialog.query_one("#mk-title").render()).startswith("Mock interview")
        assert set(dialog.query_one("#mk-decks", SelectionList).selected) == {"mini", "extra"}
        assert dialog.query_one("#mk-questions", Input).value == "4"
        assert "Asks 3 of the 3 questions in all topics" in str(dialog.query_one("#mk-summary", Static).render())
        await pilot.press("a")
        dialog.query_one("#mk-minutes", Input).focus()
        await pilot.press("enter")  # Enter in a field starts only a setup that can start
        await pilot.pause()
        assert app.screen is dialog
        assert "Tick at least one topic." in str(dialog.query_one("#mk-summary", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (MockSetupScreen, ReviewScreen))


async def test_typing_a_in_a_field_types_it_and_does_not_untick_topics(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_setup(pilot)
        dialog.query_one("#mk-questions", Input).focus()
        await pilot.press("a")
        await pilot.pause()
        assert set(dialog.query_one("#mk-decks", SelectionList).selected) == {"mini", "extra"}


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_setup_fits_with_start_in_view_even_with_many_topics(make_app, tmp_path, test_bank_dir, size) -> None:
    many = tmp_path / "many"
    many.mkdir()
    for i in range(12):
        (many / f"d{i}.yaml").write_text(
            f"format: 1\ndeck: {{id: d{i}, title: {{en: A rather long deck title number {i}, zh: 一个相当长的题库标题 {i}}}}}\n"
            f"questions:\n  - id: d{i}.q\n    kind: open\n    difficulty: easy\n    prompt: {{en: Q, zh: 问}}\n"
            f"    answer: {{en: A, zh: 答}}\n    key_points: [{{en: a, zh: 甲}}, {{en: b, zh: 乙}}]\n", encoding="utf-8")
    app = make_app(banks=[test_bank_dir, many])
    async with app.run_test(size=size) as pilot:
        dialog = await _open_setup(pilot)
        screen_region = app.screen.region
        for selector in ("#mk-start", "#mk-cancel", "#mk-history", "#mk-questions", "#mk-minutes", "#mk-summary", "#mk-decks"):
            region = dialog.query_one(selector).region
            assert region.height and screen_region.contains_region(region), (selector, region)
        decks = dialog.query_one("#mk-decks", SelectionList)
        if size == (200, 50):  # the room of a tall terminal shows every topic
            assert decks.max_scroll_y == 0
        assert dialog.query_one("#mock-dialog").max_scroll_x == 0


async def test_the_mock_header_is_a_mock_not_practice_in_both_languages(make_app) -> None:
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_setup(pilot)
        await pilot.press("enter")
        await pilot.pause()
        header = _header(app.screen)
        assert "模拟面试 1/3 · 全部题库 · 剩余 2" in header and "不影响复习计划" in header, header
        assert "练习" not in header
        await pilot.press("ctrl+l")
        await pilot.pause()
        header = _header(app.screen)
        assert "Mock interview 1/3 · All decks · 2" in header and "left" in header and "schedule unchanged" in header, header
        assert "practice" not in header.lower()


@pytest.mark.slow(tensorflow=False)  # a whole mock interview walked through (seconds)
async def test_a_finished_mock_is_stored_with_grades_typed_answers_and_review_next(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await _open_setup(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        asked = list(screen.queue_ids)
        await pilot.press("a", *"first line", "enter", *"second line", "escape")
        first = await answer_current(pilot, 1)
        while screen.session.current is not None:
            await answer_current(pilot, 3)
        await pilot.pause()
        report = app.screen
        assert isinstance(report, MockReportScreen)
        records, damaged = mock_reports.history(app.ctx.store)
        assert damaged == 0 and records == [report.record] and report.record.id is not None
        stored = records[0]
        assert stored.queue == asked and stored.decks is None and stored.minutes == app.ctx.config.mock_minutes
        assert stored.answer(first) == mock.Answer(first, 1, stored.answer(first).coverage, stored.answer(first).duration_ms,
                                                   "first line\nsecond line")
        assert [a.rating for a in stored.answers] == [1] + [3] * (len(asked) - 1)
        assert stored.review_next == (first,) and stored.score.answered_well == len(asked) - 1
        assert "second line" in str(report.query_one("#mock-typed", Static).render())
        assert app.ctx.store.cards() == {}  # the schedule is untouched


async def test_the_report_is_reopened_from_the_setup_and_from_a_report_as_it_was(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        earlier = mock_reports.save(app.ctx.store, talk_record())
        dialog = await _open_setup(pilot)
        assert str(dialog.query_one("#mk-history", Button).label) == "Past reports (1)"
        await pilot.click("#mk-history")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, MockHistoryScreen) and history.records == [earlier]
        assert "Interview talk" not in str(history.query_one("#mh-list", RowTable).render())  # not in this bank: named by id
        await pilot.press("enter")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, MockReportScreen) and report.record == earlier
        await pilot.press("h")  # opened from the history: h goes back to it, not deeper
        await pilot.pause()
        assert app.screen is history
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dialog  # Esc from the history: back to the setup


@pytest.mark.slow(tensorflow=False)  # a whole mock interview walked through (seconds)
async def test_h_on_a_fresh_report_lists_it_among_past_reports(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        mock_reports.save(app.ctx.store, talk_record())
        await _run_whole_mock(pilot)
        report = app.screen
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, MockHistoryScreen) and len(history.records) == 2
        assert history.records[0] == report.record  # newest first
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is report


async def test_review_next_lists_titles_enter_practises_one_and_d_drills_exactly_them(make_app, tmp_path, test_bank_dir) -> None:
    app = make_app(banks=[test_bank_dir, talk_bank(tmp_path)])
    record = talk_record()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MockReportScreen(record))
        await pilot.pause()
        report = app.screen
        listed = report.query_one("#mock-next-list", RowTable)
        assert app.focused is listed and listed.row_count == 3
        drawn = str(listed.render())
        for qid in record.review_next:
            assert qid not in drawn  # titles, not ids
        assert PROMPTS[0][0][:30] in drawn and "Again · 0%" in drawn and "Hard · 50%" in drawn and "time ran out" in drawn
        await pilot.press("down", "enter")
        await pilot.pause()
        one = app.screen
        assert isinstance(one, ReviewScreen) and one.mode == "practice" and one.queue_ids == [record.review_next[1]]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is report
        await pilot.press("d")
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, ReviewScreen) and drill.mode == "practice"
        assert drill.queue_ids == list(record.review_next) == [IDS[0], IDS[2], IDS[3]]
        assert drill.session.schedule is False  # a drill leaves the schedule alone


def _table_lines(table: RowTable) -> list[str]:
    return str(table.render()).split("\n")


@pytest.mark.parametrize("lang", [pytest.param("en", marks=pytest.mark.slow(tensorflow=False)), "zh"])  # en: in the full suite (the English report: the other report tests here; Chinese titles are the harder display-width cut)
async def test_titles_end_in_an_ellipsis_by_display_width_and_nothing_is_clipped_at_80x24(make_app, tmp_path, test_bank_dir, lang) -> None:
    app = make_app(lang=lang, banks=[test_bank_dir, talk_bank(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MockReportScreen(talk_record()))
        await pilot.pause()
        report = app.screen
        assert report.query_one("#mock-report").max_scroll_x == 0  # nothing hides to the right
        table = report.query_one("#mock-table", RowTable)
        width = table.content_size.width
        lines = _table_lines(table)
        assert all(cell_len(line) == width for line in lines)  # every row fits the table exactly
        prompts = [p[0] if lang == "en" else p[1] for p in PROMPTS]
        cut = 0
        for line, prompt in zip(lines[1:], prompts, strict=True):
            body = line[1:]
            if not body.startswith(prompt):  # too long: as much as fits, then an ellipsis
                shown = body[:body.index("…")].rstrip()
                assert prompt.startswith(shown) and cell_len(shown) >= 40, (shown, prompt)
                cut += 1
        assert cut >= 3  # the long ones are cut, by display width: a Chinese title holds about half the characters
        assert lines[1].rstrip().endswith("1:35") and lines[2].rstrip().endswith("2:20")  # the time column is in view


async def test_the_report_uses_the_width_of_a_wide_terminal(make_app, tmp_path, test_bank_dir) -> None:
    app = make_app(lang="zh", banks=[test_bank_dir, talk_bank(tmp_path)])
    async with app.run_test(size=(200, 50)) as pilot:
        app.push_screen(MockReportScreen(talk_record()))
        await pilot.pause()
        table = app.screen.query_one("#mock-table", RowTable)
        assert table.content_size.width >= 190
        drawn = str(table.render())
        assert all(p[1] in drawn for p in PROMPTS)  # every Chinese title whole: no ellipsis at 200 columns
        assert "…" not in drawn


async def test_a_report_redraws_in_the_other_language(make_app, tmp_path, test_bank_dir) -> None:
    app = make_app(banks=[test_bank_dir, talk_bank(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MockReportScreen(talk_record()))
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        report = app.screen
        assert "模拟面试报告" in str(report.query_one("#mock-title", Static).render())
        assert PROMPTS[5][1][:10] in str(report.query_one("#mock-table", RowTable).render())
        assert "时间到时你正在回答" in str(report.query_one("#mock-unfinished", Static).render())


async def test_a_damaged_stored_report_is_named_and_the_rest_still_open(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        mock_reports.save(app.ctx.store, talk_record())
        app.ctx.store.conn.execute("INSERT INTO mock_reports (finished_at, report_json) VALUES ('2026-12-01T00:00:00+00:00', '{')")
        app.push_screen(MockHistoryScreen())
        await pilot.pause()
        history = app.screen
        assert len(history.records) == 1
        assert "1 stored report(s) could not be read" in str(history.query_one("#mh-damaged", Static).render())
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MockReportScreen), what="the readable report")


@pytest.mark.slow(tensorflow=False)  # a whole mock interview walked through (seconds)
async def test_a_report_that_cannot_be_saved_still_shows_and_says_so(make_app, monkeypatch) -> None:
    import sqlite3

    from tests.tui.drive import record_notifications

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        def full_disk(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(app.ctx.store, "record_mock", full_disk)
        shown = record_notifications(app)
        await _run_whole_mock(pilot)
        assert isinstance(app.screen, MockReportScreen) and app.screen.record.id is None
        assert any("could not be saved (database or disk is full)" in text and severity == "error" for text, severity in shown)

