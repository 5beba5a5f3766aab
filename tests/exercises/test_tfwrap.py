"""How a submission's step is run: traced plainly, traced with AutoGraph when its Python
control flow depends on tensor values, eagerly (with a note) when it cannot be traced."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

tf = pytest.importorskip("tensorflow")

from quiz.exercises.checklib.tfwrap import StepRunner  # noqa: E402


def test_a_plain_step_is_traced_and_computes_the_same_values() -> None:
    runner = StepRunner(lambda x: {"y": 2.0 * x + 1.0})
    assert float(runner(tf.constant(3.0))["y"]) == 7.0
    assert float(runner(tf.constant(-1.0))["y"]) == -1.0
    assert runner.mode == "graph" and runner.note is None


def test_a_step_branching_on_a_tensor_is_traced_with_autograph_and_takes_both_branches() -> None:
    def step(x):
        if tf.reduce_sum(x) > 0:  # a plain trace raises here; AutoGraph turns it into tf.cond
            return {"y": x * 10.0}
        return {"y": -x}

    runner = StepRunner(step)
    assert float(runner(tf.constant(2.0))["y"]) == 20.0
    assert float(runner(tf.constant(-3.0))["y"]) == 3.0  # the same graph, the other branch
    assert runner.mode == "graph" and runner.note is None


def test_a_step_that_needs_numpy_values_runs_eagerly_and_says_why() -> None:
    runner = StepRunner(lambda x: {"y": float(x.numpy()) + 1.0})
    assert runner(tf.constant(1.0))["y"] == 2.0
    assert runner(tf.constant(5.0))["y"] == 6.0
    assert runner.mode == "eager"
    assert "does not run under tf.function" in runner.note


def test_a_step_the_user_traced_is_used_as_is() -> None:
    calls = []

    @tf.function
    def step(x):
        calls.append(1)  # Python side effect: runs only while tracing
        return {"y": x + 1.0}

    runner = StepRunner(step)
    runner(tf.constant(1.0))
    runner(tf.constant(2.0))
    assert runner.traced is step and len(calls) == 1
