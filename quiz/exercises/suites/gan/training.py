"""The GAN suite's training checks and the reference baseline.

Registered after the unit checks of :mod:`.units` (the run order is the registration order).
"""

from __future__ import annotations

import math
from typing import Any

import keras
import numpy as np

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib import probes as pb
from quiz.exercises.checklib import tfwrap
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.checklib.training import grid, loss_fall, plan_steps
from quiz.exercises.suites.gan import probes
from quiz.exercises.suites.gan.units import (
    BATCH,
    BETA_1,
    E2E_EARLIEST,
    E2E_EVERY,
    E2E_MAX_STEPS,
    E2E_MIN_STEPS,
    E2E_OF_REFERENCE,
    E2E_STEPS,
    IMG_SHAPE,
    LEARN_FLOOR,
    LEARN_SEPARATION,
    LEARN_LR,
    LEARN_EARLIEST,
    LEARN_MIN_STEPS,
    LEARN_OF_REFERENCE,
    LEARN_STEPS,
    LR,
    N_EVAL,
    SEED,
    Z_DIM,
    suite,
)
from quiz.exercises.messages import M


class Trainer:
    """One generator/discriminator/optimizer set for a module, reset between checks."""

    def __init__(self, ctx: Context, module: Any, label: str):
        self.ctx = ctx
        self.label = label
        keras.utils.set_random_seed(SEED)
        with ctx.calling(M("gan.init.building_models", "building the {label} models", label=label)):
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
        # The step sees recorders, not the models: they record what each network
        # receives (the noise of every update) whenever ``log.on`` is set.
        self.log = pb.Log(on=False)
        self.g_seen = pb.Recorder(self.generator, "G", self.log)
        self.d_seen = pb.Recorder(self.discriminator, "D", self.log)
        self.g_opt = pb.RecordingAdam(LR, "g_optimizer", self.log, beta_1=BETA_1)
        self.d_opt = pb.RecordingAdam(LR, "d_optimizer", self.log, beta_1=BETA_1)
        # Built before the first (traced) call, so the step traces once, not twice. Each
        # is built on both networks' variables: a step that applies an optimizer to the
        # other network's variables then runs, and the isolation check can name the bug
        # (an optimizer built on its own network alone would raise "Unknown variable").
        for opt in (self.g_opt, self.d_opt):
            opt.build(self.g_vars + self.d_vars)
        # The networks, optimizers and z_dim are the same on every call: bound into the step,
        # a call passes only the batch (no matching of six arguments against the trace's signature).
        self.step = tfwrap.StepRunner(module.train_step, leading=(self.g_seen, self.d_seen, self.g_opt, self.d_opt), trailing=(Z_DIM,))
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

    def run(self, real=None, eager: bool = False) -> tuple[float, float]:
        real = self.batch() if real is None else real
        what = M("gan.run.train_step_generator_discrimina", "train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim)")
        with self.ctx.calling(what):
            out = self.step.eager(real) if eager else self.step(real)
        if not hasattr(out, "keys") or "d_loss" not in out or "g_loss" not in out:
            got = sorted(map(str, out.keys())) if hasattr(out, "keys") else type(out).__name__
            raise CheckFailed(
                M("gan.check_reported.train_step_returned_expected", "train_step returned {got}, expected a dict with 'd_loss' and 'g_loss'", got=got),
                expected=M("gan.check_reported.d_loss", '{{"d_loss": scalar, "g_loss": scalar}}'),
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

    def measured_curve(self, steps: int, what: str, enough=None) -> list[dict[str, np.ndarray]]:
        """Train up to ``steps`` steps; for each, the logits D gave real and generated images inside the step.

        The checker reads the contract's losses off these (not the numbers train_step
        returns), in the mode the step ran the networks in. ``enough(seen)`` (the steps so
        far) may end the run early.
        """
        seen = []
        for i in range(steps):
            real = self.batch()
            losses: list[tuple[float, float]] = []
            calls = pb.recorded(self.log, lambda: losses.append(self.run(real)))
            _require_finite_step(*losses[0], i, what)
            seen.append(split_logits([c for c in calls if c.role == "D"], real.numpy()))
            if enough is not None and enough(seen):
                break
        return seen

    def samples(self, z: np.ndarray) -> np.ndarray:
        with self.ctx.calling(M("gan.samples.generator", "the generator")):
            out = nm.to_numpy(tfwrap.call_model(self.generator, tfwrap.as_batch(z)), M("gan.samples.generator", "the generator"))
        return out

    def joint(self, steps: int, enough=None) -> dict:
        """Joint training from the initial weights; MMD to the real set every E2E_EVERY steps.

        ``enough(mmd)`` (the distances so far) may end the run early, at an evaluation point.
        """
        self.reset(LR, LR, SEED + 7)
        z_eval = np.random.default_rng(SEED + 8).standard_normal((N_EVAL, Z_DIM))
        distance = self.ctx.data["distance"]
        d_curve, g_curve, mmd = [], [], []
        for i in range(steps + 1):
            if i % E2E_EVERY == 0:
                images = self.samples(z_eval)
                nm.require_finite(images, M("gan.joint.generator_s_samples", "the generator's samples after {i} joint steps", i=i))
                mmd.append(distance(images))
                if enough is not None and enough(mmd):
                    break
            if i == steps:
                break
            d_loss, g_loss = self.run()
            _require_finite_step(d_loss, g_loss, i, M("gan.joint.joint_training", "joint training"))
            d_curve.append(d_loss)
            g_curve.append(g_loss)
        return {"d_loss": d_curve, "g_loss": g_curve, "mmd": mmd, "samples": (images[:16] + 1.0) / 2.0}


def _require_finite_step(d_loss: float, g_loss: float, step: int, what: str) -> None:
    for name, value in (("d_loss", d_loss), ("g_loss", g_loss)):
        if not math.isfinite(value):
            raise CheckFailed(
                M("gan.require_finite_step.became_step", "{name} became {nan_if_math_isnan_value} at step {step_1} of {what}", name=name, nan_if_math_isnan_value='NaN' if math.isnan(value) else 'Inf', step_1=step + 1, what=what),
                expected=M("gan.require_finite_step.finite_losses_every", "finite losses at every step"),
                actual=str(value),
                hint=M("gan.require_finite_step.compute_losses_from", "Compute the losses from logits (from_logits=True) instead of log(sigmoid(...))."),
            )


def _models(trainer: Trainer) -> dict[str, Any]:
    return {"generator": trainer.generator, "discriminator": trainer.discriminator}


def _trainer(ctx: Context) -> Trainer:
    if "trainer" not in ctx.state:
        ctx.state["trainer"] = Trainer(ctx, ctx.module, "submission")
    return ctx.state["trainer"]


def split_logits(calls: list[pb.Call], real: np.ndarray) -> dict[str, np.ndarray]:
    """The logits of D's calls in one step, split into real and generated rows (by matching
    the real batch row for row, so a step that concatenates both batches is read right)."""
    keys = {row.tobytes() for row in np.asarray(real, np.float32).reshape(len(real), -1)}
    parts: dict[str, list[np.ndarray]] = {"real": [], "fake": []}
    for call in calls:
        logits = np.asarray(call.outputs[0]).reshape(-1)
        rows = np.asarray(call.inputs, np.float32).reshape(len(call.inputs), -1)
        if len(rows) != len(logits):
            continue
        is_real = np.array([row.tobytes() in keys for row in rows])
        parts["real"].append(logits[is_real])
        parts["fake"].append(logits[~is_real])
    return {k: np.concatenate(v) if v else np.zeros(0) for k, v in parts.items()}


def contract_loss(net: str, seen: dict[str, np.ndarray]) -> float:
    """The contract's D loss (or non-saturating G loss) on the logits D gave inside one step."""
    if net == "D":
        return float(np.mean(nm.bce_logits(1, seen["real"])) + np.mean(nm.bce_logits(0, seen["fake"])))
    return float(np.mean(nm.bce_logits(1, seen["fake"])))


def _learn(trainer: Trainer, net: str, steps: int, what: str, enough=None) -> dict[str, Any]:
    """Train one side with the other frozen; the contract's loss at every step, measured by the checker.

    ``enough(curve, last)`` (the losses so far and the last five steps' logits) may end
    the run early, once at least LEARN_EARLIEST steps are done.
    """
    if net == "D":
        trainer.reset(0.0, LEARN_LR)
    else:
        trainer.reset(LEARN_LR, 0.0)

    def blind(seen: list[dict[str, np.ndarray]]) -> bool:
        return any(len(s["fake"]) == 0 or (net == "D" and len(s["real"]) == 0) for s in seen)

    def stop(seen: list[dict[str, np.ndarray]]) -> bool:
        if enough is None or len(seen) < LEARN_EARLIEST or blind(seen[-1:]):
            return False
        return enough([contract_loss(net, s) for s in seen], seen[-5:])

    seen = trainer.measured_curve(steps, what, stop)
    if blind(seen):
        raise CheckFailed(M("gan.learn.discrimina_never_saw", "in {what}, the discriminator never saw {real_if_net_d_else_gener} images", what=what, real_if_net_d_else_gener='real' if net == 'D' else 'generated'),
                          hint=M("gan.learn.score_both_real", "Score both the real batch and generated images with the discriminator."))
    curve = [contract_loss(net, s) for s in seen]
    return {"curve": curve, "last": seen[-5:]}


def separation(last: list[dict[str, np.ndarray]]) -> tuple[float, float, np.ndarray, np.ndarray]:
    """Over the last steps' logits: the share of real images D puts above 0, of generated ones below 0."""
    real = np.concatenate([s["real"] for s in last])
    fake = np.concatenate([s["fake"] for s in last])
    return float(np.mean(real > 0)), float(np.mean(fake < 0)), real, fake


def baseline(ctx: Context, reference: Any) -> dict:
    """The reference's curves and measured falls on the same seeds and data, at full length."""
    trainer = Trainer(ctx, reference, "reference")
    d_run = _learn(trainer, "D", LEARN_STEPS, M("gan.baseline.reference_s_d", "the reference's D-learns run"))
    g_run = _learn(trainer, "G", LEARN_STEPS, M("gan.baseline.reference_s_g", "the reference's G-learns run"))
    joint = trainer.joint(E2E_STEPS)
    return {
        "d_learns": d_run["curve"],
        "g_learns": g_run["curve"],
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
                M("gan.train_step_updates.has_no_trainable", "the {net} has no trainable variables", net=net)
                + (M("gan.train_step_updates.trainable_false_keras", (
                       " ({net}.trainable = False): the Keras 2 freeze recipe — under Keras 3 this freezes the "
                       "{net} for every optimizer, so it never learns"
                     ), net=net) if frozen else ""),
                expected=M("gan.train_step_updates.trainable__non_empty", "{net}.trainable_variables non-empty", net=net),
                actual="[]",
                hint=M("gan.train_step_updates.don_t_set", (
                         "Don't set .trainable = False to train the other network; update each network with its "
                         "own tape and optimizer over its own trainable_variables."
                       )),
            )
    trainer.reset(LR, LR)
    flags = {net: pb.trainable_flags(model) for net, model in _models(trainer).items()}
    try:
        d_loss, g_loss = trainer.run()
    finally:  # a step that flips .trainable often fails on its retrace: name the flip, not the symptom
        pb.require_flags_kept(_models(trainer), flags)
    _require_finite_step(d_loss, g_loss, 0, "train_step")
    d_moved = tfwrap.changed(trainer.d_vars, trainer.d_train_init)
    g_moved = tfwrap.changed(trainer.g_vars, trainer.g_train_init)
    if not d_moved:
        raise CheckFailed(
            M("gan.train_step_updates.discrimina_s_weights", "the discriminator's weights did not change after one train_step"),
            expected=M("gan.train_step_updates.discrimina_updated", "discriminator updated"),
            actual="unchanged",
            hint=M("gan.check_d_update.apply_d_optimize_gradients", "Apply d_optimizer to the gradients of d_loss w.r.t. discriminator.trainable_variables."),
        )
    if not g_moved:
        raise CheckFailed(
            M("gan.train_step_updates.generator_s_weights", "the generator's weights did not change after one train_step: the generator update is missing"),
            expected=M("gan.train_step_updates.generator_updated", "generator updated"),
            actual="unchanged",
            hint=M("gan.check_g_update.after_discrimina_step", (
                     "After the discriminator step, compute g_loss under a new tape and apply g_optimizer to "
                     "its gradients w.r.t. generator.trainable_variables."
                   )),
        )
    ctx.metrics["train_step_mode"] = trainer.step.mode
    mode = "under tf.function" if trainer.step.mode == "graph" else "eagerly"
    if trainer.step.note:
        ctx.metrics["train_step_note"] = trainer.step.note
        ctx.log(trainer.step.note)
    return M("gan.train_step_updates.both_networks_changed", "both networks changed; d_loss {d_loss:.4f}, g_loss {g_loss:.4f} (ran {mode})", d_loss=d_loss, g_loss=g_loss, mode=mode)


@suite.check("step_inputs", needs=("train_step_updates",))
def step_inputs(ctx: Context) -> str:
    """At batch × z_dim 64×64, 32×24 and 7×100: noise of shape (batch, z_dim) varying per example; D sees the real batch."""
    return probes.check_inputs(probes.probe_runs(ctx, _trainer(ctx).step.raw, "D"))


@suite.check("d_update", needs=("step_inputs",))
def d_update(ctx: Context) -> str:
    """With G frozen, D's update is exactly a step down the contract's D loss; d_loss is that loss."""
    return probes.check_d_update(probes.probe_runs(ctx, _trainer(ctx).step.raw, "D"))


@suite.check("g_update", needs=("step_inputs",))
def g_update(ctx: Context) -> str:
    """With D frozen, G's update is exactly a step down the non-saturating loss; g_loss is that loss. With both
    learning, G's update follows D's: its gradient is taken against the updated D, on noise of its own."""
    step = _trainer(ctx).step.raw
    frozen = probes.check_g_update(probes.probe_runs(ctx, step, "G"))
    after = probes.check_g_after_d(probes.run_probe(ctx, step, *probes.ORDER_SIZE, "both"))
    return frozen + "; " + after


@suite.check("isolation", needs=("train_step_updates",))
def isolation(ctx: Context) -> str:
    """With one optimizer's learning rate at 0, only the other network changes (your own networks, traced)."""
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
            why = probes.optimizer_misuse(trainer.log, frozen_vars, "G" if frozen == "generator" else "D")
            raise CheckFailed(
                M("gan.isolation.changed_up_although", "the {frozen} changed (by up to {moved:.2g}) although {opt} had learning rate 0: ", frozen=frozen, moved=moved, opt=opt)
                + (why or M("gan.isolation.update_also_moves", "the {active} update also moves the {frozen}", active=active, frozen=frozen)),
                expected=M("gan.isolation.unchanged", "{frozen} unchanged", frozen=frozen),
                actual=M("gan.isolation.changed_up", "changed by up to {moved:.2g}", moved=moved),
                hint=M("gan.isolation.each_optimizer_must", (
                         "Each optimizer must update only its own network: pass only {active}.trainable_variables "
                         "to the {active}'s gradient and apply_gradients."
                       ), active=active),
            )
        if not tfwrap.changed(active_vars, active_init):
            raise CheckFailed(
                M("gan.isolation.frozen_did_not", "with the {frozen} frozen, the {active} did not change either", frozen=frozen, active=active),
                expected=M("gan.isolation.updated", "{active} updated", active=active),
                actual="unchanged",
                hint=M("gan.isolation.use_s_own", "Use the {active}'s own optimizer on the {active}'s gradients.", active=active),
            )
    return M("gan.isolation.lr_either_optimizer", "lr 0 on either optimizer freezes exactly that network")


@suite.check("side_effects", needs=("isolation",))
def side_effects(ctx: Context) -> str:
    """Run eagerly, every call updates both networks, and the step leaves the trainable flags as it found them."""
    trainer = _trainer(ctx)
    trainer.reset(LR, LR)
    return pb.require_every_call_updates(
        lambda: trainer.run(eager=True), _models(trainer),
        {"generator": trainer.g_vars, "discriminator": trainer.d_vars},
    )


@suite.check("fresh_noise", needs=("step_inputs",))
def fresh_noise(ctx: Context) -> str:
    """Every run of the (traced) step feeds the generator new noise, in each of its updates."""
    trainer = _trainer(ctx)
    trainer.reset(0.0, 0.0)
    real = trainer.batch()
    runs = [[c.inputs for c in pb.recorded(trainer.log, lambda: trainer.run(real)) if c.role == "G"] for _ in range(2)]
    first, second = runs
    mode = "under tf.function" if trainer.step.mode == "graph" else "eagerly"
    if not first:
        raise CheckFailed(M("gan.fresh_noise.train_step_never_called", "train_step never called the generator"), hint=M("gan.fresh_noise.generate_fakes_inside", "Generate the fakes inside train_step."))
    for position, (a, b) in enumerate(zip(first, second)):
        if a.shape == b.shape and np.array_equal(a, b):
            which = (M("gan.fresh_noise.discrimina_s_update", "the discriminator's update") if position == 0 and len(first) > 1
                     else M("gan.fresh_noise.generator_s_update", "the generator's update") if position == len(first) - 1 and len(first) > 1 else M("gan.fresh_noise.step", "the step"))
            raise CheckFailed(
                M("gan.fresh_noise.two_calls_train_step", (
                    "two calls of train_step ({mode}) fed the generator the same noise z in {which}: the "
                    "noise is drawn once (a fixed seed, a constant, or NumPy/Python random frozen when "
                    "tf.function traced the step)"
                  ), mode=mode, which=which),
                expected=M("gan.fresh_noise.new_noise_every", "new noise on every call, in every update"),
                actual="identical z",
                hint=M("gan.fresh_noise.draw_z_inside", (
                         "Draw z inside train_step with keras.random.normal((batch_size, z_dim)), with no integer "
                         "seed. NumPy or Python random noise is drawn once when tf.function traces the step, then "
                         "frozen."
                       )),
                symptom=M("gan.fresh_noise.same_noise", "two calls of train_step ({mode}) fed the generator the same noise z in {which}",
                          mode=mode, which=which),
            )
    return M("gan.fresh_noise.new_noise_every_2", "new noise on every call, in each of the {len_first} generator call(s) per step ({mode})", len_first=len(first), mode=mode)


def _learn_check(ctx: Context, net: str) -> str:
    trainer = _trainer(ctx)
    base = ctx.baseline()
    steps = plan_steps(
        ctx.remaining(), trainer.step.step_seconds(), desired=LEARN_STEPS, minimum=LEARN_MIN_STEPS,
        share=0.18, what=M("gan.learn_check.learns_check", "the {net}-learns check", net=net), reference_step_seconds=base.get("step_seconds"),
    )
    other = "G" if net == "D" else "D"
    key = "d" if net == "D" else "g"

    def need_at(n: int) -> tuple[float, float]:  # the reference's fall over n steps, and the fall asked for
        ref = loss_fall(base[f"{key}_learns"][:n])
        return ref, max(LEARN_FLOOR, LEARN_OF_REFERENCE * ref)

    def enough(curve: list[float], last: list[dict[str, np.ndarray]]) -> bool:
        # A fast learner stops as soon as it has shown the fall (and, for D, the separation);
        # a slow but correct one keeps the whole budget.
        if loss_fall(curve) < need_at(len(curve))[1]:
            return False
        return net == "G" or min(separation(last)[:2]) >= LEARN_SEPARATION

    run = _learn(trainer, net, steps, M("gan.learn_check.learns_run_frozen", "the {net}-learns run ({other} frozen)", net=net, other=other), enough)
    curve = run["curve"]
    steps = len(curve)
    start, end = curve[0], float(np.mean(curve[-5:]))
    fall = loss_fall(curve)
    ref_fall, need = need_at(steps)
    ctx.metrics[f"{key}_learns_fall"] = fall
    ctx.metrics[f"reference_{key}_learns_fall"] = ref_fall
    ctx.metrics[f"{key}_learns_steps"] = steps
    loss_name = "D loss" if net == "D" else M("gan.learn_check.non_saturating_g", "non-saturating G loss")
    summary = (M("gan.learn_check.computed_checker_from", (
                   "{loss_name}, computed by the checker from the logits inside each step, {start:.3f} → "
                   "{end:.3f} over {steps} steps with {other} frozen"
                 ), loss_name=loss_name, start=start, end=end, steps=steps, other=other))
    if net == "D":
        above, below, real, fake = separation(run["last"])
        if np.mean(real) <= np.mean(fake):
            raise CheckFailed(
                M("gan.learn_check.after_training_d", (
                    "{summary}; after training, D scores generated images above real ones (mean logit real "
                    "{np_mean_real:.3g}, generated {np_mean_fake:.3g}): D learned the labels the wrong way "
                    "round (are the real and fake arguments swapped where train_step calls the loss?)"
                  ), summary=summary, np_mean_real=np.mean(real), np_mean_fake=np.mean(fake)),
                expected=M("gan.learn_check.real_logits_generated", "real logits > generated logits"),
                actual=M("gan.learn_check.real_generated", "real {np_mean_real:.3g}, generated {np_mean_fake:.3g}", np_mean_real=np.mean(real), np_mean_fake=np.mean(fake)),
                hint=M("gan.learn_check.discrimina_real_logit_fake_logit", "discriminator_loss(real_logits, fake_logits): real first, and real images labelled 1."),
            )
        if below < LEARN_SEPARATION or above < LEARN_SEPARATION:
            never = (M("gan.learn_check.logits_never_negative", (
                         " — its logits are never negative: the discriminator ends in a ReLU (or another "
                         "non-negative activation)"
                       ))) if np.min(np.concatenate([real, fake])) >= 0 else ""
            raise CheckFailed(
                M("gan.learn_check.after_training_only", (
                    "{summary}; after training, only {above:.0%} of real images get a positive logit and "
                    "{below:.0%} of generated ones a negative logit{never}"
                  ), summary=summary, above=above, below=below, never=never),
                expected=M("gan.learn_check.each_side", "≥ {LEARN_SEPARATION:.0%} of each on its side of 0", LEARN_SEPARATION=LEARN_SEPARATION),
                actual=M("gan.learn_check.real_generated_2", "real > 0: {above:.0%}, generated < 0: {below:.0%}", above=above, below=below),
                hint=M("gan.learn_check.discrimina_must_output", (
                         "The discriminator must output raw logits (any real number): end with Dense(1) and no "
                         "activation."
                       )),
            )
    if fall < need:
        direction = ("rose" if end > start else M("gan.learn_check.barely_fell", "barely fell"))
        worse = (M("gan.learn_check.generator_s_updates", (
                     ": the generator's updates make its samples look more fake to D — G is minimising the "
                     "discriminator's objective instead of the non-saturating −log D(G(z))"
                   )) if net == "G" and end > start else "")
        raise CheckFailed(
            M("gan.learn_check.expected_fall_least", (
                "{summary}: it {direction} ({fall:.0%}), expected a fall of at least {need:.0%} (the "
                "reference's falls {ref_fall:.0%}){worse}"
              ), summary=summary, direction=direction, fall=fall, need=need, ref_fall=ref_fall, worse=worse),
            expected=M("gan.learn_check.fall", "≥ {need:.0%} fall", need=need),
            actual=f"{fall:.0%}",
            hint=M("gan.learn_check.check_update_loss", (
                     "Check the {net} update: its loss, the sign of its gradients, and that its optimizer "
                     "applies them."
                   ), net=net),
        )
    return M("gan.learn_check.reference", "{summary} ({fall:.0%}; reference {ref_fall:.0%})", summary=summary, fall=fall, ref_fall=ref_fall)


@suite.check("d_learns", needs=("isolation", "fresh_noise"))
def d_learns(ctx: Context) -> str:
    """With G frozen, D learns: the checker's D loss falls and D scores real above 0, fakes below."""
    return _learn_check(ctx, "D")


@suite.check("g_learns", needs=("isolation", "fresh_noise"))
def g_learns(ctx: Context) -> str:
    """With D frozen, G learns: the non-saturating loss, measured by the checker, falls."""
    return _learn_check(ctx, "G")


@suite.check("end_to_end", needs=("d_learns", "g_learns"))
def end_to_end(ctx: Context) -> str:
    """Joint training moves the samples towards the data: half the reference's drop, in up to 5× its steps."""
    trainer = _trainer(ctx)
    base = ctx.baseline()
    ref = base["end_to_end"]
    ref_start, ref_end = ref["mmd"][0], float(np.mean(ref["mmd"][-3:]))
    ref_drop = 1.0 - ref_end / ref_start if ref_start > 0 else 0.0
    need = E2E_OF_REFERENCE * ref_drop
    steps = plan_steps(
        ctx.remaining(), trainer.step.step_seconds(), desired=E2E_MAX_STEPS, minimum=E2E_MIN_STEPS, share=0.9,
        what=M("gan.joint.joint_training", "joint training"), reference_step_seconds=base.get("step_seconds"), multiple=E2E_EVERY,
    )

    def drop_of(mmd: list[float]) -> float:
        return 1.0 - float(np.mean(mmd[-3:])) / mmd[0] if mmd[0] > 0 else 0.0

    def enough(mmd: list[float]) -> bool:  # a slow learner gets more steps; a fast one stops once it has the drop
        done = (len(mmd) - 1) * E2E_EVERY
        return done >= E2E_EARLIEST and drop_of(mmd) >= need

    run = trainer.joint(steps, enough)
    done = len(run["d_loss"])
    start, end = run["mmd"][0], float(np.mean(run["mmd"][-3:]))
    drop = drop_of(run["mmd"])
    ctx.metrics.update(
        end_to_end_steps=done, mmd_start=start, mmd_end=end, mmd_drop=drop,
        reference_mmd_start=ref_start, reference_mmd_end=ref_end, reference_mmd_drop=ref_drop,
        curves={
            "submission": {"d_loss": run["d_loss"], "g_loss": run["g_loss"]},
            "reference": {"d_loss": ref["d_loss"], "g_loss": ref["g_loss"]},
        },
        samples=grid(run["samples"]),
        real_samples=grid((ctx.data["eval"][:16] + 1.0) / 2.0),
    )
    ref_steps = len(ref["d_loss"])
    summary = (M("gan.end_to_end.distance_data_mmd", (
                   "distance to the data (MMD) {start:.3f} → {end:.3f} over {done} joint steps ({drop:.0%} "
                   "drop; reference {ref_start:.3f} → {ref_end:.3f} in {ref_steps} steps, {ref_drop:.0%})"
                 ), start=start, end=end, done=done, drop=drop, ref_start=ref_start, ref_end=ref_end, ref_steps=ref_steps, ref_drop=ref_drop))
    if drop < need:
        raise CheckFailed(
            M("gan.end_to_end.samples_moved_towards", (
                "{summary}: the samples moved towards the data by less than {need:.0%} in {done} steps. "
                "Every update passed the exact checks above, so this is most likely capacity or pace, "
                "not a bug in the step"
              ), summary=summary, need=need, done=done),
            expected=M("gan.end_to_end.drop_within_steps", "≥ {need:.0%} drop within {steps} steps", need=need, steps=steps),
            actual=f"{drop:.0%}",
            hint=M("gan.end_to_end.try_wider_layers", (
                     "Try wider layers (a few hundred units), LeakyReLU rather than ReLU, no Dropout in the "
                     "generator, BatchNorm or none in G and none in D's first layer; or a longer --time-limit "
                     "for a heavy conv net."
                   )),
        )
    return summary
