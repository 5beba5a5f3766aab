"""How a submission's step is run: traced plainly, traced with AutoGraph when its Python
control flow depends on tensor values, eagerly (with a note) when it cannot be traced.

The steps run in one child interpreter: TensorFlow must never load in the test workers
(other tests assert its absence there), and importing it at collection put it in every
worker, even under ``-m "not slow"``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None, reason="TensorFlow is not installed"),
]

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import json
    import numpy as np
    import tensorflow as tf
    from quiz.exercises.checklib.tfwrap import StepRunner

    out = {}
    runner = StepRunner(lambda x: {"y": 2.0 * x + 1.0})
    out["plain"] = [float(runner(tf.constant(3.0))["y"]), float(runner(tf.constant(-1.0))["y"]), runner.mode, runner.note]

    def branching(x):
        if tf.reduce_sum(x) > 0:  # a plain trace raises here; AutoGraph turns it into tf.cond
            return {"y": x * 10.0}
        return {"y": -x}

    runner = StepRunner(branching)
    out["branching"] = [float(runner(tf.constant(2.0))["y"]), float(runner(tf.constant(-3.0))["y"]), runner.mode, runner.note]

    runner = StepRunner(lambda x: {"y": float(x.numpy()) + 1.0})
    out["numpy"] = [runner(tf.constant(1.0))["y"], runner(tf.constant(5.0))["y"], runner.mode, runner.note]

    calls = []

    @tf.function
    def traced(x):
        calls.append(1)  # Python side effect: runs only while tracing
        return {"y": x + 1.0}

    runner = StepRunner(traced)
    runner(tf.constant(1.0))
    runner(tf.constant(2.0))
    out["user_traced"] = [runner.traced is traced, len(calls)]

    # Bound arguments reach the traced step as the Python objects they are: len() of a
    # NumPy schedule traces plainly (as a graph input it would be a symbolic tensor).
    schedule = np.array([0.5, 0.25, 0.125], np.float32)
    runner = StepRunner(lambda scale, x, table: {"y": scale * x * len(table) + table[-1]}, leading=(2.0,), trailing=(schedule,))
    out["bound"] = [float(runner(tf.constant(1.0))["y"]), runner.mode, runner.traced.experimental_get_tracing_count()]

    # many(): the steps in one traced while loop, step after step, as calls one by one do.
    counter = tf.Variable(0.0)

    def counting(x):
        counter.assign_add(x)  # state carried from step to step
        return {"loss": counter * 1.0 + tf.random.uniform(())  * 0.0}

    runner = StepRunner(counting)
    looped = [runner.many(tf.constant([1.0, 2.0, 3.0]), lambda o: o["loss"]).tolist(),
              runner.many(tf.constant([10.0, 20.0]), lambda o: o["loss"]).tolist()]
    out["many"] = [looped, runner.mode, runner.loop_failed, runner._loop.experimental_get_tracing_count(), len(runner.durations)]

    noise = StepRunner(lambda x: {"loss": tf.reduce_sum(x) + tf.random.normal(())})
    drawn = noise.many(tf.zeros((4, 3)), lambda o: o["loss"]).tolist()
    out["many_draws"] = len(set(drawn))

    runner = StepRunner(branching)  # needs AutoGraph: the loop's plain trace raises
    out["many_autograph"] = [runner.many(tf.constant([2.0, -3.0]), lambda o: o["y"]), runner.loop_failed,
                             float(runner(tf.constant(2.0))["y"])]
    runner = StepRunner(lambda x: {"y": x})
    out["many_unreadable"] = [runner.many(tf.constant([1.0, 2.0]), lambda o: o["missing"]), runner.loop_failed]

    # A step drawing from Keras's global seed generator right after set_random_seed (which
    # drops it) traces once: the generator exists before the trace, not created inside it.
    import keras

    def keras_noise(x):
        return {"y": x + keras.random.normal(())}

    keras.utils.set_random_seed(3)
    runner = StepRunner(keras_noise)
    runner(tf.constant(1.0))
    runner(tf.constant(2.0))
    keras.utils.set_random_seed(3)
    plain = tf.function(keras_noise, autograph=False)  # the control: the generator made inside the trace
    plain(tf.constant(1.0))
    keras.utils.set_random_seed(3)
    looped = StepRunner(keras_noise)
    looped.many(tf.zeros((3,)), lambda o: o["y"])
    out["keras_noise"] = [runner.traced.experimental_get_tracing_count(), looped._loop.experimental_get_tracing_count(),
                          plain.experimental_get_tracing_count()]
    print("RESULT " + json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def steps(tmp_path_factory) -> dict:
    script = tmp_path_factory.mktemp("tfwrap") / "steps.py"
    script.write_text(CHILD, encoding="utf-8")  # a file, not -c: AutoGraph reads the step's source
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("RESULT "))


def test_a_plain_step_is_traced_and_computes_the_same_values(steps) -> None:
    assert steps["plain"] == [7.0, -1.0, "graph", None]


def test_a_step_branching_on_a_tensor_is_traced_with_autograph_and_takes_both_branches(steps) -> None:
    assert steps["branching"] == [20.0, 3.0, "graph", None]  # the same graph, both branches


def test_a_step_that_needs_numpy_values_runs_eagerly_and_says_why(steps) -> None:
    first, second, mode, note = steps["numpy"]
    assert (first, second, mode) == (2.0, 6.0, "eager")
    assert "does not run under tf.function" in note


def test_a_step_the_user_traced_is_used_as_is(steps) -> None:
    assert steps["user_traced"] == [True, 1]


def test_bound_arguments_reach_the_traced_step_as_python_objects(steps) -> None:
    assert steps["bound"] == [2.0 * 3 + 0.125, "graph", 1]


def test_many_runs_the_steps_in_one_traced_loop_carrying_state_from_step_to_step(steps) -> None:
    looped, mode, failed, traces, durations = steps["many"]
    assert looped == [[1.0, 3.0, 6.0], [16.0, 36.0]]  # the counter goes on across steps and calls
    assert (mode, failed, traces, durations) == ("graph", False, 1, 1)  # one trace for both lengths


def test_many_draws_random_numbers_anew_at_every_step(steps) -> None:
    assert steps["many_draws"] == 4


def test_many_gives_up_on_a_step_it_cannot_loop_and_the_step_still_runs(steps) -> None:
    assert steps["many_autograph"] == [None, True, 20.0]
    assert steps["many_unreadable"] == [None, True]


def test_a_step_drawing_keras_noise_is_traced_once(steps) -> None:
    """Keras creates its global seed generator on first use; made inside the first trace, its
    variable makes tf.function trace the step again (the control, traced directly: 2).
    The same for many()'s loop."""
    assert steps["keras_noise"] == [1, 1, 2]
