"""The DDPM exercises' checks checked: the references pass, the starters fail, every
planted bug fails first at the check meant for it with the bug named, and correct
solutions in other styles pass. One checker child runs every file (one TensorFlow
start-up, one reference baseline).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from quiz.exercises.runner import run_batch
from tests.exercises.conftest import ALTERNATIVES, MUTANTS, ROOT

pytestmark = pytest.mark.slow

# mutant file stem → (the check that must fail first, words its message must contain)
DDPM_MUTANTS = {
    "ddpm_linspace_no_endpoint": ("beta_schedule", "endpoint=False"),
    "ddpm_schedule_float64": ("beta_schedule", "dtype float64"),
    "ddpm_q_sample_one_based": ("q_sample", "1-based"),
    "ddpm_q_sample_no_sqrt": ("q_sample", "square roots are missing"),
    "ddpm_q_sample_one_t": ("q_sample", "first example's t is used for the whole batch"),
    "ddpm_denoiser_ignores_t": ("denoiser", "ignores t"),
    "ddpm_loss_x0_target": ("loss_target", "regresses x0"),
    "ddpm_loss_sum_dims": ("loss_target", "summed over the data dimensions"),
    "ddpm_t_one_based": ("loss_target", "1-based"),
    "ddpm_t_misses_last": ("loss_timesteps", "T-1 = 9 is never drawn"),
    "ddpm_t_shared": ("loss_timesteps", "one t for the whole batch"),
    "ddpm_noise_uniform": ("loss_noise", "uniform"),
    "ddpm_noise_at_last_step": ("p_sample", "noise is added at the last step"),
    "ddpm_sigma_beta": ("p_sample", "σ = β_t instead of √β_t"),
    "ddpm_alpha_bar_in_mean": ("p_sample", "ᾱ_t and α_t confused"),
    "ddpm_ignores_given_noise": ("p_sample", "noise argument is ignored"),
    "ddpm_sample_forward_loop": ("sample", "runs forwards"),
    "ddpm_sample_from_zeros": ("sample", "starts from zeros"),
    "ddpm_sample_same_noise": ("samples_near_data", "far from the data"),
    "ddpm_update_twice": ("train_step_update", "twice"),
    "ddpm_reports_other_loss": ("train_step_update", "not the loss that was optimised"),
    "ddpm_numpy_draws": ("fresh_draws", "frozen into the graph"),
    "ddpm_bounded_output": ("loss_decrease", "did not fall like the reference's"),
}
ALTERNATIVE_FILES = ["ddpm_sinusoidal_tf.py", "ddpm_subclassed_ops.py", "ddpm_small_mlp.py"]


def _first_problem(report: dict) -> dict | None:
    return next((c for c in report["checks"] if c["status"] in ("fail", "error")), None)


def _describe(report: dict) -> str:
    problem = _first_problem(report)
    if problem is None:
        return f"status {report['status']}, no failing check"
    return f"status {report['status']}, first problem {problem['name']}: {problem['message'][:300]}"


def test_ddpm_references_starters_mutants_and_alternatives(baselines: Path) -> None:
    exercises = ROOT / "exercises"
    must_pass = {
        "reference": exercises / "ddpm" / "solution.py",
        **{f"alternative {name}": ALTERNATIVES / name for name in ALTERNATIVE_FILES},
    }
    debug = exercises / "ddpm-debug"
    if (debug / "exercise.yaml").is_file():
        must_pass["debug reference"] = debug / "solution.py"
    starter = exercises / "ddpm" / "starter.py"
    must_fail = {"starter": starter}
    if "debug reference" in must_pass:
        must_fail["debug starter"] = debug / "starter.py"
    listed = {p.stem for p in MUTANTS.glob("ddpm_*.py")}
    assert listed == set(DDPM_MUTANTS), f"mutant files and the expectation table differ: {listed ^ set(DDPM_MUTANTS)}"
    assert len(DDPM_MUTANTS) >= 12
    mutant_files = {stem: MUTANTS / f"{stem}.py" for stem in DDPM_MUTANTS}
    files = [*must_pass.values(), *must_fail.values(), *mutant_files.values()]
    reports = dict(zip(files, run_batch("ddpm", files)))
    problems = []
    for label, path in must_pass.items():
        report = reports[path]
        if report["status"] != "pass" or any(c["status"] != "pass" for c in report["checks"]):
            problems.append(f"{label} must pass every check: {_describe(report)}")
    first = _first_problem(reports[starter])
    if reports[starter]["status"] != "fail" or first is None or "not implemented yet" not in first["message"]:
        problems.append(f"the starter must fail with 'not implemented yet': {_describe(reports[starter])}")
    if "debug starter" in must_fail:
        report = reports[must_fail["debug starter"]]
        first = _first_problem(report)
        if report["status"] != "fail" or first is None or first["status"] != "fail" or first["name"] != "loss_target":
            problems.append(f"the debug starter must fail first at loss_target: {_describe(report)}")
    for stem, (check, words) in DDPM_MUTANTS.items():
        report = reports[mutant_files[stem]]
        problem = _first_problem(report)
        if report["status"] != "fail" or problem is None or problem["name"] != check or problem["status"] != "fail":
            problems.append(f"{stem}: expected to fail first at {check}; got {_describe(report)}")
        elif words not in problem["message"]:
            problems.append(f"{stem}: {check} failed but the message does not name the bug ({words!r}): {problem['message']}")
    assert not problems, "\n".join(problems)
    metrics = reports[must_pass["reference"]]["metrics"]
    assert set(metrics["curves"]) == {"submission", "reference"}
    assert len(metrics["curves"]["submission"]["loss"]) == metrics["train_steps"]
    # The reference checked as a submission trains on the very draws its baseline did
    # (fresh_draws' three still steps included), so it lands exactly where the baseline did.
    np.testing.assert_allclose(metrics["curves"]["submission"]["loss"], metrics["curves"]["reference"]["loss"], rtol=1e-5)
    assert metrics["mmd"] == pytest.approx(metrics["reference_mmd"], abs=1e-6)
    assert metrics["near_modes"] == pytest.approx(metrics["reference_near_modes"], abs=1e-3)
    scatter = metrics["scatter"]
    assert set(scatter) == {"data", "submission", "reference"}
    assert all(np.asarray(points).shape[1] == 2 for points in scatter.values())
