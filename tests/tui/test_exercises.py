"""The exercise mode driven as a user would, against the fake checker child (tests/tui/fake_checker.py).

Each test asserts on what the user sees (tables, charts, texts, screens) and on
what reached the disk and the progress store.
"""

from __future__ import annotations

import sys
import time
from contextlib import nullcontext
from pathlib import Path

import pytest
from textual.widgets import DataTable, ListItem, ListView, Markdown, Static, TabbedContent, TextArea
from textual_plotext import PlotextPlot

from quiz.exercises import catalog, workspace
from quiz.tui.screens.dialogs import ChoiceScreen
from quiz.tui.screens.exercise import ExerciseScreen
from quiz.tui.screens.exercises import ExercisesScreen
from quiz.tui.screens.review import ReviewScreen
from quiz.tui.screens.solution import SolutionScreen
from quiz.tui.widgets.sample_grid import SampleGrid
from tests.processes import alive
from tests.tui.drive import record_notifications
from tests.tui.exercise_steps import finish_run, open_exercise, opened_and_checked, wait_until, watching

SIZE = (100, 32)


def _text(widget: Static) -> str:
    return str(widget.render())


def _cells(screen: ExerciseScreen) -> dict[str, str]:
    """Check name → the first cell's mark, as drawn in the results table."""
    table = screen.query_one("#checks", DataTable)
    return {key.value: str(table.get_row(key)[0]) for key in table.rows}


def _runs(tmp_path: Path) -> list[str]:
    log = tmp_path / "runs.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_list_shows_every_exercise_with_difficulty_and_status(exercise_app) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExercisesScreen)
        table = app.screen.query_one("#exercise-table", DataTable)
        ids = [key.value for key in table.rows]
        assert ids == [ex.id for ex in catalog.list_exercises()] == [
            "attention", "attention-debug", "ddpm", "ddpm-debug", "gan", "gan-debug", "sampling", "vae", "vae-debug", "wgan-gp"]
        assert [str(table.get_row("gan")[i]) for i in (2, 3, 4)] == ["medium", "not started", "—"]
        assert str(table.get_row("vae-debug")[2]) == "hard"
        # A run recorded in the store shows up when the list comes back.
        screen, _report = await opened_and_checked(pilot, "gan")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ExercisesScreen), what="back to the list")
        await pilot.pause()
        row = app.screen.query_one("#exercise-table", DataTable).get_row("gan")
        assert [str(row[i]) for i in (3, 4, 5)] == ["passing", "5/5", "1"]


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_edit_save_check_pass_with_chart_and_samples(exercise_app, tmp_path: Path) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        path = workspace.workspace_file("gan")
        ex = catalog.get_exercise("gan")
        assert path.read_text(encoding="utf-8") == ex.starter.read_text(encoding="utf-8"), "the workspace copy comes from the starter"
        await pilot.press("2")
        editor = screen.query_one("#ex-editor", TextArea)
        editor.focus()
        editor.move_cursor((0, 0))
        await pilot.press(*"# mine", "enter")
        assert screen.dirty and "modified" in _text(screen.query_one("#ex-file", Static))
        await pilot.press("ctrl+s")
        assert path.read_text(encoding="utf-8").startswith("# mine\n"), "ctrl+s writes the editor's text to disk"
        report = await finish_run(pilot, screen)
        assert report["status"] == "pass"
        assert _runs(tmp_path) == ["# mine"], "saving ran exactly one check, on the saved text"
        assert _cells(screen) == {n: "✓" for n in ("contract", "generator_output", "discriminator_output", "d_learns", "end_to_end")}
        assert "PASS" in _text(screen.query_one("#result-summary", Static))
        bar = screen.query_one("#ex-progress")
        assert (bar.total, bar.progress) == (5, 5)
        # Pictures: a chart per loss with both lines, and the two sample grids.
        await pilot.press("escape", "4")  # escape leaves the editor; 4 is the Pictures tab
        assert not editor.has_focus and not screen.dirty
        await pilot.pause()
        plots = screen.query_one("#ex-charts").query(PlotextPlot)  # the loss charts (the scatter is one too)
        assert len(plots) == 2 and all(p.size.width > 0 and p.size.height > 0 for p in plots)
        assert "d_loss" in str(plots[0].render()) and "reference" in str(plots[0].render())
        generated, real = screen.query_one("#ex-generated", SampleGrid), screen.query_one("#ex-real", SampleGrid)
        assert len(generated.images) == len(real.images) == 16
        drawn = generated.render()
        assert drawn.plain.startswith("Generated by your model") and drawn.plain.count("▀") == 16 * 14 * 7
        assert generated.size.height > 7 and real.region.x > generated.region.x, "the two grids sit side by side"
        # The attempt is in the progress store, as `quiz check` records it.
        attempts = app.ctx.store.attempts("gan")
        assert [(a["status"], a["passed"], a["total"]) for a in attempts] == [("pass", 5, 5)]
        assert "passing" in _text(screen.query_one("#ex-title", Static))


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_a_reopened_exercise_shows_the_last_runs_pictures(exercise_app) -> None:
    """Issue 18: after a restart the results came back but the Pictures tab said "appear here after a run"."""
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _report = await opened_and_checked(pilot)
        shown = (screen.query_one("#ex-charts").drawn, len(screen.query_one("#ex-generated", SampleGrid).images))
        assert shown == (("d_loss", "g_loss"), 16)
    again = exercise_app()  # a new session: the same data dir and progress store
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert screen.run_id == 0, "nothing ran in this session"
        assert screen.query_one("#ex-charts").drawn == ("d_loss", "g_loss")
        assert len(screen.query_one("#ex-charts").query(PlotextPlot)) == 2
        generated, real = screen.query_one("#ex-generated", SampleGrid), screen.query_one("#ex-real", SampleGrid)
        assert len(generated.images) == len(real.images) == 16 and generated.render().plain.count("▀") == 16 * 14 * 7
        assert "after a run" not in _text(screen.query_one("#ex-pictures-note", Static))


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_wide_screens_show_the_code_beside_the_failing_check(exercise_app) -> None:
    """Issue 18: at ≥ 150 columns the Code tab shows the failing check beside the code (F5 stays there);
    at 80 columns the tabs stay as they are."""
    path = workspace.start(catalog.get_exercise("gan"))[0]
    path.write_text("# broken\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    app = exercise_app()
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_exercise(pilot)
        await pilot.press("2", "f5")
        await finish_run(pilot, screen)
        assert screen.query_one("#ex-tabs", TabbedContent).active == "code", "the results show beside the code"
        side, editor = screen.query_one("#ex-side"), screen.editor
        assert side.display and side.region.x >= editor.region.right and side.region.y == editor.region.y - 1
        assert side.region.width >= 60 and editor.region.width >= 80
        shown = _text(screen.query_one("#ex-side-detail", Static))
        assert "generator_output" in shown and "outside [-1, 1]" in shown and "hint:" in shown
        assert "FAIL" in _text(screen.query_one("#ex-side-summary", Static))
    narrow = exercise_app()
    async with narrow.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot)
        await pilot.press("2", "f5")
        await finish_run(pilot, screen)
        assert screen.query_one("#ex-tabs", TabbedContent).active == "results"
        assert not screen.query_one("#ex-side").display and screen.editor.region.width == 0
        await pilot.press("2")
        assert screen.editor.region.width >= 76, "the editor keeps the whole width"


async def test_failure_shows_message_expected_actual_and_hint(exercise_app) -> None:
    app = exercise_app()
    path = workspace.start(catalog.get_exercise("gan"))[0]
    path.write_text("# broken\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        screen, report = await opened_and_checked(pilot)
        assert report["status"] == "fail"
        tabs = screen.query_one("#ex-tabs", TabbedContent)
        assert tabs.active == "results"
        marks = _cells(screen)
        assert marks["contract"] == "✓" and marks["generator_output"] == "✗" and marks["end_to_end"] == "–"
        detail = _text(screen.query_one("#check-detail", Static))
        for words in ("generator_output", "outside [-1, 1]", "expected: values in [-1, 1] (tanh)",
                      "actual: [-2.95, 3.2]", "hint: End the generator with activation='tanh'"):
            assert words in detail
        assert "FAIL at generator_output" in _text(screen.query_one("#ex-summary", Static))
        assert [a["status"] for a in app.ctx.store.attempts("gan")] == ["fail"]


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_a_change_on_disk_reloads_the_editor_and_rechecks(exercise_app, tmp_path: Path) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        await watching(pilot, screen)
        assert _runs(tmp_path) == []
        path = workspace.workspace_file("gan")
        new = "# broken\n" + path.read_text(encoding="utf-8")
        path.write_text(new, encoding="utf-8")  # another editor saves
        report = await finish_run(pilot, screen, timeout=20)
        assert report["status"] == "fail"
        assert screen.query_one("#ex-editor", TextArea).text == new and not screen.dirty
        assert _runs(tmp_path) == ["# broken"]
        # Fixed outside again: re-checked again, now passing.
        path.write_text(new.removeprefix("# broken\n"), encoding="utf-8")
        await wait_until(pilot, lambda: screen.run_id == 2, 20, "the second re-check")
        assert (await finish_run(pilot, screen))["status"] == "pass"


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_unsaved_edits_are_not_clobbered_by_a_change_on_disk(exercise_app) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        await watching(pilot, screen)
        await pilot.press("2")
        editor = screen.query_one("#ex-editor", TextArea)
        editor.focus()
        editor.move_cursor((0, 0))
        await pilot.press(*"# my edit", "enter")
        path = workspace.workspace_file("gan")
        outside = "# from outside\n" + catalog.get_exercise("gan").starter.read_text(encoding="utf-8")
        path.write_text(outside, encoding="utf-8")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen), 20, "the reload question")
        await pilot.pause()
        await pilot.click("#choice-keep")
        await pilot.pause()
        assert app.screen is screen
        assert editor.text.startswith("# my edit\n") and screen.dirty
        assert path.read_text(encoding="utf-8") == outside
        await finish_run(pilot, screen)  # the change on disk was still checked


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_cancel_kills_the_checker_and_keys_work_while_it_runs(exercise_app, tmp_path: Path, monkeypatch) -> None:
    pid_file = tmp_path / "checker.pid"
    monkeypatch.setenv("FAKE_PID_FILE", str(pid_file))
    app = exercise_app(behaviour="slow")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: pid_file.exists() and pid_file.read_text().strip() != "", what="the checker's pid")
        await wait_until(pilot, lambda: "training the reference" in _text(screen.query_one("#ex-summary", Static)),
                         what="the checker's progress note on the run bar")
        pid = int(pid_file.read_text())
        assert alive(pid)
        assert "Checking… 1/5 · generator_output · training the reference solution" in _text(screen.query_one("#ex-summary", Static))
        assert _cells(screen)["generator_output"] == "▶" and _cells(screen)["end_to_end"] == "·"
        # The UI answers while the child runs: switch tabs, reveal a hint.
        await pilot.press("1")
        assert screen.query_one("#ex-tabs", TabbedContent).active == "statement"
        await pilot.press("h")
        assert screen.query_one("#ex-tabs", TabbedContent).active == "help" and workspace.hints_shown(screen.exercise) == 1
        assert screen.check_run is not None, "still running"
        await pilot.press("escape")
        report = await finish_run(pilot, screen)
        assert report["status"] == "cancelled"
        end = time.monotonic() + 5
        while alive(pid) and time.monotonic() < end:
            await pilot.pause(0.05)
        assert not alive(pid), "the checker child is gone after cancel"
        assert "Cancelled" in _text(screen.query_one("#ex-summary", Static))
        # Issue 18: the cancelled check is "cancelled" in the table and the summary, not "raised an error".
        assert _cells(screen)["generator_output"] == "–"
        summary = _text(screen.query_one("#result-summary", Static))
        assert summary.startswith("■ Cancelled") and "raised an error" not in summary, summary
        assert app.ctx.store.attempts("gan") == [], "a cancelled run is not recorded (as in the CLI)"
        assert app.screen is screen, "escape cancelled the run; it did not leave the screen"


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_hints_are_revealed_one_at_a_time(exercise_app) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        hints = screen.exercise.hints
        assert len(hints) >= 2
        await pilot.press("5")
        assert "No hint revealed yet" in screen.query_one("#ex-hints", Markdown).source
        await pilot.press("h")
        source = screen.query_one("#ex-hints", Markdown).source
        assert f"Hint 1 of {len(hints)}" in source and hints[0].en[:30] in source and "Hint 2" not in source
        await pilot.press("h")
        source = screen.query_one("#ex-hints", Markdown).source
        assert f"Hint 2 of {len(hints)}" in source and hints[1].en[:30] in source and "Hint 3" not in source
        assert workspace.hints_shown(screen.exercise) == 2, "shared with `quiz exercise hint`"


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_editor_indents_finds_and_goes_to_a_line(exercise_app, lang: str) -> None:
    """Issue 18: Enter keeps the indentation (one more after a ':'), ctrl+g goes to a line, ctrl+f finds
    (Enter / ↓ next, ↑ previous, F3 again), esc closes the bar and gives the editor back."""
    from textual.widgets import Input

    app = exercise_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot)
        await pilot.press("2")
        editor = screen.editor
        assert editor.has_focus
        editor.load_text("x = 1\n")
        editor.move_cursor((1, 0))
        await pilot.press(*"def f(a):", "enter", *"if a:", "enter", *"return a", "enter", *"b = a")
        assert editor.text == "x = 1\ndef f(a):\n    if a:\n        return a\n        b = a"
        # Go to line 2.
        await pilot.press("ctrl+g")
        prompt = screen.query_one("#ex-prompt")
        field = prompt.query_one(Input)
        assert prompt.display and field.has_focus
        note = str(prompt.query_one("#prompt-note").render())
        assert ("1–5" in note) and (("Enter go" in note) if lang == "en" else ("跳转" in note))
        await pilot.press("9", "enter")  # no line 9: said, and the bar stays
        assert prompt.display and ("from 1 to 5" if lang == "en" else "1 到 5") in str(prompt.query_one("#prompt-note").render())
        await pilot.press("backspace", "2", "enter")
        assert not prompt.display and editor.has_focus and editor.cursor_location == (1, 0)
        # Find "a", forward from line 2, then back, then again with F3 from the editor.
        await pilot.press("ctrl+f")
        assert prompt.display and field.has_focus
        await pilot.press("a", "enter")
        assert editor.selection.start == (1, 6) and editor.selected_text == "a"
        assert ("match 1 of 4" if lang == "en" else "第 1/4 处") in str(prompt.query_one("#prompt-note").render())
        await pilot.press("down")
        assert editor.selection.start == (2, 7)
        await pilot.press("up", "up")
        assert editor.selection.start == (4, 12)  # back past the first match: wraps to the last
        await pilot.press("escape")
        assert not prompt.display and editor.has_focus and app.screen is screen, "esc closed the bar, not the screen"
        await pilot.press("f3")
        assert editor.selected_text == "a"
        await pilot.press("ctrl+f", "ctrl+a", "ctrl+k", *"zzz", "enter")
        assert ("not in the file" if lang == "en" else "没有") in str(prompt.query_one("#prompt-note").render())


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_chinese_hints_use_the_full_width_colon(exercise_app) -> None:
    """Issue 18: the Help tab read "**提示 1/4**: …" (an ASCII colon in Chinese text)."""
    app = exercise_app("zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        await pilot.press("h")
        source = screen.query_one("#ex-hints", Markdown).source
        assert f"**提示 1/{len(screen.exercise.hints)}**：{screen.exercise.hints[0].zh[:10]}" in source, source
        assert "**:" not in source


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_solution_diff_is_gated_until_a_pass(exercise_app) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen, "declining shows nothing"
        await pilot.press("s")
        await pilot.pause()
        await pilot.click("#choice-show")
        await pilot.pause()
        assert isinstance(app.screen, SolutionScreen)
        diff = app.screen.diff
        assert diff.startswith("--- gan.py (yours)\n+++ gan/solution.py (reference)\n")
        assert '-    raise NotImplementedError("TODO: build_generator")' in diff.splitlines()
        await pilot.press("escape")
        await pilot.pause()
        # After a pass, no question asked.
        await pilot.press("f5")
        await finish_run(pilot, screen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SolutionScreen)


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session (the solution dialog alone: tests/tui/test_dialogs.py)
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_nothing_is_clipped_at_80_columns(exercise_app, lang: str) -> None:
    """Issue 18: at 80 columns the list hid its status and best columns off the right edge
    ("Best 11/1"), the header cut "best 11/11", the results table ran its messages off the edge,
    the file line lost its end, and the solution diff cut long lines."""
    from datetime import datetime, timezone

    from rich.cells import cell_len

    from quiz.exercises import attempts

    app = exercise_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        checks = [{"name": f"c{i}", "status": "pass", "message": "ok"} for i in range(11)]
        for ex_id in ("wgan-gp", "gan"):
            attempts.record(app.ctx.store, ex_id, {"status": "pass", "checks": checks, "metrics": {}}, datetime.now(timezone.utc), 1.0)
        await pilot.press("e")
        await pilot.pause()
        table = app.screen.query_one("#exercise-table", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width, "every column in view"
        row = table.get_row("wgan-gp")
        assert "11/11" in str(row[4]) and table.rows["wgan-gp"].height >= 2, "the long title wraps"
        table.move_cursor(row=[k.value for k in table.rows].index("wgan-gp"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExerciseScreen), what="the exercise screen")
        await pilot.pause()
        screen = app.screen
        title = screen.query_one("#ex-title", Static)
        assert "11/11" in _text(title) and title.region.height >= 2, "the header wraps instead of cutting"
        # The file line fits: the path gives way, the state stays.
        await pilot.press("2")
        await pilot.pause()
        file_line = _text(screen.query_one("#ex-file", Static))
        assert cell_len(file_line) <= screen.query_one("#ex-file").region.width and file_line.rstrip().endswith(
            ("watching for changes", "saved") if lang == "en" else ("正在监视文件变化", "已保存")), file_line
        # A failing run: the table's messages end in "…" inside the table's width.
        path = workspace.workspace_file("wgan-gp")
        path.write_text("# broken\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        await pilot.press("f5")
        await finish_run(pilot, screen)
        checks_table = screen.query_one("#checks", DataTable)
        assert checks_table.virtual_size.width <= checks_table.scrollable_content_region.width
        shown = str(checks_table.get_row("generator_output")[3])
        assert shown.endswith("…") and cell_len(shown) < 60, shown
        # The solution diff scrolls sideways instead of cutting its long lines.
        await pilot.press("s")
        await pilot.pause()
        if isinstance(app.screen, ChoiceScreen):
            await pilot.click("#choice-show")
            await pilot.pause()
        solution = app.screen
        assert isinstance(solution, SolutionScreen)
        longest = max(cell_len(line) for line in solution.diff.splitlines())
        scroll = solution.query_one("#solution-scroll")
        assert longest > scroll.region.width and scroll.max_scroll_x > 0
        assert solution.query_one("#solution-diff").region.width >= longest


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_contract_lines_fold_with_their_indentation_at_80_columns(exercise_app, lang: str) -> None:
    """Issue 18: at 80 columns a long signature wrapped to column 0 ("keras.Model:" under "def");
    it now breaks at a space or comma and goes on one indent level deeper, inside the code block."""
    from rich.cells import cell_len
    from textual.widgets import Label
    from textual.widgets._markdown import MarkdownFence

    app = exercise_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, "gan")
        await pilot.pause()
        fences = list(screen.query_one("#ex-statement").query(MarkdownFence))
        assert fences
        for fence in fences:
            label = fence.query_one(Label)
            lines = fence.code.rstrip("\n").split("\n")
            assert max(cell_len(line) for line in lines) <= label.content_region.width, lines
            assert label.region.height == len(lines) + 2, "no line wraps inside the block"
        code = "\n".join(fence.code for fence in fences)
        assert "def train_step(generator, discriminator, g_optimizer, d_optimizer,\n    real_images, z_dim) -> dict:" in code


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_language_toggle_relabels_everything(exercise_app) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _report = await opened_and_checked(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        tabs = screen.query_one("#ex-tabs", TabbedContent)
        assert [str(tabs.get_tab(t).label) for t in ("statement", "code", "results", "pictures", "help")] == [
            "1 题目", "2 代码", "3 结果", "4 图表", "5 帮助"]
        assert screen.query_one("#ex-statement", Markdown).source.startswith(screen.exercise.statement.zh[:40])
        assert str(screen.query_one("#ex-run").label) == "▶ 运行检查"
        assert "通过" in _text(screen.query_one("#ex-summary", Static))
        assert str(screen.query_one("#checks", DataTable).columns["check"].label) == "检查项"
        assert "你的模型生成的样本" in screen.query_one("#ex-generated", SampleGrid).render().plain
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert str(tabs.get_tab("statement").label) == "1 Statement"


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_the_help_tab_scrolls_as_one_with_one_scrollbar(exercise_app, make_app) -> None:
    """Issue 18: the related questions had their own scrollbar beside the tab's (two at 80×24)."""
    from pathlib import Path

    from tests.tui.conftest import fake_checker

    app = make_app(banks=[Path(__file__).resolve().parents[2] / "questions"], checker=fake_checker())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, "attention")
        await pilot.press("5")
        await pilot.pause()
        help_tab, related = screen.query_one("#ex-help"), screen.query_one("#ex-related", ListView)
        items = list(related.query(ListItem))
        assert len(items) >= 5 and help_tab.max_scroll_y > 0, "enough questions to need scrolling at 80×24"
        scrolling = [w for w in screen.query_one("#help").query("*") if w.display and w.show_vertical_scrollbar and w.max_scroll_y > 0]
        assert scrolling == [help_tab], scrolling
        # Moving through the questions keeps the highlighted one in the tab's view.
        related.focus()
        await pilot.pause()
        related.index = 0
        await pilot.press(*["down"] * (len(items) - 1))
        await pilot.pause()
        last = items[-1]
        assert related.index == len(items) - 1 and help_tab.scroll_y > 0
        assert help_tab.region.contains_region(last.region), (help_tab.region, last.region)


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_related_questions_open_in_practice_and_questions_open_the_exercise(exercise_app) -> None:
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot, "vae")
        ids = [item.name for item in screen.query_one("#ex-related", ListView).query(ListItem)]
        linked = [qid for qid, q in app.ctx.bank.questions.items() if q.exercise == "vae"]
        assert linked and set(linked) <= set(ids), "questions naming the exercise are listed"
        await pilot.press("p")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.mode == "practice" and review.queue_ids == ids
        # From the question, "x" (practise this exercise) opens the exercise screen.
        while review.session.current.exercise != "vae":
            review.session.skip()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen) and app.screen.exercise.id == "vae"


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_errors_are_notifications_not_crashes(exercise_app, monkeypatch) -> None:
    app = exercise_app()
    path = workspace.workspace_file("gan")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe not utf-8 \x00")
    async with app.run_test(size=SIZE) as pilot:
        shown = record_notifications(app)
        app.open_exercise("no-such-exercise")
        await pilot.pause()
        assert not isinstance(app.screen, ExerciseScreen)
        assert any("No exercise 'no-such-exercise'" in message and severity == "error" for message, severity in shown)
        screen = await open_exercise(pilot)
        editor = screen.query_one("#ex-editor", TextArea)
        assert editor.read_only
        assert any(f"Cannot read {path}" in message and "quiz exercise reset gan" in message for message, _severity in shown)
        assert path.read_bytes().startswith(b"\xff\xfe"), "the unreadable file is left alone"
        await pilot.press("ctrl+s")  # nothing to save over it
        assert path.read_bytes().startswith(b"\xff\xfe")
        await pilot.press("f5")  # the checker reports the unreadable file itself
        report = await finish_run(pilot, screen)
        assert report["status"] == "error"


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_external_editor_edits_are_reloaded_and_checked(exercise_app, tmp_path: Path, monkeypatch) -> None:
    script = tmp_path / "editor.py"
    script.write_text("import sys\np = sys.argv[1]\nt = open(p).read()\nopen(p, 'w').write('# broken\\n' + t)\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "suspend", nullcontext)  # the headless driver cannot hand over the terminal
        screen = await open_exercise(pilot)
        await pilot.press("e")
        assert screen.query_one("#ex-editor", TextArea).text.startswith("# broken\n")
        report = await finish_run(pilot, screen)
        assert report["status"] == "fail"


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_missing_editor_is_explained(exercise_app, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", "/nonexistent/editor --wait")
    monkeypatch.delenv("VISUAL", raising=False)
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "suspend", nullcontext)
        screen = await open_exercise(pilot)
        shown = record_notifications(app)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is screen
        assert any("Could not start the editor '/nonexistent/editor'" in message for message, _severity in shown)
        monkeypatch.delenv("EDITOR")
        monkeypatch.setattr("quiz.tui.widgets.code_pane.FALLBACK_EDITORS", ())
        await pilot.press("e")
        await pilot.pause()
        assert any("No editor found: set $EDITOR" in message for message, _severity in shown)


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_a_hint_that_cannot_be_remembered_is_a_message_not_a_crash(exercise_app) -> None:
    from quiz import locations

    (locations.data_dir() / "exercise_hints.json").mkdir(parents=True)  # the state file cannot be written
    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(pilot)
        shown = record_notifications(app)
        await pilot.press("h")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        assert any("exercise_hints.json" in message and severity == "error" for message, severity in shown), shown


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a whole exercise-screen session
async def test_a_reopened_exercise_shows_its_last_results(exercise_app) -> None:
    """Issue 18, broken 7: after a restart the header said "failing · best 1/3" and the body "Not checked yet"."""
    from datetime import datetime, timezone

    from quiz.exercises import attempts

    app = exercise_app()
    async with app.run_test(size=SIZE) as pilot:
        checks = [{"name": "contract", "status": "pass", "message": "", "seconds": 0.1},
                  {"name": "generator_output", "status": "fail", "message": "values outside [-1, 1]", "seconds": 0.2},
                  {"name": "end_to_end", "status": "skip", "message": "", "seconds": 0.0}]
        attempts.record(app.ctx.store, "gan", {"exercise": "gan", "status": "fail", "checks": checks, "metrics": {}},
                        datetime.now(timezone.utc), 1.5)  # a run of an earlier session
        screen = await open_exercise(pilot)
        assert screen.run_id == 0  # nothing ran in this session
        assert _cells(screen) == {"contract": "✓", "generator_output": "✗", "end_to_end": "–"}
        assert "FAIL at generator_output" in _text(screen.query_one("#ex-summary", Static))
        assert "outside [-1, 1]" in _text(screen.query_one("#check-detail", Static))
