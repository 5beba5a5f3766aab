"""The WGAN-GP suite's registry, constants and unit checks: contract, shapes, the two
losses, and the gradient penalty on critics whose input gradients are known in closed form.

The step checks (:mod:`.probes`) and the training checks (:mod:`.training`) are
registered after these.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import keras
import numpy as np
import tensorflow as tf

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib import probes as pb
from quiz.exercises.checklib import tfwrap
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.generators import check_tanh_generator, scores_on_probes
from quiz.exercises.checklib.loader import check_contract, load_module
from quiz.exercises.checklib.registry import CheckFailed, Suite
from quiz.exercises.checklib.training import SampleDistance
from quiz.exercises.messages import M

suite = Suite("wgan_gp")

Z_DIM = 64
IMG_SHAPE = (28, 28, 1)
PIXELS = 28 * 28
SEED = 4321
GP_WEIGHT = 10.0
N_TRAIN, N_EVAL = 2048, 256
DATA_SIZE = N_TRAIN + N_EVAL

CONTRACT = {
    "build_generator": (["z_dim"], 1),
    "build_critic": (["img_shape"], 1),
    "gradient_penalty": (["critic", "real", "fake", "epsilon"], 3),
    "critic_loss": (["real_scores", "fake_scores"], 2),
    "generator_loss": (["fake_scores"], 1),
    "critic_step": (["generator", "critic", "c_optimizer", "real_images", "z_dim", "gp_weight"], 5),
    "generator_step": (["generator", "critic", "g_optimizer", "batch_size", "z_dim"], 5),
}


def prepare_data(images: np.ndarray) -> dict[str, Any]:
    """Training and evaluation sets scaled to [-1, 1] (the generator's tanh range)."""
    scaled = images * 2.0 - 1.0
    real_eval = scaled[N_TRAIN : N_TRAIN + N_EVAL]
    return {"train": scaled[:N_TRAIN], "eval": real_eval, "distance": SampleDistance(real_eval)}


def name_mistake(results: list[tuple[float, float, list[tuple[str, float]]]], rtol: float = nm.DIAGNOSE_RTOL) -> str | None:
    """The first known mistake whose value matches the actual one on every probe.

    ``results``: per probe (actual, expected, [(explanation, value of that mistake)]),
    the candidate lists in the same order on every probe.
    """
    if not results:
        return None
    for i, (reason, _) in enumerate(results[0][2]):
        if all(math.isfinite(a) and nm.close(a, cands[i][1], rtol, 1e-6) for a, _, cands in results):
            return reason
    return None


# ---------------------------------------------------------------- contract and shapes

@suite.check("contract")
def contract(ctx: Context) -> str:
    """The file imports; the seven functions exist with the contract's signatures."""
    ctx.module = load_module(ctx.submission, ctx.state["module_name"])
    check_contract(ctx.module, CONTRACT)
    return M("lib.contract.present", "imports; {names} present", names=", ".join(CONTRACT))


@suite.check("generator_output", needs=("contract",))
def generator_output(ctx: Context) -> str:
    """build_generator(z_dim): (N, 28, 28, 1) float32 in [-1, 1], varying with z."""
    return check_tanh_generator(ctx, SEED, (16, Z_DIM))


@suite.check("critic_output", needs=("contract",))
def critic_output(ctx: Context) -> str:
    """build_critic(img_shape): (N, 1) finite unbounded scores; each example's score independent of the batch."""
    critic, values = scores_on_probes(ctx, "build_critic", SEED, "critic")
    real = ctx.data["train"]
    if values.min() >= 0.0 and values.max() <= 1.0:
        raise CheckFailed(
            M("wgan_gp.critic_output.critic_scores_all", (
                "critic scores all lie in [0, 1] (range [{values_min:.3g}, {values_max:.3g}], even on "
                "inputs scaled ×100): the critic ends with a sigmoid, but a Wasserstein critic's scores "
                "are unbounded"
              ), values_min=values.min(), values_max=values.max()),
            expected=M("wgan_gp.critic_output.unbounded_scores_any", "unbounded scores (any real number)"),
            actual=f"[{values.min():.4g}, {values.max():.4g}]",
            hint=M("wgan_gp.critic_output.remove_final_sigmoid", (
                     "Remove the final sigmoid: the critic is not a classifier, its last layer is Dense(1) "
                     "with no activation."
                   )),
        )
    if values.min() >= 0.0:
        raise CheckFailed(
            M("wgan_gp.critic_output.critic_scores_never", (
                "critic scores are never negative (range [{values_min:.3g}, {values_max:.3g}] over 5 "
                "very different batches): the critic ends in a ReLU or another non-negative activation"
              ), values_min=values.min(), values_max=values.max()),
            expected=M("wgan_gp.critic_output.unbounded_scores_both", "unbounded scores of both signs"),
            actual=f"[{values.min():.4g}, {values.max():.4g}]",
            hint=M("wgan_gp.critic_output.end_critic_layers", "End the critic with layers.Dense(1) and no activation."),
        )
    # Batch statistics: in training mode each example's score must not depend on the others
    # (the penalty is per example). Only when the critic is deterministic (no dropout).
    batch = tfwrap.as_batch(real[:16])
    with ctx.calling(M("wgan_gp.critic_output.critic_real_images", "the critic on 16 real images with training=True")):
        first = nm.to_numpy(critic(batch, training=True), M("wgan_gp.critic_output.critic_training_true", "the critic (training=True)"))
        again = nm.to_numpy(critic(batch, training=True), M("wgan_gp.critic_output.critic_training_true", "the critic (training=True)"))
        alone = nm.to_numpy(critic(batch[:4], training=True), M("wgan_gp.critic_output.critic_training_true", "the critic (training=True)"))
    if np.allclose(first, again, rtol=1e-5, atol=1e-6) and not np.allclose(first[:4], alone, rtol=1e-3, atol=1e-4):
        gap = float(np.abs(first[:4] - alone).max())
        raise CheckFailed(
            M("wgan_gp.critic_output.training_mode_image", (
                "in training mode, an image's critic score changes with the rest of the batch (by up to "
                "{gap:.3g} between a batch of 16 and its first 4 alone): batch normalisation in the "
                "critic. The gradient penalty is per example; batch statistics make each score depend on "
                "the other images"
              ), gap=gap),
            expected=M("wgan_gp.critic_output.per_example_scores", "per-example scores"),
            actual=M("wgan_gp.critic_output.difference_up", "difference up to {gap:.3g}", gap=gap),
            hint=M("wgan_gp.critic_output.remove_batchnorma_from", "Remove BatchNormalization from the critic (LayerNormalization, or no normalisation, is fine)."),
        )
    return M("wgan_gp.critic_output.shape_n_n", (
               "shape (N, 1) for N = 1, 7, 64; scores range over [{values_min:.3g}, {values_max:.3g}]; "
               "no batch statistics"
             ), values_min=values.min(), values_max=values.max())


# ---------------------------------------------------------------- the two losses

def _check_values(name: str, probes: list, evaluate: Callable, candidates: Callable, hint: str) -> str:
    """Evaluate a loss on every probe (label, inputs…); fail naming a mistake that fits every probe."""
    results = []
    for label, *inputs in probes:
        actual = evaluate(*inputs)
        expected, cands = candidates(*inputs)
        results.append((actual, expected, cands, label))
    failing = [r for r in results if not (math.isfinite(r[0]) and nm.close(r[0], r[1], nm.FIXTURE_RTOL, nm.FIXTURE_ATOL))]
    if not failing:
        return M("wgan_gp.check_values.matches_float64_numpy", "{name} matches float64 NumPy on {len_probes} fixtures", name=name, len_probes=len(probes))
    actual, expected, _, label = failing[0]
    nm.require_finite(actual, f"{name}({label})")
    named = name_mistake([(a, e, c) for a, e, c, _ in results])
    message = M("wgan_gp.check_values.expected", "{name}({label}) = {actual:.6g}, expected {expected:.6g}", name=name, label=label, actual=actual, expected=expected)
    raise CheckFailed(M("gan.check_loss.message_named", "{message}: {named}", message=message, named=named) if named else message, expected=f"{expected:.6g}", actual=f"{actual:.6g}",
                      hint=hint)


def _score_probes(seed: int) -> list:
    rng = np.random.default_rng(seed)
    return [
        (M("wgan_gp.score_probes.equal_scores", "equal scores 0.7"), np.full((64, 1), 0.7), np.full((64, 1), 0.7)),
        (M("wgan_gp.score_probes.seeded_random_scores", "seeded random scores, batch 64"), rng.normal(1.5, 2.0, (64, 1)), rng.normal(-0.5, 2.0, (64, 1))),
        (M("wgan_gp.score_probes.seeded_random_scores_2", "seeded random scores, batch 7"), rng.normal(-2.0, 3.0, (7, 1)), rng.normal(1.0, 1.0, (7, 1))),
    ]


def critic_candidates(real: np.ndarray, fake: np.ndarray) -> tuple[float, list[tuple[str, float]]]:
    expected = float(np.mean(fake) - np.mean(real))
    return expected, [
        (M("wgan_gp.critic_candidates.sign_flipped_critic", (
             "the sign is flipped: the critic minimises mean(fake) − mean(real), so real images get "
             "high scores"
           )),
         -expected),
        (M("wgan_gp.critic_candidates.this_gan_discrimina", (
             "this is the GAN discriminator's cross-entropy, not the Wasserstein critic loss (no BCE, "
             "no sigmoid in WGAN)"
           )),
         float(np.mean(nm.bce_logits(1, real)) + np.mean(nm.bce_logits(0, fake)))),
        (M("wgan_gp.critic_candidates.scores_summed_over", "the scores are summed over the batch instead of averaged"), float(np.sum(fake) - np.sum(real))),
        (M("wgan_gp.critic_candidates.only_fake_term", "only the fake term is there: the real images' −mean(real_scores) is missing"), float(np.mean(fake))),
        (M("wgan_gp.critic_candidates.only_real_term", "only the real term is there: the generated images' mean(fake_scores) is missing"), float(-np.mean(real))),
        (M("wgan_gp.critic_candidates.two_terms_averaged", "the two terms are averaged (halved): the loss is mean(fake) − mean(real)"), expected / 2),
    ]


def generator_candidates(fake: np.ndarray) -> tuple[float, list[tuple[str, float]]]:
    expected = float(-np.mean(fake))
    return expected, [
        (M("wgan_gp.generator_candidates.sign_flipped_generator", (
             "the sign is flipped: the generator maximises the critic's score of its samples, so its "
             "loss is −mean"
           )),
         -expected),
        (M("wgan_gp.generator_candidates.this_non_saturating", (
             "this is the non-saturating GAN loss (BCE with label 1), not the Wasserstein generator "
             "loss −mean(fake_scores)"
           )),
         float(np.mean(nm.bce_logits(1, fake)))),
        (M("wgan_gp.critic_candidates.scores_summed_over", "the scores are summed over the batch instead of averaged"), float(-np.sum(fake))),
    ]


@suite.check("critic_loss", needs=("contract",))
def critic_loss(ctx: Context) -> str:
    """critic_loss = mean(fake) − mean(real) on fixed scores, vs float64 NumPy."""

    def evaluate(real: np.ndarray, fake: np.ndarray) -> float:
        what = "critic_loss(real_scores, fake_scores)"
        with ctx.calling(what):
            value = ctx.module.critic_loss(tfwrap.as_batch(real), tfwrap.as_batch(fake))
        return nm.scalar(value, what)

    return _check_values("critic_loss", _score_probes(SEED + 2), evaluate, critic_candidates,
                         M("wgan_gp.critic_loss.critic_los_ops_mean", (
                             "critic_loss = ops.mean(fake_scores) - ops.mean(real_scores); the penalty is added in "
                             "critic_step."
                           )))


@suite.check("generator_loss", needs=("contract",))
def generator_loss(ctx: Context) -> str:
    """generator_loss = −mean(fake) on fixed scores, vs float64 NumPy."""

    def evaluate(_real: np.ndarray, fake: np.ndarray) -> float:
        what = "generator_loss(fake_scores)"
        with ctx.calling(what):
            value = ctx.module.generator_loss(tfwrap.as_batch(fake))
        return nm.scalar(value, what)

    return _check_values("generator_loss", _score_probes(SEED + 3), evaluate,
                         lambda _r, fake: generator_candidates(fake), "generator_loss = -ops.mean(fake_scores).")


# ---------------------------------------------------------------- the gradient penalty

def linear_critic(kernel: np.ndarray, bias: float) -> keras.Model:
    """f(x) = w·x + b: its input gradient is w everywhere."""
    model = keras.Sequential([keras.Input(IMG_SHAPE), keras.layers.Flatten(), keras.layers.Dense(1)], name="linear_critic")
    pb.set_dense(model.layers[1], kernel.reshape(PIXELS, 1), np.array([bias]))
    return model


class _Quadratic(keras.layers.Layer):
    """f(x) = Σ ½·a·x² + w·x + b over the pixels: input gradient a ⊙ x + w."""

    def build(self, input_shape):
        self.a = self.add_weight(shape=(PIXELS,), initializer="zeros", name="a")
        self.w = self.add_weight(shape=(PIXELS,), initializer="zeros", name="w")
        self.b = self.add_weight(shape=(1,), initializer="zeros", name="b")

    def call(self, x):
        flat = keras.ops.reshape(x, (keras.ops.shape(x)[0], PIXELS))
        return keras.ops.sum(0.5 * self.a * flat * flat + self.w * flat, axis=1, keepdims=True) + self.b


def quadratic_critic(a: np.ndarray, w: np.ndarray) -> keras.Model:
    model = keras.Sequential([keras.Input(IMG_SHAPE), _Quadratic()], name="quadratic_critic")
    layer = model.layers[0]
    layer.a.assign(a.astype(np.float32))
    layer.w.assign(w.astype(np.float32))
    return model


def _linear_candidates(w_img: np.ndarray, batch: int) -> tuple[float, list[tuple[str, float]]]:
    """The penalty of a linear critic with kernel ``w_img`` (28, 28, 1), right and as the known mistakes give it."""
    norm = float(np.sqrt(np.sum(w_img**2)))
    expected = (norm - 1.0) ** 2

    def over(axis) -> float:
        return float(np.mean((np.sqrt(np.sum(w_img**2, axis=axis)) - 1.0) ** 2))

    return expected, [
        (M("wgan_gp.linear_candidates.norm_taken_over", (
             "the norm is taken over the whole batch at once, not per example (one norm of the full "
             "gradient tensor)"
           )),
         (math.sqrt(batch) * norm - 1.0) ** 2),
        (M("wgan_gp.linear_candidates.squared_norm_used", "the squared norm is used instead of the norm (‖g‖² − 1)²"), (norm**2 - 1.0) ** 2),
        (M("wgan_gp.linear_candidates.gradient_taken_mean", (
             "the gradient is taken of the mean of the critic's scores, so each example's gradient is "
             "divided by the batch size: differentiate the scores themselves (or their sum)"
           )), (norm / batch - 1.0) ** 2),
        (M("wgan_gp.linear_candidates.norm_taken_over_2", "the norm is taken over axis 1 only, not over all non-batch axes (1, 2, 3)"), over(0)),
        (M("wgan_gp.linear_candidates.norm_taken_over_3", "the norm is taken over axis 2 only, not over all non-batch axes (1, 2, 3)"), over(1)),
        (M("wgan_gp.linear_candidates.norm_taken_over_4", "the norm is taken over the last axis only (per pixel), not over all non-batch axes (1, 2, 3)"), over(2)),
        (M("wgan_gp.linear_candidates.penalty_one_sided", "the penalty is one-sided, max(0, ‖g‖ − 1)²: the contract's penalty is two-sided (‖g‖ − 1)²"),
         max(0.0, norm - 1.0) ** 2),
        (M("wgan_gp.linear_candidates.g_not_squared", "(‖g‖ − 1) is not squared"), norm - 1.0),
        (M("wgan_gp.linear_candidates.g_used_instead", "|‖g‖ − 1| is used instead of its square"), abs(norm - 1.0)),
        (M("wgan_gp.linear_candidates.penalty_summed_over", "the penalty is summed over the batch instead of averaged"), batch * expected),
        (M("wgan_gp.linear_candidates.penalty_multiplied_inside", (
             "the penalty is multiplied by 10 inside gradient_penalty: the weight belongs in "
             "critic_step (gp_weight)"
           )),
         10.0 * expected),
    ]


def _gp_value(ctx: Context, critic: Any, real: np.ndarray, fake: np.ndarray, epsilon: np.ndarray | None) -> float:
    what = M("wgan_gp.gp_value.gradient_p_critic_real", "gradient_penalty(critic, real, fake{epsilon_if_epsilon_is_no}) on a batch of {len_real}", epsilon_if_epsilon_is_no=', epsilon' if epsilon is not None else '', len_real=len(real))
    args = [critic, tfwrap.as_batch(real), tfwrap.as_batch(fake)]
    if epsilon is not None:
        args.append(tfwrap.as_batch(epsilon))
    with ctx.calling(what):
        value = ctx.module.gradient_penalty(*args)
    return nm.scalar(value, what)


@suite.check("gp_linear", needs=("contract",))
def gp_linear(ctx: Context) -> str:
    """On linear critics w·x + b the penalty is exactly (‖w‖ − 1)², and its gradient w.r.t. w is 2(‖w‖ − 1)·w/‖w‖."""
    rng = np.random.default_rng(SEED + 4)
    results = []
    for batch, norm, given in ((16, 2.5, False), (7, 0.4, True), (32, 1.7, False)):
        direction = rng.normal(0.0, 1.0, IMG_SHAPE)
        w_img = direction / np.linalg.norm(direction) * norm
        critic = linear_critic(w_img, 0.3)
        real = rng.uniform(-1, 1, (batch, *IMG_SHAPE))
        fake = rng.uniform(-1, 1, (batch, *IMG_SHAPE))
        epsilon = rng.uniform(0, 1, (batch, 1, 1, 1)) if given else None
        actual = _gp_value(ctx, critic, real, fake, epsilon)
        expected, cands = _linear_candidates(w_img, batch)
        results.append((actual, expected, cands, M("wgan_gp.gp_linear.batch_w", "batch {batch}, ‖w‖ = {norm}", batch=batch, norm=norm)))
    for actual, expected, _, label in results:
        nm.require_finite(actual, M("wgan_gp.gp_linear.gradient_p_linear_critic", "gradient_penalty on a linear critic ({label})", label=label))
        if not nm.close(actual, expected, 1e-4, 1e-6):
            named = name_mistake([(a, e, c) for a, e, c, _ in results], rtol=1e-3)
            message = (M("wgan_gp.gp_linear.gradient_p_linear_critic_2", (
                           "gradient_penalty on a linear critic w·x + b ({label}) = {actual:.6g}, expected (‖w‖ − "
                           "1)² = {expected:.6g} (the critic's gradient is w at every point)"
                         ), label=label, actual=actual, expected=expected))
            raise CheckFailed(
                M("gan.check_loss.message_named", "{message}: {named}", message=message, named=named) if named else message,
                expected=f"{expected:.6g}",
                actual=f"{actual:.6g}",
                hint=M("wgan_gp.gp_linear.grads_tape_gradient", (
                         "grads = tape.gradient(scores, x_hat); norm = ops.sqrt(ops.sum(ops.square(grads), "
                         "axis=[1, 2, 3])); return ops.mean(ops.square(norm - 1.0))."
                       )),
            )
    # The penalty's gradient with respect to the critic's weights, in closed form.
    batch, norm = 16, 2.5
    direction = rng.normal(0.0, 1.0, IMG_SHAPE)
    w_img = direction / np.linalg.norm(direction) * norm
    critic = linear_critic(w_img, -0.2)
    real, fake = rng.uniform(-1, 1, (2, batch, *IMG_SHAPE))
    variables = critic.trainable_variables
    what = M("wgan_gp.gp_linear.gradient_gradient_p_critic", "the gradient of gradient_penalty(critic, real, fake) w.r.t. the critic's weights")
    with ctx.calling(what):
        with tf.GradientTape() as tape:
            value = ctx.module.gradient_penalty(critic, tfwrap.as_batch(real), tfwrap.as_batch(fake))
        grads = tape.gradient(value, variables)
    if all(g is None for g in grads) or not np.any(pb.flat([g for g in grads if g is not None])):
        raise CheckFailed(
            M("wgan_gp.gp_linear.gradient_p_gives_no", (
                "gradient_penalty gives no gradient with respect to the critic's weights: the penalty is "
                "computed outside what the caller's tape can see (NumPy, tf.stop_gradient, or .numpy() "
                "on the gradients), so critic_step would never feel it"
              )),
            expected=M("wgan_gp.gp_linear.gradient_w_w", "a gradient 2(‖w‖ − 1)·w/‖w‖ for a linear critic"),
            actual=M("wgan_gp.gp_linear.none_zero", "None or zero"),
            hint=M("wgan_gp.gp_linear.keep_everything_tensorflow", "Keep everything in TensorFlow / keras.ops; the inner tape's gradient is itself differentiable."),
        )
    kernel_grad = nm.to_numpy(grads[0], what).reshape(IMG_SHAPE)
    bias_grad = 0.0 if grads[1] is None else float(np.abs(nm.to_numpy(grads[1], what)).max())
    expected_grad = 2.0 * (norm - 1.0) * w_img / norm
    error = float(np.abs(kernel_grad - expected_grad).max() / np.abs(expected_grad).max())
    if error > 1e-3 or bias_grad > 1e-5:
        ratio = float(np.sum(kernel_grad * expected_grad) / np.sum(expected_grad**2))
        raise CheckFailed(
            M("wgan_gp.gp_linear.gradient_penalty_w", (
                "the gradient of the penalty w.r.t. the linear critic's kernel is off by {error:.3g} "
                "(relative), {ratio:.3g}× the closed form 2(‖w‖ − 1)·w/‖w‖ along it"
              ), error=error, ratio=ratio)
            + (M("wgan_gp.gp_linear.bias_gets_gradient", "; its bias gets a gradient {bias_grad:.3g}, expected 0", bias_grad=bias_grad) if bias_grad > 1e-5 else ""),
            expected=M("wgan_gp.gp_linear.w_w_w", "2(‖w‖ − 1)·w/‖w‖ and 0 for the bias"),
            actual=M("wgan_gp.gp_linear.relative_error", "relative error {error:.3g}", error=error),
            hint=M("wgan_gp.gp_linear.return_ops_mean", (
                     "Return ops.mean(ops.square(norm - 1.0)) built from tape.gradient(scores, x_hat), all in "
                     "TensorFlow."
                   )),
        )
    return (M("wgan_gp.gp_linear.linear_critics_w", (
                "linear critics: (‖w‖ − 1)² exactly at batch 16, 7, 32 (‖w‖ = 2.5, 0.4, 1.7), and the "
                "closed-form gradient w.r.t. the weights"
              )))


# ---------------------------------------------------------------- where the penalty looks

def fit_epsilon(x: np.ndarray, real: np.ndarray, fake: np.ndarray) -> tuple[np.ndarray, float]:
    """Per example, the ε with x ≈ ε·real + (1 − ε)·fake (least squares), and the worst residual."""
    n = len(x)
    d = (real - fake).reshape(n, -1)
    eps = np.sum((x - fake).reshape(n, -1) * d, axis=1) / np.maximum(np.sum(d * d, axis=1), 1e-12)
    residual = float(np.abs(x - (eps.reshape(-1, 1, 1, 1) * real + (1.0 - eps.reshape(-1, 1, 1, 1)) * fake)).max())
    return eps, residual


def classify_points(x: np.ndarray, real: np.ndarray, fake: np.ndarray, epsilon: np.ndarray | None) -> str | None:
    """Why the points x (the critic's input inside the penalty) are not the contract's interpolates, or None."""
    if x.shape != real.shape:
        return M("wgan_gp.classify_points.critic_evaluated_batch", (
                   "the critic is evaluated on a batch of shape {shape}, expected {shape_2} (one "
                   "interpolate per example)"
                 ), shape=x.shape, shape_2=real.shape)
    if np.allclose(x, real, atol=1e-6):
        return M("wgan_gp.classify_points.penalty_taken_real", "the penalty is taken at the real images, not at interpolates between real and generated ones")
    if np.allclose(x, fake, atol=1e-6):
        return M("wgan_gp.classify_points.penalty_taken_generated", (
                   "the penalty is taken at the generated images, not at interpolates between real and "
                   "generated ones"
                 ))
    eps, residual = fit_epsilon(x, real, fake)
    if residual > 1e-4:
        with np.errstate(divide="ignore", invalid="ignore"):
            per_pixel = (x - fake) / (real - fake)
        inside = per_pixel[np.abs(real - fake) > 1e-3]
        if inside.size and inside.min() >= -1e-5 and inside.max() <= 1 + 1e-5:
            return (M("wgan_gp.classify_points.epsilon_drawn_per", (
                        "epsilon is drawn per pixel: every pixel gets its own mix, so the points are not on the "
                        "segment between a real and a generated image; epsilon has shape (batch, 1, 1, 1)"
                      )))
        return (M("wgan_gp.classify_points.critic_evaluated_points", (
                    "the critic is evaluated at points that are not of the form ε·real + (1 − ε)·fake (off "
                    "by up to {residual:.3g})"
                  ), residual=residual))
    if epsilon is not None:
        given = epsilon.reshape(-1)
        if np.allclose(eps, 1.0 - given, atol=1e-4) and not np.allclose(eps, given, atol=1e-4):
            return (M("wgan_gp.classify_points.epsilon_epsilon_swapped", (
                        "epsilon and 1 − epsilon are swapped (keras.io's convention): here epsilon multiplies "
                        "the real images, x_hat = epsilon·real + (1 − epsilon)·fake"
                      )))
        if not np.allclose(eps, given, atol=1e-4):
            return M("wgan_gp.classify_points.epsilon_passed_ignored", "the epsilon passed in is ignored: use it when it is given, draw one only when it is None")
    return None


def _points(log: pb.Log, batch: int) -> list[np.ndarray]:
    return [c.inputs for c in log.of("C") if c.inputs.shape[0] == batch]


@suite.check("gp_interpolates", needs=("gp_linear",))
def gp_interpolates(ctx: Context) -> str:
    """On a quadratic critic: the critic is evaluated at x̂ = ε·real + (1 − ε)·fake, ε per example ~ U[0, 1),
    fresh per call, and the penalty equals float64 NumPy at those points."""
    rng = np.random.default_rng(SEED + 5)
    a = rng.uniform(0.5, 3.0, PIXELS)
    w = rng.normal(0.0, 0.05, PIXELS)
    critic = quadratic_critic(a, w)
    log = pb.Log()
    spy = pb.Recorder(critic, "C", log)
    drawn: list[np.ndarray] = []
    for batch, given in ((16, True), (7, True), (64, False), (64, False), (64, False), (64, False), (7, False)):
        real = rng.uniform(-1, 1, (batch, *IMG_SHAPE))
        fake = rng.uniform(-1, 1, (batch, *IMG_SHAPE))
        epsilon = rng.uniform(0, 1, (batch, 1, 1, 1)) if given else None
        log.clear()
        actual = _gp_value(ctx, spy, real, fake, epsilon)
        points = _points(log, batch)
        if not points:
            raise CheckFailed(
                M("wgan_gp.gp_interpolates.gradient_p_never_called", "gradient_penalty never called the critic on a batch of {batch} points", batch=batch),
                expected=M("wgan_gp.gp_interpolates.critic_x_hat_batch", "critic(x_hat) on the batch of interpolates"),
                hint=M("wgan_gp.gp_interpolates.score_x_hat_epsilon", (
                         "Score x_hat = epsilon * real + (1 - epsilon) * fake with the critic under a tape "
                         "watching x_hat."
                       )),
            )
        x = points[-1]
        reason = classify_points(x, real, fake, epsilon)
        if reason is not None:
            raise CheckFailed(
                M("wgan_gp.gp_interpolates.gradient_p_batch", "gradient_penalty (batch {batch}{epsilon_given_if_given_e}): {reason}", batch=batch, epsilon_given_if_given_e=M("wgan_gp.gp_interpolates.epsilon_given", ", epsilon given") if given else '', reason=reason),
                expected=M("wgan_gp.gp_interpolates.x_hat_epsilon_real", "x_hat = epsilon * real + (1 - epsilon) * fake, epsilon of shape (batch, 1, 1, 1)"),
                hint=M("wgan_gp.gp_interpolates.epsilon_keras_random", (
                         "epsilon = keras.random.uniform((batch, 1, 1, 1)) when it is None; x_hat = epsilon * "
                         "real + (1 - epsilon) * fake."
                       )),
            )
        eps, _ = fit_epsilon(x, real, fake)
        grad = a * x.reshape(batch, -1) + w
        expected = float(np.mean((np.sqrt(np.sum(grad**2, axis=1)) - 1.0) ** 2))
        nm.require_finite(actual, M("wgan_gp.gp_interpolates.gradient_p_quadratic_critic", "gradient_penalty on a quadratic critic (batch {batch})", batch=batch))
        if not nm.close(actual, expected, 1e-4, 1e-6):
            raise CheckFailed(
                M("wgan_gp.gp_interpolates.gradient_p_quadratic_critic_2", (
                    "gradient_penalty on a quadratic critic (batch {batch}) = {actual:.6g}, but at the "
                    "points it evaluated the critic on, mean (‖∇f(x̂)‖ − 1)² = {expected:.6g}"
                  ), batch=batch, actual=actual, expected=expected),
                expected=f"{expected:.6g}",
                actual=f"{actual:.6g}",
                hint=M("wgan_gp.gp_interpolates.differenti_critic_s", "Differentiate the critic's scores at x_hat (tape.watch(x_hat)) and use that gradient."),
            )
        if not given:
            drawn.append(eps)
    if any(np.ptp(e) < 1e-6 for e in drawn):
        raise CheckFailed(
            M("wgan_gp.gp_interpolates.one_epsilon_shared", (
                "one epsilon is shared by the whole batch: the contract draws one per example, shape "
                "(batch, 1, 1, 1)"
              )),
            expected=M("wgan_gp.gp_interpolates.different_epsilon_each", "a different epsilon for each example"),
            hint=M("wgan_gp.gp_interpolates.keras_random_uniform", "keras.random.uniform((batch, 1, 1, 1))."),
        )
    if any(np.allclose(drawn[i], drawn[i + 1]) for i in range(3)):
        raise CheckFailed(
            M("wgan_gp.gp_interpolates.two_calls_gradient_p", (
                "two calls of gradient_penalty drew the same epsilon: a fixed seed, or epsilon drawn "
                "once and reused"
              )),
            expected=M("wgan_gp.gp_interpolates.fresh_epsilon_every", "fresh epsilon on every call"),
            hint=M("wgan_gp.gp_interpolates.keras_random_uniform_2", (
                     "keras.random.uniform((batch, 1, 1, 1)) with no integer seed (or a SeedGenerator made "
                     "once, outside)."
                   )),
        )
    values = np.concatenate(drawn[:4])
    lo, hi, mean, std = values.min(), values.max(), values.mean(), values.std()
    if lo < -1e-6 or hi > 1 + 1e-6 or abs(mean - 0.5) > 0.08 or abs(std - math.sqrt(1 / 12)) > 0.06:
        kind = M("wgan_gp.gp_interpolates.normal_noise", " (normal noise?)") if lo < -1e-6 or hi > 1 + 1e-6 else ""
        raise CheckFailed(
            M("wgan_gp.gp_interpolates.drawn_epsilons_range", (
                "256 drawn epsilons range over [{lo:.3g}, {hi:.3g}] with mean {mean:.3g} and std "
                "{std:.3g}: not U[0, 1){kind}"
              ), lo=lo, hi=hi, mean=mean, std=std, kind=kind),
            expected=M("wgan_gp.gp_interpolates.uniform_mean_std", "uniform on [0, 1): mean 0.5, std 0.289"),
            actual=M("vae.check_sampling.mean_std", "mean {mean:.3g}, std {std:.3g}", mean=mean, std=std),
            hint=M("wgan_gp.gp_interpolates.keras_random_uniform_3", "keras.random.uniform((batch, 1, 1, 1)) (minval 0, maxval 1)."),
        )
    return (M("wgan_gp.gp_interpolates.x_real_fake", (
                "x̂ = ε·real + (1 − ε)·fake with ε per example (256 draws: mean {mean:.3f}, std "
                "{std:.3f}), fresh per call, the given ε used; the penalty matches float64 on a "
                "quadratic critic"
              ), mean=mean, std=std))
