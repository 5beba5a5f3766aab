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
    with ctx.calling(f"train_step on a batch of {batch} with latent_dim {latent}"):
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
    size = f"batch {run.batch}, latent_dim {run.latent}"
    encoded = run.encoded()
    if encoded is None:
        raise CheckFailed(f"train_step ({size}) never called the encoder", hint="z_mean, z_log_var = encoder(x).")
    calls = run.decoded()
    if not calls:
        raise CheckFailed(f"train_step ({size}) never called the decoder", hint="x_recon = decoder(z).")
    mean, log_var = encoded
    z = calls[0].inputs
    if z.shape != (run.batch, run.latent):
        raise CheckFailed(
            f"with a batch of {run.batch} and latent_dim {run.latent}, the decoder received z of shape {z.shape}",
            expected=f"({run.batch}, {run.latent})",
            actual=str(z.shape),
            hint="z = sample_latent(z_mean, z_log_var): one sample per example, the shape of z_mean.",
        )
    return z, mean, log_var, (z - mean) / np.exp(0.5 * log_var)


def check_sampling(runs: list[ProbeRun], again: ProbeRun) -> str:
    """The decoder receives z = z_mean + σ·ε with ε ~ N(0, I) independent per example and dimension, new per call."""
    eps_all = []
    for run in runs:
        z, mean, log_var, eps = _epsilon(run)
        size = f"batch {run.batch}, latent_dim {run.latent}"
        if np.allclose(z, mean, atol=1e-6):
            raise CheckFailed(
                f"inside train_step ({size}) the decoder receives z_mean itself: no sample is drawn, so the model "
                "is a plain autoencoder with a KL penalty",
                expected="z = z_mean + exp(0.5·z_log_var)·ε",
                actual="z = z_mean",
                hint="z = sample_latent(z_mean, z_log_var); decoder(z).",
            )
        swapped = (z - log_var) / np.exp(0.5 * mean)
        if abs(eps.mean()) > 1.0 and abs(swapped.mean()) < 0.3 and 0.7 < swapped.std() < 1.3:
            raise CheckFailed(
                f"inside train_step ({size}) z is centred on z_log_var, with spread exp(0.5·z_mean): "
                "sample_latent is called with its arguments swapped",
                expected="sample_latent(z_mean, z_log_var)",
                actual="sample_latent(z_log_var, z_mean)",
                hint="z = sample_latent(z_mean, z_log_var): the mean first.",
            )
        if run.latent > 1 and float(eps.std(axis=1).mean()) < 0.2:
            raise CheckFailed(
                f"inside train_step ({size}) every latent dimension of an example gets the same ε: the noise has "
                "shape (batch, 1), shared across the latent dimensions",
                expected="ε of shape (batch, latent_dim), independent per dimension",
                actual=f"within-example std of ε {float(eps.std(axis=1).mean()):.2g}",
                hint="epsilon = keras.random.normal(ops.shape(z_mean)).",
            )
        if run.batch > 1 and float(eps.std(axis=0).mean()) < 0.2:
            raise CheckFailed(
                f"inside train_step ({size}) every example of the batch gets the same ε: the noise has shape "
                "(1, latent_dim) or is drawn once",
                expected="ε of shape (batch, latent_dim), independent per example",
                actual=f"std of ε over the batch {float(eps.std(axis=0).mean()):.2g}",
                hint="epsilon = keras.random.normal(ops.shape(z_mean)).",
            )
        eps_all.append(eps.ravel())
    eps = np.concatenate(eps_all)
    mean, std = float(eps.mean()), float(eps.std())
    if abs(mean) > 0.2 or not 0.8 <= std <= 1.2:
        named = ""
        if abs(mean) <= 0.2 and abs(std - 0.3) < 0.1:
            named = ": the spread is exp(z_log_var), the variance, not the standard deviation exp(0.5·z_log_var)"
        elif abs(mean) <= 0.2 and abs(std - 1 / 0.3) < 0.6:
            named = ": z is z_mean + ε, without the standard deviation"
        raise CheckFailed(
            f"inside train_step, the z the decoder receives gives ε = (z − z_mean)/exp(0.5·z_log_var) with mean "
            f"{mean:.3g} and std {std:.3g} over {eps.size} values{named}",
            expected="ε ~ N(0, 1): mean ≈ 0, std ≈ 1",
            actual=f"mean {mean:.3g}, std {std:.3g}",
            hint="z = z_mean + ops.exp(0.5 * z_log_var) * keras.random.normal(ops.shape(z_mean)) — sample_latent.",
        )
    first = _epsilon(runs[0])[3]
    second = _epsilon(again)[3]
    if np.allclose(first, second, atol=1e-6):
        raise CheckFailed(
            "two calls of train_step on the same batch drew the same ε: the noise is fixed (a seed, a constant, or "
            "NumPy noise made once)",
            expected="a new ε on every call",
            hint="Draw ε inside sample_latent with keras.random.normal and no integer seed.",
        )
    sizes = ", ".join(f"{b}×{l}" for b, l in SIZES)
    return (f"the decoder receives z = z_mean + σ·ε with ε mean {mean:.3f}, std {std:.3f} over {eps.size} values, "
            f"independent per example and dimension, new per call (batch × latent {sizes})")


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
        size = f"batch {run.batch}, latent_dim {run.latent}"
        e_vars = run.encoder.trainable_variables
        _, _, _, eps = _epsilon(run)
        terms = _terms(run, eps)
        if not np.any(run.e_delta):
            e_ids = {id(v) for v in e_vars}
            if not any(e_ids & set(ids) for _, ids in run.log.applies):
                raise CheckFailed(
                    f"one train_step ({size}) never asks the optimizer to update the encoder: the variable list "
                    "leaves out encoder.trainable_variables (or their gradients are all None)",
                    expected="optimizer.apply_gradients over encoder + decoder variables",
                    actual="decoder variables only",
                    hint="variables = encoder.trainable_variables + decoder.trainable_variables; differentiate the "
                    "loss w.r.t. all of them.",
                )
            raise CheckFailed(
                f"with a decoder that ignores z ({size}), one train_step left the encoder unchanged: the KL term is "
                "missing from the optimised loss (or does not reach the encoder)",
                expected="the encoder moves down the KL gradient",
                actual="encoder unchanged",
                hint="loss = mean(reconstruction_loss) + mean(kl_divergence(z_mean, z_log_var)), both inside the tape.",
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
                ("the KL term is estimated from the sample (log q(z|x) − log p(z)); the contract's kl_divergence is "
                 "the closed form", sample_kl),
                (f"the KL term is averaged over the {run.latent} latent dimensions instead of summed",
                 lambda: tf.reduce_mean(terms()[1]) / run.latent),
                ("the KL term is subtracted: the step maximises the KL", lambda: -tf.reduce_mean(terms()[1])),
                ("the KL term is weighted by ½ (β = 0.5): the contract's loss is reconstruction + KL",
                 lambda: 0.5 * tf.reduce_mean(terms()[1])),
                (f"the KL term is summed over the batch instead of averaged (β = {run.batch}, the batch size)",
                 lambda: tf.reduce_sum(terms()[1])),
            ]
            named = pb.name_update(run.e_delta, [
                (words, -PROBE_LR * _at_start(run, lambda f=f: pb.gradient(f, e_vars))) for words, f in variants])
            if named is None and match.cosine >= pb.MATCH_COSINE:
                named = pb.scale_words(match.ratio, run.batch)
            raise CheckFailed(
                f"with a decoder that ignores z ({size}), the encoder's update is not a step down the mean KL "
                f"divergence: it is {match.describe()}" + (f" — {named}" if named else ""),
                expected="the update −lr·∇ mean KL (ratio 1, cosine 1)",
                actual=f"ratio {match.ratio:.3g}, cosine {match.cosine:.3f}",
                hint="kl = ops.mean(kl_divergence(z_mean, z_log_var)); loss = rec + kl, differentiated as a whole.",
            )
        _check_reported(run, terms, keys=("kl_loss",))
        ratios.append(match.ratio)
    return ("with a decoder that ignores z, the encoder moves by exactly −lr·∇ mean KL (ratios "
            + ", ".join(f"{r:.3f}" for r in ratios) + ")")


def check_elbo_gradient(runs: list[ProbeRun]) -> str:
    """The decoder moves by −lr·∇ mean reconstruction, the encoder by −lr·∇ mean(reconstruction + KL), on the step's ε."""
    ratios = []
    for run in runs:
        size = f"batch {run.batch}, latent_dim {run.latent}"
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
                ("the reconstruction term is a squared error, not the binary cross-entropy of the contract", sse),
                (f"the reconstruction term is averaged over the {PIXELS} pixels instead of summed (784× too small: "
                 "the KL term then dominates)", lambda: rec_mean() / PIXELS),
            ]
            named = pb.name_update(run.d_delta, [
                (words, -PROBE_LR * _at_start(run, lambda f=f: pb.gradient(f, d_vars))) for words, f in variants])
            if named is None and match.cosine >= pb.MATCH_COSINE:
                named = pb.scale_words(match.ratio, run.batch)
            raise CheckFailed(
                f"the decoder's update ({size}) is not a step down the mean reconstruction loss (BCE summed over "
                f"pixels, averaged over the batch): it is {match.describe()}" + (f" — {named}" if named else ""),
                expected="the update −lr·∇ mean reconstruction (ratio 1, cosine 1)",
                actual=f"ratio {match.ratio:.3g}, cosine {match.cosine:.3f}",
                hint="rec = ops.mean(reconstruction_loss(x, decoder(z))), inside the tape.",
            )
        predicted = -PROBE_LR * _at_start(run, lambda: pb.gradient(lambda: tf.reduce_mean(terms()[0] + terms()[1]), e_vars))
        e_match = pb.compare_update(run.e_delta, predicted)
        if not e_match.ok:
            def no_path():
                rec, kl, _, _ = terms()
                return tf.reduce_mean(kl)  # the reconstruction's gradient cut at z

            named = pb.name_update(run.e_delta, [(
                "no reconstruction gradient reaches the encoder through z (stop_gradient, a NumPy round trip, or z "
                "computed outside the tape): only the KL term moves it",
                -PROBE_LR * _at_start(run, lambda: pb.gradient(no_path, e_vars)))])
            raise CheckFailed(
                f"the encoder's update ({size}) is not a step down mean(reconstruction + KL) through "
                f"z = z_mean + σ·ε: it is {e_match.describe()}" + (f" — {named}" if named else ""),
                expected="the update −lr·∇ mean(reconstruction + KL) (ratio 1, cosine 1)",
                actual=f"ratio {e_match.ratio:.3g}, cosine {e_match.cosine:.3f}",
                hint="Inside one tape: encoder → sample_latent → decoder → loss; differentiate w.r.t. both networks.",
            )
        _check_reported(run, terms)
        ratios.append(match.ratio)
    return ("the decoder follows −lr·∇ reconstruction and the encoder −lr·∇(reconstruction + KL) exactly (decoder "
            "ratios " + ", ".join(f"{r:.3f}" for r in ratios) + "); the reported loss, reconstruction and KL are "
            "those of the step")


def _check_reported(run: ProbeRun, terms: Callable, keys: tuple[str, ...] = ("loss", "reconstruction_loss", "kl_loss")) -> None:
    """loss, reconstruction_loss and kl_loss equal the batch means the checker computes on the step's inputs."""
    rec, kl, _, _ = _at_start(run, terms)
    expected = {"reconstruction_loss": float(tf.reduce_mean(rec)), "kl_loss": float(tf.reduce_mean(kl))}
    expected["loss"] = expected["reconstruction_loss"] + expected["kl_loss"]
    result = run.result
    needed = ("loss", "reconstruction_loss", "kl_loss")
    if not hasattr(result, "keys") or any(k not in result for k in needed):
        got = sorted(map(str, result.keys())) if hasattr(result, "keys") else type(result).__name__
        raise CheckFailed(f"train_step returned {got}, expected a dict with 'loss', 'reconstruction_loss' and 'kl_loss'",
                          expected='{"loss", "reconstruction_loss", "kl_loss"}', actual=str(got))
    for key in keys:
        reported = nm.scalar(result[key], f"train_step's {key}")
        if not nm.close(reported, expected[key], 1e-3, 1e-3):
            what = {"kl_loss": "the batch mean of kl_divergence on the encoder's outputs",
                    "reconstruction_loss": "the batch mean of the BCE summed over pixels of x against the decoder's output",
                    "loss": "reconstruction_loss + kl_loss"}[key]
            ratio = reported / expected[key] if expected[key] else float("nan")
            scale = pb.scale_words(ratio, run.batch) if np.isfinite(ratio) else None
            raise CheckFailed(
                f"train_step returned {key} = {reported:.6g} (batch {run.batch}), but {what} is {expected[key]:.6g}"
                + (f" — {scale}" if scale else ""),
                expected=f"{expected[key]:.6g}",
                actual=f"{reported:.6g}",
                hint="Return the batch means of the terms you differentiated: loss = reconstruction_loss + kl_loss.",
            )
