"""The exercise screen as pictures (pytest-textual-snapshot) at 80×24 and 160×48.

The fake checker (tests/tui/fake_checker.py) reports fixed checks, times, curves
and samples, so the pictures are deterministic; each waits for the run's report
and for every animation before the shot. Update after an intended change with
``pytest tests/tui/test_snapshots_exercises.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import pytest

from quiz.exercises import catalog, workspace
from tests.tui.exercise_steps import snapshot_steps

SIZES = {"small": (80, 24), "large": (160, 48)}
SIZE_PARAMS = ["small", pytest.param("large", marks=pytest.mark.slow)]  # 80x24 in the fast suite, both in the full one


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
