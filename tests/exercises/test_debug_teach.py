"""Debug exercises teach instead of telling (issue 18), checked on the real checker.

Each debug starter is fixed one hunk of its solution's diff at a time; at every stage the
report must show the first failure's symptom and expected value without the fix (no
hint, no named mistake), and any later failure only as "fails too"; the fixed file passes.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from quiz.exercises.runner import run_batch
from tests.exercises.conftest import ROOT

pytestmark = pytest.mark.slow

# What the full messages say about each planted bug (the mutant tests assert these for the
# non-debug exercises): none of it may show in a debug exercise's report.
NAMED = {
    "gan-debug": ["no tanh", "averaged, not summed", "saturating (minimax)", "also moves the generator", "fixed seed",
                  "drawn once", "take it over"],
    "vae-debug": ["no sigmoid", "the variance", "sign is flipped", "averages the BCE", "drawn once", "frozen into it"],
    "ddpm-debug": ["1-based", "regresses x0", "ᾱ_t and α_t confused", "σ = β_t", "noise is added at the last step"],
}


def fixed_in_stages(starter: str, solution: str) -> list[str]:
    """The starter with the first k changes of the solution applied, for k = 0 .. all."""
    a, b = starter.splitlines(keepends=True), solution.splitlines(keepends=True)
    changes = [op for op in difflib.SequenceMatcher(None, a, b).get_opcodes() if op[0] != "equal"]
    stages = []
    for k in range(len(changes) + 1):
        lines, pos = [], 0
        for _tag, i1, i2, j1, j2 in changes[:k]:
            lines += a[pos:i1] + b[j1:j2]
            pos = i2
        stages.append("".join(lines + a[pos:]))
    return stages


@pytest.mark.parametrize("exercise_id", sorted(NAMED))
def test_a_debug_exercise_shows_symptoms_one_at_a_time(exercise_id: str, tmp_path: Path) -> None:
    folder = ROOT / "exercises" / exercise_id
    stages = fixed_in_stages((folder / "starter.py").read_text(encoding="utf-8"), (folder / "solution.py").read_text(encoding="utf-8"))
    files = []
    for k, text in enumerate(stages):
        path = tmp_path / f"stage{k}.py"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    reports = run_batch(exercise_id, files)
    assert reports[-1]["status"] == "pass", reports[-1]
    problems = []
    for path, report in zip(files, reports[:-1]):
        failing = [c for c in report["checks"] if c["status"] == "fail"]
        if report["status"] != "fail" or not failing:
            problems.append(f"{path.name}: expected a failure, got {report['status']}")
            continue
        first, later = failing[0], failing[1:]
        text = " ".join(str(first.get(k, "")) for k in ("message", "expected", "actual"))
        named = [phrase for phrase in NAMED[exercise_id] if phrase in text]
        if named or "hint" in first or not first.get("expected") or not first.get("message"):
            problems.append(f"{path.name} {first['name']}: {first}")
        for check in later:
            if not check["message"].startswith(f"fails too: fix {first['name']} first") or "hint" in check:
                problems.append(f"{path.name} {check['name']} (after {first['name']}): {check}")
    assert not problems, "\n".join(problems)
