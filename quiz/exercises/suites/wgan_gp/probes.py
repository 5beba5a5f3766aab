"""The two steps examined from inside, on small networks the checker builds.

``critic_step`` and ``generator_step`` are called eagerly on a linear-tanh generator
and a one-hidden-layer tanh critic with fixed weights, wrapped in recorders, with
plain SGD: the update is exactly ``-lr × gradient``. The checker reads off the
recordings the noise the generator received and the points the critic was scored at
(real rows, generated rows and the interpolates of the penalty), computes the
gradient of the contract's loss on those same inputs, and compares. A penalty that is
missing, not differentiated, weighted by a hard-coded 10, or a Wasserstein term with
the wrong sign gives a different update, whatever number the step returns. Several
batch sizes, noise sizes and penalty weights, so a step that assumes 64 or 10 is caught.
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
from quiz.exercises.suites.gan.probes import build_probe_generator
from quiz.exercises.suites.wgan_gp.units import IMG_SHAPE, PIXELS, classify_points
from quiz.exercises.messages import M

# (batch, z_dim, gp_weight) of the critic probes; (batch, z_dim) of the generator probes. Two
# sizes, neither the training checks' 64 × 64 (a hard-coded 64 shows at both), two penalty
# weights; the 64 × 64 size added nothing the planted bugs or the red team needed (each
# probe size costs ~0.15 s of the run).
CRITIC_SIZES = ((32, 24, 5.0), (7, 100, 10.0))
GEN_SIZES = ((32, 24), (7, 100))
PROBE_LR = 2e-3
PROBE_SEED = 991
HIDDEN = 16
# The critic's first-layer scale: input-gradient norms ~1.5, so the penalty's gradient and
# the Wasserstein term's are of the same order (neither hides the other's mistakes).
CRITIC_SCALE = 0.45


def build_probe_critic(rng: np.random.Generator) -> keras.Model:
    """image -> Dense(16, tanh) -> Dense(1): smooth, so the penalty has a second-order gradient."""
    model = keras.Sequential([keras.Input(IMG_SHAPE), keras.layers.Flatten(),
                              keras.layers.Dense(HIDDEN, activation="tanh"), keras.layers.Dense(1)], name="probe_critic")
    pb.set_dense(model.layers[1], rng.normal(0.0, CRITIC_SCALE / np.sqrt(PIXELS), (PIXELS, HIDDEN)),
                 rng.normal(0.0, 0.5, HIDDEN))
    pb.set_dense(model.layers[2], rng.normal(0.0, 1.0, (HIDDEN, 1)), np.array([0.2]))
    return model


@dataclass
class Run:
    """One eager call of a step on the probe networks, and what it did."""

    batch: int
    z_dim: int
    gp_weight: float
    real: np.ndarray | None
    generator: keras.Model
    critic: keras.Model
    g_before: list[np.ndarray]
    c_before: list[np.ndarray]
    g_delta: np.ndarray
    c_delta: np.ndarray
    log: pb.Log
    result: Any
    lr_after: float

    @property
    def size(self) -> str:
        return M("gan.check_d_update.batch_z_dim", "batch {batch}, z_dim {z_dim}", batch=self.batch, z_dim=self.z_dim)

    def at_start(self, fn: Callable[[], Any]) -> Any:
        return pb.at_weights([(self.generator.trainable_variables, self.g_before),
                              (self.critic.trainable_variables, self.c_before)], fn)


def _run(ctx: Context, step: Callable, batch: int, z_dim: int, gp_weight: float, learner: str) -> Run:
    rng = np.random.default_rng(PROBE_SEED + batch + z_dim)
    generator = build_probe_generator(z_dim, rng)
    critic = build_probe_critic(rng)
    log = pb.Log()
    label = "c_optimizer" if learner == "C" else "g_optimizer"
    opt = pb.RecordingSGD(PROBE_LR, label, log)
    opt.build(generator.trainable_variables + critic.trainable_variables)
    g_before = tfwrap.snapshot(generator.trainable_variables)
    c_before = tfwrap.snapshot(critic.trainable_variables)
    g_seen, c_seen = pb.Recorder(generator, "G", log), pb.Recorder(critic, "C", log)
    if learner == "C":
        train = ctx.data["train"]
        real = train[rng.integers(0, len(train), batch)].astype(np.float32)
        what = M("wgan_gp.run.critic_ste_batch_z_dim", "critic_step on a batch of {batch} with z_dim {z_dim}, gp_weight {gp_weight:g}", batch=batch, z_dim=z_dim, gp_weight=gp_weight)
        with ctx.calling(what):
            result = step(g_seen, c_seen, opt, tf.constant(real), z_dim, gp_weight)
    else:
        real = None
        what = M("wgan_gp.run.generator__batch_size_z_dim", "generator_step with batch_size {batch}, z_dim {z_dim}", batch=batch, z_dim=z_dim)
        with ctx.calling(what):
            result = step(g_seen, c_seen, opt, batch, z_dim)
    return Run(batch, z_dim, gp_weight, real, generator, critic, g_before, c_before,
               pb.delta(generator.trainable_variables, g_before), pb.delta(critic.trainable_variables, c_before),
               log, result, float(np.asarray(opt.learning_rate)))


def _distinct(arrays: list[np.ndarray]) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for a in arrays:
        if not any(u.shape == a.shape and np.array_equal(u, a) for u in out):
            out.append(a)
    return out


def _require_noise(run: Run, step: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (z, G(z)) pairs of the step; z of shape (batch, z_dim), varying across the batch."""
    calls = run.log.of("G")
    if not calls:
        raise CheckFailed(M("wgan_gp.require_noise.never_called_generator", "{step} ({size}) never called the generator", step=step, size=run.size), expected=M("gan.check_inputs.generator_z_called", "generator(z) called in the step"),
                          hint=M("wgan_gp.require_noise.generate_fake_images", "Generate the fake images inside the step from fresh noise: generator(z, training=True)."))
    pairs = []
    for call in calls:
        z = call.inputs
        if z.shape != (run.batch, run.z_dim):
            hard = M("gan.check_inputs.hard_coded_batch", " — a hard-coded batch size") if z.shape[0] != run.batch else ""
            raise CheckFailed(
                M("wgan_gp.require_noise.fed_generator_noise", "{step} ({size}) fed the generator noise of shape {shape}{hard}", step=step, size=run.size, shape=z.shape, hard=hard),
                expected=f"({run.batch}, {run.z_dim})", actual=str(z.shape),
                hint=M("wgan_gp.require_noise.draw_z_batch", "Draw z with the batch size you were given: keras.random.normal((batch, z_dim))."),
            )
        if run.batch > 1 and float(z.std(axis=0).mean()) < 0.1:
            raise CheckFailed(
                M("wgan_gp.require_noise.noise_nearly_same", (
                    "{step} ({size}): the noise is (nearly) the same for every example (std over the batch "
                    "{float_z_std_axis_0_mean:.3g}): one z repeated, or constant noise"
                  ), step=step, size=run.size, float_z_std_axis_0_mean=float(z.std(axis=0).mean())),
                expected=M("gan.check_inputs.independen_z_n", "an independent z ~ N(0, I) per example"),
                hint=M("wgan_gp.require_noise.keras_random_normal", "keras.random.normal((batch, z_dim)) draws one independent row per example."),
            )
        if not any(np.array_equal(z, p[0]) for p in pairs):
            pairs.append((z, call.outputs[0]))
    return pairs


def _rows(x: np.ndarray) -> list[bytes]:
    return [r.tobytes() for r in np.asarray(x, np.float32).reshape(len(x), -1)]


def split_critic_inputs(calls: list[pb.Call], real: np.ndarray, fakes: list[np.ndarray]) -> dict[str, list[np.ndarray]]:
    """The critic's input rows in one step, split into real, generated and other (the interpolates)."""
    real_keys = set(_rows(real))
    fake_keys = {k for f in fakes for k in _rows(f)}
    parts: dict[str, list[np.ndarray]] = {"real": [], "fake": [], "other": []}
    for call in calls:
        x = np.asarray(call.inputs, np.float32)
        if x.ndim != 4:
            continue
        keys = _rows(x)
        kinds = np.array(["real" if k in real_keys else "fake" if k in fake_keys else "other" for k in keys])
        for kind in parts:
            if (kinds == kind).any():
                parts[kind].append(x[kinds == kind])
    return parts


# ---------------------------------------------------------------- the checker's losses (float32 TF)

def _scores(model: keras.Model, x: Any) -> tf.Tensor:
    return tf.reshape(model(tf.convert_to_tensor(x, tf.float32), training=False), [-1])


def penalty(critic: keras.Model, x_hat: np.ndarray) -> tf.Tensor:
    """The contract's penalty at the given points: mean (‖∇C(x̂)‖ − 1)²."""
    x = tf.constant(x_hat, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        s = critic(x, training=False)
    g = tf.reshape(tape.gradient(s, x), [len(x_hat), -1])
    return tf.reduce_mean(tf.square(tf.sqrt(tf.reduce_sum(g * g, axis=1)) - 1.0))


def _require_kept_rate(run: Run, name: str) -> None:
    if not np.isclose(run.lr_after, PROBE_LR, rtol=1e-6):
        raise CheckFailed(
            M("wgan_gp.require_kept_rate.step_changes_s", (
                "the step changes {name}'s learning rate (the checker set {PROBE_LR:g}, after the step "
                "it is {lr_after:g}): the optimizers and their settings are the caller's"
              ), name=name, PROBE_LR=PROBE_LR, lr_after=run.lr_after),
            expected=f"{name}.learning_rate = {PROBE_LR:g}", actual=f"{run.lr_after:g}",
            hint=M("wgan_gp.require_kept_rate.configure_learning_rates", "Configure learning rates where the optimizers are made, not inside the step."),
        )


def _reported(result: Any, key: str, keys: str, expected: float, size: str, meaning: str, step: str) -> None:
    if not hasattr(result, "keys") or key not in result:
        got = sorted(map(str, result.keys())) if hasattr(result, "keys") else type(result).__name__
        raise CheckFailed(M("wgan_gp.reported.returned_expected_dict", "{step} returned {got}, expected a dict with {keys}", step=step, got=got, keys=keys), expected=keys, actual=str(got))
    reported = nm.scalar(result[key], f"{step}'s {key}")
    if not nm.close(reported, expected, 1e-3, 1e-4):
        raise CheckFailed(
            M("wgan_gp.reported.returned_but_reported", (
                "{step} returned {key} = {reported:.6g} ({size}), but {meaning} is {expected:.6g}: the "
                "reported number is not the one the contract asks for"
              ), step=step, key=key, reported=reported, size=size, meaning=meaning, expected=expected),
            expected=f"{expected:.6g}", actual=f"{reported:.6g}",
            hint=M("gan.check_reported.return_tensor_computed", "Return the {key} tensor computed inside the tape whose gradient you applied.", key=key),
        )


def _clipped(variables: list) -> float | None:
    """The bound c when several weights sit exactly at ±c after the step (weight clipping), else None."""
    values = pb.flat([v.numpy() for v in variables])
    c = float(np.abs(values).max())
    return c if c > 0 and int(np.sum(np.abs(np.abs(values) - c) <= 1e-7 * c)) >= 5 else None


def check_critic_update(runs: list[Run]) -> str:
    """Each critic step is −lr·∇(mean C(fake) − mean C(real) + gp_weight·penalty at the interpolates)."""
    ratios = []
    for run in runs:
        _require_kept_rate(run, "c_optimizer")
        pairs = _require_noise(run, "critic_step")
        if np.any(run.g_delta):
            raise CheckFailed(
                M("wgan_gp.check_critic_update.critic_ste_changed_generator", (
                    "critic_step ({size}) changed the generator: the critic's gradient is taken over the "
                    "generator's variables too"
                  ), size=run.size),
                expected=M("gan.check_d_update.generator_unchanged", "generator unchanged"), actual=M("gan.check_d_update.changed_up", "changed by up to {np_abs_run_g_delta_max:.2g}", np_abs_run_g_delta_max=np.abs(run.g_delta).max()),
                hint=M("wgan_gp.check_critic_update.take_gradient_over", "Take the gradient over critic.trainable_variables only and apply it with c_optimizer."),
            )
        if not np.any(run.c_delta):
            raise CheckFailed(M("wgan_gp.check_critic_update.critic_ste_left_critic", "critic_step ({size}) left the critic unchanged", size=run.size),
                              expected=M("wgan_gp.check_critic_update.critic_updated_c_optimize", "the critic updated by c_optimizer"),
                              hint=M("wgan_gp.check_critic_update.apply_c_optimize_gradients", "Apply c_optimizer to the gradients of the total loss w.r.t. critic.trainable_variables."))
        fakes = [f for _, f in pairs]
        parts = split_critic_inputs(run.log.of("C"), run.real, fakes)
        if not parts["real"]:
            raise CheckFailed(
                M("wgan_gp.check_critic_update.critic_ste_critic_never", (
                    "critic_step ({size}): the critic never scored real_images as given (rescaled, reshaped "
                    "or replaced)"
                  ), size=run.size),
                expected="critic(real_images)",
                hint=M("wgan_gp.check_critic_update.real_image_already_scaled", "real_images are already scaled to [-1, 1]; pass them to the critic unchanged."))
        c_vars = run.critic.trainable_variables
        x_hats = [x for x in parts["other"] if len(x) == run.batch]
        x_hat = x_hats[0] if x_hats else None
        if x_hat is None:
            raise CheckFailed(
                M("wgan_gp.check_critic_update.critic_ste_never_scored", (
                    "critic_step ({size}) never scored interpolates between real and generated images: the "
                    "gradient penalty is missing from critic_step (or taken at the real or generated images "
                    "themselves)"
                  ), size=run.size),
                expected=M("wgan_gp.check_critic_update.critic_x_hat_inside", "critic(x_hat) inside gradient_penalty, x_hat = epsilon * real + (1 - epsilon) * fake"),
                hint=M("wgan_gp.check_critic_update.inside_tape_loss", (
                         "Inside the tape: loss = critic_loss(real_scores, fake_scores) + gp_weight * "
                         "gradient_penalty(critic, real_images, fake_images)."
                       )))
        if x_hat is not None:
            reasons = [classify_points(x_hat, run.real, f, None) for f in fakes]
            if all(r is not None for r in reasons):
                raise CheckFailed(M("wgan_gp.check_critic_update.critic_ste_inside_penalty", "critic_step ({size}), inside the penalty: {reasons_0}", size=run.size, reasons_0=reasons[0]),
                                  expected=M("wgan_gp.check_critic_update.x_hat_epsilon_real", "x_hat = epsilon * real + (1 - epsilon) * fake"),
                                  hint=M("wgan_gp.check_critic_update.call_gradient_p_critic", "Call gradient_penalty(critic, real_images, fake_images) in critic_step."))
        candidates = []  # (explanation or None, predicted update, loss value, penalty value)
        weight = run.gp_weight
        options = [(None, 1.0, weight)]
        if x_hat is not None:
            options += [(M("wgan_gp.check_critic_update.penalty_does_not", (
                             "the penalty does not reach the critic's update: it is missing from the loss, or its "
                             "gradient is stopped (NumPy, tf.stop_gradient, or computed outside the tape)"
                           )), 1.0, 0.0)]
            if weight != 10.0:
                options += [(M("wgan_gp.check_critic_update.gp_weight_ignored_penalty", "gp_weight is ignored: the penalty is weighted by 10 whatever gp_weight is (here {weight:g})", weight=weight), 1.0, 10.0)]
            options += [(M("wgan_gp.check_critic_update.penalty_added_weight", "the penalty is added with weight 1: multiply it by gp_weight"), 1.0, 1.0),
                        (M("wgan_gp.check_critic_update.penalty_subtracted_critic", "the penalty is subtracted: the critic's loss is critic_loss + gp_weight · penalty"),
                         1.0, -weight)]
        options += [(M("wgan_gp.check_critic_update.wasserstei_term_s", (
                         "the Wasserstein term's sign is flipped in the step (critic_loss called as (fake_scores, "
                         "real_scores)?)"
                       )), -1.0, weight)]
        for fake in fakes:
            # Every candidate loss is a·W + b·penalty: the two terms' gradients and values, taken once
            # at the pre-step weights, give every candidate's predicted update.
            def terms(fake=fake) -> tuple[float, np.ndarray, float, np.ndarray]:
                w_value, grad_w = pb.value_and_gradient(
                    lambda: tf.reduce_mean(_scores(run.critic, fake)) - tf.reduce_mean(_scores(run.critic, run.real)),
                    c_vars)
                if x_hat is None:
                    return w_value, grad_w, 0.0, np.zeros_like(grad_w)
                return (w_value, grad_w, *pb.value_and_gradient(lambda: penalty(run.critic, x_hat), c_vars))

            w_value, grad_w, p_value, grad_p = run.at_start(terms)
            for words, a, b in options:
                predicted = -PROBE_LR * (a * grad_w + b * grad_p)
                candidates.append((words, predicted, w_value + weight * p_value, p_value))
        right = [c for c in candidates if c[0] is None]
        matches = [pb.compare_update(run.c_delta, c[1]) for c in right]
        best = max(range(len(matches)), key=lambda i: (matches[i].ok, matches[i].cosine))
        match = matches[best]
        if not match.ok:
            named = pb.name_update(run.c_delta, [(c[0], c[1]) for c in candidates if c[0] is not None])
            bound = _clipped(c_vars)
            if named is None and bound is not None:
                named = (M("wgan_gp.check_critic_update.critic_s_weights", (
                             "the critic's weights are clipped to ±{bound:.3g} after the update (the original WGAN's "
                             "weight clipping): WGAN-GP replaces clipping with the gradient penalty"
                           ), bound=bound))
            if named is None and match.cosine >= pb.MATCH_COSINE:
                named = pb.scale_words(match.ratio, run.batch)
            raise CheckFailed(
                M("wgan_gp.check_critic_update.critic_ste_gp_weight_critic", (
                    "critic_step ({size}, gp_weight {gp_weight:g}): the critic's update is not a step down "
                    "mean C(fake) − mean C(real) + gp_weight · penalty: it is {match_describe}"
                  ), size=run.size, gp_weight=run.gp_weight, match_describe=match.describe())
                + (" — " + named if named else ""),
                expected=M("wgan_gp.check_critic_update.update_lr_total", "the update −lr·∇(total loss) (ratio 1, cosine 1)"),
                actual=M("gan.check_d_update.ratio_cosine", "ratio {ratio:.3g}, cosine {cosine:.3f}", ratio=match.ratio, cosine=match.cosine),
                hint=M("wgan_gp.check_critic_update.inside_one_gradientta", (
                         "Inside one GradientTape: critic_loss(critic(real), critic(fake)) + gp_weight * "
                         "gradient_penalty(critic, real, fake); apply c_optimizer over "
                         "critic.trainable_variables; no clipping."
                       )),
            )
        _, _, total, gp = right[best]
        _reported(run.result, "critic_loss", '{"critic_loss", "gp"}', total, run.size,
                  M("wgan_gp.check_critic_update.total_loss_wasserstei", "the total loss (Wasserstein term + gp_weight · penalty) before the update"), "critic_step")
        _reported(run.result, "gp", '{"critic_loss", "gp"}', gp, run.size, M("wgan_gp.check_critic_update.penalty_unweighted", "the penalty (unweighted)"), "critic_step")
        ratios.append(match.ratio)
    return (M("wgan_gp.check_critic_update.critic_update_lr", (
                "critic update = −lr·∇(mean C(fake) − mean C(real) + gp_weight · penalty) at batch × "
                "z_dim × gp_weight "
              ))
            + ", ".join(f"{b}×{z}×{w:g}" for b, z, w in CRITIC_SIZES)
            + M("wgan_gp.check_critic_update.ratios_generator_untouched", " (ratios {join_f_r_3f_for_r_in_rat}); generator untouched; critic_loss and gp as reported", join_f_r_3f_for_r_in_rat=', '.join(f'{r:.3f}' for r in ratios)))


def check_generator_update(runs: list[Run]) -> str:
    """Each generator step is −lr·∇(−mean C(G(z))); the critic does not move; g_loss as reported."""
    ratios = []
    for run in runs:
        _require_kept_rate(run, "g_optimizer")
        pairs = _require_noise(run, "generator_step")
        if np.any(run.c_delta):
            raise CheckFailed(
                M("wgan_gp.check_generator_update.generator__changed_critic", (
                    "generator_step ({size}) changed the critic: the gradient is taken over the critic's "
                    "variables too"
                  ), size=run.size),
                expected=M("wgan_gp.check_generator_update.critic_unchanged", "critic unchanged"), actual=M("wgan_gp.check_generator_update.changed_up", "changed by up to {np_abs_run_c_delta_max:.2g}", np_abs_run_c_delta_max=np.abs(run.c_delta).max()),
                hint=M("wgan_gp.check_generator_update.take_gradient_over", "Take the gradient over generator.trainable_variables only and apply it with g_optimizer."),
            )
        if not np.any(run.g_delta):
            raise CheckFailed(M("wgan_gp.check_generator_update.generator__left_generator", "generator_step ({size}) left the generator unchanged", size=run.size),
                              expected=M("gan.check_g_update.generator_updated_g_optimize", "the generator updated by g_optimizer"),
                              hint=M("wgan_gp.check_generator_update.apply_g_optimize_gradients", "Apply g_optimizer to the gradients of g_loss w.r.t. generator.trainable_variables."))
        g_vars = run.generator.trainable_variables
        candidates = []
        for z, _ in pairs:
            def scores(z=z):
                return _scores(run.critic, run.generator(tf.constant(z, tf.float32)))
            options = ((None, lambda s: -tf.reduce_mean(s)),
                       (M("wgan_gp.check_generator_update.sign_flipped_generator", "the sign is flipped: the generator's update lowers the critic's score of its samples"),
                        lambda s: tf.reduce_mean(s)),
                       (M("wgan_gp.check_generator_update.update_follows_non", "the update follows the non-saturating GAN loss (BCE with label 1), not −mean C(G(z))"),
                        lambda s: tf.reduce_mean(tf.nn.softplus(-s))))

            def evaluate(scores=scores, options=options) -> list[tuple[float, np.ndarray]]:
                # every candidate's value and gradient, at the pre-step weights in one visit
                return [pb.value_and_gradient(lambda f=f: f(scores()), g_vars) for _, f in options]

            for (words, _), (value, grad) in zip(options, run.at_start(evaluate)):
                candidates.append((words, -PROBE_LR * grad, value))
        right = [c for c in candidates if c[0] is None]
        matches = [pb.compare_update(run.g_delta, c[1]) for c in right]
        best = max(range(len(matches)), key=lambda i: (matches[i].ok, matches[i].cosine))
        match = matches[best]
        if not match.ok:
            named = pb.name_update(run.g_delta, [(c[0], c[1]) for c in candidates if c[0] is not None])
            if named is None and match.cosine >= pb.MATCH_COSINE:
                named = pb.scale_words(match.ratio, run.batch)
            raise CheckFailed(
                M("wgan_gp.check_generator_update.generator__generator_s", (
                    "generator_step ({size}): the generator's update is not a step down −mean C(G(z)): it is "
                    "{match_describe}"
                  ), size=run.size, match_describe=match.describe()) + (" — " + named if named else ""),
                expected=M("gan.check_g_update.update_lr_g_loss", "the update −lr·∇g_loss (ratio 1, cosine 1)"),
                actual=M("gan.check_d_update.ratio_cosine", "ratio {ratio:.3g}, cosine {cosine:.3f}", ratio=match.ratio, cosine=match.cosine),
                hint=M("wgan_gp.check_generator_update.under_gradientta_g_loss", (
                         "Under a GradientTape: g_loss = generator_loss(critic(generator(z))); apply g_optimizer "
                         "over generator.trainable_variables."
                       )),
            )
        _reported(run.result, "g_loss", '{"g_loss"}', right[best][2], run.size,
                  M("wgan_gp.check_generator_update.mean_c_g", "−mean C(G(z)) on the noise the update used, before the update"), "generator_step")
        ratios.append(match.ratio)
    return (M("wgan_gp.check_generator_update.generator_update_lr", "generator update = −lr·∇(−mean C(G(z))) at batch × z_dim ") + ", ".join(f"{b}×{z}" for b, z in GEN_SIZES)
            + M("wgan_gp.check_generator_update.ratios_critic_untouched", " (ratios {join_f_r_3f_for_r_in_rat}); critic untouched; g_loss as reported", join_f_r_3f_for_r_in_rat=', '.join(f'{r:.3f}' for r in ratios)))


def critic_runs(ctx: Context, step: Callable) -> list[Run]:
    return [_run(ctx, step, b, z, w, "C") for b, z, w in CRITIC_SIZES]


def generator_runs(ctx: Context, step: Callable) -> list[Run]:
    return [_run(ctx, step, b, z, 0.0, "G") for b, z in GEN_SIZES]
