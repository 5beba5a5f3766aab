"""The GAN suite's training checks and the reference baseline.

Registered after the unit checks of :mod:`.units` (the run order is the registration order).
"""

from __future__ import annotations

import math
from typing import Any

import keras
import numpy as np

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib import tfwrap
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.checklib.training import grid, loss_fall, plan_steps
from quiz.exercises.suites.gan.units import (
    BATCH,
    BETA_1,
    E2E_EVERY,
    E2E_MIN_STEPS,
    E2E_OF_REFERENCE,
    E2E_STEPS,
    IMG_SHAPE,
    LEARN_FLOOR,
    LEARN_LR,
    LEARN_MIN_STEPS,
    LEARN_OF_REFERENCE,
    LEARN_STEPS,
    LR,
    N_EVAL,
    SEED,
    Z_DIM,
    suite,
)


class Trainer:
    """One generator/discriminator/optimizer set for a module, reset between checks."""

    def __init__(self, ctx: Context, module: Any, label: str):
        self.ctx = ctx
        self.label = label
        keras.utils.set_random_seed(SEED)
        with ctx.calling(f"building the {label} models"):
            self.generator = module.build_generator(Z_DIM)
            self.discriminator = module.build_discriminator(IMG_SHAPE)
            # Create the weights now (subclassed models build lazily on the first call).
            tfwrap.call_model(self.generator, tfwrap.as_batch(np.zeros((1, Z_DIM))))
            tfwrap.call_model(self.discriminator, tfwrap.as_batch(np.zeros((1, *IMG_SHAPE))))
        # Captured once: a train_step that flips `.trainable` cannot hide variables later.
        self.g_vars = list(self.generator.trainable_variables)
        self.d_vars = list(self.discriminator.trainable_variables)
        self.g_init = tfwrap.snapshot(self.generator.weights)
        self.d_init = tfwrap.snapshot(self.discriminator.weights)
        self.g_train_init = tfwrap.snapshot(self.g_vars)
        self.d_train_init = tfwrap.snapshot(self.d_vars)
        self.g_opt = keras.optimizers.Adam(LR, beta_1=BETA_1)
        self.d_opt = keras.optimizers.Adam(LR, beta_1=BETA_1)
        # Built before the first (traced) call, so the step traces once, not twice. Each
        # is built on both networks' variables: a step that applies an optimizer to the
        # other network's variables then runs, and the isolation check can name the bug
        # (an optimizer built on its own network alone would raise "Unknown variable").
        for opt in (self.g_opt, self.d_opt):
            opt.build(self.g_vars + self.d_vars)
        self.step = tfwrap.StepRunner(module.train_step)
        self.rng = np.random.default_rng(SEED)

    def reset(self, g_lr: float, d_lr: float, seed: int = SEED) -> None:
        tfwrap.restore(self.generator.weights, self.g_init)
        tfwrap.restore(self.discriminator.weights, self.d_init)
        tfwrap.reset_optimizer(self.g_opt, g_lr)
        tfwrap.reset_optimizer(self.d_opt, d_lr)
        # (No keras.utils.set_random_seed here: it makes the next traced call ~0.2 s slower.)
        self.rng = np.random.default_rng(seed)

    def batch(self):
        train = self.ctx.data["train"]
        return tfwrap.as_batch(train[self.rng.integers(0, len(train), BATCH)])

    def run(self, real=None) -> tuple[float, float]:
        real = self.batch() if real is None else real
        what = "train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim)"
        with self.ctx.calling(what):
            out = self.step(self.generator, self.discriminator, self.g_opt, self.d_opt, real, Z_DIM)
        if not hasattr(out, "keys") or "d_loss" not in out or "g_loss" not in out:
            got = sorted(map(str, out.keys())) if hasattr(out, "keys") else type(out).__name__
            raise CheckFailed(
                f"train_step returned {got}, expected a dict with 'd_loss' and 'g_loss'",
                expected='{"d_loss": scalar, "g_loss": scalar}',
                actual=str(got),
            )
        d_loss = nm.scalar(out["d_loss"], "train_step's d_loss")
        g_loss = nm.scalar(out["g_loss"], "train_step's g_loss")
        return d_loss, g_loss

    def curve(self, steps: int, what: str) -> tuple[list[float], list[float]]:
        d_curve, g_curve = [], []
        for i in range(steps):
            d_loss, g_loss = self.run()
            _require_finite_step(d_loss, g_loss, i, what)
            d_curve.append(d_loss)
            g_curve.append(g_loss)
        return d_curve, g_curve

    def samples(self, z: np.ndarray) -> np.ndarray:
        with self.ctx.calling("the generator"):
            out = nm.to_numpy(tfwrap.call_model(self.generator, tfwrap.as_batch(z)), "the generator")
        return out

    def joint(self, steps: int) -> dict:
        """Joint training from the initial weights; MMD to the real set every E2E_EVERY steps."""
        self.reset(LR, LR, SEED + 7)
        z_eval = np.random.default_rng(SEED + 8).standard_normal((N_EVAL, Z_DIM))
        distance = self.ctx.data["distance"]
        d_curve, g_curve, mmd = [], [], []
        for i in range(steps + 1):
            if i % E2E_EVERY == 0:
                images = self.samples(z_eval)
                nm.require_finite(images, f"the generator's samples after {i} joint steps")
                mmd.append(distance(images))
            if i == steps:
                break
            d_loss, g_loss = self.run()
            _require_finite_step(d_loss, g_loss, i, "joint training")
            d_curve.append(d_loss)
            g_curve.append(g_loss)
        return {"d_loss": d_curve, "g_loss": g_curve, "mmd": mmd, "samples": (images[:16] + 1.0) / 2.0}


def _require_finite_step(d_loss: float, g_loss: float, step: int, what: str) -> None:
    for name, value in (("d_loss", d_loss), ("g_loss", g_loss)):
        if not math.isfinite(value):
            raise CheckFailed(
                f"{name} became {'NaN' if math.isnan(value) else 'Inf'} at step {step + 1} of {what}",
                expected="finite losses at every step",
                actual=str(value),
                hint="Compute the losses from logits (from_logits=True) instead of log(sigmoid(...)).",
            )


def _trainer(ctx: Context) -> Trainer:
    if "trainer" not in ctx.state:
        ctx.state["trainer"] = Trainer(ctx, ctx.module, "submission")
    return ctx.state["trainer"]


def baseline(ctx: Context, reference: Any) -> dict:
    """The reference's curves on the same seeds and data, at full length."""
    trainer = Trainer(ctx, reference, "reference")
    trainer.reset(0.0, LEARN_LR)
    d_learn, _ = trainer.curve(LEARN_STEPS, "the reference's D-learns run")
    trainer.reset(LEARN_LR, 0.0)
    _, g_learn = trainer.curve(LEARN_STEPS, "the reference's G-learns run")
    joint = trainer.joint(E2E_STEPS)
    return {
        "d_learns": d_learn,
        "g_learns": g_learn,
        "end_to_end": {k: joint[k] for k in ("d_loss", "g_loss", "mmd")},
        "step_seconds": trainer.step.step_seconds(),
    }


@suite.check("train_step_updates", needs=("generator_output", "discriminator_output", "discriminator_loss", "generator_loss"))
def train_step_updates(ctx: Context) -> str:
    """One train_step changes both networks and returns finite d_loss and g_loss."""
    trainer = _trainer(ctx)
    for net, variables, model in (
        ("discriminator", trainer.d_vars, trainer.discriminator),
        ("generator", trainer.g_vars, trainer.generator),
    ):
        if not variables:
            frozen = getattr(model, "trainable", True) is False
            raise CheckFailed(
                f"the {net} has no trainable variables"
                + (f" ({net}.trainable = False): the Keras 2 freeze recipe — under Keras 3 this freezes the "
                   f"{net} for every optimizer, so it never learns" if frozen else ""),
                expected=f"{net}.trainable_variables non-empty",
                actual="[]",
                hint="Don't set .trainable = False to train the other network; update each network with its own "
                "tape and optimizer over its own trainable_variables.",
            )
    trainer.reset(LR, LR)
    d_loss, g_loss = trainer.run()
    _require_finite_step(d_loss, g_loss, 0, "train_step")
    d_moved = tfwrap.changed(trainer.d_vars, trainer.d_train_init)
    g_moved = tfwrap.changed(trainer.g_vars, trainer.g_train_init)
    if not d_moved:
        raise CheckFailed(
            "the discriminator's weights did not change after one train_step",
            expected="discriminator updated",
            actual="unchanged",
            hint="Apply d_optimizer to the gradients of d_loss w.r.t. discriminator.trainable_variables.",
        )
    if not g_moved:
        raise CheckFailed(
            "the generator's weights did not change after one train_step: the generator update is missing",
            expected="generator updated",
            actual="unchanged",
            hint="After the discriminator step, compute g_loss under a new tape and apply g_optimizer to its "
            "gradients w.r.t. generator.trainable_variables.",
        )
    ctx.metrics["train_step_mode"] = trainer.step.mode
    mode = "under tf.function" if trainer.step.mode == "graph" else "eagerly"
    if trainer.step.note:
        ctx.metrics["train_step_note"] = trainer.step.note
        ctx.log(trainer.step.note)
    return f"both networks changed; d_loss {d_loss:.4f}, g_loss {g_loss:.4f} (ran {mode})"


@suite.check("isolation", needs=("train_step_updates",))
def isolation(ctx: Context) -> str:
    """With one optimizer's learning rate at 0, only the other network changes."""
    trainer = _trainer(ctx)
    for frozen, active in (("generator", "discriminator"), ("discriminator", "generator")):
        trainer.reset(0.0 if frozen == "generator" else LR, 0.0 if frozen == "discriminator" else LR)
        trainer.run()
        frozen_vars = trainer.g_vars if frozen == "generator" else trainer.d_vars
        active_vars = trainer.d_vars if frozen == "generator" else trainer.g_vars
        frozen_init = trainer.g_train_init if frozen == "generator" else trainer.d_train_init
        active_init = trainer.d_train_init if frozen == "generator" else trainer.g_train_init
        opt = "g_optimizer" if frozen == "generator" else "d_optimizer"
        if tfwrap.changed(frozen_vars, frozen_init):
            moved = tfwrap.max_change(frozen_vars, frozen_init)
            raise CheckFailed(
                f"the {frozen} changed (by up to {moved:.2g}) although {opt} had learning rate 0: "
                f"the {active} update also moves the {frozen}",
                expected=f"{frozen} unchanged",
                actual=f"changed by up to {moved:.2g}",
                hint=f"Each optimizer must update only its own network: pass only {active}.trainable_variables "
                f"to the {active}'s gradient and apply_gradients.",
            )
        if not tfwrap.changed(active_vars, active_init):
            raise CheckFailed(
                f"with the {frozen} frozen, the {active} did not change either",
                expected=f"{active} updated",
                actual="unchanged",
                hint=f"Use the {active}'s own optimizer on the {active}'s gradients.",
            )
    return "lr 0 on either optimizer freezes exactly that network"


@suite.check("fresh_noise", needs=("train_step_updates",))
def fresh_noise(ctx: Context) -> str:
    """train_step draws new noise z on every call."""
    trainer = _trainer(ctx)
    trainer.reset(0.0, 0.0)
    real = trainer.batch()
    first = trainer.run(real)
    second = trainer.run(real)
    if all(abs(a - b) <= 1e-7 * (1 + abs(a)) for a, b in zip(first, second)):
        raise CheckFailed(
            f"two train_step calls on the same real batch, with nothing learning (both learning rates 0), returned "
            f"identical losses (d_loss {first[0]:.6g}, g_loss {first[1]:.6g}): the noise z is the same on every call "
            "(a fixed seed, a constant, or noise drawn once)",
            expected="different losses (fresh noise each call)",
            actual="identical losses",
            hint="Draw z inside train_step with keras.random.normal((batch_size, z_dim)), with no integer seed. "
            "NumPy or Python random noise is drawn once when tf.function traces the step, then frozen.",
        )
    return "losses differ between calls on the same batch: fresh noise each call"


def _learn_check(ctx: Context, net: str) -> str:
    trainer = _trainer(ctx)
    base = ctx.baseline()
    steps = plan_steps(
        ctx.remaining(), trainer.step.step_seconds(), desired=LEARN_STEPS, minimum=LEARN_MIN_STEPS,
        share=0.18, what=f"the {net}-learns check", reference_step_seconds=base.get("step_seconds"),
    )
    if net == "D":
        trainer.reset(0.0, LEARN_LR)
        curve = trainer.curve(steps, "the D-learns run (G frozen)")[0]
        ref_curve = base["d_learns"][:steps]
    else:
        trainer.reset(LEARN_LR, 0.0)
        curve = trainer.curve(steps, "the G-learns run (D frozen)")[1]
        ref_curve = base["g_learns"][:steps]
    fall, ref_fall = loss_fall(curve), loss_fall(ref_curve)
    need = max(LEARN_FLOOR, LEARN_OF_REFERENCE * ref_fall)
    key = "d" if net == "D" else "g"
    ctx.metrics[f"{key}_learns_fall"] = fall
    ctx.metrics[f"reference_{key}_learns_fall"] = ref_fall
    ctx.metrics[f"{key}_learns_steps"] = steps
    other = "G" if net == "D" else "D"
    summary = f"{net} loss {curve[0]:.3f} → {np.mean(curve[-5:]):.3f} over {steps} steps with {other} frozen"
    if fall < need:
        raise CheckFailed(
            f"{summary}: a {fall:.0%} fall, expected at least {need:.0%} (the reference falls {ref_fall:.0%})",
            expected=f"≥ {need:.0%} fall",
            actual=f"{fall:.0%}",
            hint=f"Check the {net} update: its loss, the sign of its gradients, and that its optimizer applies them.",
        )
    return f"{summary} ({fall:.0%}; reference {ref_fall:.0%})"


@suite.check("d_learns", needs=("isolation", "fresh_noise"))
def d_learns(ctx: Context) -> str:
    """With G frozen, the D loss falls (≥ 20%, and ≥ 0.3× the reference's fall)."""
    return _learn_check(ctx, "D")


@suite.check("g_learns", needs=("isolation", "fresh_noise"))
def g_learns(ctx: Context) -> str:
    """With D frozen, the G loss falls (≥ 20%, and ≥ 0.3× the reference's fall)."""
    return _learn_check(ctx, "G")


@suite.check("end_to_end", needs=("d_learns", "g_learns"))
def end_to_end(ctx: Context) -> str:
    """Joint training moves the samples towards the data: ≥ half the reference's MMD drop."""
    trainer = _trainer(ctx)
    base = ctx.baseline()
    steps = plan_steps(
        ctx.remaining(), trainer.step.step_seconds(), desired=E2E_STEPS, minimum=E2E_MIN_STEPS, share=0.9,
        what="joint training", reference_step_seconds=base.get("step_seconds"), multiple=E2E_EVERY,
    )
    run = trainer.joint(steps)
    ref = base["end_to_end"]
    points = steps // E2E_EVERY + 1
    ref_mmd = ref["mmd"][:points]
    start, end = run["mmd"][0], float(np.mean(run["mmd"][-3:]))
    ref_start, ref_end = ref_mmd[0], float(np.mean(ref_mmd[-3:]))
    drop = 1.0 - end / start if start > 0 else 0.0
    ref_drop = 1.0 - ref_end / ref_start if ref_start > 0 else 0.0
    ctx.metrics.update(
        end_to_end_steps=steps, mmd_start=start, mmd_end=end, mmd_drop=drop,
        reference_mmd_start=ref_start, reference_mmd_end=ref_end, reference_mmd_drop=ref_drop,
        curves={
            "submission": {"d_loss": run["d_loss"], "g_loss": run["g_loss"]},
            "reference": {"d_loss": ref["d_loss"][:steps], "g_loss": ref["g_loss"][:steps]},
        },
        samples=grid(run["samples"]),
        real_samples=grid((ctx.data["eval"][:16] + 1.0) / 2.0),
    )
    summary = f"distance to the data (MMD) {start:.3f} → {end:.3f} over {steps} joint steps ({drop:.0%} drop; reference {ref_start:.3f} → {ref_end:.3f}, {ref_drop:.0%})"
    need = E2E_OF_REFERENCE * ref_drop
    if drop < need:
        raise CheckFailed(
            f"{summary}: the samples do not move towards the data fast enough (need a {need:.0%} drop)",
            expected=f"≥ {need:.0%} drop",
            actual=f"{drop:.0%}",
            hint="Both updates pass the unit checks; look at how they interact: the noise, the order of the "
            "two updates, the training flags, the learning signal reaching G through D.",
        )
    return summary
