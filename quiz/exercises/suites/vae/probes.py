"""The VAE step examined from inside: the z the decoder receives, and which way the update goes.

The submission's ``train_step`` is called eagerly on small networks the checker builds:
an encoder whose outputs are known (z_mean far from 0, a small z_log_var), and a
decoder that records the z it is given. So the checker sees the sample the step drew,
recovers its ε = (z − z_mean) / exp(½·z_log_var), and checks that it is standard
normal, independent across examples and latent dimensions, and new on every call —
not z_mean, not a shared ε, not arguments swapped.

With plain SGD the update is exactly ``-lr × gradient``; it is compared with the
gradient of the contract's loss, mean(reconstruction + KL), on the same x and the
same ε, computed by the checker. A second probe uses a decoder that ignores z, so
the encoder moves by the KL term alone: a KL that is halved, summed over the batch,
averaged over the latent dimensions, estimated from the sample or missing gives a
different update whatever the step reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import keras
import numpy as np
import tensorflow as tf

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib import probes as pb
from quiz.exercises.checklib import tfwrap
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.messages import M

IMG_SHAPE = (28, 28, 1)
PIXELS = 28 * 28
SIZES = ((64, 8), (32, 3), (7, 16))  # (batch, latent_dim)
PROBE_LR = 1e-3
PROBE_SEED = 999
LOG_VAR = float(np.log(0.09))  # σ = 0.3: a sample is easy to tell from z_mean and from a swapped call
KL_LOG_VAR = 0.0


def build_probe_encoder(latent: int, rng: np.random.Generator, log_var: float = LOG_VAR) -> keras.Model:
    """x -> [z_mean ≈ ±1.5, z_log_var ≈ ``log_var``], varying a little with x."""
    inputs = keras.Input(IMG_SHAPE)
    h = keras.layers.Flatten()(inputs)
    mean_layer, log_var_layer = keras.layers.Dense(latent), keras.layers.Dense(latent)
    model = keras.Model(inputs, [mean_layer(h), log_var_layer(h)], name="probe_encoder")
    signs = np.where(np.arange(latent) % 2 == 0, 1.0, -1.0)
    pb.set_dense(mean_layer, rng.normal(0.0, 0.5 / np.sqrt(PIXELS), (PIXELS, latent)), signs * rng.uniform(1.0, 2.0, latent))
    pb.set_dense(log_var_layer, rng.normal(0.0, 0.5 / np.sqrt(PIXELS), (PIXELS, latent)),
                 log_var + rng.uniform(-0.3, 0.3, latent))
    return model


def build_probe_decoder(latent: int, rng: np.random.Generator, ignores_z: bool = False) -> keras.Model:
    """z -> sigmoid(W z + b) as an image; with ``ignores_z`` W = 0, so no gradient reaches the encoder through z."""
    model = keras.Sequential([keras.Input((latent,)), keras.layers.Dense(PIXELS, activation="sigmoid"),
                              keras.layers.Reshape(IMG_SHAPE)], name="probe_decoder")
    kernel = np.zeros((latent, PIXELS)) if ignores_z else rng.normal(0.0, 0.8 / np.sqrt(latent), (latent, PIXELS))
    pb.set_dense(model.layers[0], kernel, rng.normal(-1.0, 0.5, PIXELS))
    return model


@dataclass
class ProbeRun:
    """One eager train_step on the probe networks, and what it did."""

    batch: int
    latent: int
    x: np.ndarray
    encoder: keras.Model
    decoder: keras.Model
    e_before: list[np.ndarray]
    d_before: list[np.ndarray]
    e_delta: np.ndarray
    d_delta: np.ndarray
    log: pb.Log
    result: Any

    def encoded(self) -> tuple[np.ndarray, np.ndarray] | None:
        calls = [c for c in self.log.of("encoder") if len(c.outputs) == 2]
        return (calls[0].outputs[0], calls[0].outputs[1]) if calls else None

    def decoded(self) -> list[pb.Call]:
        return self.log.of("decoder")


def run_probe(ctx: Context, step: Callable, batch: int, latent: int, ignores_z: bool, seed_offset: int = 0) -> ProbeRun:
    rng = np.random.default_rng(PROBE_SEED + batch + latent + seed_offset)
    # The KL probe uses σ ≈ 1: a one-sample KL estimate then differs from the closed form's
    # gradient by the noise itself (cosine ≈ 0.8), far outside the accepted band.
    encoder = build_probe_encoder(latent, rng, KL_LOG_VAR if ignores_z else LOG_VAR)
    decoder = build_probe_decoder(latent, rng, ignores_z)
    log = pb.Log()
    optimizer = pb.RecordingSGD(PROBE_LR, "optimizer", log)
    optimizer.build(encoder.trainable_variables + decoder.trainable_variables)
    train = ctx.data["train"]
    x = train[rng.integers(0, len(train), batch)].astype(np.float32)
    e_before = tfwrap.snapshot(encoder.trainable_variables)
    d_before = tfwrap.snapshot(decoder.trainable_variables)
    with ctx.calling(M("vae.run_probe.train_step_batch_latent_dim", "train_step on a batch of {batch} with latent_dim {latent}", batch=batch, latent=latent)):
        result = step(pb.Recorder(encoder, "encoder", log), pb.Recorder(decoder, "decoder", log), optimizer, tf.constant(x))
    return ProbeRun(batch, latent, x, encoder, decoder, e_before, d_before,
                    pb.delta(encoder.trainable_variables, e_before), pb.delta(decoder.trainable_variables, d_before),
                    log, result)


def probe_runs(ctx: Context, step: Callable, ignores_z: bool) -> list[ProbeRun]:
    key = f"vae_probe_{ignores_z}"
    if key not in ctx.state:
        ctx.state[key] = [run_probe(ctx, step, b, l, ignores_z) for b, l in SIZES]
    return ctx.state[key]


# ---------------------------------------------------------------- the sample inside the step

def _epsilon(run: ProbeRun) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(z the decoder got, z_mean, z_log_var, ε recovered from them); fails when the shapes are off."""
    size = M("vae.epsilon.batch_latent_dim", "batch {batch}, latent_dim {latent}", batch=run.batch, latent=run.latent)
    encoded = run.encoded()
    if encoded is None:
        raise CheckFailed(M("vae.epsilon.train_step_never_called", "train_step ({size}) never called the encoder", size=size), hint=M("vae.epsilon.z_mean_z_log_var_encoder", "z_mean, z_log_var = encoder(x)."))
    calls = run.decoded()
    if not calls:
        raise CheckFailed(M("vae.epsilon.train_step_never_called_2", "train_step ({size}) never called the decoder", size=size), hint=M("vae.epsilon.x_recon_decoder_z", "x_recon = decoder(z)."))
    mean, log_var = encoded
    z = calls[0].inputs
    if z.shape != (run.batch, run.latent):
        raise CheckFailed(
            M("vae.epsilon.batch_latent_dim_decoder", "with a batch of {batch} and latent_dim {latent}, the decoder received z of shape {shape}", batch=run.batch, latent=run.latent, shape=z.shape),
            expected=f"({run.batch}, {run.latent})",
            actual=str(z.shape),
            hint=M("vae.epsilon.z_sample_lat_z_mean", "z = sample_latent(z_mean, z_log_var): one sample per example, the shape of z_mean."),
        )
    return z, mean, log_var, (z - mean) / np.exp(0.5 * log_var)


def check_sampling(runs: list[ProbeRun], again: ProbeRun) -> str:
    """The decoder receives z = z_mean + σ·ε with ε ~ N(0, I) independent per example and dimension, new per call."""
    eps_all = []
    for run in runs:
        z, mean, log_var, eps = _epsilon(run)
        size = M("vae.epsilon.batch_latent_dim", "batch {batch}, latent_dim {latent}", batch=run.batch, latent=run.latent)
        if np.allclose(z, mean, atol=1e-6):
            raise CheckFailed(
                M("vae.check_sampling.inside_train_step_decoder", (
                    "inside train_step ({size}) the decoder receives z_mean itself: no sample is drawn, so "
                    "the model is a plain autoencoder with a KL penalty"
                  ), size=size),
                expected="z = z_mean + exp(0.5·z_log_var)·ε",
                actual="z = z_mean",
                hint=M("vae.check_sampling.z_sample_lat_z_mean", "z = sample_latent(z_mean, z_log_var); decoder(z)."),
            )
        swapped = (z - log_var) / np.exp(0.5 * mean)
        if abs(eps.mean()) > 1.0 and abs(swapped.mean()) < 0.3 and 0.7 < swapped.std() < 1.3:
            raise CheckFailed(
                M("vae.check_sampling.inside_train_step_z", (
                    "inside train_step ({size}) z is centred on z_log_var, with spread exp(0.5·z_mean): "
                    "sample_latent is called with its arguments swapped"
                  ), size=size),
                expected="sample_latent(z_mean, z_log_var)",
                actual="sample_latent(z_log_var, z_mean)",
                hint=M("vae.check_sampling.z_sample_lat_z_mean_2", "z = sample_latent(z_mean, z_log_var): the mean first."),
            )
        if run.latent > 1 and float(eps.std(axis=1).mean()) < 0.2:
            raise CheckFailed(
                M("vae.check_sampling.inside_train_step_every", (
                    "inside train_step ({size}) every latent dimension of an example gets the same ε: the "
                    "noise has shape (batch, 1), shared across the latent dimensions"
                  ), size=size),
                expected=M("vae.check_sampling.shape_batch_latent_dim", "ε of shape (batch, latent_dim), independent per dimension"),
                actual=M("vae.check_sampling.within_example_std", "within-example std of ε {float_eps_std_axis_1_mea:.2g}", float_eps_std_axis_1_mea=float(eps.std(axis=1).mean())),
                hint=M("vae.check_sampling.epsilon_keras_random", "epsilon = keras.random.normal(ops.shape(z_mean))."),
            )
        if run.batch > 1 and float(eps.std(axis=0).mean()) < 0.2:
            raise CheckFailed(
                M("vae.check_sampling.inside_train_step_every_2", (
                    "inside train_step ({size}) every example of the batch gets the same ε: the noise has "
                    "shape (1, latent_dim) or is drawn once"
                  ), size=size),
                expected=M("vae.check_sampling.shape_batch_latent_dim_2", "ε of shape (batch, latent_dim), independent per example"),
                actual=M("vae.check_sampling.std_over_batch", "std of ε over the batch {float_eps_std_axis_0_mea:.2g}", float_eps_std_axis_0_mea=float(eps.std(axis=0).mean())),
                hint=M("vae.check_sampling.epsilon_keras_random", "epsilon = keras.random.normal(ops.shape(z_mean))."),
            )
        eps_all.append(eps.ravel())
    eps = np.concatenate(eps_all)
    mean, std = float(eps.mean()), float(eps.std())
    if abs(mean) > 0.2 or not 0.8 <= std <= 1.2:
        named = ""
        if abs(mean) <= 0.2 and abs(std - 0.3) < 0.1:
            named = M("vae.check_sampling.spread_exp_z_log_var", ": the spread is exp(z_log_var), the variance, not the standard deviation exp(0.5·z_log_var)")
        elif abs(mean) <= 0.2 and abs(std - 1 / 0.3) < 0.6:
            named = M("vae.check_sampling.z_z_mean_without", ": z is z_mean + ε, without the standard deviation")
        raise CheckFailed(
            M("vae.check_sampling.inside_train_step_z_2", (
                "inside train_step, the z the decoder receives gives ε = (z − z_mean)/exp(0.5·z_log_var) "
                "with mean {mean:.3g} and std {std:.3g} over {size} values{named}"
              ), mean=mean, std=std, size=eps.size, named=named),
            expected=M("vae.check_sampling.n_mean_std", "ε ~ N(0, 1): mean ≈ 0, std ≈ 1"),
            actual=M("vae.check_sampling.mean_std", "mean {mean:.3g}, std {std:.3g}", mean=mean, std=std),
            hint=M("vae.check_sampling.z_z_mean_ops", (
                     "z = z_mean + ops.exp(0.5 * z_log_var) * keras.random.normal(ops.shape(z_mean)) — "
                     "sample_latent."
                   )),
        )
    first = _epsilon(runs[0])[3]
    second = _epsilon(again)[3]
    if np.allclose(first, second, atol=1e-6):
        raise CheckFailed(
            M("vae.check_sampling.two_calls_train_step", (
                "two calls of train_step on the same batch drew the same ε: the noise is fixed (a seed, "
                "a constant, or NumPy noise made once)"
              )),
            expected=M("vae.check_sampling.new_every_call", "a new ε on every call"),
            hint=M("vae.check_sampling.draw_inside_sample_lat", "Draw ε inside sample_latent with keras.random.normal and no integer seed."),
        )
    sizes = ", ".join(f"{b}×{l}" for b, l in SIZES)
    return (M("vae.check_sampling.decoder_receives_z", (
                "the decoder receives z = z_mean + σ·ε with ε mean {mean:.3f}, std {std:.3f} over {size} "
                "values, independent per example and dimension, new per call (batch × latent {sizes})"
              ), mean=mean, std=std, size=eps.size, sizes=sizes))


# ---------------------------------------------------------------- the direction of the update

def _kl(mean: tf.Tensor, log_var: tf.Tensor) -> tf.Tensor:
    return 0.5 * tf.reduce_sum(tf.square(mean) + tf.exp(log_var) - 1.0 - log_var, axis=-1)


def _rec(x: np.ndarray, probs: tf.Tensor) -> tf.Tensor:
    p = tf.clip_by_value(tf.reshape(probs, [len(x), -1]), 1e-7, 1.0 - 1e-7)
    t = tf.constant(np.asarray(x, np.float32).reshape(len(x), -1))
    return -tf.reduce_sum(t * tf.math.log(p) + (1.0 - t) * tf.math.log(1.0 - p), axis=1)


def _at_start(run: ProbeRun, fn: Callable[[], Any]) -> Any:
    """Evaluate ``fn`` with the probe networks at their weights before the step."""
    return pb.at_weights([(run.encoder.trainable_variables, run.e_before),
                          (run.decoder.trainable_variables, run.d_before)], fn)


def _terms(run: ProbeRun, eps: np.ndarray) -> Callable[[], tuple[tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]]:
    """A function giving (per-example reconstruction, per-example KL, z_mean, z_log_var) on the step's x and ε."""
    x = tf.constant(run.x)
    e = tf.constant(eps, tf.float32)

    def terms():
        mean, log_var = run.encoder(x, training=False)
        z = mean + tf.exp(0.5 * log_var) * e
        return _rec(run.x, run.decoder(z, training=False)), _kl(mean, log_var), mean, log_var

    return terms


def check_kl_gradient(runs: list[ProbeRun]) -> str:
    """With a decoder that ignores z, the encoder moves by −lr·∇ mean KL exactly; the reported numbers add up."""
    ratios = []
    for run in runs:
        size = M("vae.epsilon.batch_latent_dim", "batch {batch}, latent_dim {latent}", batch=run.batch, latent=run.latent)
        e_vars = run.encoder.trainable_variables
        _, _, _, eps = _epsilon(run)
        terms = _terms(run, eps)
        if not np.any(run.e_delta):
            e_ids = {id(v) for v in e_vars}
            if not any(e_ids & set(ids) for _, ids in run.log.applies):
                raise CheckFailed(
                    M("vae.check_kl_gradient.one_train_step_never", (
                        "one train_step ({size}) never asks the optimizer to update the encoder: the variable "
                        "list leaves out encoder.trainable_variables (or their gradients are all None)"
                      ), size=size),
                    expected=M("vae.check_kl_gradient.optimizer_apply_grad_over", "optimizer.apply_gradients over encoder + decoder variables"),
                    actual=M("vae.check_kl_gradient.decoder_variables_only", "decoder variables only"),
                    hint=M("vae.check_kl_gradient.variables_encoder_trainable_", (
                             "variables = encoder.trainable_variables + decoder.trainable_variables; differentiate "
                             "the loss w.r.t. all of them."
                           )),
                )
            raise CheckFailed(
                M("vae.check_kl_gradient.decoder_that_ignores", (
                    "with a decoder that ignores z ({size}), one train_step left the encoder unchanged: the "
                    "KL term is missing from the optimised loss (or does not reach the encoder)"
                  ), size=size),
                expected=M("vae.check_kl_gradient.encoder_moves_down", "the encoder moves down the KL gradient"),
                actual=M("vae.check_kl_gradient.encoder_unchanged", "encoder unchanged"),
                hint=M("vae.check_kl_gradient.loss_mean_reconstruc", (
                         "loss = mean(reconstruction_loss) + mean(kl_divergence(z_mean, z_log_var)), both inside "
                         "the tape."
                       )),
            )
        predicted = -PROBE_LR * _at_start(run, lambda: pb.gradient(lambda: tf.reduce_mean(terms()[1]), e_vars))
        match = pb.compare_update(run.e_delta, predicted)
        if not match.ok:
            def sample_kl():  # a one-sample estimate log q(z|x) − log p(z) on the step's own ε
                _, _, mean, log_var = terms()
                z = mean + tf.exp(0.5 * log_var) * tf.constant(eps, tf.float32)
                log_q = -0.5 * tf.reduce_sum(log_var + tf.square(tf.constant(eps, tf.float32)), axis=-1)
                log_p = -0.5 * tf.reduce_sum(tf.square(z), axis=-1)
                return tf.reduce_mean(log_q - log_p)

            variants = [
                (M("vae.check_kl_gradient.kl_term_estimated", (
                     "the KL term is estimated from the sample (log q(z|x) − log p(z)); the contract's "
                     "kl_divergence is the closed form"
                   )), sample_kl),
                (M("vae.check_kl_gradient.kl_term_averaged", "the KL term is averaged over the {latent} latent dimensions instead of summed", latent=run.latent),
                 lambda: tf.reduce_mean(terms()[1]) / run.latent),
                (M("vae.check_kl_gradient.kl_term_subtracted", "the KL term is subtracted: the step maximises the KL"), lambda: -tf.reduce_mean(terms()[1])),
                (M("vae.check_kl_gradient.kl_term_weighted", "the KL term is weighted by ½ (β = 0.5): the contract's loss is reconstruction + KL"),
                 lambda: 0.5 * tf.reduce_mean(terms()[1])),
                (M("vae.check_kl_gradient.kl_term_summed", "the KL term is summed over the batch instead of averaged (β = {batch}, the batch size)", batch=run.batch),
                 lambda: tf.reduce_sum(terms()[1])),
            ]
            named = pb.name_update(run.e_delta, [
                (words, -PROBE_LR * _at_start(run, lambda f=f: pb.gradient(f, e_vars))) for words, f in variants])
            if named is None and match.cosine >= pb.MATCH_COSINE:
                named = pb.scale_words(match.ratio, run.batch)
            raise CheckFailed(
                M("vae.check_kl_gradient.decoder_that_ignores_2", (
                    "with a decoder that ignores z ({size}), the encoder's update is not a step down the "
                    "mean KL divergence: it is {match_describe}"
                  ), size=size, match_describe=match.describe()) + (" — " + named if named else ""),
                expected=M("vae.check_kl_gradient.update_lr_mean", "the update −lr·∇ mean KL (ratio 1, cosine 1)"),
                actual=M("gan.check_d_update.ratio_cosine", "ratio {ratio:.3g}, cosine {cosine:.3f}", ratio=match.ratio, cosine=match.cosine),
                hint=M("vae.check_kl_gradient.kl_ops_mean", "kl = ops.mean(kl_divergence(z_mean, z_log_var)); loss = rec + kl, differentiated as a whole."),
            )
        _check_reported(run, terms, keys=("kl_loss",))
        ratios.append(match.ratio)
    return (M("vae.check_kl_gradient.decoder_that_ignores_3", "with a decoder that ignores z, the encoder moves by exactly −lr·∇ mean KL (ratios ")
            + ", ".join(f"{r:.3f}" for r in ratios) + ")")


def check_elbo_gradient(runs: list[ProbeRun]) -> str:
    """The decoder moves by −lr·∇ mean reconstruction, the encoder by −lr·∇ mean(reconstruction + KL), on the step's ε."""
    ratios = []
    for run in runs:
        size = M("vae.epsilon.batch_latent_dim", "batch {batch}, latent_dim {latent}", batch=run.batch, latent=run.latent)
        e_vars, d_vars = run.encoder.trainable_variables, run.decoder.trainable_variables
        _, _, _, eps = _epsilon(run)
        terms = _terms(run, eps)
        rec_mean = lambda: tf.reduce_mean(terms()[0])  # noqa: E731
        predicted = -PROBE_LR * _at_start(run, lambda: pb.gradient(rec_mean, d_vars))
        match = pb.compare_update(run.d_delta, predicted)
        if not match.ok:
            def sse():
                _, _, mean, log_var = terms()
                probs = run.decoder(mean + tf.exp(0.5 * log_var) * tf.constant(eps, tf.float32), training=False)
                diff = tf.reshape(probs, [run.batch, -1]) - tf.constant(run.x.reshape(run.batch, -1))
                return tf.reduce_mean(tf.reduce_sum(tf.square(diff), axis=1))

            variants = [
                (M("vae.check_elbo_gradient.reconstruc_term_squared", "the reconstruction term is a squared error, not the binary cross-entropy of the contract"), sse),
                (M("vae.check_elbo_gradient.reconstruc_term_averaged", (
                     "the reconstruction term is averaged over the {PIXELS} pixels instead of summed (784× "
                     "too small: the KL term then dominates)"
                   ), PIXELS=PIXELS), lambda: rec_mean() / PIXELS),
            ]
            named = pb.name_update(run.d_delta, [
                (words, -PROBE_LR * _at_start(run, lambda f=f: pb.gradient(f, d_vars))) for words, f in variants])
            if named is None and match.cosine >= pb.MATCH_COSINE:
                named = pb.scale_words(match.ratio, run.batch)
            raise CheckFailed(
                M("vae.check_elbo_gradient.decoder_s_update", (
                    "the decoder's update ({size}) is not a step down the mean reconstruction loss (BCE "
                    "summed over pixels, averaged over the batch): it is {match_describe}"
                  ), size=size, match_describe=match.describe()) + (" — " + named if named else ""),
                expected=M("vae.check_elbo_gradient.update_lr_mean", "the update −lr·∇ mean reconstruction (ratio 1, cosine 1)"),
                actual=M("gan.check_d_update.ratio_cosine", "ratio {ratio:.3g}, cosine {cosine:.3f}", ratio=match.ratio, cosine=match.cosine),
                hint=M("vae.check_elbo_gradient.rec_ops_mean", "rec = ops.mean(reconstruction_loss(x, decoder(z))), inside the tape."),
            )
        predicted = -PROBE_LR * _at_start(run, lambda: pb.gradient(lambda: tf.reduce_mean(terms()[0] + terms()[1]), e_vars))
        e_match = pb.compare_update(run.e_delta, predicted)
        if not e_match.ok:
            def no_path():
                rec, kl, _, _ = terms()
                return tf.reduce_mean(kl)  # the reconstruction's gradient cut at z

            named = pb.name_update(run.e_delta, [(
                M("vae.check_elbo_gradient.no_reconstruc_gradient", (
                    "no reconstruction gradient reaches the encoder through z (stop_gradient, a NumPy round "
                    "trip, or z computed outside the tape): only the KL term moves it"
                  )),
                -PROBE_LR * _at_start(run, lambda: pb.gradient(no_path, e_vars)))])
            raise CheckFailed(
                M("vae.check_elbo_gradient.encoder_s_update", (
                    "the encoder's update ({size}) is not a step down mean(reconstruction + KL) through z = "
                    "z_mean + σ·ε: it is {e_match_describe}"
                  ), size=size, e_match_describe=e_match.describe()) + (" — " + named if named else ""),
                expected=M("vae.check_elbo_gradient.update_lr_mean_2", "the update −lr·∇ mean(reconstruction + KL) (ratio 1, cosine 1)"),
                actual=M("gan.check_d_update.ratio_cosine", "ratio {ratio:.3g}, cosine {cosine:.3f}", ratio=e_match.ratio, cosine=e_match.cosine),
                hint=M("vae.check_elbo_gradient.inside_one_tape", "Inside one tape: encoder → sample_latent → decoder → loss; differentiate w.r.t. both networks."),
            )
        _check_reported(run, terms)
        ratios.append(match.ratio)
    return (M("vae.check_elbo_gradient.decoder_follows_lr", (
                "the decoder follows −lr·∇ reconstruction and the encoder −lr·∇(reconstruction + KL) "
                "exactly (decoder ratios "
              )) + ", ".join(f"{r:.3f}" for r in ratios) + M("vae.check_elbo_gradient.reported_loss_reconstruc", "); the reported loss, reconstruction and KL are those of the step"))


def _check_reported(run: ProbeRun, terms: Callable, keys: tuple[str, ...] = ("loss", "reconstruction_loss", "kl_loss")) -> None:
    """loss, reconstruction_loss and kl_loss equal the batch means the checker computes on the step's inputs."""
    rec, kl, _, _ = _at_start(run, terms)
    expected = {"reconstruction_loss": float(tf.reduce_mean(rec)), "kl_loss": float(tf.reduce_mean(kl))}
    expected["loss"] = expected["reconstruction_loss"] + expected["kl_loss"]
    result = run.result
    needed = ("loss", "reconstruction_loss", "kl_loss")
    if not hasattr(result, "keys") or any(k not in result for k in needed):
        got = sorted(map(str, result.keys())) if hasattr(result, "keys") else type(result).__name__
        raise CheckFailed(M("vae.check_reported.train_step_returned_expected", "train_step returned {got}, expected a dict with 'loss', 'reconstruction_loss' and 'kl_loss'", got=got),
                          expected='{"loss", "reconstruction_loss", "kl_loss"}', actual=str(got))
    for key in keys:
        reported = nm.scalar(result[key], f"train_step's {key}")
        if not nm.close(reported, expected[key], 1e-3, 1e-3):
            what = {"kl_loss": M("vae.check_reported.batch_mean_kl_diverge", "the batch mean of kl_divergence on the encoder's outputs"),
                    "reconstruction_loss": M("vae.check_reported.batch_mean_bce", "the batch mean of the BCE summed over pixels of x against the decoder's output"),
                    "loss": "reconstruction_loss + kl_loss"}[key]
            ratio = reported / expected[key] if expected[key] else float("nan")
            scale = pb.scale_words(ratio, run.batch) if np.isfinite(ratio) else None
            raise CheckFailed(
                M("vae.check_reported.train_step_returned_batch", "train_step returned {key} = {reported:.6g} (batch {batch}), but {what} is {expected_key:.6g}", key=key, reported=reported, batch=run.batch, what=what, expected_key=expected[key])
                + (" — " + scale if scale else ""),
                expected=f"{expected[key]:.6g}",
                actual=f"{reported:.6g}",
                hint=M("vae.check_reported.return_batch_means", "Return the batch means of the terms you differentiated: loss = reconstruction_loss + kl_loss."),
            )
