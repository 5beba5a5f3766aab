"""Keras 3 behaviours that coding-deck answers state, checked by running Keras.

``keras_probe.py`` runs tiny models in one child process (TensorFlow must stay out
of the test process); each test asserts one measured behaviour and that the answer
states it, so the bank's claims fail here if Keras changes under them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from .claims import answer_text

pytestmark = pytest.mark.slow

PROBE = Path(__file__).with_name("keras_probe.py")
CHANCE_D, CHANCE_G = 2 * np.log(2.0), np.log(2.0)


@pytest.fixture(scope="module")
def probe() -> dict:
    proc = subprocess.run(
        [sys.executable, str(PROBE)], capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(l for l in proc.stdout.splitlines() if l.startswith("KERAS_PROBE "))
    return json.loads(line.removeprefix("KERAS_PROBE "))


def test_fit_overrides_training_false_for_trainable_batchnorm(probe):
    """Item 1: fit's training=True reaches a BN inside base(x, training=False); only a
    non-trainable BN keeps its moving statistics."""
    bn = probe["batchnorm"]
    assert bn["trainable_bn"] > 1e-3, "a trainable BN under base(x, training=False) kept its moving mean"
    assert bn["frozen_bn"] == 0.0, "a BN with trainable = False changed its moving mean"
    for lang in ("en", "zh"):
        text = answer_text("coding.bug-trainable-after-compile", lang)
        assert "training=True" in text and "isinstance(layer, layers.BatchNormalization)" in text
        assert "layer.trainable = False" in text


def test_keras2_freeze_recipe_lets_g_exploit_a_fixed_d(probe):
    """Item 2: a D frozen the Keras 2 way does not pin both losses at chance: D never
    changes, G's loss falls far and D's loss climbs."""
    run = probe["keras2_freeze"]
    d, g = run["d_losses"], run["g_losses"]
    assert run["d_weights_unchanged"], "D trained although it was frozen before its first train_on_batch"
    assert g[-1] < 0.5 * g[0], f"G's loss did not fall far: {g[0]:.3f} -> {g[-1]:.3f}"
    assert d[-1] > d[0] + 0.5, f"D's loss did not climb: {d[0]:.3f} -> {d[-1]:.3f}"
    assert abs(d[-1] - CHANCE_D) > 0.5 and abs(g[-1] - CHANCE_G) > 0.3, "losses stayed at chance"
    for lang in ("en", "zh"):
        text = answer_text("coding.loss-stuck-at-chance", lang)
        assert "softplus(−c) + softplus(c)" in text and "1.386" in text


def test_adam_state_before_and_after_first_apply(probe):
    """Item 3: the iteration counter and learning rate exist from the constructor; the
    momentum and velocity slots appear on the first apply_gradients."""
    adam = probe["adam"]
    before = {p.split("/")[-1] for p in adam["before_apply"]}
    after = {p.split("/")[-1] for p in adam["after_apply"]}
    assert before == {"iteration", "learning_rate"}
    assert after - before == {"w_momentum", "w_velocity"}
    # and the bug itself: a fresh, unbuilt Adam in a retrace fails; a built one does not
    assert adam["second_run_error"] and "tf.function" in adam["second_run_error"]
    for lang in ("en", "zh"):
        text = answer_text("coding.bug-tf-function-variable-creation", lang)
        assert "Adam(1e-3).variables" in text and "apply_gradients" in text


def test_keras2_freeze_recipe_warns_no_trainable_weights(probe):
    """coding.implement-simple-gan: the recipe is not silent; Keras warns once, and the
    answer quotes that warning."""
    warnings = probe["keras2_freeze"]["warnings"]
    assert "The model does not have any trainable weights." in warnings
    for lang in ("en", "zh"):
        assert "The model does not have any trainable weights." in answer_text("coding.implement-simple-gan", lang)


def test_gradient_penalty_snippet_and_model_answer_on_linear_critics(probe):
    """coding.bug-gp-norm-over-batch: one norm over the batch of 4 gives (√4·‖w‖ − 1)², so a
    1-Lipschitz linear critic pays 1; per example (the fix and the model answer) it is (‖w‖ − 1)²."""
    gp = probe["gradient_penalty"]
    assert abs(gp["bug_w1"] - 1.0) < 1e-4 and abs(gp["bug_w3"] - 25.0) < 1e-3
    for key in ("fixed", "answer"):
        assert abs(gp[f"{key}_w1"]) < 1e-5, gp
        assert abs(gp[f"{key}_w3"] - 4.0) < 1e-4, gp


def test_attention_and_ddpm_model_answers_run_as_claimed(probe):
    """coding.implement-multi-head-attention and coding.implement-p-sample: the model answers'
    code splits heads as stated, is causal, ignores padding, matches NumPy, and the sampler
    ends at c for single-point data (float32 rounding ≈ 1e-5)."""
    a = probe["answers"]
    assert a["head0"] == [[0.0, 1.0], [4.0, 5.0], [8.0, 9.0], [12.0, 13.0]]
    assert a["round_trip"]
    assert a["causal_change"] == 0.0 and a["padding_change"] == 0.0
    assert a["numpy_gap"] < 1e-5
    assert a["ddpm_single_point_error"] < 1e-4
