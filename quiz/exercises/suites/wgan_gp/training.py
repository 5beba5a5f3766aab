"""The WGAN-GP suite's step and training checks, and the reference baseline.

Registered after the unit checks of :mod:`.units`. The checker's loop is the
contract's: Adam(1e-4, β = (0, 0.9)) for both networks, 5 critic steps per generator
step, batch 64. The steps run under ``tf.function`` when they trace.
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
from quiz.exercises.checklib.training import grid, plan_steps
from quiz.exercises.suites.wgan_gp import probes
from quiz.exercises.suites.wgan_gp.units import GP_WEIGHT, IMG_SHAPE, N_EVAL, SEED, Z_DIM, fit_epsilon, suite
from quiz.exercises.messages import M

BATCH = 64
LR, BETA_1, BETA_2 = 1e-4, 0.0, 0.9  # Gulrajani et al. (2017)
N_CRITIC = 5
# Critic learns (generator frozen): the checker's W estimate, mean C(real) − mean C(G(z)) on
# fixed evaluation sets, must grow, and the critic must then order most (real, generated)
# pairs right. Not a share of the reference's growth: the scores' scale is the
# architecture's (the reference's estimate grows 0.3 → 37 in 60 steps, a LayerNorm conv
# critic's -0.2 → 7.4, both ordering ~100% of pairs).
# A run stops at the first evaluation (every 10 steps) after CRITIC_EARLIEST where both hold.
CRITIC_STEPS, CRITIC_MIN_STEPS, CRITIC_EARLIEST = 60, 20, 20
CRITIC_SEPARATION = 0.9
# Joint training, counted in generator steps (each after N_CRITIC critic steps); MMD to the
# real set every E2E_EVERY generator steps, end point the mean of the last three. Reference
# (MLP, ~85 ms per generator step with its 5 critic steps): 1.02 → 0.65 in 60 steps (37%),
# 0.29 in 100 (72%). A small conv critic with LayerNorm: 47% in 100; a conv critic and a
# Conv2DTranspose generator needed 150 steps to reach half the reference's 100-step drop.
# A slower learner trains on, up to E2E_MAX_STEPS, until it reaches the mark; a faster one
# stops at the first evaluation (every 5 generator steps) after E2E_EARLIEST where it has it
# (the reference at ~40).
E2E_STEPS, E2E_MIN_STEPS, E2E_EVERY, E2E_MAX_STEPS, E2E_EARLIEST = 60, 40, 5, 400, 30
E2E_OF_REFERENCE = 0.5


class Trainer:
    """The submission's (or reference's) networks, optimizers and traced steps, reset between checks."""

    def __init__(self, ctx: Context, module: Any, label: str):
        self.ctx = ctx
        keras.utils.set_random_seed(SEED)
        with ctx.calling(M("gan.init.building_models", "building the {label} models", label=label)):
            self.generator = module.build_generator(Z_DIM)
            self.critic = module.build_critic(IMG_SHAPE)
            tfwrap.call_model(self.generator, tfwrap.as_batch(np.zeros((1, Z_DIM))))
            tfwrap.call_model(self.critic, tfwrap.as_batch(np.zeros((1, *IMG_SHAPE))))
        self.g_vars = list(self.generator.trainable_variables)
        self.c_vars = list(self.critic.trainable_variables)
        self.g_init = tfwrap.snapshot(self.generator.weights)
        self.c_init = tfwrap.snapshot(self.critic.weights)
        self.g_train_init = tfwrap.snapshot(self.g_vars)
        self.c_train_init = tfwrap.snapshot(self.c_vars)
        self.log = pb.Log(on=False)
        self.g_seen = pb.Recorder(self.generator, "G", self.log)
        self.c_seen = pb.Recorder(self.critic, "C", self.log)
        self.g_opt = pb.RecordingAdam(LR, "g_optimizer", self.log, beta_1=BETA_1, beta_2=BETA_2)
        self.c_opt = pb.RecordingAdam(LR, "c_optimizer", self.log, beta_1=BETA_1, beta_2=BETA_2)
        for opt in (self.g_opt, self.c_opt):
            opt.build(self.g_vars + self.c_vars)
        # The networks, optimizers and sizes are the same on every call: bound into the steps,
        # a call passes only the batch (no matching of six arguments against the trace's signature).
        self.c_step = tfwrap.StepRunner(module.critic_step, leading=(self.g_seen, self.c_seen, self.c_opt), trailing=(Z_DIM, GP_WEIGHT))
        self.g_step = tfwrap.StepRunner(module.generator_step, leading=(self.g_seen, self.c_seen, self.g_opt, BATCH, Z_DIM))
        self.rng = np.random.default_rng(SEED)
        self.z_eval = np.random.default_rng(SEED + 8).standard_normal((N_EVAL, Z_DIM))

    def reset(self, seed: int = SEED) -> None:
        tfwrap.restore(self.generator.weights, self.g_init)
        tfwrap.restore(self.critic.weights, self.c_init)
        tfwrap.reset_optimizer(self.g_opt, LR)
        tfwrap.reset_optimizer(self.c_opt, LR)
        self.rng = np.random.default_rng(seed)

    def batch(self):
        train = self.ctx.data["train"]
        return tfwrap.as_batch(train[self.rng.integers(0, len(train), BATCH)])

    def run_critic(self, real=None) -> tuple[float, float]:
        real = self.batch() if real is None else real
        with self.ctx.calling(M("wgan_gp.run_critic.critic_ste_generator_critic", "critic_step(generator, critic, c_optimizer, real_images, z_dim, gp_weight)")):
            out = self.c_step(real)
        return _values(out, ("critic_loss", "gp"), "critic_step")

    def run_generator(self) -> float:
        with self.ctx.calling(M("wgan_gp.run_generator.generator__generator_critic", "generator_step(generator, critic, g_optimizer, batch_size, z_dim)")):
            out = self.g_step()
        return _values(out, ("g_loss",), "generator_step")[0]

    def samples(self) -> np.ndarray:
        with self.ctx.calling(M("gan.samples.generator", "the generator")):
            return nm.to_numpy(tfwrap.call_model(self.generator, tfwrap.as_batch(self.z_eval)), M("gan.samples.generator", "the generator"))

    def scores(self) -> tuple[np.ndarray, np.ndarray]:
        """The critic's scores of the fixed real evaluation set and of G on the fixed noise."""
        with self.ctx.calling(M("wgan_gp.scores.critic", "the critic")):
            real = nm.to_numpy(tfwrap.call_model(self.critic, tfwrap.as_batch(self.ctx.data["eval"])), M("wgan_gp.scores.critic", "the critic"))
            fake = nm.to_numpy(tfwrap.call_model(self.critic, tfwrap.as_batch(self.samples())), M("wgan_gp.scores.critic", "the critic"))
        return real.ravel(), fake.ravel()

    def critic_learns(self, steps: int, enough=None) -> tuple[list[float], np.ndarray, np.ndarray]:
        """Up to ``steps`` critic steps with the generator frozen: the W estimate before and after every 10,
        and the critic's scores of the real and generated evaluation sets at the end.

        ``enough(curve, real_scores, fake_scores)`` may end the run at an evaluation point.
        """
        self.reset(SEED + 3)
        real, fake = self.scores()
        curve = [float(real.mean() - fake.mean())]
        for i in range(steps):
            loss, gp = self.run_critic()
            _finite(("critic_loss", loss), ("gp", gp), step=i, what=M("wgan_gp.critic_learns.critic_learns_run", "the critic-learns run"))
            if (i + 1) % 10 == 0 or i + 1 == steps:
                real, fake = self.scores()
                curve.append(float(real.mean() - fake.mean()))
                if enough is not None and enough(curve, real, fake):
                    break
        return curve, real, fake

    def joint(self, steps: int, enough=None) -> dict:
        """Joint training: N_CRITIC critic steps per generator step; MMD every E2E_EVERY generator steps."""
        self.reset(SEED + 7)
        distance = self.ctx.data["distance"]
        w_curve, g_curve, mmd = [], [], []
        images = self.samples()
        for i in range(steps + 1):
            if i % E2E_EVERY == 0:
                images = self.samples()
                nm.require_finite(images, M("wgan_gp.joint.generator_s_samples", "the generator's samples after {i} generator steps", i=i))
                mmd.append(distance(images))
                if (enough is not None and enough(mmd)) or i == steps:
                    break
            w = []
            for _ in range(N_CRITIC):
                loss, gp = self.run_critic()
                _finite(("critic_loss", loss), ("gp", gp), step=i, what=M("gan.joint.joint_training", "joint training"))
                w.append(-(loss - GP_WEIGHT * gp))  # the critic's own Wasserstein estimate on the batch
            g_loss = self.run_generator()
            _finite(("g_loss", g_loss), step=i, what=M("gan.joint.joint_training", "joint training"))
            w_curve.append(float(np.mean(w)))
            g_curve.append(g_loss)
        return {"w_estimate": w_curve, "g_loss": g_curve, "mmd": mmd, "samples": (images[:16] + 1.0) / 2.0}

    def step_seconds(self) -> float | None:
        c, g = self.c_step.step_seconds(), self.g_step.step_seconds()
        return None if c is None or g is None else N_CRITIC * c + g


def _values(out: Any, keys: tuple[str, ...], step: str) -> list[float]:
    if not hasattr(out, "keys") or any(k not in out for k in keys):
        got = sorted(map(str, out.keys())) if hasattr(out, "keys") else type(out).__name__
        raise CheckFailed(M("wgan_gp.values.returned_expected_dict", "{step} returned {got}, expected a dict with {join_repr_k_for_k_in_key}", step=step, got=got, join_repr_k_for_k_in_key=', '.join(repr(k) for k in keys)),
                          expected="{" + ", ".join(M("wgan_gp.values.scalar", '"{k}": scalar', k=k) for k in keys) + "}", actual=str(got))
    return [nm.scalar(out[k], f"{step}'s {k}") for k in keys]


def _finite(*pairs: tuple[str, float], step: int, what: str) -> None:
    for name, value in pairs:
        if not math.isfinite(value):
            raise CheckFailed(
                M("gan.require_finite_step.became_step", "{name} became {nan_if_math_isnan_value} at step {step_1} of {what}", name=name, nan_if_math_isnan_value='NaN' if math.isnan(value) else 'Inf', step_1=step + 1, what=what),
                expected=M("wgan_gp.finite.finite_values_every", "finite values at every step"), actual=str(value),
                hint=M("wgan_gp.finite.norm_exactly_zero", (
                         "A norm of an exactly-zero gradient has an infinite derivative: add a tiny constant "
                         "inside the square root (ops.sqrt(ops.sum(ops.square(g), axis=[1, 2, 3]) + 1e-12))."
                       )),
            )


def _trainer(ctx: Context) -> Trainer:
    if "trainer" not in ctx.state:
        ctx.state["trainer"] = Trainer(ctx, ctx.module, "submission")
    return ctx.state["trainer"]


def baseline(ctx: Context, reference: Any) -> dict:
    """The reference's curves on the same seeds and data, at full length."""
    trainer = Trainer(ctx, reference, "reference")
    critic, _, _ = trainer.critic_learns(CRITIC_STEPS)
    joint = trainer.joint(E2E_STEPS)
    return {
        "critic_learns": critic,
        "end_to_end": {k: joint[k] for k in ("w_estimate", "g_loss", "mmd")},
        "step_seconds": trainer.step_seconds(),
    }


# ---------------------------------------------------------------- the steps, examined

@suite.check("critic_update", needs=("generator_output", "critic_output", "critic_loss", "gp_interpolates"))
def critic_update(ctx: Context) -> str:
    """On checker-built networks with plain SGD: the critic's update is −lr·∇ of the contract's total loss;
    the generator does not move; critic_loss and gp are reported as that loss and the penalty."""
    raw = getattr(ctx.module.critic_step, "python_function", ctx.module.critic_step)
    return probes.check_critic_update(probes.critic_runs(ctx, raw))


@suite.check("generator_update", needs=("generator_output", "critic_output", "generator_loss"))
def generator_update(ctx: Context) -> str:
    """On checker-built networks with plain SGD: the generator's update is −lr·∇(−mean C(G(z))); the critic does not move."""
    raw = getattr(ctx.module.generator_step, "python_function", ctx.module.generator_step)
    return probes.check_generator_update(probes.generator_runs(ctx, raw))


@suite.check("your_networks", needs=("critic_update", "generator_update"))
def your_networks(ctx: Context) -> str:
    """On your networks, traced: each step moves only its own network, returns finite numbers, and draws new
    noise and a new epsilon on every call."""
    trainer = _trainer(ctx)
    trainer.reset()
    for net, variables in (("critic", trainer.c_vars), ("generator", trainer.g_vars)):
        if not variables:
            raise CheckFailed(M("gan.train_step_updates.has_no_trainable", "the {net} has no trainable variables", net=net), expected=M("gan.train_step_updates.trainable__non_empty", "{net}.trainable_variables non-empty", net=net),
                              hint=M("wgan_gp.your_networks.don_t_set", "Don't set .trainable = False; update each network with its own tape and optimizer."))
    flags = {net: pb.trainable_flags(m) for net, m in (("generator", trainer.generator), ("critic", trainer.critic))}
    models = {"generator": trainer.generator, "critic": trainer.critic}
    real = trainer.batch()
    calls = []
    try:
        for _ in range(2):
            calls.append(pb.recorded(trainer.log, lambda: trainer.run_critic(real)))
    finally:
        pb.require_flags_kept(models, flags)
    mode = "under tf.function" if trainer.c_step.mode == "graph" else "eagerly"
    if tfwrap.changed(trainer.g_vars, trainer.g_train_init):
        raise CheckFailed(M("wgan_gp.your_networks.critic_ste_your_networks", "critic_step ({mode}, your networks) changed the generator", mode=mode), expected=M("gan.check_d_update.generator_unchanged", "generator unchanged"),
                          hint=M("wgan_gp.your_networks.apply_c_optimize_critic", "Apply c_optimizer to the critic's trainable_variables only."))
    if not tfwrap.changed(trainer.c_vars, trainer.c_train_init):
        raise CheckFailed(M("wgan_gp.your_networks.critic_ste_your_networks_2", "critic_step ({mode}, your networks) left the critic unchanged", mode=mode), expected=M("wgan_gp.your_networks.critic_updated", "critic updated"),
                          hint=M("wgan_gp.check_critic_update.apply_c_optimize_gradients", "Apply c_optimizer to the gradients of the total loss w.r.t. critic.trainable_variables."))
    zs = [[c.inputs for c in run if c.role == "G"] for run in calls]
    if zs[0] and zs[1] and np.array_equal(zs[0][0], zs[1][0]):
        raise CheckFailed(
            M("wgan_gp.your_networks.two_calls_critic_ste", (
                "two calls of critic_step ({mode}) fed the generator the same noise z: the noise is "
                "drawn once (a fixed seed, a constant, or NumPy/Python random frozen when tf.function "
                "traced the step)"
              ), mode=mode),
            expected=M("ddpm.loss_noise.new_noise_every", "new noise on every call"), actual="identical z",
            hint=M("wgan_gp.your_networks.draw_z_inside", "Draw z inside the step with keras.random.normal((batch, z_dim)), no integer seed, no NumPy."))
    eps = []
    real_np = real.numpy()
    for run, z in zip(calls, zs):
        fakes = [c.outputs[0] for c in run if c.role == "G"]
        parts = probes.split_critic_inputs([c for c in run if c.role == "C"], real_np, fakes)
        others = [x for x in parts["other"] if len(x) == BATCH]
        if others and fakes:
            eps.append(fit_epsilon(others[0].astype(np.float64), real_np.astype(np.float64), fakes[0])[0])
    if len(eps) == 2 and np.allclose(eps[0], eps[1], atol=1e-5):
        raise CheckFailed(
            M("wgan_gp.your_networks.two_calls_critic_ste_2", (
                "two calls of critic_step ({mode}) used the same epsilon for the penalty: it was drawn "
                "once (NumPy or Python random is frozen into the graph when tf.function traces the step, "
                "as is a fixed seed)"
              ), mode=mode),
            expected=M("wgan_gp.your_networks.new_epsilon_every", "a new epsilon on every call"), actual=M("wgan_gp.your_networks.identical_epsilon", "identical epsilon"),
            hint=M("wgan_gp.your_networks.epsilon_keras_random", "epsilon = keras.random.uniform((batch, 1, 1, 1)) inside gradient_penalty, no integer seed."))
    c_now = tfwrap.snapshot(trainer.c_vars)
    g_calls = [pb.recorded(trainer.log, trainer.run_generator) for _ in range(2)]
    g_mode = "under tf.function" if trainer.g_step.mode == "graph" else "eagerly"
    if tfwrap.changed(trainer.c_vars, c_now):
        raise CheckFailed(M("wgan_gp.your_networks.generator__your_networks", "generator_step ({g_mode}, your networks) changed the critic", g_mode=g_mode), expected=M("wgan_gp.check_generator_update.critic_unchanged", "critic unchanged"),
                          hint=M("wgan_gp.your_networks.apply_g_optimize_generator", "Apply g_optimizer to the generator's trainable_variables only."))
    if not tfwrap.changed(trainer.g_vars, trainer.g_train_init):
        raise CheckFailed(M("wgan_gp.your_networks.generator__your_networks_2", "generator_step ({g_mode}, your networks) left the generator unchanged", g_mode=g_mode),
                          expected=M("gan.train_step_updates.generator_updated", "generator updated"), hint=M("wgan_gp.your_networks.apply_g_optimize_generator_2", "Apply g_optimizer to the generator's gradients."))
    gz = [[c.inputs for c in run if c.role == "G"] for run in g_calls]
    if gz[0] and gz[1] and np.array_equal(gz[0][0], gz[1][0]):
        raise CheckFailed(
            M("wgan_gp.your_networks.two_calls_generator_", (
                "two calls of generator_step ({g_mode}) fed the generator the same noise z: the noise is "
                "drawn once"
              ), g_mode=g_mode),
            expected=M("ddpm.loss_noise.new_noise_every", "new noise on every call"), actual="identical z",
            hint=M("wgan_gp.your_networks.draw_z_inside_2", (
                     "Draw z inside the step with keras.random.normal((batch_size, z_dim)), no integer seed, "
                     "no NumPy."
                   )))
    for step in (trainer.c_step, trainer.g_step):
        if step.note:
            ctx.log(step.note)
            ctx.metrics.setdefault("step_notes", []).append(step.note)
    ctx.metrics["step_mode"] = {"critic_step": trainer.c_step.mode, "generator_step": trainer.g_step.mode}
    return (M("wgan_gp.your_networks.critic_ste_moves_only", (
                "critic_step ({mode}) moves only the critic, generator_step ({g_mode}) only the "
                "generator; new noise and a new epsilon on every call"
              ), mode=mode, g_mode=g_mode))


@suite.check("critic_learns", needs=("your_networks",))
def critic_learns(ctx: Context) -> str:
    """With the generator frozen, the critic's Wasserstein estimate (measured by the checker) grows."""
    trainer = _trainer(ctx)
    base = ctx.baseline()
    per_step = trainer.c_step.step_seconds()
    steps = plan_steps(ctx.remaining(), per_step, desired=CRITIC_STEPS, minimum=CRITIC_MIN_STEPS, share=0.25,
                       what=M("wgan_gp.critic_learns.critic_learns_check", "the critic-learns check"), multiple=10)

    def enough(curve: list[float], real: np.ndarray, fake: np.ndarray) -> bool:
        # a fast learner stops once it has shown both; a slow one keeps the whole budget
        done = (len(curve) - 1) * 10
        return done >= CRITIC_EARLIEST and curve[-1] > curve[0] and separated(real, fake) >= CRITIC_SEPARATION

    curve, real, fake = trainer.critic_learns(steps, enough)
    steps = min(steps, (len(curve) - 1) * 10)
    separation = separated(real, fake)
    growth = curve[-1] - curve[0]
    ref = base["critic_learns"][: len(curve)]
    ctx.metrics.update(critic_w_growth=growth, critic_separation=separation, critic_learns_steps=steps)
    summary = (M("wgan_gp.critic_learns.generator_frozen_w", (
                   "with the generator frozen, the W estimate mean C(real) − mean C(G(z)) went "
                   "{curve_0:.3g} → {curve_1:.3g} in {steps} critic steps (reference {ref_0:.3g} → "
                   "{ref_1:.3g}); the critic scores {separation:.0%} of (real, generated) pairs in the "
                   "right order"
                 ), curve_0=curve[0], curve_1=curve[-1], steps=steps, ref_0=ref[0], ref_1=ref[-1], separation=separation))
    if growth <= 0 or separation < CRITIC_SEPARATION:
        raise CheckFailed(
            M("wgan_gp.critic_learns.expected_estimate_grow", (
                "{summary}: expected the estimate to grow and at least {CRITIC_SEPARATION:.0%} of pairs "
                "in order"
              ), summary=summary, CRITIC_SEPARATION=CRITIC_SEPARATION)
            + (M("wgan_gp.critic_learns.critic_learns_score", ": the critic learns to score generated images above real ones") if growth < 0 else ""),
            expected=M("wgan_gp.critic_learns.growth_pairs_real", "growth > 0, ≥ {CRITIC_SEPARATION:.0%} of pairs real > generated", CRITIC_SEPARATION=CRITIC_SEPARATION),
            actual=M("wgan_gp.critic_learns.growth", "growth {growth:.3g}, {separation:.0%}", growth=growth, separation=separation),
            hint=M("wgan_gp.critic_learns.critic_maximises_mean", (
                     "The critic maximises mean C(real) − mean C(fake): its loss is mean(fake_scores) − "
                     "mean(real_scores)."
                   )),
        )
    return summary


def separated(real: np.ndarray, fake: np.ndarray) -> float:
    """The share of (real, generated) pairs the critic scores real above generated (the AUC): scale-free, so
    critics of any architecture are compared on the same footing."""
    return float(np.mean(real[:, None] > fake[None, :]))


@suite.check("end_to_end", needs=("critic_learns",))
def end_to_end(ctx: Context) -> str:
    """5 critic steps per generator step move the samples towards the data: half the reference's drop."""
    trainer = _trainer(ctx)
    base = ctx.baseline()
    ref = base["end_to_end"]
    ref_start, ref_end = ref["mmd"][0], float(np.mean(ref["mmd"][-3:]))
    ref_drop = 1.0 - ref_end / ref_start if ref_start > 0 else 0.0
    need = E2E_OF_REFERENCE * ref_drop
    steps = plan_steps(ctx.remaining(), trainer.step_seconds(), desired=E2E_MAX_STEPS, minimum=E2E_MIN_STEPS,
                       share=0.9, what=M("wgan_gp.end_to_end.joint_training_critic", "joint training (5 critic steps per generator step)"),
                       reference_step_seconds=base.get("step_seconds"), multiple=E2E_EVERY)

    def drop_of(mmd: list[float]) -> float:
        return 1.0 - float(np.mean(mmd[-3:])) / mmd[0] if mmd[0] > 0 else 0.0

    def enough(mmd: list[float]) -> bool:
        return (len(mmd) - 1) * E2E_EVERY >= E2E_EARLIEST and drop_of(mmd) >= need

    run = trainer.joint(steps, enough)
    done = len(run["g_loss"])
    start, end, drop = run["mmd"][0], float(np.mean(run["mmd"][-3:])), drop_of(run["mmd"])
    ctx.metrics.update(
        end_to_end_steps=done, mmd_start=start, mmd_end=end, mmd_drop=drop,
        reference_mmd_start=ref_start, reference_mmd_end=ref_end, reference_mmd_drop=ref_drop,
        curves={"submission": {"w_estimate": run["w_estimate"], "g_loss": run["g_loss"]},
                "reference": {"w_estimate": ref["w_estimate"], "g_loss": ref["g_loss"]}},
        samples=grid(run["samples"]),
        real_samples=grid((ctx.data["eval"][:16] + 1.0) / 2.0),
    )
    summary = (M("wgan_gp.end_to_end.distance_data_mmd", (
                   "distance to the data (MMD) {start:.3f} → {end:.3f} over {done} generator steps × "
                   "{N_CRITIC} critic steps ({drop:.0%} drop; reference {ref_start:.3f} → {ref_end:.3f} in "
                   "{len_ref_g_loss}, {ref_drop:.0%})"
                 ), start=start, end=end, done=done, N_CRITIC=N_CRITIC, drop=drop, ref_start=ref_start, ref_end=ref_end, len_ref_g_loss=len(ref['g_loss']), ref_drop=ref_drop))
    if drop < need:
        raise CheckFailed(
            M("wgan_gp.end_to_end.samples_moved_towards", (
                "{summary}: the samples moved towards the data by less than {need:.0%}. Every update "
                "passed the exact checks above, so this is most likely capacity or pace, not a bug in "
                "the steps"
              ), summary=summary, need=need),
            expected=M("wgan_gp.end_to_end.drop_within_generator", "≥ {need:.0%} drop within {steps} generator steps", need=need, steps=steps), actual=f"{drop:.0%}",
            hint=M("wgan_gp.end_to_end.try_wider_layers", (
                     "Try wider layers (a few hundred units), LeakyReLU, no BatchNorm in the critic, or a "
                     "longer --time-limit."
                   )),
        )
    return summary
