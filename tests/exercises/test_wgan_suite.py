"""The wgan-gp exercise's checks checked: the reference passes, the starter fails, every
planted bug fails first at the check meant for it with the bug named, and correct
solutions in other styles (a conv critic with a persistent tape; subclassed models with
module-level tf.function steps and the penalty inline) pass.

One checker child runs every file (one TensorFlow start-up, one set of baselines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.exercises.runner import run_batch
from tests.exercises.conftest import ALTERNATIVES, MUTANTS, ROOT

pytestmark = pytest.mark.slow

# mutant file stem → (the check that must fail first, words its message must contain)
WGAN_MUTANTS = {
    "wgan_missing_tanh": ("generator_output", "no tanh"),
    "wgan_sigmoid_critic": ("critic_output", "ends with a sigmoid"),
    "wgan_batchnorm_critic": ("critic_output", "batch normalisation"),
    "wgan_critic_loss_flipped": ("critic_loss", "the sign is flipped"),
    "wgan_bce_critic_loss": ("critic_loss", "discriminator's cross-entropy"),
    "wgan_generator_loss_flipped": ("generator_loss", "the sign is flipped"),
    "wgan_gp_norm_over_batch": ("gp_linear", "over the whole batch"),
    "wgan_gp_squared_norm": ("gp_linear", "squared norm"),
    "wgan_gp_grad_of_mean": ("gp_linear", "mean of the critic's scores"),
    "wgan_gp_one_sided": ("gp_linear", "one-sided"),
    "wgan_gp_stop_gradient": ("gp_linear", "no gradient with respect to the critic's weights"),
    "wgan_gp_at_real": ("gp_interpolates", "at the real images"),
    "wgan_gp_keras_io_swap": ("gp_interpolates", "keras.io"),
    "wgan_gp_shared_epsilon": ("gp_interpolates", "shared by the whole batch"),
    "wgan_gp_per_pixel_epsilon": ("gp_interpolates", "per pixel"),
    "wgan_gp_normal_epsilon": ("gp_interpolates", "normal noise"),
    "wgan_gp_weight_hardcoded": ("critic_update", "gp_weight is ignored"),
    "wgan_no_penalty_in_step": ("critic_update", "the gradient penalty is missing from critic_step"),
    "wgan_penalty_outside_tape": ("critic_update", "does not reach the critic's update"),
    "wgan_loss_args_swapped_in_step": ("critic_update", "sign is flipped in the step"),
    "wgan_reports_weighted_gp": ("critic_update", "returned gp ="),
    "wgan_weight_clipping": ("critic_update", "weight clipping"),
    "wgan_critic_step_moves_generator": ("critic_update", "changed the generator"),
    "wgan_generator_step_bce": ("generator_update", "non-saturating GAN loss"),
    "wgan_generator_step_flipped": ("generator_update", "sign is flipped"),
    "wgan_generator_noise_64": ("generator_update", "hard-coded batch size"),
    "wgan_gp_numpy_epsilon": ("your_networks", "same epsilon"),
}
ALTERNATIVE_FILES = ["wgan_conv_critic_persistent_tape.py", "wgan_subclassed_tf_function.py"]


def _first_problem(report: dict) -> dict | None:
    return next((c for c in report["checks"] if c["status"] in ("fail", "error")), None)


def _describe(report: dict) -> str:
    problem = _first_problem(report)
    if problem is None:
        return f"status {report['status']}, no failing check"
    return f"status {report['status']}, first problem {problem['name']}: {problem['message'][:300]}"


def test_reference_starter_mutants_and_alternatives(baselines: Path) -> None:
    exercise = ROOT / "exercises" / "wgan-gp"
    must_pass = {"reference": exercise / "solution.py", **{f"alternative {n}": ALTERNATIVES / n for n in ALTERNATIVE_FILES}}
    mutant_files = {stem: MUTANTS / f"{stem}.py" for stem in WGAN_MUTANTS}
    listed = {p.stem for p in MUTANTS.glob("wgan_*.py")}
    assert listed == set(WGAN_MUTANTS), f"mutant files and the expectation table differ: {listed ^ set(WGAN_MUTANTS)}"
    assert len(WGAN_MUTANTS) >= 12
    starter = exercise / "starter.py"
    files = [*must_pass.values(), starter, *mutant_files.values()]
    reports = dict(zip(files, run_batch("wgan-gp", files)))
    problems = []
    for label, path in must_pass.items():
        report = reports[path]
        if report["status"] != "pass" or any(c["status"] != "pass" for c in report["checks"]):
            problems.append(f"{label} must pass every check: {_describe(report)}")
    first = _first_problem(reports[starter])
    if reports[starter]["status"] == "pass" or first is None or first["name"] != "generator_output" \
            or "NotImplementedError" not in first["message"]:
        problems.append(f"the starter must fail first at generator_output, not implemented: {_describe(reports[starter])}")
    for stem, (check, words) in WGAN_MUTANTS.items():
        report = reports[mutant_files[stem]]
        problem = _first_problem(report)
        if report["status"] != "fail" or problem is None or problem["name"] != check or problem["status"] != "fail":
            problems.append(f"{stem}: expected to fail first at {check}; got {_describe(report)}")
        elif words not in problem["message"]:
            problems.append(f"{stem}: {check} failed but the message does not name the bug ({words!r}): {problem['message']}")
    assert not problems, "\n".join(problems)
    metrics = reports[must_pass["reference"]]["metrics"]
    assert set(metrics["curves"]["submission"]) == {"w_estimate", "g_loss"}
    assert len(metrics["samples"]) == 16 and len(metrics["real_samples"]) == 16


# ---------------------------------------------------------------- the checks' own fixtures
# The suite's modules import TensorFlow, which must never load in the test process (the
# import-hygiene and real-checker tests on the same worker assert it): these run in a child.

def _in_child(function: str) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = f"import tests.exercises.test_wgan_suite as t; t.{function}()"
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


def test_where_the_penalty_looks_is_told_apart() -> None:
    _in_child("_where_the_penalty_looks")


def test_linear_penalty_mistakes_are_far_from_the_right_value_on_every_probe() -> None:
    """On the gp_linear probes (batch, ‖w‖), every named mistake differs from (‖w‖ − 1)² on at
    least one probe, so a correct penalty is never named as a mistake and each mistake fails."""
    _in_child("_linear_penalty_mistakes_far_apart")


def _where_the_penalty_looks() -> None:
    import numpy as np

    from quiz.exercises.suites.wgan_gp.units import classify_points, fit_epsilon

    rng = np.random.default_rng(0)
    real, fake = rng.uniform(-1, 1, (2, 8, 28, 28, 1))
    eps = rng.uniform(0, 1, (8, 1, 1, 1))
    right = eps * real + (1 - eps) * fake
    assert classify_points(right, real, fake, eps) is None
    assert np.allclose(fit_epsilon(right, real, fake)[0], eps.ravel())
    assert "keras.io" in classify_points((1 - eps) * real + eps * fake, real, fake, eps)
    assert "ignored" in classify_points(right, real, fake, rng.uniform(0, 1, (8, 1, 1, 1)))
    assert "real images" in classify_points(real, real, fake, None)
    assert "generated images" in classify_points(fake, real, fake, None)
    pixel = rng.uniform(0, 1, real.shape)
    assert "per pixel" in classify_points(pixel * real + (1 - pixel) * fake, real, fake, None)


def _linear_penalty_mistakes_far_apart() -> None:
    import numpy as np

    from quiz.exercises.suites.wgan_gp.units import IMG_SHAPE, _linear_candidates

    rng = np.random.default_rng(1)
    probes = []
    for batch, norm in ((16, 2.5), (7, 0.4), (32, 1.7)):
        d = rng.normal(0, 1, IMG_SHAPE)
        probes.append(_linear_candidates(d / np.linalg.norm(d) * norm, batch))
    for i, (reason, _) in enumerate(probes[0][1]):
        assert any(abs(cands[i][1] - expected) > 1e-2 * max(1.0, abs(expected)) for expected, cands in probes), reason
