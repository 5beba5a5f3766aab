"""A hang found in seconds, through the real checker child (TensorFlow): a ``train_step`` that
never returns is named at ``train_step_updates`` by its own bound (15 s for the first,
tracing call; see quiz.exercises.checklib.watchdog), long before the exercise's 180 s
limit, whether it spins in Python or inside TensorFlow's C++; a correct but slow
tutorial-size conv GAN (~0.4 s a step) still passes."""

from __future__ import annotations

import pytest

from quiz.exercises.checklib import watchdog
from quiz.exercises.runner import run_checks
from tests.exercises.conftest import ALTERNATIVES
from tests.exercises.test_bad_inputs import REFERENCE

pytestmark = pytest.mark.slow

SPINS = REFERENCE + """
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    while True:
        pass
"""
# A loop in the graph: the child's alarm never gets back to Python, the runner stops it.
GRAPH_LOOP = REFERENCE + """
import tensorflow as tf
_reference_step = train_step

def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    n = tf.while_loop(lambda i: i >= 0, lambda i: i + 1, [tf.constant(0)])
    out = _reference_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim)
    return {"d_loss": out["d_loss"] + 0.0 * tf.cast(n, tf.float32), "g_loss": out["g_loss"]}
"""
FIRST_STEP = f"too slow / not returning: the first step (tracing included) took > {watchdog.FIRST_STEP_SECONDS:g} s"


def _by_name(report: dict) -> dict[str, dict]:
    return {c["name"]: c for c in report["checks"]}


def test_a_step_spinning_in_python_fails_its_check_and_the_rest_say_why(write, baselines) -> None:
    report = run_checks("gan", write("spins.py", SPINS))
    print(f"reported after {report['metrics']['seconds']:.1f} s of checking")
    assert report["status"] == "fail", "named by the step's bound, not the 180 s limit"
    checks = _by_name(report)
    assert checks["train_step_updates"]["status"] == "fail"
    assert checks["train_step_updates"]["message"].startswith(FIRST_STEP)
    assert all(checks[name]["status"] == "pass" for name in ("contract", "generator_output", "generator_loss"))
    assert checks["step_inputs"]["message"] == "skipped: it needs train_step_updates, which did not return in time"
    assert checks["end_to_end"]["status"] == "skip"


def test_a_step_stuck_inside_tensorflow_is_stopped_by_the_runner(write, baselines) -> None:
    report = run_checks("gan", write("graph_loop.py", GRAPH_LOOP))
    print(f"reported after {report['metrics']['seconds']:.1f} s")
    assert report["status"] == "timeout"
    checks = _by_name(report)
    assert checks["train_step_updates"]["status"] == "error"
    assert checks["train_step_updates"]["message"].startswith(FIRST_STEP)
    assert checks["end_to_end"]["message"] == "skipped: the run stopped during train_step_updates"


def test_the_tutorial_dcgan_is_slow_but_passes(baselines) -> None:
    """No step bound stops it. (The time limit is raised so that the training checks' own step
    budgets, sized from the time left, do not decide it on a loaded machine: at 1.2 s a step
    under a load of 8, g_learns's share of 180 s falls just short of 20 steps.)"""
    report = run_checks("gan", ALTERNATIVES / "gan_dcgan.py", time_limit=400)
    problem = next((c for c in report["checks"] if c["status"] != "pass"), None)
    assert report["status"] == "pass", problem
