"""Checks shared by the generator-and-critic suites (``gan``, ``wgan-gp``): the generator's
output contract is the same in both ((N, 28, 28, 1) float32 in [-1, 1], tanh, varying with z),
and the discriminator or critic is scored on the same five very different batches."""

from __future__ import annotations

import math

import keras
import numpy as np

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib import tfwrap
from quiz.exercises.checklib.asserts import require_callable, require_tensor
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.messages import M

IMG_SHAPE = (28, 28, 1)


def check_tanh_generator(ctx: Context, seed: int, z_dims: tuple[int, ...]) -> str:
    """build_generator(z_dim): (N, 28, 28, 1) float32 in [-1, 1], varying with z, for each of ``z_dims``."""
    rng = np.random.default_rng(seed)
    lo, hi = math.inf, -math.inf
    for z_dim in z_dims:
        keras.utils.set_random_seed(seed)
        with ctx.calling(f"build_generator({z_dim})"):
            generator = ctx.module.build_generator(z_dim)
        require_callable(generator, f"build_generator({z_dim})")
        for n, scale in ((1, 3.0), (7, 3.0), (64, 3.0), (64, 30.0)):
            z = tfwrap.as_batch(rng.standard_normal((n, z_dim)) * scale)
            what = M("lib.generators.check_tanh_generator.generator_z_shape", "the generator on z of shape ({n}, {z_dim})", n=n, z_dim=z_dim)
            with ctx.calling(what):
                out = tfwrap.call_model(generator, z)
            require_tensor(out, (n, *IMG_SHAPE), what, M("lib.generators.check_tanh_generator.end_generator_layers", "End the generator with layers.Reshape((28, 28, 1))."))
            array = nm.to_numpy(out, what)
            nm.require_finite(array, M("attention.layer_values.output", "the output of {what}", what=what))
            lo, hi = min(lo, array.min()), max(hi, array.max())
            if n == 64 and scale == 3.0 and array.std(axis=0).mean() <= 1e-3:
                raise CheckFailed(
                    M("lib.generators.check_tanh_generator.generator_gives_same", (
                        "the generator gives the same image for every z (std over a batch of 64: "
                        "{array_std_axis_0_mean:.2g})"
                      ), array_std_axis_0_mean=array.std(axis=0).mean()),
                    expected=M("vae.decoder_output.outputs_that_vary", "outputs that vary with z"),
                    hint=M("lib.generators.check_tanh_generator.output_must_depend", "The output must depend on the noise input."),
                )
    if lo < -1 - 1e-6 or hi > 1 + 1e-6:
        raise CheckFailed(
            M("lib.generators.check_tanh_generator.generator_outputs_range", "generator outputs range over [{lo:.3g}, {hi:.3g}], outside [-1, 1]: the last layer has no tanh", lo=lo, hi=hi),
            expected=M("lib.generators.check_tanh_generator.values", "values in [-1, 1]"),
            actual=f"[{lo:.4g}, {hi:.4g}]",
            hint=M("lib.generators.check_tanh_generator.end_generator_activation", "End the generator with activation='tanh' (the real images are scaled to [-1, 1])."),
            symptom=M("lib.generators.check_tanh_generator.outside_range", "generator outputs range over [{lo:.3g}, {hi:.3g}], outside [-1, 1]", lo=lo, hi=hi),
        )
    if lo >= 0:
        raise CheckFailed(
            M("lib.generators.check_tanh_generator.generator_outputs_all", (
                "generator outputs all lie in [0, 1] ([{lo:.3g}, {hi:.3g}]), never below 0: that looks "
                "like a sigmoid"
              ), lo=lo, hi=hi),
            expected=M("lib.generators.check_tanh_generator.values_tanh", "values in [-1, 1] (tanh)"),
            actual=f"[{lo:.4g}, {hi:.4g}]",
            hint=M("lib.generators.check_tanh_generator.real_images_scaled", "The real images are scaled to [-1, 1]; end the generator with activation='tanh'."),
            symptom=M("lib.generators.check_tanh_generator.never_below_zero", "generator outputs all lie in [0, 1] ([{lo:.3g}, {hi:.3g}]), never below 0", lo=lo, hi=hi),
        )
    dims = ", ".join(map(str, z_dims))
    return M("lib.generators.check_tanh_generator.shape_n_n", "shape (N, 28, 28, 1) for N = 1, 7, 64 and z_dim = {dims}; values in [{lo:.3f}, {hi:.3f}]", dims=dims, lo=lo, hi=hi)


def scores_on_probes(ctx: Context, build: str, seed: int, net: str) -> tuple[object, np.ndarray]:
    """Build the scoring network with ``ctx.module.<build>(IMG_SHAPE)`` and score 5 very different
    batches (1 and 7 real images, uniform noise, and both scaled ×100): (N, 1) finite outputs each,
    returned with the model as (model, one flat array of the scores)."""
    rng = np.random.default_rng(seed + 1)
    keras.utils.set_random_seed(seed)
    with ctx.calling(f"{build}((28, 28, 1))"):
        model = getattr(ctx.module, build)(IMG_SHAPE)
    require_callable(model, f"{build}((28, 28, 1))")
    real = ctx.data["train"]
    outputs = []
    probes = [
        (1, M("lib.generators.scores_on_probes.real_image", "a real image"), real[:1]),
        (7, M("lib.generators.scores_on_probes.real_images", "7 real images"), real[:7]),
        (64, M("lib.generators.scores_on_probes.uniform_noise_images", "64 uniform-noise images"), rng.uniform(-1, 1, (64, *IMG_SHAPE))),
        (64, M("lib.generators.scores_on_probes.real_images_scaled", "64 real images scaled ×100"), real[:64] * 100.0),
        (64, M("lib.generators.scores_on_probes.noise_images_scaled", "64 noise images scaled ×100"), rng.uniform(-100, 100, (64, *IMG_SHAPE))),
    ]
    for n, label, images in probes:
        what = M("lib.generators.scores_on_probes.net_label", "the {net} on {label}", net=net, label=label)
        with ctx.calling(what):
            out = tfwrap.call_model(model, tfwrap.as_batch(images))
        require_tensor(out, (n, 1), what, M("lib.generators.scores_on_probes.end_layers_dense", "End the {net} with layers.Dense(1) and no activation.", net=net))
        array = nm.to_numpy(out, what)
        nm.require_finite(array, M("attention.layer_values.output", "the output of {what}", what=what))
        outputs.append(array.ravel())
    return model, np.concatenate(outputs)
