"""The VAE suite's training checks and the reference baseline.

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
from quiz.exercises.suites.vae import probes
from quiz.exercises.suites.vae.units import (
    BATCH,
    DIVERSITY_OF_REFERENCE,
    FALL_FLOOR,
    IMG_SHAPE,
    LATENT,
    LR,
    MIN_FINAL_KL,
    SEED,
    TRAIN_MIN_STEPS,
    TRAIN_STEPS,
    VERSUS_MARGIN,
    suite,
)
from quiz.exercises.messages import M


class Trainer:
    """One encoder/decoder/optimizer set for a module, reset between checks."""

    def __init__(self, ctx: Context, module: Any, label: str):
        self.ctx = ctx
        keras.utils.set_random_seed(SEED)
        with ctx.calling(M("gan.init.building_models", "building the {label} models", label=label)):
            self.encoder = module.build_encoder(IMG_SHAPE, LATENT)
            self.decoder = module.build_decoder(LATENT, IMG_SHAPE)
            tfwrap.call_model(self.encoder, tfwrap.as_batch(np.zeros((1, *IMG_SHAPE))))
            tfwrap.call_model(self.decoder, tfwrap.as_batch(np.zeros((1, LATENT))))
        self.e_vars = list(self.encoder.trainable_variables)
        self.d_vars = list(self.decoder.trainable_variables)
        self.e_init = tfwrap.snapshot(self.encoder.weights)
        self.d_init = tfwrap.snapshot(self.decoder.weights)
        self.e_train_init = tfwrap.snapshot(self.e_vars)
        self.d_train_init = tfwrap.snapshot(self.d_vars)
        self.log = pb.Log(on=False)
        self.e_seen = pb.Recorder(self.encoder, "encoder", self.log)
        self.d_seen = pb.Recorder(self.decoder, "decoder", self.log)
        self.optimizer = keras.optimizers.Adam(LR)
        self.optimizer.build(self.e_vars + self.d_vars)  # before the first traced call: one trace, not two
        self.step = tfwrap.StepRunner(module.train_step)
        self.rng = np.random.default_rng(SEED)

    def reset(self, seed: int = SEED, lr: float = LR) -> None:
        tfwrap.restore(self.encoder.weights, self.e_init)
        tfwrap.restore(self.decoder.weights, self.d_init)
        tfwrap.reset_optimizer(self.optimizer, lr)
        self.rng = np.random.default_rng(seed)

    def batch(self):
        train = self.ctx.data["train"]
        return tfwrap.as_batch(train[self.rng.integers(0, len(train), BATCH)])

    def run(self, x=None, eager: bool = False) -> tuple[float, float, float]:
        x = self.batch() if x is None else x
        args = (self.e_seen, self.d_seen, self.optimizer, x)
        what = M("vae.run.train_step_encoder_decoder", "train_step(encoder, decoder, optimizer, x)")
        with self.ctx.calling(what):
            out = self.step.eager(*args) if eager else self.step(*args)
        keys = ("loss", "reconstruction_loss", "kl_loss")
        if not hasattr(out, "keys") or any(k not in out for k in keys):
            got = sorted(map(str, out.keys())) if hasattr(out, "keys") else type(out).__name__
            raise CheckFailed(
                M("vae.check_reported.train_step_returned_expected", "train_step returned {got}, expected a dict with 'loss', 'reconstruction_loss' and 'kl_loss'", got=got),
                expected='{"loss", "reconstruction_loss", "kl_loss"}',
                actual=str(got),
            )
        return tuple(nm.scalar(out[k], f"train_step's {k}") for k in keys)

    def curves(self, steps: int, what: str) -> dict[str, list[float]]:
        self.reset(SEED + 5)
        rows = []
        for i in range(steps):
            values = self.run()
            for name, value in zip(("loss", "reconstruction_loss", "kl_loss"), values):
                if not math.isfinite(value):
                    raise CheckFailed(
                        M("vae.curves.became_step", "{name} became {nan_if_math_isnan_value} at step {i_1} of {what}", name=name, nan_if_math_isnan_value='NaN' if math.isnan(value) else 'Inf', i_1=i + 1, what=what),
                        expected=M("gan.require_finite_step.finite_losses_every", "finite losses at every step"),
                        actual=str(value),
                        hint=M("vae.curves.look_log_clip", "Look for log(0) (clip, or use Keras's BCE) and exp overflow in the KL term."),
                    )
            rows.append(values)
        cols = list(zip(*rows))
        return {"loss": list(cols[0]), "reconstruction_loss": list(cols[1]), "kl_loss": list(cols[2])}

    def prior_samples(self, count: int = 256) -> np.ndarray:
        z = np.random.default_rng(SEED + 6).standard_normal((count, LATENT))
        with self.ctx.calling(M("vae.prior_samples.decoder_prior_samples", "the decoder on prior samples")):
            return nm.to_numpy(tfwrap.call_model(self.decoder, tfwrap.as_batch(z)), M("vae.prior_samples.decoder", "the decoder"))


def _trainer(ctx: Context) -> Trainer:
    if "trainer" not in ctx.state:
        ctx.state["trainer"] = Trainer(ctx, ctx.module, "submission")
    return ctx.state["trainer"]


def _diversity(samples: np.ndarray) -> float:
    return float(np.asarray(samples).reshape(len(samples), -1).std(axis=0).mean())


def baseline(ctx: Context, reference: Any) -> dict:
    """The reference's curves and sample diversity on the same seeds and data."""
    trainer = Trainer(ctx, reference, "reference")
    curves = trainer.curves(TRAIN_STEPS, M("ddpm.baseline.reference_s_training", "the reference's training run"))
    return {"curves": curves, "diversity": _diversity(trainer.prior_samples()), "step_seconds": trainer.step.step_seconds()}


@suite.check("train_step_updates", needs=(
    "encoder_output", "decoder_output", "reparam_statistics", "reparam_gradient", "reparam_stochastic",
    "kl_divergence", "reconstruction_loss",
))
def train_step_updates(ctx: Context) -> str:
    """One train_step changes the encoder and the decoder; returns three finite metrics."""
    trainer = _trainer(ctx)
    for net, variables in (("encoder", trainer.e_vars), ("decoder", trainer.d_vars)):
        if not variables:
            raise CheckFailed(M("gan.train_step_updates.has_no_trainable", "the {net} has no trainable variables", net=net), expected=M("ddpm.train_step_update.trainable_variables", "trainable variables"), actual="[]")
    trainer.reset()
    values = trainer.run()
    ctx.state["first_step"] = values
    for name, value in zip(("loss", "reconstruction_loss", "kl_loss"), values):
        nm.require_finite(value, f"train_step's {name}")
    for net, variables, init in (("encoder", trainer.e_vars, trainer.e_train_init), ("decoder", trainer.d_vars, trainer.d_train_init)):
        if not tfwrap.changed(variables, init):
            raise CheckFailed(
                M("vae.train_step_updates.s_weights_did", "the {net}'s weights did not change after one train_step", net=net),
                expected=M("vae.train_step_updates.updated", "{net} updated", net=net),
                actual="unchanged",
                hint=M("vae.train_step_updates.take_gradient_loss", (
                         "Take the gradient of the loss w.r.t. encoder.trainable_variables + "
                         "decoder.trainable_variables and apply it with the optimizer."
                       )),
            )
    ctx.metrics["train_step_mode"] = trainer.step.mode
    if trainer.step.note:
        ctx.metrics["train_step_note"] = trainer.step.note
        ctx.log(trainer.step.note)
    mode = "under tf.function" if trainer.step.mode == "graph" else "eagerly"
    loss, rec, kl = values
    return M("vae.train_step_updates.both_networks_changed", "both networks changed; loss {loss:.2f} = reconstruction {rec:.2f} + KL {kl:.3f} (ran {mode})", loss=loss, rec=rec, kl=kl, mode=mode)


@suite.check("step_sampling", needs=("train_step_updates",))
def step_sampling(ctx: Context) -> str:
    """Inside train_step the decoder gets z = z_mean + σ·ε, ε ~ N(0, I) per example and dimension, new per call."""
    step = _trainer(ctx).step.raw
    runs = probes.probe_runs(ctx, step, ignores_z=False)
    again = probes.run_probe(ctx, step, *probes.SIZES[0], ignores_z=False)
    return probes.check_sampling(runs, again)


@suite.check("kl_gradient", needs=("step_sampling",))
def kl_gradient(ctx: Context) -> str:
    """With a decoder that ignores z, the encoder's update is exactly −lr·∇ mean KL (size and direction)."""
    return probes.check_kl_gradient(probes.probe_runs(ctx, _trainer(ctx).step.raw, ignores_z=True))


@suite.check("elbo_gradient", needs=("kl_gradient",))
def elbo_gradient(ctx: Context) -> str:
    """The update is exactly −lr·∇ mean(reconstruction + KL) through the step's own sample; the reported numbers are right."""
    return probes.check_elbo_gradient(probes.probe_runs(ctx, _trainer(ctx).step.raw, ignores_z=False))


@suite.check("side_effects", needs=("train_step_updates",))
def side_effects(ctx: Context) -> str:
    """Run eagerly, every call updates both networks, and the step leaves the trainable flags as it found them."""
    trainer = _trainer(ctx)
    trainer.reset()
    return pb.require_every_call_updates(
        lambda: trainer.run(eager=True), {"encoder": trainer.encoder, "decoder": trainer.decoder},
        {"encoder": trainer.e_vars, "decoder": trainer.d_vars},
    )


@suite.check("fresh_noise", needs=("step_sampling",))
def fresh_noise(ctx: Context) -> str:
    """Every run of the (traced) step draws a new ε: two calls on the same batch, nothing learning, give different z."""
    trainer = _trainer(ctx)
    trainer.reset(lr=0.0)
    x = trainer.batch()
    seen = [[c.inputs for c in pb.recorded(trainer.log, lambda: trainer.run(x)) if c.role == "decoder"] for _ in range(2)]
    trainer.reset()
    mode = "under tf.function" if trainer.step.mode == "graph" else "eagerly"
    if not seen[0]:
        raise CheckFailed(M("vae.fresh_noise.train_step_never_called", "train_step never called the decoder"), hint=M("vae.epsilon.x_recon_decoder_z", "x_recon = decoder(z)."))
    if any(a.shape == b.shape and np.array_equal(a, b) for a, b in zip(*seen)):
        raise CheckFailed(
            M("vae.fresh_noise.two_calls_train_step", (
                "two calls of train_step ({mode}) on the same batch, with nothing learning, fed the "
                "decoder the same z: ε is drawn once (a fixed seed, or NumPy/Python random frozen when "
                "tf.function traced the step)"
              ), mode=mode),
            expected=M("vae.check_sampling.new_every_call", "a new ε on every call"),
            actual="identical z",
            hint=M("vae.fresh_noise.draw_keras_random", "Draw ε with keras.random.normal(ops.shape(z_mean)) inside sample_latent, with no integer seed."),
        )
    return M("vae.fresh_noise.new_z_every", "a new z on every call of the step ({mode})", mode=mode)


@suite.check("loss_decrease", needs=("elbo_gradient", "side_effects", "fresh_noise"))
def loss_decrease(ctx: Context) -> str:
    """~150 steps on the digits: total falls ≥ 25%, reconstruction falls, final KL > 0.05."""
    trainer = _trainer(ctx)
    base = ctx.baseline()
    steps = plan_steps(
        ctx.remaining(), trainer.step.step_seconds(), desired=TRAIN_STEPS, minimum=TRAIN_MIN_STEPS, share=0.9,
        what=M("ddpm.loss_decrease.training_run", "the training run"), reference_step_seconds=base.get("step_seconds"),
    )
    curves = trainer.curves(steps, M("ddpm.loss_decrease.training_run", "the training run"))
    ctx.state["curves"] = curves
    ref = {k: v[:steps] for k, v in base["curves"].items()}
    fall = loss_fall(curves["loss"], tail=10)
    rec_fall = loss_fall(curves["reconstruction_loss"], tail=10)
    final_kl = float(np.mean(curves["kl_loss"][-10:]))
    ctx.metrics.update(
        train_steps=steps, loss_fall=fall, reference_loss_fall=loss_fall(ref["loss"], tail=10), final_kl=final_kl,
        curves={"submission": curves, "reference": ref},
    )
    summary = M("vae.loss_decrease.loss_over_steps", "loss {curves_loss_0:.1f} → {np_mean_curves_loss_10:.1f} over {steps} steps ({fall:.0%} fall)", curves_loss_0=curves['loss'][0], np_mean_curves_loss_10=np.mean(curves['loss'][-10:]), steps=steps, fall=fall)
    if fall < FALL_FLOOR:
        raise CheckFailed(
            M("vae.loss_decrease.expected_fall_least", "{summary}, expected a fall of at least {FALL_FLOOR:.0%}", summary=summary, FALL_FLOOR=FALL_FLOOR),
            expected=f"≥ {FALL_FLOOR:.0%}",
            actual=f"{fall:.0%}",
            hint=M("vae.loss_decrease.check_that_gradients", "Check that the gradients of the total loss are applied to both networks."),
        )
    if rec_fall <= 0:
        raise CheckFailed(
            M("vae.loss_decrease.but_reconstruc_loss", "{summary}, but the reconstruction loss did not fall ({rec_fall:.0%})", summary=summary, rec_fall=rec_fall),
            expected=M("vae.loss_decrease.reconstruc_falls", "reconstruction falls"),
            actual=f"{rec_fall:.0%}",
            hint=M("vae.loss_decrease.decoder_must_learn", "The decoder must learn to reconstruct x from z."),
        )
    if not final_kl > MIN_FINAL_KL:
        raise CheckFailed(
            M("vae.loss_decrease.but_final_kl", (
                "{summary}, but the final KL is {final_kl:.3g} nats: the posterior collapsed onto the "
                "prior (z carries no information about x)"
              ), summary=summary, final_kl=final_kl),
            expected=M("vae.loss_decrease.kl", "KL > {MIN_FINAL_KL}", MIN_FINAL_KL=MIN_FINAL_KL),
            actual=f"{final_kl:.3g}",
            hint=M("vae.loss_decrease.unit_update_checks", (
                     "The unit and update checks passed, so the loss is right: look at the encoder — a "
                     "z_log_var head with an activation, or an encoder too small or too regularised to carry "
                     "information about x."
                   )),
        )
    return M("vae.loss_decrease.reconstruc_falls_final", "{summary}; reconstruction falls {rec_fall:.0%}; final KL {final_kl:.2f}", summary=summary, rec_fall=rec_fall, final_kl=final_kl)


@suite.check("versus_reference", needs=("loss_decrease",))
def versus_reference(ctx: Context) -> str:
    """The final loss is within 25% of the reference's after the same steps on the same data."""
    curves = ctx.state["curves"]
    steps = len(curves["loss"])
    ref = ctx.baseline()["curves"]["loss"][:steps]
    final, ref_final = float(np.mean(curves["loss"][-10:])), float(np.mean(ref[-10:]))
    ctx.metrics.update(final_loss=final, reference_final_loss=ref_final)
    summary = M("vae.versus_reference.final_loss_vs", "final loss {final:.1f} vs the reference's {ref_final:.1f} after {steps} steps", final=final, ref_final=ref_final, steps=steps)
    if final > ref_final * (1 + VERSUS_MARGIN):
        raise CheckFailed(
            M("vae.versus_reference.more_than_worse", "{summary}: more than {VERSUS_MARGIN:.0%} worse", summary=summary, VERSUS_MARGIN=VERSUS_MARGIN),
            expected=f"≤ {ref_final * (1 + VERSUS_MARGIN):.1f}",
            actual=f"{final:.1f}",
            hint=M("vae.versus_reference.compare_your_loss", "Compare your loss terms and their reductions with the contract: per-example sums, batch means."),
        )
    return summary


@suite.check("generation", needs=("loss_decrease",))
def generation(ctx: Context) -> str:
    """Decoded prior samples are in [0, 1] and diverse (not collapsed)."""
    trainer = _trainer(ctx)
    samples = trainer.prior_samples()
    nm.require_finite(samples, M("vae.generation.decoded_prior_samples", "the decoded prior samples"))
    diversity = _diversity(samples)
    ref_diversity = float(ctx.baseline()["diversity"])
    ctx.metrics.update(
        diversity=diversity, reference_diversity=ref_diversity,
        samples=grid(samples), real_samples=grid(ctx.data["train"][-16:]),
    )
    if samples.min() < 0 or samples.max() > 1:
        raise CheckFailed(
            M("vae.generation.decoded_samples_range", "decoded samples range over [{samples_min:.3g}, {samples_max:.3g}], outside [0, 1]", samples_min=samples.min(), samples_max=samples.max()),
            expected="[0, 1]",
            actual=f"[{samples.min():.3g}, {samples.max():.3g}]",
        )
    need = DIVERSITY_OF_REFERENCE * ref_diversity
    summary = M("vae.generation.decoded_prior_samples_2", "256 decoded prior samples: per-pixel std {diversity:.3f} (reference {ref_diversity:.3f})", diversity=diversity, ref_diversity=ref_diversity)
    if diversity < need:
        raise CheckFailed(
            M("vae.generation.samples_barely_differ", "{summary}: the samples barely differ — the decoder ignores z (collapsed)", summary=summary),
            expected=f"≥ {need:.3f}",
            actual=f"{diversity:.3f}",
            hint=M("vae.generation.decoder_must_use", "The decoder must use z; check the KL/reconstruction balance and sample_latent."),
        )
    return summary
