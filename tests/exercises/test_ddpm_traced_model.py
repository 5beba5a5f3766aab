"""The model handed to a submission's ``sample`` in the DDPM samples check: the user's trained
denoiser called through one ``tf.function`` (a sampler calls it T times; eager Keras calls were
most of that check's time). It must return what the model returns, trace once per training
flag, and leave every other call and attribute to the model itself.

Runs in a child interpreter: TensorFlow must never load in the test workers.
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
    import keras
    import numpy as np
    import tensorflow as tf
    from quiz.exercises.suites.ddpm.spies import TracedModel

    x_in = keras.Input(shape=(2,), name="x_t")
    t_in = keras.Input(shape=(), dtype="int32", name="t")
    h = keras.layers.Concatenate()([x_in, keras.layers.Embedding(10, 4)(t_in)])
    model = keras.Model([x_in, t_in], keras.layers.Dense(2)(keras.layers.Dense(8, activation="silu")(h)))
    wrapped = TracedModel(model)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 2)).astype(np.float32)
    t = np.array([0, 3, 9, 1, 2], np.int32)
    out = {}
    eager = np.asarray(model([x, t], training=False))
    out["same"] = float(np.abs(np.asarray(wrapped([tf.constant(x), tf.constant(t)], training=False)) - eager).max())
    out["numpy_float64"] = float(np.abs(np.asarray(wrapped([x.astype(np.float64), t.astype(np.int64)])) - eager).max())
    wrapped([tf.constant(x), tf.constant(t)])
    out["traces_one_flag"] = wrapped._traced.experimental_get_tracing_count()
    wrapped([tf.constant(x), tf.constant(t)], training=True)
    out["traces_two_flags"] = wrapped._traced.experimental_get_tracing_count()
    as_dict = np.asarray(wrapped({"x_t": x, "t": t}))
    out["dict_call"] = [float(np.abs(as_dict - eager).max()), wrapped._traced.experimental_get_tracing_count()]
    out["variables"] = [a is b for a, b in zip(wrapped.trainable_variables, model.trainable_variables)]
    wrapped.trainable = False
    out["setattr"] = model.trainable
    print("RESULT " + json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def traced() -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("RESULT "))


def test_the_traced_call_returns_what_the_model_returns(traced) -> None:
    assert traced["same"] < 1e-6
    assert traced["numpy_float64"] < 1e-6  # NumPy float64 / int64 inputs are cast as Keras would


def test_it_traces_once_per_training_flag(traced) -> None:
    assert traced["traces_one_flag"] == 1
    assert traced["traces_two_flags"] == 2


def test_other_calls_and_attributes_reach_the_model(traced) -> None:
    difference, traces = traced["dict_call"]
    assert difference < 1e-6 and traces == 2  # a dict of inputs is the model's own call, not a new trace
    assert traced["variables"] and all(traced["variables"])
    assert traced["setattr"] is False
