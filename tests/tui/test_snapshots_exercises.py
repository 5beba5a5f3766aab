"""The exercise screen as pictures (pytest-textual-snapshot) at 80×24, 160×48 and 200×50.

The fake checker (tests/tui/fake_checker.py) reports fixed checks, times, curves
and samples, so the pictures are deterministic; each waits for the run's report
and for every animation before the shot. Update after an intended change with
``pytest tests/tui/test_snapshots_exercises.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import pytest

from quiz.exercises import catalog, workspace
from tests.tui.exercise_steps import snapshot_steps

SIZES = {"small": (80, 24), "large": (160, 48), "wide": (200, 50)}
SIZE_PARAMS = ["small", "large"]

pytestmark = pytest.mark.slow(tensorflow=False)  # SVG snapshots: the full suite compares them, the fast one leaves them out


def _break_gan_file() -> None:
    path = workspace.start(catalog.get_exercise("gan"))[0]
    path.write_text("# broken\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


def _steps(tab: str | None, broken: bool = False):
    return snapshot_steps("gan", tab, _break_gan_file if broken else None)


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_statement(snap_compare, exercise_app, size: str) -> None:
    assert snap_compare(exercise_app(), terminal_size=SIZES[size], run_before=_steps(None))


def test_statement_chinese(snap_compare, exercise_app) -> None:
    assert snap_compare(exercise_app("zh"), terminal_size=SIZES["small"], run_before=_steps(None))


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_results_with_a_failure(snap_compare, exercise_app, size: str) -> None:
    assert snap_compare(exercise_app(), terminal_size=SIZES[size], run_before=_steps("3", broken=True))


def test_results_with_a_failure_in_chinese(snap_compare, exercise_app) -> None:
    """Check names, the message, the expected value and the hint in Chinese (the checker sends keys)."""
    assert snap_compare(exercise_app("zh"), terminal_size=SIZES["small"], run_before=_steps("3", broken=True))


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_pictures_curves_and_samples(snap_compare, exercise_app, size: str) -> None:
    assert snap_compare(exercise_app(), terminal_size=SIZES[size], run_before=_steps("4"))


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_pictures_in_chinese(snap_compare, exercise_app, size: str) -> None:
    """The legends ("你的", "参考") are wide characters: each legend line keeps the chart's frame."""
    assert snap_compare(exercise_app("zh"), terminal_size=SIZES[size], run_before=_steps("4"))


@pytest.fixture
def fixed_file_path(monkeypatch):
    """The Code tab's file line shows the workspace path: a fixed one, not the test's temporary folder."""
    from quiz.tui.widgets import code_pane

    monkeypatch.setattr(code_pane, "_home", lambda path: f"~/.local/share/quiz/workspace/{path.name}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_code_beside_the_failing_check_on_a_wide_screen(snap_compare, exercise_app, fixed_file_path, lang: str) -> None:
    """At 200×50 the Code tab shows the run and its first failing check beside the code (issue 18)."""
    assert snap_compare(exercise_app(lang), terminal_size=SIZES["wide"], run_before=_steps("2", broken=True))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_code_tab_with_a_failure_at_80_columns(snap_compare, exercise_app, fixed_file_path, lang: str) -> None:
    """At 80×24 the Code tab keeps the whole width (the failure is in the Results tab)."""
    assert snap_compare(exercise_app(lang), terminal_size=SIZES["small"], run_before=_steps("2", broken=True))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_tab_scrolls_as_one(snap_compare, exercise_app, lang: str) -> None:
    """One scrollbar, the hint label with the language's colon (issue 18)."""

    async def run_before(pilot) -> None:
        await snapshot_steps("gan")(pilot)
        await pilot.press("h", "5")
        pilot.app.screen.set_focus(None)
        await pilot.pause()

    assert snap_compare(exercise_app(lang), terminal_size=SIZES["small"], run_before=run_before)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exercise_list_fits_80_columns(snap_compare, exercise_app, lang: str) -> None:
    """Every column in view at 80×24; long titles wrap (issue 18: "Best 11/1")."""
    from datetime import datetime, timezone

    from quiz.exercises import attempts

    async def run_before(pilot) -> None:
        checks = [{"name": f"c{i}", "status": "pass", "message": "ok"} for i in range(11)]
        attempts.record(pilot.app.ctx.store, "wgan-gp", {"status": "pass", "checks": checks, "metrics": {}},
                        datetime(2026, 12, 1, tzinfo=timezone.utc), 1.0)
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.set_focus(None)
        await pilot.pause()

    assert snap_compare(exercise_app(lang), terminal_size=SIZES["small"], run_before=run_before)
