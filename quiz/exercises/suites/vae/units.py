"""The VAE suite's registry, constants and unit checks (contract, shapes, losses).

The training checks are registered after these, by :mod:`.training`.
"""

from __future__ import annotations

import math
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib import tfwrap
from quiz.exercises.checklib.asserts import require_callable, require_tensor
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.loader import check_contract, load_module
from quiz.exercises.checklib.registry import CheckFailed, Suite
from quiz.exercises.messages import M

suite = Suite("vae")

IMG_SHAPE = (28, 28, 1)
PIXELS = 28 * 28
LATENT = 8  # latent size of the training checks
BATCH = 64
LR = 1e-3
SEED = 4321

# Loss decrease over TRAIN_STEPS joint steps (batch 64). Reference, 5 seeds: the total
# falls 60-62% (545 → ~215), reconstruction likewise, final KL 7-9 nats.
TRAIN_STEPS, TRAIN_MIN_STEPS = 150, 60
FALL_FLOOR = 0.25  # the guide's threshold (measured ~40% on its synthetic set)
MIN_FINAL_KL = 0.05  # below this the posterior has collapsed onto the prior
# Final loss (mean of the last 10 steps) at most this much above the reference's at
# the same step. Measured at 150 steps: reference 228-230 over reruns; a keras.io-style
# conv VAE 260 (+13%).
VERSUS_MARGIN = 0.25
# Decoded prior samples: mean per-pixel std across 256 samples, at least this
# fraction of the reference's (reference ~0.10; a collapsed decoder gives ~0).
# The update checks establish the loss exactly, so this only has to catch a decoder that
# ignores z: a conv VAE measured 0.021 against the reference's 0.077, a collapsed one ~0.
DIVERSITY_OF_REFERENCE = 0.1
N_TRAIN = 2048
DATA_SIZE = N_TRAIN

CONTRACT = {
    "sample_latent": (["z_mean", "z_log_var", "epsilon"], 2),
    "build_encoder": (["input_shape", "latent_dim"], 2),
    "build_decoder": (["latent_dim", "output_shape"], 2),
    "kl_divergence": (["z_mean", "z_log_var"], 2),
    "reconstruction_loss": (["x", "x_recon"], 2),
    "train_step": (["encoder", "decoder", "optimizer", "x"], 4),
}


def prepare_data(images: np.ndarray) -> dict[str, Any]:
    """The training set, in [0, 1] (pixel probabilities for the Bernoulli decoder)."""
    return {"train": images[:N_TRAIN]}


# ---------------------------------------------------------------- unit checks

@suite.check("contract")
def contract(ctx: Context) -> str:
    """The file imports; the six functions exist with the contract's signatures."""
    ctx.module = load_module(ctx.submission, ctx.state["module_name"])
    check_contract(ctx.module, CONTRACT)
    return M("lib.contract.present", "imports; {names} present", names=", ".join(CONTRACT))


@suite.check("encoder_output", needs=("contract",))
def encoder_output(ctx: Context) -> str:
    """build_encoder: [z_mean, z_log_var], each (N, latent), depending on the input."""
    images = ctx.data["train"]
    for latent in (2, 16):
        keras.utils.set_random_seed(SEED)
        with ctx.calling(f"build_encoder((28, 28, 1), {latent})"):
            encoder = ctx.module.build_encoder(IMG_SHAPE, latent)
        require_callable(encoder, f"build_encoder((28, 28, 1), {latent})")
        for n in (1, 7, 64):
            what = M("vae.encoder_output.encoder_latent_dim_image", "the encoder (latent_dim {latent}) on {n} image{en_s}", latent=latent, n=n, en_s='s' if n > 1 else '')
            z_mean, z_log_var = _encode(ctx, encoder, images[:n], what, latent)
            if n == 64:
                for name, values in (("z_mean", z_mean), ("z_log_var", z_log_var)):
                    if latent == 16 and values.min() >= 0.0:
                        raise CheckFailed(
                            M("vae.encoder_output.never_negative_images", (
                                "{name} is never negative (64 images × 16 dimensions, minimum {values_min:.3g}): its "
                                "head ends in a ReLU (or another non-negative activation)"
                              ), name=name, values_min=values.min())
                            + (M("vae.encoder_output.so_always", ", so σ ≥ 1 always") if name == "z_log_var" else M("vae.encoder_output.so_half_latent", ", so half the latent space is unreachable")),
                            expected=M("vae.encoder_output.both_signs_linear", "{name} of both signs (a linear head)", name=name),
                            actual=M("vae.encoder_output.min", "min {values_min:.3g}", values_min=values.min()),
                            hint=M("vae.encoder_output.head_layers_dense", "The {name} head is layers.Dense(latent_dim) with no activation.", name=name),
                        )
                spread = float(z_mean.std(axis=0).mean())
                if spread <= 1e-6:
                    raise CheckFailed(
                        M("vae.encoder_output.z_mean_same_different", (
                            "z_mean is the same for 64 different images (std over the batch {spread:.2g}): the "
                            "encoder ignores its input"
                          ), spread=spread),
                        expected=M("vae.encoder_output.z_mean_varying_input", "z_mean varying with the input"),
                        actual=M("vae.encoder_output.std", "std {spread:.2g}", spread=spread),
                        hint=M("vae.encoder_output.build_encoder_s", "Build the encoder's layers on its Input tensor: z_mean and z_log_var must be computed from x."),
                    )
    return M("vae.encoder_output.z_mean_z_log_var_shape", (
               "[z_mean, z_log_var] of shape (N, latent_dim) for N = 1, 7, 64 and latent_dim = 2, 16; "
               "varies with x"
             ))


def _encode(ctx: Context, encoder: Any, images: np.ndarray, what: str, latent: int) -> tuple[np.ndarray, np.ndarray]:
    with ctx.calling(what):
        out = tfwrap.call_model(encoder, tfwrap.as_batch(images))
    if isinstance(out, dict) or not isinstance(out, (list, tuple)) or len(out) != 2:
        count = len(out) if isinstance(out, (list, tuple)) else 1
        extra = M("vae.encode.keras_io_example", " (the keras.io example also returns z: sample z in train_step with sample_latent instead)") if count == 3 else ""
        raise CheckFailed(
            M("vae.encode.returned_output_expected", "{what} returned {count} output{en_s}, expected [z_mean, z_log_var]{extra}", what=what, count=count, en_s='s' if count != 1 else '', extra=extra),
            expected="[z_mean, z_log_var]",
            actual=M("vae.encode.output", "{count} output{en_s}", count=count, en_s='s' if count != 1 else ''),
            hint=M("vae.encode.keras_model_inputs", "keras.Model(inputs, [z_mean, z_log_var])."),
        )
    arrays = []
    for name, value in zip(("z_mean", "z_log_var"), out):
        shape = tuple(getattr(value, "shape", np.shape(value)))
        if shape != (len(images), latent):
            raise CheckFailed(
                M("vae.encode.from_has_shape", "{name} from {what} has shape {shape}, expected {len_images_latent}", name=name, what=what, shape=shape, len_images_latent=(len(images), latent)),
                expected=str((len(images), latent)),
                actual=str(shape),
                hint=M("vae.encode.each_head_layers", "Each head is layers.Dense(latent_dim) on the flattened features."),
            )
        array = nm.to_numpy(value, name)
        nm.require_finite(array, M("vae.encode.from", "{name} from {what}", name=name, what=what))
        arrays.append(array)
    return arrays[0], arrays[1]


@suite.check("decoder_output", needs=("contract",))
def decoder_output(ctx: Context) -> str:
    """build_decoder: (N, 28, 28, 1) float32 in [0, 1] (sigmoid), varying with z."""
    rng = np.random.default_rng(SEED)
    lo, hi = math.inf, -math.inf
    for latent in (2, 16):
        keras.utils.set_random_seed(SEED)
        with ctx.calling(f"build_decoder({latent}, (28, 28, 1))"):
            decoder = ctx.module.build_decoder(latent, IMG_SHAPE)
        require_callable(decoder, f"build_decoder({latent}, (28, 28, 1))")
        for n, scale in ((1, 3.0), (7, 3.0), (64, 3.0), (64, 30.0)):
            what = M("vae.decoder_output.decoder_z_shape", "the decoder on z of shape ({n}, {latent})", n=n, latent=latent)
            with ctx.calling(what):
                out = tfwrap.call_model(decoder, tfwrap.as_batch(rng.standard_normal((n, latent)) * scale))
            require_tensor(out, (n, *IMG_SHAPE), what, M("vae.decoder_output.end_decoder_layers", "End the decoder with layers.Reshape(output_shape)."))
            array = nm.to_numpy(out, what)
            nm.require_finite(array, M("attention.layer_values.output", "the output of {what}", what=what))
            lo, hi = min(lo, array.min()), max(hi, array.max())
            if n == 64 and scale == 3.0 and array.std(axis=0).mean() <= 1e-4:
                raise CheckFailed(
                    M("vae.decoder_output.decoder_gives_same", "the decoder gives the same image for every z: it ignores its input"),
                    expected=M("vae.decoder_output.outputs_that_vary", "outputs that vary with z"),
                    hint=M("vae.decoder_output.build_decoder_s", "Build the decoder's layers on its latent input."),
                )
    if lo < 0.0 or hi > 1.0:
        raise CheckFailed(
            M("vae.decoder_output.decoder_outputs_range", "decoder outputs range over [{lo:.3g}, {hi:.3g}], outside [0, 1]: the decoder has no sigmoid", lo=lo, hi=hi),
            expected=M("vae.decoder_output.values", "values in [0, 1]"),
            actual=f"[{lo:.4g}, {hi:.4g}]",
            hint=M("vae.decoder_output.end_decoder_activation", "End the decoder with activation='sigmoid': its outputs are pixel probabilities for the BCE."),
            symptom=M("vae.decoder_output.outside_range", "decoder outputs range over [{lo:.3g}, {hi:.3g}], outside [0, 1]", lo=lo, hi=hi),
        )
    return M("vae.decoder_output.shape_n_n", "shape (N, 28, 28, 1) for N = 1, 7, 64 and latent_dim = 2, 16; values in [{lo:.3f}, {hi:.3f}]", lo=lo, hi=hi)


def _sample(ctx: Context, z_mean: np.ndarray, z_log_var: np.ndarray, epsilon: np.ndarray | None = None) -> np.ndarray:
    args = [tfwrap.as_batch(z_mean), tfwrap.as_batch(z_log_var)]
    if epsilon is not None:
        args.append(tfwrap.as_batch(epsilon))
    what = "sample_latent(z_mean, z_log_var" + (", epsilon)" if epsilon is not None else ")")
    with ctx.calling(what):
        z = ctx.module.sample_latent(*args)
    shape = tuple(getattr(z, "shape", np.shape(z)))
    if shape != z_mean.shape:
        raise CheckFailed(
            M("vae.sample.returned_shape_expected", "{what} returned shape {shape}, expected the shape of z_mean {shape_2}", what=what, shape=shape, shape_2=z_mean.shape),
            expected=str(z_mean.shape),
            actual=str(shape),
            hint=M("vae.sample.draw_epsilon_shape", "Draw epsilon with the shape of z_mean: keras.random.normal(ops.shape(z_mean))."),
        )
    array = nm.to_numpy(z, what)
    nm.require_finite(array, M("vae.sample.result", "the result of {what}", what=what))
    return array


@suite.check("reparam_formula", needs=("contract",))
def reparam_formula(ctx: Context) -> str:
    """With epsilon given: z == z_mean + exp(0.5·z_log_var)·epsilon (within 1e-6)."""
    rng = np.random.default_rng(SEED + 1)
    mean = rng.normal(0.0, 1.0, (5, 6)).astype(np.float32)
    log_var = rng.uniform(-3.0, 2.0, (5, 6)).astype(np.float32)
    eps = rng.normal(0.0, 1.0, (5, 6)).astype(np.float32)
    m, lv, e = (a.astype(np.float64) for a in (mean, log_var, eps))
    expected = m + np.exp(0.5 * lv) * e
    z = _sample(ctx, mean, log_var, eps)
    if nm.close(z, expected, 2e-6, 1e-6):
        z2 = _sample(ctx, mean, log_var, -eps)
        if not nm.close(z2, m - np.exp(0.5 * lv) * e, 2e-6, 1e-6):
            raise CheckFailed(M("vae.reparam_formula.sample_lat_ignores_epsilon", "sample_latent ignores the epsilon it is given"), hint=M("vae.reparam_formula.use_epsilon_when", "Use epsilon when it is not None."))
        return M("vae.reparam_formula.z_z_mean_exp", "z = z_mean + exp(0.5·z_log_var)·ε on given ε (max error %.1g)") % float(np.max(np.abs(z - expected)))
    z_other = _sample(ctx, mean, log_var, -eps)
    if np.allclose(z, z_other):
        raise CheckFailed(
            M("vae.reparam_formula.sample_lat_ignores_epsilon_2", "sample_latent ignores the epsilon it is given (the same z for ε and −ε)"),
            expected=M("vae.reparam_formula.z_computed_from", "z computed from the given epsilon"),
            hint=M("vae.reparam_formula.draw_fresh_noise", "Draw fresh noise only when epsilon is None."),
        )
    named = nm.diagnose(z, [
        (M("vae.reparam_formula.uses_exp_z_log_var", "it uses exp(z_log_var), the variance, instead of the standard deviation exp(0.5·z_log_var)"),
         m + np.exp(lv) * e),
        (M("vae.reparam_formula.uses_exp_z_log_var_2", "it uses exp(−0.5·z_log_var): the sign inside exp is flipped"), m + np.exp(-0.5 * lv) * e),
        (M("vae.reparam_formula.multiplies_z_log_var_itself", "it multiplies by z_log_var itself; the standard deviation is exp(0.5·z_log_var)"), m + lv * e),
        (M("vae.reparam_formula.multiplies_exp_z_log_var", "it multiplies by exp(z_log_var)/2 instead of exp(z_log_var/2)"), m + 0.5 * np.exp(lv) * e),
        (M("vae.reparam_formula.subtracts_noise_term", "it subtracts the noise term"), m - np.exp(0.5 * lv) * e),
        (M("vae.reparam_formula.drops_z_mean", "it drops z_mean"), np.exp(0.5 * lv) * e),
    ])
    worst = float(np.max(np.abs(z - expected)))
    symptom = M("vae.reparam_formula.sample_lat_z_mean_z_log_var", "sample_latent(z_mean, z_log_var, epsilon) ≠ z_mean + exp(0.5·z_log_var)·epsilon")
    raise CheckFailed(
        symptom + (f": {named}" if named else M("vae.reparam_formula.max_error", " (max error {worst:.3g})", worst=worst)),
        expected=nm.fmt(expected[0, :4]),
        actual=nm.fmt(z[0, :4]),
        hint=M("vae.reparam_formula.z_z_mean_ops", "z = z_mean + ops.exp(0.5 * z_log_var) * epsilon."),
        symptom=symptom,
    )


@suite.check("reparam_statistics", needs=("reparam_formula",))
def reparam_statistics(ctx: Context) -> str:
    """20,000 draws with z_mean 2, z_log_var log 0.25: mean 2 ± 0.02, std 0.5 ± 0.02."""
    shape = (10000, 2)
    z = _sample(ctx, np.full(shape, 2.0, np.float32), np.full(shape, math.log(0.25), np.float32))
    mean, std = float(z.mean()), float(z.std())
    per_row = float(z.std(axis=0).mean())
    actual = M("vae.reparam_statistics.mean_std", "mean {mean:.4f}, std {std:.4f}", mean=mean, std=std)
    if std < 1e-6 or per_row < 1e-6:
        raise CheckFailed(
            M("vae.reparam_statistics.draws_z_have", "20,000 draws of z have no spread ({actual}): epsilon is constant, not drawn from N(0, I)", actual=actual),
            expected=M("vae.reparam_statistics.mean_std_2", "mean 2 ± 0.02, std 0.5 ± 0.02"),
            actual=actual,
            hint=M("vae.reparam_statistics.when_epsilon_none", "When epsilon is None, draw it: keras.random.normal(ops.shape(z_mean))."),
        )
    if abs(mean - 2.0) <= 0.02 and abs(std - 0.5) <= 0.02:
        return M("vae.reparam_statistics.z_mean_z_log_var_log", "z_mean 2, z_log_var log 0.25 → {actual} over 20,000 draws", actual=actual)
    named = None
    if abs(mean - 2.25) <= 0.02 and abs(std - 0.5 / math.sqrt(12)) <= 0.02:
        named = M("vae.reparam_statistics.noise_uniform_not", "the noise is uniform on [0, 1), not standard normal")
    elif abs(mean - 2.0) <= 0.02 and abs(std - 0.5 / math.sqrt(3)) <= 0.02:
        named = M("vae.reparam_statistics.noise_uniform_not_2", "the noise is uniform on [−1, 1), not standard normal")
    elif abs(mean - 2.0) <= 0.02 and abs(std - 0.25) <= 0.02:
        named = M("vae.reparam_statistics.spread_variance_exp", "the spread is the variance exp(z_log_var), not the standard deviation")
    raise CheckFailed(
        M("vae.reparam_statistics.z_mean_z_log_var_log_2", "z_mean 2, z_log_var log 0.25 gave {actual} over 20,000 draws", actual=actual) + (f": {named}" if named else ""),
        expected=M("vae.reparam_statistics.mean_std_2", "mean 2 ± 0.02, std 0.5 ± 0.02"),
        actual=actual,
        hint=M("vae.reparam_statistics.epsilon_keras_random", "epsilon = keras.random.normal(ops.shape(z_mean)) (standard normal, the shape of z_mean)."),
    )


@suite.check("reparam_gradient", needs=("reparam_formula",))
def reparam_gradient(ctx: Context) -> str:
    """Gradients of sum(z²) reach z_mean and z_log_var (non-zero)."""
    rng = np.random.default_rng(SEED + 2)
    mean = tf.Variable(rng.normal(0.0, 1.0, (4, 3)).astype(np.float32))
    log_var = tf.Variable(rng.uniform(-1.0, 1.0, (4, 3)).astype(np.float32))
    eps = tfwrap.as_batch(rng.normal(0.0, 1.0, (4, 3)))
    with ctx.calling("sample_latent under tf.GradientTape"):
        with tf.GradientTape() as tape:
            z = ctx.module.sample_latent(mean, log_var, eps)
            target = tf.reduce_sum(tf.square(tf.convert_to_tensor(z, tf.float32)))
        grads = tape.gradient(target, [mean, log_var])
    for name, grad in zip(("z_mean", "z_log_var"), grads):
        if grad is None or not np.any(grad.numpy()):
            raise CheckFailed(
                M("vae.reparam_gradient.no_gradient_reaches", (
                    "no gradient reaches {name} through z: z is cut from the graph (stop_gradient, or a "
                    "NumPy round trip)"
                  ), name=name),
                expected=f"∂sum(z²)/∂{name} ≠ 0",
                actual="None" if grad is None else M("vae.reparam_gradient.all_zeros", "all zeros"),
                hint=M("vae.reparam_gradient.keep_z_differenti", (
                         "Keep z a differentiable function of z_mean and z_log_var: that is the "
                         "reparameterisation trick."
                       )),
            )
    return M("vae.reparam_gradient.sum_z_z_mean", "∂sum(z²)/∂z_mean and ∂sum(z²)/∂z_log_var are non-zero")


@suite.check("reparam_stochastic", needs=("reparam_formula",))
def reparam_stochastic(ctx: Context) -> str:
    """Two draws differ, eagerly and inside one tf.function (noise not frozen at trace time)."""
    mean = np.zeros((64, LATENT), np.float32)
    log_var = np.zeros((64, LATENT), np.float32)
    first, second = _sample(ctx, mean, log_var), _sample(ctx, mean, log_var)
    if np.array_equal(first, second):
        raise CheckFailed(
            M("vae.reparam_stochastic.two_calls_sample_lat", "two calls of sample_latent with the same inputs returned the same z: the noise is fixed"),
            expected=M("vae.reparam_stochastic.fresh_epsilon_every", "a fresh epsilon on every call"),
            hint=M("vae.reparam_stochastic.draw_epsilon_inside", "Draw epsilon inside sample_latent on each call, with no fixed integer seed."),
        )
    traced = tf.function(lambda m, v: ctx.module.sample_latent(m, v))
    args = (tfwrap.as_batch(mean), tfwrap.as_batch(log_var))
    try:
        g1 = np.asarray(traced(*args))
        g2 = np.asarray(traced(*args))
    except Exception as exc:  # noqa: BLE001 - not traceable: the eager check above stands
        return M("vae.reparam_stochastic.two_eager_draws", "two eager draws differ (sample_latent does not trace under tf.function: {name})", name=type(exc).__name__)
    if np.array_equal(g1, g2):
        raise CheckFailed(
            M("vae.reparam_stochastic.inside_tf_function", (
                "inside tf.function, sample_latent returns the same z on every call: the noise was drawn "
                "once, when the graph was traced, and frozen into it (noise fixed at build time — NumPy "
                "or Python random)"
              )),
            expected=M("vae.reparam_stochastic.fresh_epsilon_every_2", "a fresh epsilon on every call of the traced function"),
            actual=M("vae.reparam_stochastic.identical_draws", "identical draws"),
            hint=M("vae.reparam_stochastic.draw_epsilon_keras", "Draw epsilon with keras.random.normal(ops.shape(z_mean)), not np.random."),
        )
    return M("vae.reparam_stochastic.two_draws_differ", "two draws differ, eagerly and under tf.function")


def _kl_candidates(m: np.ndarray, lv: np.ndarray) -> list[tuple[str, np.ndarray]]:
    expected = nm.gaussian_kl(m, lv)
    dims = m.shape[-1]
    return [
        (M("vae.kl_candidates.sign_flipped_kl", "the sign is flipped (KL is ½Σ(μ² + σ² − 1 − log σ²), never negative)"), -expected),
        (M("vae.kl_candidates.averages_over_latent", "it averages over the latent dimensions instead of summing"), expected / dims),
        (M("vae.kl_candidates.factor_missing", "the ½ factor is missing"), 2 * expected),
        (M("vae.kl_candidates.treats_z_log_var_log", "it treats z_log_var as log σ instead of log σ²"),
         0.5 * np.sum(m**2 + np.exp(2 * lv) - 1.0 - 2 * lv, axis=-1)),
        (M("vae.kl_candidates.term_missing", "the μ² term is missing"), 0.5 * np.sum(np.exp(lv) - 1.0 - lv, axis=-1)),
    ]


@suite.check("kl_divergence", needs=("contract",))
def kl_divergence(ctx: Context) -> str:
    """Closed forms (KL(0, 0) = 0; μ = 1 over 15 dims = 7.5), ≥ 0, and float64 NumPy on 1000 pairs."""
    rng = np.random.default_rng(SEED + 3)
    probes = [
        ("z_mean = 0, z_log_var = 0", np.zeros((4, 8)), np.zeros((4, 8)), 1e-6, 1e-6),
        ("z_mean = 1, z_log_var = 0, 15 dims", np.ones((4, 15)), np.zeros((4, 15)), 1e-6, 1e-5),
        (M("vae.kl_divergence.seeded_random_pairs", "1000 seeded random pairs"), rng.normal(0.0, 1.5, (1000, 8)), rng.uniform(-4.0, 3.0, (1000, 8)),
         nm.FIXTURE_RTOL, nm.FIXTURE_ATOL),
    ]
    for label, m, lv, rtol, atol in probes:
        what = f"kl_divergence({label})"
        with ctx.calling(what):
            value = ctx.module.kl_divergence(tfwrap.as_batch(m), tfwrap.as_batch(lv))
        array = nm.to_numpy(value, what)
        if array.shape != (len(m),):
            raise CheckFailed(
                M("vae.kl_divergence.has_shape_expected", "{what} has shape {shape}, expected ({len_m},): one value per example", what=what, shape=array.shape, len_m=len(m))
                + (M("vae.kl_divergence.looks_summed_averaged", " (it looks summed or averaged over the batch too)") if array.size == 1 else ""),
                expected=f"({len(m)},)",
                actual=str(array.shape),
                hint=M("vae.kl_divergence.sum_over_latent", "Sum over the latent axis only: ops.sum(..., axis=-1)."),
            )
        nm.require_finite(array, what)
        expected = nm.gaussian_kl(m, lv)
        if not nm.close(array, expected, rtol, atol):
            named = nm.diagnose(array, _kl_candidates(m, lv))
            negative = M("vae.kl_divergence.negative_values_kl", " (negative values: KL is never negative)") if array.min() < -1e-6 and not named else ""
            symptom = M("vae.kl_divergence.expected", "{what} = {nm_fmt_array}, expected {nm_fmt_expected}", what=what, nm_fmt_array=nm.fmt(array), nm_fmt_expected=nm.fmt(expected))
            raise CheckFailed(
                symptom + (f": {named}" if named else negative),
                expected=nm.fmt(expected),
                actual=nm.fmt(array),
                hint=M("vae.kl_divergence.kl_ops_sum", "KL = 0.5 * ops.sum(ops.square(z_mean) + ops.exp(z_log_var) - 1 - z_log_var, axis=-1)."),
                symptom=symptom,
            )
    return M("vae.kl_divergence.kl_dims_give", "KL(0, 0) = 0, 15 dims at μ = 1 give 7.5, ≥ 0 and equal to float64 NumPy on 1000 pairs")


@suite.check("reconstruction_loss", needs=("contract",))
def reconstruction_loss(ctx: Context) -> str:
    """(batch,) BCE summed over pixels, vs float64 NumPy on real images."""
    rng = np.random.default_rng(SEED + 4)
    x = ctx.data["train"][:8].astype(np.float64)
    recon = nm.sigmoid(rng.normal(0.0, 2.0, x.shape))
    recon = np.clip(recon, 0.01, 0.99)
    what = "reconstruction_loss(x, x_recon)"
    with ctx.calling(what):
        value = ctx.module.reconstruction_loss(tfwrap.as_batch(x), tfwrap.as_batch(recon))
    array = nm.to_numpy(value, what)
    per_pixel = nm.bce_probs(x, recon).reshape(len(x), -1)
    expected = per_pixel.sum(axis=1)
    if array.shape != (len(x),):
        named = nm.diagnose(array.reshape(-1)[:1], [(M("vae.reconstruction_loss.averages_over_pixels", "it averages over the pixels and the batch"), [per_pixel.mean()]),
                                                    (M("vae.reconstruction_loss.sums_over_batch", "it sums over the batch as well"), [expected.sum()]),
                                                    (M("vae.reconstruction_loss.averages_over_batch", "it averages over the batch"), [expected.mean()])]) if array.size == 1 else None
        raise CheckFailed(
            M("vae.reconstruction_loss.has_shape_expected", "{what} has shape {shape}, expected ({len_x},): one value per example", what=what, shape=array.shape, len_x=len(x)) + (f" ({named})" if named else ""),
            expected=f"({len(x)},)",
            actual=str(array.shape),
            hint=M("vae.reconstruction_loss.sum_per_pixel", "Sum the per-pixel BCE over the pixel axes only; average over the batch later, in train_step."),
        )
    nm.require_finite(array, what)
    if not nm.close(array, expected, nm.FIXTURE_RTOL, 1e-4):
        named = nm.diagnose(array, [
            (M("vae.reconstruction_loss.averages_bce_over", (
                 "it averages the BCE over the pixels instead of summing (784× too small: the KL term "
                 "then dominates)"
               )),
             per_pixel.mean(axis=1)),
            (M("vae.reconstruction_loss.arguments_swapped_reconstruc", (
                 "the arguments are swapped: reconstruction_loss(x, x_recon) is BCE(target=x, "
                 "prediction=x_recon)"
               )),
             nm.bce_probs(recon, x).reshape(len(x), -1).sum(axis=1)),
            (M("vae.reconstruction_loss.from_logit_mismatch_x_recon", "from_logits mismatch: x_recon holds probabilities (sigmoid outputs) but is treated as logits"),
             nm.bce_logits(x, recon).reshape(len(x), -1).sum(axis=1)),
            (M("vae.reconstruction_loss.uses_squared_error", "it uses squared error, not binary cross-entropy"), ((x - recon) ** 2).reshape(len(x), -1).sum(axis=1)),
        ])
        symptom = M("vae.kl_divergence.expected", "{what} = {nm_fmt_array}, expected {nm_fmt_expected}", what=what, nm_fmt_array=nm.fmt(array), nm_fmt_expected=nm.fmt(expected))
        raise CheckFailed(
            symptom + (f": {named}" if named else ""),
            expected=nm.fmt(expected),
            actual=nm.fmt(array),
            hint=M("vae.reconstruction_loss.ops_sum_keras", "ops.sum(keras.losses.binary_crossentropy(x, x_recon) reshaped to (batch, -1), axis=1)."),
            symptom=symptom,
        )
    return M("vae.reconstruction_loss.per_example_bce", "per-example BCE summed over pixels matches float64 NumPy")
