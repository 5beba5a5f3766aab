"""The GAN step examined from inside: what the networks receive and which way each update goes.

The submission's ``train_step`` is called eagerly on small networks the checker builds
(a linear-tanh generator, a one-hidden-layer discriminator with fixed weights), with
plain SGD for the side that learns and learning rate 0 for the other. Every call of
either network is recorded, so the checker knows the noise each update used, and the
update SGD made is exactly ``-lr × gradient``: it is compared with the gradient of the
contract's loss on the same inputs, computed by the checker. A loss that is halved,
summed over the batch, label-smoothed, saturating, reversed or computed on the wrong
batch gives a different update, however plausible the number ``train_step`` returns.

The probes run at several batch sizes and noise sizes, so a step that assumes 64
(noise of a fixed shape, a loss divided by 64) is caught too.
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
# (batch, z_dim) of the probe calls: the contract's sizes are not the only ones.
SIZES = ((64, 64), (32, 24), (7, 100))
# Plain SGD, small enough that a second update in the same step lands ~2× the first
# (a step that updates D twice), large enough to stay far above float32 rounding.
PROBE_LR = 2e-3
PROBE_SEED = 777
# The discriminator's SGD rate in the probe where both networks learn: large, so the
# discriminator after its update is far from the one before, and the generator's gradient
# against one is far from its gradient against the other (cosine 0.02 on the probe networks).
ORDER_D_LR = 1.0
ORDER_SIZE = (32, 24)
HIDDEN = 16


def build_probe_generator(z_dim: int, rng: np.random.Generator) -> keras.Model:
    """z -> tanh(W z + b) reshaped to an image: deterministic, every pixel depends on z."""
    model = keras.Sequential([keras.Input((z_dim,)), keras.layers.Dense(PIXELS, activation="tanh"),
                              keras.layers.Reshape(IMG_SHAPE)], name="probe_generator")
    pb.set_dense(model.layers[0], rng.normal(0.0, 1.0 / np.sqrt(z_dim), (z_dim, PIXELS)), rng.normal(0.0, 0.3, PIXELS))
    return model


def build_probe_discriminator(rng: np.random.Generator) -> keras.Model:
    """image -> Dense(16, tanh) -> Dense(1): no dropout, no batch statistics, logits spread over ±4."""
    model = keras.Sequential([keras.Input(IMG_SHAPE), keras.layers.Flatten(),
                              keras.layers.Dense(HIDDEN, activation="tanh"), keras.layers.Dense(1)],
                             name="probe_discriminator")
    pb.set_dense(model.layers[1], rng.normal(0.0, 1.5 / np.sqrt(PIXELS), (PIXELS, HIDDEN)), rng.normal(0.0, 0.5, HIDDEN))
    pb.set_dense(model.layers[2], rng.normal(0.0, 1.2, (HIDDEN, 1)), np.array([-0.5]))
    return model


@dataclass
class ProbeRun:
    """One eager train_step on the probe networks, and what it did."""

    batch: int
    z_dim: int
    real: np.ndarray
    generator: keras.Model
    discriminator: keras.Model
    g_before: list[np.ndarray]
    d_before: list[np.ndarray]
    g_delta: np.ndarray
    d_delta: np.ndarray
    log: pb.Log
    result: Any
    learning_rates: dict[str, tuple[float, float]]  # optimizer -> (set by the checker, after the step)

    def zs(self) -> list[np.ndarray]:
        """The distinct noise batches the generator received, in call order."""
        unique: list[np.ndarray] = []
        for call in self.log.of("G"):
            if not any(u.shape == call.inputs.shape and np.array_equal(u, call.inputs) for u in unique):
                unique.append(call.inputs)
        return unique


def run_probe(ctx: Context, step: Callable, batch: int, z_dim: int, learner: str) -> ProbeRun:
    """Call ``step`` eagerly once on fresh probe networks; ``learner`` ('G' or 'D') gets SGD, the other lr 0;
    'both' gives G the probe rate and D the large ORDER_D_LR (see :func:`check_g_after_d`)."""
    rng = np.random.default_rng(PROBE_SEED + batch + z_dim)
    generator = build_probe_generator(z_dim, rng)
    discriminator = build_probe_discriminator(rng)
    log = pb.Log()
    g_lr = PROBE_LR if learner in ("G", "both") else 0.0
    d_lr = ORDER_D_LR if learner == "both" else PROBE_LR if learner == "D" else 0.0
    g_opt = pb.RecordingSGD(g_lr, "g_optimizer", log)
    d_opt = pb.RecordingSGD(d_lr, "d_optimizer", log)
    everything = generator.trainable_variables + discriminator.trainable_variables
    for opt in (g_opt, d_opt):
        opt.build(everything)  # either may be handed the other's variables: let it run, then say so
    train = ctx.data["train"]
    real = train[rng.integers(0, len(train), batch)].astype(np.float32)
    g_before = tfwrap.snapshot(generator.trainable_variables)
    d_before = tfwrap.snapshot(discriminator.trainable_variables)
    what = M("gan.run_probe.train_step_batch_z_dim", "train_step on a batch of {batch} with z_dim {z_dim}", batch=batch, z_dim=z_dim)
    with ctx.calling(what):
        result = step(pb.Recorder(generator, "G", log), pb.Recorder(discriminator, "D", log), g_opt, d_opt,
                      tf.constant(real), z_dim)
    rates = {name: (rate, float(np.asarray(opt.learning_rate)))
             for name, rate, opt in (("g_optimizer", g_lr, g_opt), ("d_optimizer", d_lr, d_opt))}
    return ProbeRun(
        batch, z_dim, real, generator, discriminator, g_before, d_before,
        pb.delta(generator.trainable_variables, g_before), pb.delta(discriminator.trainable_variables, d_before),
        log, result, rates,
    )


def probe_runs(ctx: Context, step: Callable, learner: str) -> list[ProbeRun]:
    """The probe runs at every size, cached per learner for the checks that read them."""
    key = f"gan_probe_{learner}"
    if key not in ctx.state:
        ctx.state[key] = [run_probe(ctx, step, b, z, learner) for b, z in SIZES]
    return ctx.state[key]


# ---------------------------------------------------------------- what the step fed the networks

def check_inputs(runs: list[ProbeRun]) -> str:
    """Noise of shape (batch, z_dim) that varies across the batch; D sees the real batch as given."""
    for run in runs:
        zs = run.zs()
        if not zs:
            raise CheckFailed(
                M("gan.check_inputs.train_step_batch_z_dim", "train_step (batch {batch}, z_dim {z_dim}) never called the generator", batch=run.batch, z_dim=run.z_dim),
                expected=M("gan.check_inputs.generator_z_called", "generator(z) called in the step"),
                hint=M("gan.check_inputs.generate_fake_images", "Generate the fake images inside train_step: generator(z, training=True)."),
            )
        for z in zs:
            if z.shape != (run.batch, run.z_dim):
                hard = M("gan.check_inputs.hard_coded_batch", " — a hard-coded batch size") if z.shape[0] != run.batch else ""
                raise CheckFailed(
                    M("gan.check_inputs.real_image_batch_z_dim", (
                        "with real_images of batch {batch} and z_dim {z_dim}, the generator received noise of "
                        "shape {shape}{hard}"
                      ), batch=run.batch, z_dim=run.z_dim, shape=z.shape, hard=hard),
                    expected=f"({run.batch}, {run.z_dim})",
                    actual=str(z.shape),
                    hint=M("gan.check_inputs.draw_z_batch", (
                             "Draw z with the batch size of real_images: "
                             "keras.random.normal((ops.shape(real_images)[0], z_dim))."
                           )),
                )
            spread = float(z.std(axis=0).mean())
            if run.batch > 1 and spread < 0.1:
                raise CheckFailed(
                    M("gan.check_inputs.noise_nearly_same", (
                        "the noise is (nearly) the same for every example of the batch (std over the batch "
                        "{spread:.3g}): one z repeated, or constant noise"
                      ), spread=spread),
                    expected=M("gan.check_inputs.independen_z_n", "an independent z ~ N(0, I) per example"),
                    actual=M("gan.check_inputs.std_over_batch", "std over the batch {spread:.3g}", spread=spread),
                    hint=M("gan.check_inputs.keras_random_normal", "keras.random.normal((batch_size, z_dim)) draws one independent row per example."),
                )
        d_inputs = [c.inputs for c in run.log.of("D")]
        if not any(_contains_rows(x, run.real) for x in d_inputs):
            raise CheckFailed(
                M("gan.check_inputs.discrimina_never_received", (
                    "the discriminator never received real_images as given (batch {batch}): the real batch "
                    "was changed (rescaled, reshaped or replaced) before D saw it"
                  ), batch=run.batch),
                expected="discriminator(real_images)",
                hint=M("gan.check_inputs.real_image_already_scaled", "real_images are already scaled to [-1, 1]; pass them to the discriminator unchanged."),
            )
    sizes = ", ".join(f"{b}×{z}" for b, z in SIZES)
    return M("gan.check_inputs.noise_shape_batch", "noise of shape (batch, z_dim) for batch × z_dim = {sizes}; D sees the real batch as given", sizes=sizes)


def _contains_rows(big: np.ndarray, rows: np.ndarray) -> bool:
    """Whether ``rows`` (n, ...) appears in ``big`` as a contiguous block of rows."""
    if big.ndim != rows.ndim or big.shape[1:] != rows.shape[1:] or len(big) < len(rows):
        return False
    for start in range(0, len(big) - len(rows) + 1):
        if np.allclose(big[start : start + len(rows)], rows, atol=1e-6):
            return True
    return False


# ---------------------------------------------------------------- the direction of each update

def _logits(model: keras.Model, x: Any) -> tf.Tensor:
    return tf.reshape(model(tf.convert_to_tensor(x, tf.float32), training=False), [-1])


def _bce(labels: float, logits: tf.Tensor) -> tf.Tensor:
    """Mean BCE from logits with a constant label: softplus(l) − y·l."""
    return tf.reduce_mean(tf.nn.softplus(logits) - labels * logits)


def _restore_and(run: ProbeRun, fn: Callable[[], Any]) -> Any:
    """Evaluate ``fn`` with both probe networks back at their pre-step weights."""
    return pb.at_weights([(run.generator.trainable_variables, run.g_before),
                          (run.discriminator.trainable_variables, run.d_before)], fn)


D_VARIANTS: list[tuple[str, float, float, float, float]] = [
    # (explanation, real label, real weight, fake label, fake weight): loss = w_r·BCE(y_r, real) + w_f·BCE(y_f, fake)
    (M("gan.module.real_fake_labels", (
         "the real and fake labels are swapped inside train_step (is discriminator_loss called as "
         "(fake_logits, real_logits)?)"
       )), 0.0, 1.0, 1.0, 1.0),
    (M("gan.module.real_images_labelled", (
         "the real images are labelled 0.9 (one-sided label smoothing): the contract's labels are "
         "1 and 0"
       )),
     0.9, 1.0, 0.0, 1.0),
    (M("gan.module.labels_smoothed_real", "the labels are smoothed (0.9 for real, 0.1 for fake): the contract's labels are 1 and 0"), 0.9, 1.0, 0.1, 1.0),
    (M("gan.module.only_real_term", (
         "only the real term is optimised: the fake images' term is missing from the "
         "discriminator's update"
       )),
     1.0, 1.0, 0.0, 0.0),
    (M("gan.module.only_fake_term", (
         "only the fake term is optimised: the real images' term is missing from the "
         "discriminator's update"
       )),
     1.0, 0.0, 0.0, 1.0),
]
G_VARIANTS: list[tuple[str, Callable[[tf.Tensor], tf.Tensor]]] = [
    (M("gan.module.generator_s_update", (
         "the generator's update follows the saturating (minimax) loss log(1 − D(G(z))), whatever "
         "g_loss it returns: differentiate the non-saturating −log D(G(z)), i.e. BCE with label 1"
       )),
     lambda l: -tf.reduce_mean(tf.nn.softplus(l))),
    (M("gan.module.generator_s_update_2", (
         "the generator's update minimises the discriminator's loss on its samples (label 0), so "
         "it makes its samples look more fake: the generator's loss labels them 1 (real)"
       )), lambda l: tf.reduce_mean(tf.nn.softplus(l))),
    (M("gan.module.generator_s_labels", "the generator's labels are smoothed to 0.9: the contract's generator loss uses label 1"), lambda l: _bce(0.9, l)),
]


def optimizer_misuse(log: pb.Log, variables: list, frozen: str) -> str | None:
    """Why the frozen network moved, when the log shows another optimizer updating it."""
    own, net = ("g_optimizer", "generator") if frozen == "G" else ("d_optimizer", "discriminator")
    found = pb.misapplied(log, variables, own)
    if found is None:
        return None
    label, alone = found
    if alone:
        return (M("gan.optimizer_misuse.s_update_goes", (
                    "the {net}'s update goes through {label}: its gradients are applied with the wrong "
                    "optimizer (use {own} for the {net})"
                  ), net=net, label=label, own=own))
    other = "discriminator" if frozen == "G" else "generator"
    return (M("gan.optimizer_misuse.update_also_moves", (
                "the {other} update also moves the {net}: {label} is applied to a gradient taken over "
                "both networks' variables (take it over {other}.trainable_variables only)"
              ), other=other, net=net, label=label))


def _require_rates_kept(run: ProbeRun) -> None:
    for name, (given, after) in run.learning_rates.items():
        if not np.isclose(given, after, rtol=1e-6, atol=1e-12):
            raise CheckFailed(
                M("gan.require_rates_kept.train_step_changes_s", (
                    "train_step changes {name}'s learning rate (the checker set {given:g}, after the step it "
                    "is {after:g}): the optimizers and their settings are the caller's"
                  ), name=name, given=given, after=after),
                expected=f"{name}.learning_rate = {given:g}",
                actual=f"{after:g}",
                hint=M("gan.require_rates_kept.configure_learning_rates", "Configure learning rates where the optimizers are made, not inside train_step."),
            )


def _two_updates(run: ProbeRun, loss_at: Callable[[np.ndarray], Callable[[], tf.Tensor]], variables: list) -> list:
    """Predicted updates of a step that updates twice (on each ordered pair of recorded noise batches)."""
    out = []
    zs = run.zs()
    for za in zs:
        for zb in zs:
            def both(za=za, zb=zb):
                first = -PROBE_LR * pb.gradient(loss_at(za), variables)
                start = tfwrap.snapshot(variables)
                offset = 0
                for v in variables:  # take the first step, then the second from there
                    size = int(np.prod(v.shape))
                    v.assign_add(first[offset : offset + size].reshape(v.shape).astype(np.float32))
                    offset += size
                second = -PROBE_LR * pb.gradient(loss_at(zb), variables)
                tfwrap.restore(variables, start)
                return first + second
            out.append(_restore_and(run, both))
    return out


def check_d_update(runs: list[ProbeRun]) -> str:
    """With G frozen, D's update is −lr·∇ of the contract's D loss; the returned d_loss is that loss."""
    ratios = []
    for run in runs:
        size = M("gan.check_d_update.batch_z_dim", "batch {batch}, z_dim {z_dim}", batch=run.batch, z_dim=run.z_dim)
        _require_rates_kept(run)
        if np.any(run.g_delta):
            misuse = optimizer_misuse(run.log, run.generator.trainable_variables, "G")
            raise CheckFailed(
                M("gan.check_d_update.generator_changed_although", "the generator changed although g_optimizer had learning rate 0 ({size}): ", size=size)
                + (misuse or M("gan.check_d_update.discrimina_update_also", (
                                 "the discriminator update also moves the generator (its gradient is taken over the "
                                 "generator's variables too)"
                               ))),
                expected=M("gan.check_d_update.generator_unchanged", "generator unchanged"),
                actual=M("gan.check_d_update.changed_up", "changed by up to {np_abs_run_g_delta_max:.2g}", np_abs_run_g_delta_max=np.abs(run.g_delta).max()),
                hint=M("gan.check_d_update.take_d_s", "Take D's gradient over discriminator.trainable_variables only and apply it with d_optimizer."),
                symptom=M("gan.check_d_update.generator_changed", "the generator changed although g_optimizer had learning rate 0 ({size})", size=size),
            )
        if not np.any(run.d_delta):
            raise CheckFailed(
                M("gan.check_d_update.one_train_step_left", "one train_step ({size}) left the discriminator unchanged", size=size),
                expected=M("gan.check_d_update.discrimina_updated_d_optimize", "the discriminator updated by d_optimizer"),
                hint=M("gan.check_d_update.apply_d_optimize_gradients", "Apply d_optimizer to the gradients of d_loss w.r.t. discriminator.trainable_variables."),
            )
        d_vars = run.discriminator.trainable_variables
        candidates = []
        for z in run.zs():
            def evaluate(z=z) -> tuple[np.ndarray, float, Callable[..., tf.Tensor]]:
                # at the pre-step weights, in one visit: G(z), then the loss's gradient and value
                fake = run.generator(tf.constant(z, tf.float32)).numpy()

                def loss(y_r=1.0, w_r=1.0, y_f=0.0, w_f=1.0):
                    return (w_r * _bce(y_r, _logits(run.discriminator, run.real))
                            + w_f * _bce(y_f, _logits(run.discriminator, fake)))

                return (*pb.value_and_gradient(loss, d_vars), loss)

            value, grad, loss = _restore_and(run, evaluate)
            candidates.append((-PROBE_LR * grad, value, loss))
        matches = [pb.compare_update(run.d_delta, p) for p, _, _ in candidates]
        best = max(range(len(matches)), key=lambda i: (matches[i].ok, matches[i].cosine))
        match = matches[best]
        if not match.ok:
            variants = [(words, -PROBE_LR * _restore_and(run, lambda yr=yr, wr=wr, yf=yf, wf=wf, loss=loss:
                                                          pb.gradient(lambda: loss(yr, wr, yf, wf), d_vars)))
                        for _, _, loss in candidates for words, yr, wr, yf, wf in D_VARIANTS]
            named = pb.name_update(run.d_delta, variants)
            if named is None and match.cosine >= pb.MATCH_COSINE:
                named = pb.scale_words(match.ratio, run.batch)
            if named is None:
                def loss_at(z):
                    fake = _restore_and(run, lambda: run.generator(tf.constant(z, tf.float32)).numpy())
                    return lambda: _bce(1.0, _logits(run.discriminator, run.real)) + _bce(0.0, _logits(run.discriminator, fake))
                twice = [(M("gan.check_d_update.discrimina_updated_twice", (
                              "the discriminator is updated twice in one step; the contract asks for one update of "
                              "each network per call"
                            )), p) for p in _two_updates(run, loss_at, d_vars)]
                named = pb.name_update(run.d_delta, twice)
            raise CheckFailed(
                M("gan.check_d_update.generator_frozen_discrimina", (
                    "with the generator frozen ({size}), the discriminator's update is not a step down the "
                    "contract's loss mean BCE(D(real), 1) + mean BCE(D(G(z)), 0): it is {match_describe}"
                  ), size=size, match_describe=match.describe())
                + (" — " + named if named else ""),
                expected=M("gan.check_d_update.update_lr_d_loss", "the update −lr·∇d_loss (ratio 1, cosine 1)"),
                actual=M("gan.check_d_update.ratio_cosine", "ratio {ratio:.3g}, cosine {cosine:.3f}", ratio=match.ratio, cosine=match.cosine),
                hint=M("gan.check_d_update.inside_one_gradientta", (
                         "Inside one GradientTape: d_loss = discriminator_loss(discriminator(real_images), "
                         "discriminator(generator(z))); then d_optimizer.apply_gradients over "
                         "discriminator.trainable_variables."
                       )),
            )
        _check_reported(run.result, "d_loss", candidates[best][1], size,
                        M("gan.check_d_update.discrimina_s_loss", "the discriminator's loss on the batch it was updated on, before the update"))
        ratios.append(match.ratio)
    return M("gan.check_d_update.g_frozen_d", "with G frozen, D's update is −lr·∇(contract D loss) at batch × z_dim ") + ", ".join(
        f"{b}×{z}" for b, z in SIZES) + M("gan.check_d_update.ratios_d_loss_reported", " (ratios {join_f_r_3f_for_r_in_rat}); d_loss as reported", join_f_r_3f_for_r_in_rat=', '.join(f'{r:.3f}' for r in ratios))


def check_g_update(runs: list[ProbeRun]) -> str:
    """With D frozen, G's update is −lr·∇ of the non-saturating loss; the returned g_loss is that loss."""
    ratios = []
    for run in runs:
        size = M("gan.check_d_update.batch_z_dim", "batch {batch}, z_dim {z_dim}", batch=run.batch, z_dim=run.z_dim)
        _require_rates_kept(run)
        if np.any(run.d_delta):
            misuse = optimizer_misuse(run.log, run.discriminator.trainable_variables, "D")
            raise CheckFailed(
                M("gan.check_g_update.discrimina_changed_although", "the discriminator changed although d_optimizer had learning rate 0 ({size}): ", size=size)
                + (misuse or M("gan.check_g_update.generator_update_also", (
                                 "the generator update also moves the discriminator (its gradient is taken over the "
                                 "discriminator's variables too)"
                               ))),
                expected=M("gan.check_g_update.discrimina_unchanged", "discriminator unchanged"),
                actual=M("gan.check_g_update.changed_up", "changed by up to {np_abs_run_d_delta_max:.2g}", np_abs_run_d_delta_max=np.abs(run.d_delta).max()),
                hint=M("gan.check_g_update.take_g_s", "Take G's gradient over generator.trainable_variables only and apply it with g_optimizer."),
            )
        if not np.any(run.g_delta):
            raise CheckFailed(
                M("gan.check_g_update.one_train_step_left", "one train_step ({size}) left the generator unchanged", size=size),
                expected=M("gan.check_g_update.generator_updated_g_optimize", "the generator updated by g_optimizer"),
                hint=M("gan.check_g_update.after_discrimina_step", (
                         "After the discriminator step, compute g_loss under a new tape and apply g_optimizer to "
                         "its gradients w.r.t. generator.trainable_variables."
                       )),
            )
        g_vars = run.generator.trainable_variables
        candidates = []
        for z in run.zs():
            def fake_logits(z=z):
                return _logits(run.discriminator, run.generator(tf.constant(z, tf.float32)))

            def loss(fake_logits=fake_logits):
                return _bce(1.0, fake_logits())

            value, grad = _restore_and(run, lambda loss=loss: pb.value_and_gradient(loss, g_vars))
            candidates.append((-PROBE_LR * grad, value, fake_logits))
        matches = [pb.compare_update(run.g_delta, p) for p, _, _ in candidates]
        best = max(range(len(matches)), key=lambda i: (matches[i].ok, matches[i].cosine))
        match = matches[best]
        if not match.ok:
            variants = [(words, -PROBE_LR * _restore_and(run, lambda f=f, fl=fl: pb.gradient(lambda: f(fl()), g_vars)))
                        for _, _, fl in candidates for words, f in G_VARIANTS]
            named = pb.name_update(run.g_delta, variants)
            if named is None and match.cosine >= pb.MATCH_COSINE:
                named = pb.scale_words(match.ratio, run.batch)
            raise CheckFailed(
                M("gan.check_g_update.discrimina_frozen_generator", (
                    "with the discriminator frozen ({size}), the generator's update is not a step down the "
                    "non-saturating loss mean BCE(D(G(z)), 1): it is {match_describe}"
                  ), size=size, match_describe=match.describe()) + (" — " + named if named else ""),
                expected=M("gan.check_g_update.update_lr_g_loss", "the update −lr·∇g_loss (ratio 1, cosine 1)"),
                actual=M("gan.check_d_update.ratio_cosine", "ratio {ratio:.3g}, cosine {cosine:.3f}", ratio=match.ratio, cosine=match.cosine),
                hint=M("gan.check_g_update.under_new_gradientta", (
                         "Under a new GradientTape: g_loss = generator_loss(discriminator(generator(z))); then "
                         "g_optimizer.apply_gradients over generator.trainable_variables."
                       )),
            )
        _check_reported(run.result, "g_loss", candidates[best][1], size, M("gan.check_g_update.non_saturating_loss", "the non-saturating loss G was updated on"))
        ratios.append(match.ratio)
    return M("gan.check_g_update.d_frozen_g", "with D frozen, G's update is −lr·∇(non-saturating loss) at batch × z_dim ") + ", ".join(
        f"{b}×{z}" for b, z in SIZES) + M("gan.check_g_update.ratios_g_loss_reported", " (ratios {join_f_r_3f_for_r_in_rat}); g_loss as reported", join_f_r_3f_for_r_in_rat=', '.join(f'{r:.3f}' for r in ratios))


def check_g_after_d(run: ProbeRun) -> str:
    """Both networks learning (D at a large rate): G's update is a step down the non-saturating loss against the
    discriminator *after* its update, on noise drawn for G's update (not the noise D's update used)."""
    size = M("gan.g_after_d.size", "batch {batch}, z_dim {z_dim}", batch=run.batch, z_dim=run.z_dim)
    _require_rates_kept(run)
    g_vars, d_vars = run.generator.trainable_variables, run.discriminator.trainable_variables
    if not np.any(run.d_delta) or not np.any(run.g_delta):
        net = "discriminator" if not np.any(run.d_delta) else "generator"
        raise CheckFailed(
            M("gan.g_after_d.unchanged", "with both optimizers learning ({size}), one train_step left the {net} "
              "unchanged", size=size, net=net),
            expected=M("gan.g_after_d.both_updated", "both networks updated"),
            hint=M("gan.g_after_d.one_each", "One discriminator update, then one generator update."))

    def candidate(z: np.ndarray, d_weights: list[np.ndarray]) -> np.ndarray:
        def loss() -> Any:
            return _bce(1.0, _logits(run.discriminator, run.generator(tf.constant(z, tf.float32))))
        grad = pb.at_weights([(g_vars, run.g_before), (d_vars, d_weights)], lambda: pb.gradient(loss, g_vars))
        return -PROBE_LR * grad

    zs = run.zs()
    d_after = tfwrap.snapshot(d_vars)
    after = [pb.compare_update(run.g_delta, candidate(z, d_after)) for z in zs]
    best = max(after, key=lambda m: m.cosine)
    if any(m.ok for m in after):
        if len(zs) == 1 and len(run.log.of("G")) > 1:
            raise CheckFailed(
                M("gan.g_after_d.same_z_twice", "train_step ({size}) fed the generator the same noise z in both "
                  "updates: the z drawn for the discriminator is reused, or both draws use one fixed seed "
                  "(keras.random.normal(..., seed=1337) returns the same values every time); the contract draws "
                  "fresh noise for the generator's update", size=size),
                expected=M("gan.g_after_d.new_noise", "new noise for the generator's update"),
                actual=M("gan.g_after_d.d_noise", "the discriminator update's z"),
                hint=M("gan.g_after_d.draw_again_unseeded", "After the discriminator's update, draw z again with "
                       "keras.random.normal((batch, z_dim)) and no integer seed."))
        if len(zs) == 1:
            raise CheckFailed(
                M("gan.g_after_d.same_noise", "train_step ({size}) drew one noise batch and used it for both updates: "
                  "the generator's update trains on the same z the discriminator was just updated on (as the PyTorch "
                  "DCGAN tutorial reuses its fakes); the contract draws fresh noise for the generator's update",
                  size=size),
                expected=M("gan.g_after_d.new_noise", "new noise for the generator's update"),
                actual=M("gan.g_after_d.d_noise", "the discriminator update's z"),
                hint=M("gan.g_after_d.draw_again", "After the discriminator's update, draw z again "
                       "(keras.random.normal) before the generator's tape."))
        return M("gan.g_after_d.pass", "with both learning ({size}), G's update is −lr·∇ of the non-saturating loss "
                 "against the updated discriminator (ratio {ratio:.3f}), on noise of its own", size=size, ratio=best.ratio)
    before = [pb.compare_update(run.g_delta, candidate(z, run.d_before)) for z in zs]
    if any(m.ok for m in before):
        raise CheckFailed(
            M("gan.g_after_d.pre_update_d", "with both networks learning ({size}), the generator's update is a step "
              "down its loss against the discriminator as it was before its update: both gradients come from one "
              "forward pass (two tapes open together, as the TensorFlow DCGAN tutorial does) or G is updated first. "
              "The contract updates the discriminator first, then the generator against the updated discriminator",
              size=size),
            expected=M("gan.g_after_d.after_d", "G's gradient taken after d_optimizer's update"),
            actual=M("gan.g_after_d.matches_pre", "matches the pre-update discriminator; against the updated one: "
                     "{described}", described=best.describe()),
            hint=M("gan.g_after_d.finish_d_first", "Finish the discriminator's update (tape, gradient, apply) before "
                   "opening the generator's tape and drawing its noise."))
    raise CheckFailed(
        M("gan.g_after_d.not_a_step", "with both networks learning ({size}), the generator's update is not a step "
          "down the non-saturating loss against the updated discriminator: it is {described}",
          size=size, described=best.describe()),
        expected=M("gan.g_after_d.expected_step", "the update −lr·∇g_loss at the updated discriminator (ratio 1, "
                   "cosine 1)"),
        actual=M("gan.g_after_d.ratio_cosine", "ratio {ratio:.3g}, cosine {cosine:.3f}", ratio=best.ratio,
                 cosine=best.cosine),
        hint=M("gan.g_after_d.one_then_other", "One discriminator update (its own tape and optimizer), then draw new "
               "noise and update the generator."))


def _check_reported(result: Any, key: str, expected: float, size: str, meaning: str) -> None:
    if not hasattr(result, "keys") or key not in result:
        got = sorted(map(str, result.keys())) if hasattr(result, "keys") else type(result).__name__
        raise CheckFailed(
            M("gan.check_reported.train_step_returned_expected", "train_step returned {got}, expected a dict with 'd_loss' and 'g_loss'", got=got),
            expected=M("gan.check_reported.d_loss", '{{"d_loss": scalar, "g_loss": scalar}}'),
            actual=str(got),
        )
    reported = nm.scalar(result[key], f"train_step's {key}")
    if not nm.close(reported, expected, 1e-3, 1e-4):
        raise CheckFailed(
            M("gan.check_reported.train_step_returned_but", (
                "train_step returned {key} = {reported:.6g} ({size}), but {meaning} is {expected:.6g}: "
                "the reported number is not the loss that was optimised"
              ), key=key, reported=reported, size=size, meaning=meaning, expected=expected),
            expected=f"{expected:.6g}",
            actual=f"{reported:.6g}",
            hint=M("gan.check_reported.return_tensor_computed", "Return the {key} tensor computed inside the tape whose gradient you applied.", key=key),
        )
