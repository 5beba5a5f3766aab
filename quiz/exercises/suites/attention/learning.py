"""The learning check: a tiny model the checker builds around the submission's layer
learns a task that one attention layer solves only by attending the right earlier
position, with the loss falling like the reference's on the same seeds.

Task ("copy back"): random tokens; the target at position t is the token at t - SHIFT.
The model is token + position embeddings → the layer (causal=True) → Dense(vocab), no
residual: the only way to the answer is attention from t to t - SHIFT, chosen by
position. Chance is ln(VOCAB) ≈ 2.30; positions t < SHIFT are not scored.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf

from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.checklib.tfwrap import StepRunner
from quiz.exercises.checklib.training import plan_steps
from quiz.exercises.suites.attention.units import SEED, suite
from quiz.exercises.messages import M

VOCAB, LENGTH, SHIFT = 10, 12, 3
D_MODEL, HEADS, BATCH = 32, 4, 64
LEARNING_RATE = 1e-2
STEPS = 150  # the reference reaches ~0 by step 60 (calibration in the module docstring)
TAIL = 10
# Pass when the final loss (mean of the last TAIL steps) is at most max(FLOOR, FACTOR × the reference's
# + SLACK), and never above half of chance. Measured (150 steps): the reference 2.31 → 0.00 (≈ 0 from
# step 60); a layer whose queries cannot depend on position (wq frozen at 0) 2.15 → 1.64.
FLOOR, FACTOR, SLACK = 0.6, 3.0, 0.1
MAX_FRACTION_OF_CHANCE = 0.5


def batches(steps: int) -> tuple[np.ndarray, np.ndarray]:
    """(steps, BATCH, LENGTH) tokens and targets, the same for every submission."""
    rng = np.random.default_rng(SEED + 100)
    tokens = rng.integers(0, VOCAB, (steps, BATCH, LENGTH)).astype(np.int32)
    targets = np.roll(tokens, SHIFT, axis=-1)
    return tokens, targets


class Copier:
    """Embeddings → the submission's layer (causal) → Dense, trained with the checker's own step."""

    def __init__(self, ctx: Context, module: Any):
        keras.utils.set_random_seed(SEED)
        with ctx.calling(f"MultiHeadSelfAttention({D_MODEL}, {HEADS})"):
            self.layer = module.MultiHeadSelfAttention(D_MODEL, HEADS)
        self.embed = keras.layers.Embedding(VOCAB, D_MODEL)
        self.position = keras.layers.Embedding(LENGTH, D_MODEL)
        self.head = keras.layers.Dense(VOCAB)
        self.ctx = ctx
        with ctx.calling(M("attention.init.layer_inside_copy", "the layer inside the copy model")):
            self.forward(tf.zeros((BATCH, LENGTH), tf.int32))
        self.variables = [v for part in (self.embed, self.position, self.layer, self.head)
                          for v in part.trainable_variables]
        self.optimizer = keras.optimizers.Adam(LEARNING_RATE)
        self.optimizer.build(self.variables)
        weights = np.zeros((1, LENGTH), np.float32)
        weights[:, SHIFT:] = 1.0
        self.weights = tf.constant(weights / weights.sum())
        self.step = StepRunner(self._step)

    def forward(self, tokens):
        h = self.embed(tokens) + self.position(tf.range(LENGTH))[None]
        return self.head(self.layer(h, causal=True))

    def _step(self, tokens, targets):
        with tf.GradientTape() as tape:
            logits = self.forward(tokens)
            losses = keras.losses.sparse_categorical_crossentropy(targets, logits, from_logits=True)
            loss = tf.reduce_sum(tf.convert_to_tensor(losses) * self.weights) / BATCH
        grads = tape.gradient(loss, self.variables)
        self.optimizer.apply_gradients(zip(grads, self.variables))
        return loss

    def train(self, start: int, stop: int, what: str) -> list[float]:
        """Steps start … stop - 1 on the fixed batches; stops early (with what it has) past the deadline."""
        tokens, targets = batches(STEPS)
        curve = []
        with self.ctx.calling(what):
            for i in range(start, stop):
                curve.append(float(self.step(tf.constant(tokens[i]), tf.constant(targets[i]))))
                if self.ctx.remaining() < 0:
                    break
        return curve


def baseline(ctx: Context, module: Any) -> dict:
    """The reference's curve on the same seeds and batches."""
    copier = Copier(ctx, module)
    curve = copier.train(0, STEPS, M("attention.baseline.reference_s_copy", "the reference's copy-back run"))
    return {"curve": curve, "step_seconds": copier.step.step_seconds()}


@suite.check("learning", needs=("layer_values", "causality", "gradients"))
def learning(ctx: Context) -> str:
    """Embeddings → your layer (causal) → Dense learns to copy the token 3 positions back, like the reference."""
    base = ctx.baseline()
    ref_curve = base["curve"]
    copier = Copier(ctx, ctx.module)
    first = copier.train(0, 3, M("attention.learning.training_copy_model", "training the copy model"))  # the first call traces
    steps = plan_steps(ctx.remaining(), copier.step.step_seconds(), desired=STEPS, minimum=STEPS // 2, share=0.9,
                       what=M("attention.learning.copy_back_task", "the copy-back task"), reference_step_seconds=base.get("step_seconds"))
    curve = first + copier.train(len(first), steps, M("attention.learning.training_copy_model", "training the copy model"))
    chance = float(np.log(VOCAB))
    final = float(np.mean(curve[-TAIL:]))
    ref_final = float(np.mean(ref_curve[: len(curve)][-TAIL:]))
    ctx.metrics.update(
        learning_steps=len(curve), learning_final_loss=final, reference_final_loss=ref_final,
        curves={"submission": {"loss": curve}, "reference": {"loss": ref_curve[: len(curve)]}},
    )
    if copier.step.note:
        ctx.metrics["train_step_note"] = copier.step.note
    summary = (M("attention.learning.copy_back_loss", (
                   "copy-back loss {curve_0:.2f} → {final:.2f} in {len_curve} steps (reference "
                   "{ref_curve_0:.2f} → {ref_final:.2f}; chance {chance:.2f})"
                 ), curve_0=curve[0], final=final, len_curve=len(curve), ref_curve_0=ref_curve[0], ref_final=ref_final, chance=chance))
    limit = min(MAX_FRACTION_OF_CHANCE * chance, max(FLOOR, FACTOR * ref_final + SLACK))
    if not np.isfinite(final) or final > limit:
        raise CheckFailed(
            M("attention.learning.model_did_not", (
                "{summary}: the model did not learn to attend 3 positions back (loss above {limit:.2f}). "
                "Every value check passed, so look at what changes during training: the weights the "
                "layer uses, constraints, or variables created in call"
              ), summary=summary, limit=limit),
            expected=M("attention.learning.final_loss", "final loss ≤ {limit:.2f}", limit=limit), actual=f"{final:.2f}",
            hint=M("attention.learning.copy_task_needs", "The copy task needs queries and keys that depend on position: wq and wk must train."),
        )
    return summary
