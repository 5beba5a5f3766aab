"""The sampling exercise in the TUI: the real checker (NumPy only, about a second) through
the exercise screen, the distribution bars, and pictures at 80×24 in both languages.

The snapshots use a fake child replaying a recorded report (tests/tui/fake_sampling_checker.py)
so their times are fixed; the Pilot test runs the real checker.
"""

from __future__ import annotations

import sys

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static, TextArea

from quiz.exercises import catalog
from quiz.tui.widgets.distribution_bars import DistributionBars, bar, render, valid
from tests.tui.exercise_steps import finish_run, open_exercise, snapshot_steps

SMALL = (80, 24)
FAKE = [sys.executable, "-S", str(__import__("pathlib").Path(__file__).parent / "fake_sampling_checker.py")]


def _marks(screen) -> dict[str, str]:
    table = screen.query_one("#checks", DataTable)
    return {key.value: str(table.get_row(key)[0]) for key in table.rows}


@pytest.mark.slow  # the real checker
async def test_real_checker_on_the_sampling_reference_and_a_planted_bug(make_app, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    app = make_app()
    assert app.ctx.runtime.checker_command is None, "the real checker"
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_exercise(pilot, "sampling")
        editor = screen.query_one("#ex-editor", TextArea)
        assert editor.text == catalog.get_exercise("sampling").starter.read_text(encoding="utf-8")
        solution = catalog.get_exercise("sampling").solution.read_text(encoding="utf-8")
        editor.load_text(solution)
        await pilot.press("ctrl+s")
        report = await finish_run(pilot, screen, timeout=60)
        assert report["status"] == "pass", report
        assert set(_marks(screen).values()) == {"✓"} and len(_marks(screen)) == 13
        assert "PASS" in str(screen.query_one("#ex-summary", Static).render())
        bars = screen.query_one("#ex-distributions", DistributionBars)
        assert len(bars.charts) == 2 and bars.display
        screen.action_tab("pictures")  # as the 4 key does, wherever the focus is
        await pilot.pause()
        drawn = bars.render().plain
        assert "top_p_filter(p = 0.8)" in drawn and "token 4" in drawn and "≠" not in drawn
        assert "Token distributions" in str(screen.query_one("#ex-pictures-note", Static).render())

        # The classic top-p bug: the token that crosses p is dropped.
        broken = solution.replace("keep_sorted = before < p", "keep_sorted = np.cumsum(sorted_probs, axis=-1) <= p")
        assert broken != solution
        editor.load_text(broken)
        await pilot.press("ctrl+s")
        report = await finish_run(pilot, screen, timeout=60)
        assert report["status"] == "fail"
        marks = _marks(screen)
        assert marks["top_k_filter"] == "✓" and marks["top_p_filter"] == "✗"
        assert "FAIL at top_p_filter" in str(screen.query_one("#ex-summary", Static).render())
        assert "the token that crosses p was dropped" in str(screen.query_one("#check-detail", Static).render())
        assert "≠" in bars.render().plain, "the bars mark the token the submission lost"
        assert [a["status"] for a in app.ctx.store.attempts("sampling")] == ["pass", "fail"]
    assert "tensorflow" not in sys.modules


def test_bars_are_proportional_and_malformed_charts_are_dropped() -> None:
    assert bar(1.0, 8) == "█" * 8 and bar(0.0, 8) == " " * 8 and bar(0.5, 8) == "████    "
    assert bar(1 / 16, 8) == "▌       "  # half a cell
    charts = valid([{"title": "t", "expected": [0.25, 0.75], "yours": [0.5, 0.5]}, {"expected": [1.0]}, "x",
                    {"title": "nan", "expected": [float("nan")], "yours": [1.0]}])
    assert [c["title"] for c in charts] == ["t"] and charts[0]["tokens"] == [0, 1]
    text = render(charts[0], 40, {"you": "you", "expected": "expected", "token": "token"})
    assert isinstance(text, Text)
    lines = text.plain.splitlines()
    assert lines[0] == "t" and "expected" in lines[1] and "you" in lines[1]
    assert lines[2].startswith("token 0 ") and lines[2].endswith("0.250") and lines[3].startswith("≠")
    assert lines[4].count("█") > lines[2].count("█")


def _steps(tab: str | None):
    return snapshot_steps("sampling", tab)


def _app(make_app, lang: str):
    return make_app(lang, checker=tuple(FAKE))


# Each exercise's own snapshots (seconds of CPU each) run in the full suite; the exercise
# screen's own snapshots, en and zh at 80x24, stay in the fast one (test_snapshots_exercises.py).
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_statement(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(_app(make_app, lang), terminal_size=SMALL, run_before=_steps(None))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_results_with_a_failure(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(_app(make_app, lang), terminal_size=SMALL, run_before=_steps("3"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pictures_distribution_bars(snap_compare, make_app, lang: str) -> None:
    assert snap_compare(_app(make_app, lang), terminal_size=SMALL, run_before=_steps("4"))
