"""The DDPM suite's registry, constants and unit checks (schedule, forward process,
denoiser, loss, reverse step, sampler), each against float64 NumPy or a spy model.

The training checks are registered after these, by :mod:`.training`.
"""

from __future__ import annotations

from typing import Any, Callable

import keras
import numpy as np
import tensorflow as tf

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib import tfwrap
from quiz.exercises.checklib.asserts import require_callable, require_tensor
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.loader import check_contract, load_module
from quiz.exercises.checklib.registry import CheckFailed, SubmissionError, Suite
from quiz.exercises.suites.ddpm.spies import Spy

suite = Suite("ddpm")

SEED = 1515
DATA_SIZE = 0  # the suite makes its own 2-D data
# The unit checks' schedule: short, and ending with a small ᾱ so every mistake shows.
UNIT_T = 20
UNIT_BETAS = (1e-4, 0.2)
# Values against float64: float32 arithmetic on O(1) inputs is within ~1e-6.
RTOL, ATOL = 1e-5, 1e-5
# A correct loss with the exact-noise spy: float32 round-off only (measured ~1e-12).
EXACT_LOSS_MAX = 1e-6
# t over 0..T-1: chi-square with T-1 = 9 degrees of freedom; p(χ² > 40) ≈ 7e-6.
TIMESTEP_T, TIMESTEP_BATCH, TIMESTEP_CALLS, CHI2_MAX = 10, 2000, 3, 40.0
# Pooled noise statistics over 12,000 values: standard error ~0.009.
NOISE_MEAN_TOL, NOISE_STD_TOL = 0.05, 0.05
# With the exact predictor for one point, float32 sampling ends within ~1e-4 of it
# (measured 7e-5 for the reference at T = 20: the float32 schedule's round-off at t = 0);
# noise at the last step moves it by √β_0·|n| ≈ 0.01·|n|, 30× more at the largest of 4000.
SAMPLE_ATOL = 5e-4
SAMPLE_POINT = np.array([1.5, -0.5])

CONTRACT = {
    "linear_beta_schedule": (["num_steps", "beta_start", "beta_end"], 1),
    "q_sample": (["x0", "t", "noise", "alphas_cumprod"], 4),
    "build_denoiser": (["data_dim", "num_steps"], 2),
    "diffusion_loss": (["model", "x0", "alphas_cumprod"], 3),
    "train_step": (["model", "optimizer", "x0", "alphas_cumprod"], 4),
    "p_sample": (["model", "x_t", "t", "betas", "alphas_cumprod", "noise"], 5),
    "sample": (["model", "num_samples", "data_dim", "betas", "alphas_cumprod"], 5),
}


def schedule(num_steps: int, beta_start: float, beta_end: float) -> tuple[np.ndarray, np.ndarray]:
    """The checker's own (betas, alphas_cumprod), float32 as the contract says."""
    betas = np.linspace(beta_start, beta_end, num_steps, dtype=np.float64)
    return betas.astype(np.float32), np.cumprod(1.0 - betas).astype(np.float32)


def ring(count: int, seed: int) -> np.ndarray:
    """A ring of 8 Gaussians (radius 2, std 0.1): the learning checks' 2-D data."""
    rng = np.random.default_rng(seed)
    angle = 2 * np.pi * rng.integers(0, 8, count) / 8
    points = 2.0 * np.stack([np.cos(angle), np.sin(angle)], axis=1) + 0.1 * rng.standard_normal((count, 2))
    return points.astype(np.float32)


def prepare_data(images: Any) -> dict[str, Any]:
    """The training set and a held-out set of the ring (no images)."""
    return {"train": ring(4096, SEED), "held_out": ring(2000, SEED + 1)}


def out_of_range(exc: SubmissionError, num_steps: int) -> CheckFailed | None:
    """A gather past the end of the schedule, named (TensorFlow raises before any spy sees t)."""
    if f"not in [0, {num_steps})" in exc.message or "out of bounds" in exc.message:
        return CheckFailed(
            f"indexing alphas_cumprod failed with t outside 0..T-1 ({exc.message.splitlines()[0][:160]}): "
            "1-based time steps (1..T), or randint's upper bound taken as inclusive",
            expected="0 ≤ t ≤ T-1",
            actual="t out of range",
            hint="Indices are 0-based: t ~ U{0, ..., T-1}, e.g. keras.random.randint((batch,), 0, T).",
        )
    return None


def run_user(ctx: Context, what: str, func: Callable[[], Any], num_steps: int) -> Any:
    """Call submission code; a t past the schedule's end is a named failure, not a bare error."""
    try:
        with ctx.calling(what):
            return func()
    except SubmissionError as exc:
        named = out_of_range(exc, num_steps)
        if named is not None:
            raise named from None
        raise


# ---------------------------------------------------------------- unit checks

@suite.check("contract")
def contract(ctx: Context) -> str:
    """The file imports; the seven functions exist with the contract's signatures."""
    ctx.module = load_module(ctx.submission, ctx.state["module_name"])
    check_contract(ctx.module, CONTRACT)
    return "imports; " + ", ".join(CONTRACT) + " present"


@suite.check("beta_schedule", needs=("contract",))
def beta_schedule(ctx: Context) -> str:
    """linear_beta_schedule: (T,) float32 from beta_start to beta_end, both ends included."""
    for args in ((10,), (1000,), (7, 1e-3, 0.05)):
        call = f"linear_beta_schedule({', '.join(map(str, args))})"
        with ctx.calling(call):
            out = ctx.module.linear_beta_schedule(*args)
        num, start, end = (*args, 1e-4, 0.02)[:3] if len(args) == 1 else args
        expected = np.linspace(start, end, num, dtype=np.float64)
        array = nm.to_numpy(out, call)
        if array.shape != (num,):
            extra = " (one too many: T+1 values)" if array.shape == (num + 1,) else (
                " (one too few)" if array.shape == (num - 1,) else "")
            raise CheckFailed(
                f"{call} has shape {array.shape}, expected ({num},){extra}",
                expected=f"({num},)", actual=str(array.shape),
                hint="np.linspace(beta_start, beta_end, num_steps) gives num_steps values, both ends included.",
            )
        dtype = nm.dtype_name(out)
        if dtype != "float32":
            raise CheckFailed(
                f"{call} has dtype {dtype}, expected float32", expected="float32", actual=dtype,
                hint="The contract's schedules are NumPy float32 arrays: .astype(np.float32).",
            )
        if not nm.close(array, expected, 1e-6, 1e-9):
            step = (end - start) / num
            bug = nm.diagnose(array, [
                ("np.linspace with endpoint=False (or np.arange): the last value stops one step short of beta_end",
                 np.linspace(start, end, num, endpoint=False)),
                ("the schedule runs backwards, from beta_end down to beta_start", expected[::-1]),
                ("the schedule starts one step late (beta_start + step … beta_end)", start + step * np.arange(1, num + 1)),
            ])
            raise CheckFailed(
                f"{call} = {nm.fmt(array)}, expected {nm.fmt(expected)}" + (f": {bug}" if bug else ""),
                expected=f"{expected[0]:.6g} … {expected[-1]:.6g}",
                actual=f"{array[0]:.6g} … {array[-1]:.6g}",
                hint="np.linspace(beta_start, beta_end, num_steps, dtype=np.float64).astype(np.float32).",
            )
    return "float32, linear from beta_start to beta_end inclusive, for T = 10, 1000 and custom ends"


def _q_candidates(x0: np.ndarray, t: np.ndarray, noise: np.ndarray, ac: np.ndarray) -> list[tuple[str, np.ndarray]]:
    num = len(ac)

    def form(a: np.ndarray, sx: bool = True, sn: bool = True) -> np.ndarray:
        a = a[:, None]
        return (np.sqrt(a) if sx else a) * x0 + (np.sqrt(1 - a) if sn else 1 - a) * noise

    acf = ac.astype(np.float64)
    alphas = np.concatenate([[acf[0]], acf[1:] / acf[:-1]])
    return [
        ("it indexes alphas_cumprod[t - 1]: 1-based time steps", form(acf[(t - 1) % num])),
        ("it indexes alphas_cumprod[t - 1]: 1-based time steps", form(acf[np.maximum(t - 1, 0)])),
        ("it indexes alphas_cumprod[t + 1]", form(acf[np.minimum(t + 1, num - 1)])),
        ("the square roots are missing: ᾱ·x0 + (1 − ᾱ)·noise", form(acf[t], False, False)),
        ("the square root on the noise term is missing: (1 − ᾱ)·noise", form(acf[t], True, False)),
        ("the square root on the x0 term is missing: ᾱ·x0", form(acf[t], False, True)),
        ("x0 and the noise swapped places", np.sqrt(acf[t])[:, None] * noise + np.sqrt(1 - acf[t])[:, None] * x0),
        ("it uses the one-step α_t (ᾱ_t / ᾱ_{t-1}) instead of the cumulative product ᾱ_t", form(alphas[t])),
        ("the first example's t is used for the whole batch", form(acf[np.full_like(t, t[0])])),
    ]


@suite.check("q_sample", needs=("contract",))
def q_sample(ctx: Context) -> str:
    """q_sample = sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·noise with a t per example, vs float64 NumPy."""
    rng = np.random.default_rng(SEED)
    _, ac = schedule(UNIT_T, *UNIT_BETAS)
    acf = ac.astype(np.float64)
    for batch, dim in ((1, 2), (5, 3), (64, 2)):
        x0 = rng.standard_normal((batch, dim)) * 1.5 + 0.5
        noise = rng.standard_normal((batch, dim))
        t = rng.integers(0, UNIT_T, batch)
        if batch > 2:
            t[:2] = (0, UNIT_T - 1)
        what = f"q_sample(x0 {x0.shape}, t {t.shape}, noise, alphas_cumprod)"
        out = run_user(ctx, what, lambda: ctx.module.q_sample(
            tfwrap.as_batch(x0), tf.constant(t, dtype=tf.int32), tfwrap.as_batch(noise), ac), UNIT_T)
        require_tensor(out, (batch, dim), what, "x_t has the shape of x0: broadcast ᾱ_t as (batch, 1).")
        array = nm.to_numpy(out, what)
        expected = np.sqrt(acf[t])[:, None] * x0 + np.sqrt(1 - acf[t])[:, None] * noise
        if not nm.close(array, expected, RTOL, ATOL):
            bug = nm.diagnose(array, _q_candidates(x0, t, noise, ac))
            raise CheckFailed(
                f"{what} with t = {t[:4].tolist()}{'…' if batch > 4 else ''} is {nm.fmt(array)}, expected {nm.fmt(expected)}"
                + (f": {bug}" if bug else ""),
                expected=nm.fmt(expected), actual=nm.fmt(array),
                hint="a = alphas_cumprod[t] per example (ops.take), shaped (batch, 1); "
                "x_t = sqrt(a) * x0 + sqrt(1 - a) * noise.",
            )
    # diffusion_loss calls it inside train_step, which the checker traces when it can
    graph = tf.function(lambda x, tt, n: ctx.module.q_sample(x, tt, n, ac))
    try:
        run_user(ctx, "q_sample inside tf.function", lambda: graph(
            tfwrap.as_batch(np.ones((4, 2))), tf.constant([0, 1, 2, 3], tf.int32), tfwrap.as_batch(np.ones((4, 2)))), UNIT_T)
    except (CheckFailed, SubmissionError) as exc:
        note = f"q_sample does not run under tf.function ({exc.message.splitlines()[0][:120]}): train_step will run eagerly, about 10× slower"
        ctx.log(note)
        return "equal to float64 NumPy for batch × D = 1×2, 5×3, 64×2 with a t per example; " + note
    return "equal to float64 NumPy for batch × D = 1×2, 5×3, 64×2 with a t per example; runs under tf.function"


@suite.check("denoiser", needs=("contract",))
def denoiser(ctx: Context) -> str:
    """build_denoiser: [x_t (N, D) float32, t (N,) int32] → (N, D) float32 that depends on x_t and on t."""
    rng = np.random.default_rng(SEED)
    for dim, steps in ((2, 20), (3, 50)):
        keras.utils.set_random_seed(SEED)
        call = f"build_denoiser({dim}, {steps})"
        with ctx.calling(call):
            model = ctx.module.build_denoiser(dim, steps)
        require_callable(model, call)
        for n in (1, 7, 64):
            x = rng.standard_normal((n, dim))
            t = rng.integers(0, steps, n)
            what = f"the denoiser on x_t ({n}, {dim}) and t ({n},) int32"
            with ctx.calling(what):
                out = tfwrap.call_model(model, [tfwrap.as_batch(x), tf.constant(t, tf.int32)])
            require_tensor(out, (n, dim), what, "End with layers.Dense(data_dim): one noise value per data dimension.")
            nm.require_finite(nm.to_numpy(out, what), what)
        x = np.repeat(rng.standard_normal((1, dim)), steps, axis=0)
        with ctx.calling("the denoiser on one x_t at every t"):
            by_t = nm.to_numpy(tfwrap.call_model(model, [tfwrap.as_batch(x), tf.constant(np.arange(steps), tf.int32)]), "the denoiser")
        if float(np.ptp(by_t, axis=0).max()) <= 1e-6:
            raise CheckFailed(
                f"{call}'s output is the same for one x_t at t = 0 … {steps - 1}: the denoiser ignores t, so it cannot "
                "tell how much noise to remove",
                expected="an output that changes with t", actual=f"spread {float(np.ptp(by_t, axis=0).max()):.2g}",
                hint="Feed t in: a layers.Embedding(num_steps, d) of t, or a sinusoidal embedding, concatenated with x_t.",
            )
        x = rng.standard_normal((16, dim)) * 2
        with ctx.calling("the denoiser on 16 x_t at one t"):
            by_x = nm.to_numpy(tfwrap.call_model(model, [tfwrap.as_batch(x), tf.constant(np.full(16, 3), tf.int32)]), "the denoiser")
        if float(np.ptp(by_x, axis=0).max()) <= 1e-6:
            raise CheckFailed(
                f"{call}'s output is the same for 16 different x_t: the denoiser ignores x_t",
                expected="an output that changes with x_t", actual="constant",
                hint="Build the layers on the x_t input.",
            )
    return "(N, D) float32 for N = 1, 7, 64 and D = 2, 3; depends on x_t and on t"


def _loss(ctx: Context, spy: Spy, x0: np.ndarray, ac: np.ndarray, num_steps: int) -> tuple[float, list]:
    spy.calls.clear()
    what = f"diffusion_loss(model, x0 {x0.shape}, alphas_cumprod)"
    value = run_user(ctx, what, lambda: ctx.module.diffusion_loss(spy, tfwrap.as_batch(x0), ac), num_steps)
    loss = nm.scalar(value, what)
    if not spy.calls:
        raise CheckFailed(f"{what} never called the model", hint="eps_hat = model([x_t, t]).")
    return loss, list(spy.calls)


@suite.check("loss_target", needs=("q_sample",))
def loss_target(ctx: Context) -> str:
    """A model answering the true noise makes the loss 0; a model answering 0 makes it mean(noise²)."""
    rng = np.random.default_rng(SEED + 1)
    _, ac = schedule(UNIT_T, *UNIT_BETAS)
    x0 = rng.standard_normal((256, 2)) * 2.0 + 1.0
    spy = Spy(ac, "exact", x0)
    loss, calls = _loss(ctx, spy, x0, ac, UNIT_T)
    nm.require_finite(loss, "diffusion_loss with the exact-noise model")
    if loss > EXACT_LOSS_MAX:
        call = calls[0]
        noise = call.out
        bug = nm.diagnose(loss, [
            ("the loss regresses x0 while the model predicts the noise ε: the target must be the noise",
             np.mean((x0 - noise) ** 2)),
            ("the loss regresses x_t instead of the noise", np.mean((call.x_t - noise) ** 2)),
        ])
        raise CheckFailed(
            f"with a model that returns exactly the noise that made x_t, diffusion_loss = {loss:.6g}, expected 0"
            + (f": {bug}" if bug else ": the target is not the noise used in q_sample (or the model's input is not "
               "that x_t and its t)"),
            expected="0 (≤ 1e-6)", actual=f"{loss:.6g}",
            hint="noise ~ N(0, I); x_t = q_sample(x0, t, noise, alphas_cumprod); loss = mean((noise - model([x_t, t]))²).",
        )
    zeros = Spy(ac, "zeros", x0)
    loss, calls = _loss(ctx, zeros, x0, ac, UNIT_T)
    noise = zeros.recover(calls[0].x_t, calls[0].t)
    expected = float(np.mean(noise ** 2))
    if not nm.close(loss, expected, 1e-4, 1e-6):
        bug = nm.diagnose(loss, [
            ("summed over the data dimensions instead of averaged", np.mean(np.sum(noise ** 2, axis=1))),
            ("summed instead of averaged", np.sum(noise ** 2)),
            ("it is a root mean square (sqrt of the MSE)", np.sqrt(expected)),
            ("it is a mean absolute error, not a squared error", np.mean(np.abs(noise))),
            ("halved (½·MSE)", 0.5 * expected),
        ])
        raise CheckFailed(
            f"with a model that returns 0, diffusion_loss = {loss:.6g}, expected mean(noise²) = {expected:.6g}"
            + (f": {bug}" if bug else ""),
            expected=f"{expected:.6g}", actual=f"{loss:.6g}",
            hint="ops.mean(ops.square(noise - eps_hat)): one mean over the batch and the data dimensions.",
        )
    return f"0 with the exact-noise model; mean(noise²) = {expected:.3f} with a model that predicts 0"


@suite.check("loss_timesteps", needs=("loss_target",))
def loss_timesteps(ctx: Context) -> str:
    """diffusion_loss draws t per example, uniformly over 0 … T-1, anew on every call."""
    rng = np.random.default_rng(SEED + 2)
    _, ac = schedule(TIMESTEP_T, *UNIT_BETAS)
    x0 = rng.standard_normal((TIMESTEP_BATCH, 2))
    spy = Spy(ac, "exact", x0)
    seen = []
    for _ in range(TIMESTEP_CALLS):
        _, calls = _loss(ctx, spy, x0, ac, TIMESTEP_T)
        seen.append(calls[0].t)
    first = seen[0]
    if np.all(first == first[0]):
        raise CheckFailed(
            f"every example of a batch of {TIMESTEP_BATCH} got the same t = {int(first[0])}: one t for the whole batch "
            "instead of one per example",
            expected="a t per example", actual=f"all t = {int(first[0])}",
            hint="t = keras.random.randint((batch,), 0, T): shape (batch,).",
        )
    if all(np.array_equal(seen[0], s) for s in seen[1:]):
        raise CheckFailed(
            f"{TIMESTEP_CALLS} calls of diffusion_loss drew the same t: t is fixed (a seed, or drawn once)",
            expected="new t on every call", actual="identical t",
            hint="Draw t inside diffusion_loss with keras.random.randint and no fixed integer seed.",
        )
    t = np.concatenate(seen)
    counts = np.bincount(t, minlength=TIMESTEP_T)
    summary = f"t over {len(t)} draws: min {t.min()}, max {t.max()}"
    if counts[0] == 0:
        raise CheckFailed(
            f"{summary}: t = 0 is never drawn — t starts at 1 (1-based, or randint(1, T))",
            expected=f"t in 0 … {TIMESTEP_T - 1}", actual=f"{t.min()} … {t.max()}",
            hint="Indices are 0-based: keras.random.randint((batch,), 0, T).",
        )
    if counts[-1] == 0:
        raise CheckFailed(
            f"{summary}: t = T-1 = {TIMESTEP_T - 1} is never drawn — randint's upper bound is already excluded, "
            "so randint(0, T - 1) stops at T-2",
            expected=f"t in 0 … {TIMESTEP_T - 1}", actual=f"{t.min()} … {t.max()}",
            hint="keras.random.randint((batch,), 0, T): the upper bound T is excluded.",
        )
    expected = len(t) / TIMESTEP_T
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    if chi2 > CHI2_MAX:
        raise CheckFailed(
            f"{summary}: the counts per t are far from uniform (χ² = {chi2:.0f} with {TIMESTEP_T - 1} degrees of freedom; "
            f"counts {counts.tolist()})",
            expected=f"χ² ≤ {CHI2_MAX:.0f}", actual=f"{chi2:.0f}",
            hint="t ~ U{0, ..., T-1}: keras.random.randint, not a normal or a clipped draw.",
        )
    return f"{summary}, uniform (χ² = {chi2:.1f}), a t per example, new on every call"


@suite.check("loss_noise", needs=("loss_target",))
def loss_noise(ctx: Context) -> str:
    """diffusion_loss's noise is N(0, I), per example and per dimension, new on every call."""
    rng = np.random.default_rng(SEED + 3)
    _, ac = schedule(UNIT_T, *UNIT_BETAS)
    x0 = rng.standard_normal((3000, 2)) + 1.0
    spy = Spy(ac, "exact", x0)
    noises = []
    for _ in range(2):
        _, calls = _loss(ctx, spy, x0, ac, UNIT_T)
        noises.append(calls[0].out)
    noise = noises[0]
    mean, std = float(noise.mean()), float(noise.std())
    if np.array_equal(noises[0], noises[1]):
        raise CheckFailed(
            "two calls of diffusion_loss on the same x0 used the same noise: it is drawn once (a fixed seed, or drawn "
            "outside the function)",
            expected="new noise on every call", actual="identical noise",
            hint="noise = keras.random.normal(ops.shape(x0)) inside diffusion_loss, with no integer seed.",
        )
    if float(noise.std(axis=0).min()) < 1e-6:
        raise CheckFailed(
            "every example got the same noise vector", expected="noise per example", actual="one shared vector",
            hint="noise = keras.random.normal(ops.shape(x0)): the shape of the whole batch.",
        )
    if np.allclose(noise[:, 0], noise[:, 1]):
        raise CheckFailed(
            "the noise is the same for every data dimension", expected="noise per dimension", actual="shared across D",
            hint="noise = keras.random.normal(ops.shape(x0)).",
        )
    if abs(mean) > NOISE_MEAN_TOL or abs(std - 1.0) > NOISE_STD_TOL:
        kind = " — it looks uniform on [0, 1)" if abs(mean - 0.5) < 0.05 and abs(std - 0.289) < 0.03 else ""
        raise CheckFailed(
            f"the noise that made x_t has mean {mean:.3f} and standard deviation {std:.3f}, expected 0 and 1{kind}",
            expected="mean 0 ± 0.05, std 1 ± 0.05", actual=f"mean {mean:.3f}, std {std:.3f}",
            hint="noise ~ N(0, I): keras.random.normal(ops.shape(x0)).",
        )
    return f"noise mean {mean:.3f}, std {std:.3f}, per example and dimension, new on every call"


def _p_candidates(x: np.ndarray, eps: np.ndarray, t: int, noise: np.ndarray, betas: np.ndarray, ac: np.ndarray):
    """Known mistakes in a reverse step, alone and combined (a mean mistake with a noise mistake)."""
    b, a = betas.astype(np.float64), ac.astype(np.float64)

    def mean_at(i: int, alpha_div: float | None = None, coef: float | None = None) -> np.ndarray:
        c = b[i] / np.sqrt(1 - a[i]) if coef is None else coef
        d = np.sqrt(1 - b[i]) if alpha_div is None else alpha_div
        return (x - c * eps) / d

    means = [
        ("", mean_at(t)),
        ("ᾱ_t and α_t confused: the mean is divided by √ᾱ_t instead of √α_t = √(1 − β_t)", mean_at(t, alpha_div=np.sqrt(a[t]))),
        ("ᾱ_t and α_t confused: the noise coefficient is β_t / √(1 − β_t) instead of β_t / √(1 − ᾱ_t)",
         mean_at(t, coef=b[t] / np.sqrt(1 - b[t]))),
    ]
    if t > 0:
        post = b[t] * (1 - a[t - 1]) / (1 - a[t])
        noises = [
            ("", np.sqrt(b[t]) * noise),
            ("σ = β_t instead of √β_t", b[t] * noise),
            ("σ² is the posterior variance β̃_t; the contract uses σ² = β_t", np.sqrt(post) * noise),
            ("the noise is subtracted", -np.sqrt(b[t]) * noise),
            ("no noise is added at t > 0", 0.0 * noise),
        ]
    else:
        noises = [
            ("", 0.0 * noise),
            ("noise is added at the last step (t = 0 must return the mean alone)", np.sqrt(b[t]) * noise),
            ("noise is added at the last step (t = 0 must return the mean alone), with σ = β_t instead of √β_t",
             b[t] * noise),
        ]
    out = []
    for mean_bug, mean in means:
        for noise_bug, added in noises:
            if mean_bug or noise_bug:
                out.append(("; and ".join(w for w in (mean_bug, noise_bug) if w), mean + added))
    if t > 0:
        out.append(("it indexes betas/alphas_cumprod at t - 1: 1-based time steps",
                    mean_at(t - 1) + (np.sqrt(b[t - 1]) * noise if t - 1 > 0 else 0)))
    if t + 1 < len(b):
        out.append(("it indexes betas/alphas_cumprod at t + 1", mean_at(t + 1) + np.sqrt(b[t + 1]) * noise))
    return out


@suite.check("p_sample", needs=("contract",))
def p_sample(ctx: Context) -> str:
    """One reverse step with given noise equals the contract's formula; at t = 0, the mean alone."""
    rng = np.random.default_rng(SEED + 4)
    betas, ac = schedule(UNIT_T, *UNIT_BETAS)
    b, a = betas.astype(np.float64), ac.astype(np.float64)
    for t, batch, dim in ((UNIT_T - 1, 5, 2), (7, 64, 3), (1, 8, 2), (0, 16, 2)):
        x = rng.standard_normal((batch, dim)) * 1.3
        noise = rng.standard_normal((batch, dim))
        spy = Spy(ac, "fixed")
        what = f"p_sample(model, x_t {x.shape}, t={t}, betas, alphas_cumprod, noise)"
        out = run_user(ctx, what, lambda: ctx.module.p_sample(spy, tfwrap.as_batch(x), t, betas, ac, tfwrap.as_batch(noise)), UNIT_T)
        if len(spy.calls) != 1:
            raise CheckFailed(f"{what} called the model {len(spy.calls)} times, expected once",
                              expected="1 call", actual=f"{len(spy.calls)} calls", hint="eps_hat = model([x_t, t_vec]).")
        seen = spy.calls[0]
        if not np.all(seen.t == t):
            raise CheckFailed(
                f"{what} called the model with t = {seen.t[:4].tolist()}, expected {t} for every example",
                expected=f"t = {t}", actual=str(seen.t[:4].tolist()),
                hint="t_vec = ops.full((batch,), t, dtype='int32').",
            )
        require_tensor(out, (batch, dim), what, "The step returns x_{t-1}, the shape of x_t.")
        array = nm.to_numpy(out, what)
        eps = seen.out
        mean = (x - b[t] / np.sqrt(1 - a[t]) * eps) / np.sqrt(1 - b[t])
        expected = mean + (np.sqrt(b[t]) * noise if t > 0 else 0)
        if not nm.close(array, expected, RTOL, ATOL):
            bug = nm.diagnose(array, _p_candidates(x, eps, t, noise, betas, ac))
            if bug is None and t > 0:
                resid = (array - mean).ravel()
                if abs(float(np.corrcoef(resid, noise.ravel())[0, 1])) < 0.5:
                    bug = "the noise argument is ignored (fresh noise was drawn although noise was given)"
            raise CheckFailed(
                f"{what} is {nm.fmt(array)}, expected {nm.fmt(expected)}" + (f": {bug}" if bug else ""),
                expected=nm.fmt(expected), actual=nm.fmt(array),
                hint="mean = (x_t - betas[t] / sqrt(1 - alphas_cumprod[t]) * eps_hat) / sqrt(1 - betas[t]); "
                "return mean + sqrt(betas[t]) * noise for t > 0, the mean alone at t = 0.",
            )
    spy = Spy(ac, "fixed")
    x = rng.standard_normal((4000, 2))
    out = run_user(ctx, "p_sample(model, x_t, t=5, betas, alphas_cumprod) with no noise given",
                   lambda: ctx.module.p_sample(spy, tfwrap.as_batch(x), 5, betas, ac), UNIT_T)
    eps = spy.calls[-1].out
    resid = (nm.to_numpy(out, "p_sample") - (x - b[5] / np.sqrt(1 - a[5]) * eps) / np.sqrt(1 - b[5])) / np.sqrt(b[5])
    if abs(float(resid.std()) - 1.0) > 0.06 or abs(float(resid.mean())) > 0.06:
        raise CheckFailed(
            f"with noise=None, p_sample's added noise divided by √β_t has mean {resid.mean():.3f} and std {resid.std():.3f}, "
            "expected a standard normal draw",
            expected="mean 0, std 1", actual=f"mean {resid.mean():.3f}, std {resid.std():.3f}",
            hint="if noise is None: noise = keras.random.normal(ops.shape(x_t)).",
        )
    return f"equal to float64 NumPy at t = {UNIT_T - 1}, 7, 1 with given noise and the mean alone at t = 0; draws N(0, I) when noise is None"


@suite.check("sample", needs=("p_sample",))
def sample(ctx: Context) -> str:
    """With the exact noise predictor for one point c, sample starts from N(0, I), runs t = T-1 … 0 and ends at c."""
    betas, ac = schedule(UNIT_T, *UNIT_BETAS)
    b, a = betas.astype(np.float64), ac.astype(np.float64)
    n = 2000
    spy = Spy(ac, "exact", SAMPLE_POINT[None, :])
    what = f"sample(model, {n}, 2, betas, alphas_cumprod)"
    out = run_user(ctx, what, lambda: ctx.module.sample(spy, n, 2, betas, ac), UNIT_T)
    order = [int(c.t[0]) if np.all(c.t == c.t[0]) else -1 for c in spy.calls]
    want = list(range(UNIT_T - 1, -1, -1))
    if order != want:
        if order == want[::-1]:
            why = "the loop runs forwards, t = 0 … T-1; the reverse process goes from T-1 down to 0"
        elif -1 in order:
            why = "one call mixed different t across the batch"
        elif order[:1] == [UNIT_T] or order[-1:] == [1]:
            why = "the loop runs over 1-based t (T … 1)"
        else:
            why = f"{len(order)} calls"
        raise CheckFailed(
            f"{what} called the model at t = {order[:5]}{'…' if len(order) > 5 else ''}: {why}",
            expected=f"t = {UNIT_T - 1}, {UNIT_T - 2}, …, 0 (one call each)",
            actual=str(order[:6]),
            hint="for t in reversed(range(T)): x = p_sample(model, x, t, betas, alphas_cumprod).",
        )
    start = spy.calls[0].x_t
    if start.shape != (n, 2) or abs(float(start.mean())) > 0.1 or abs(float(start.std()) - 1.0) > 0.1:
        desc = "zeros" if np.all(start == 0) else f"mean {start.mean():.3f}, std {start.std():.3f}"
        raise CheckFailed(
            f"the chain starts from {desc} (shape {start.shape}), expected x_T ~ N(0, I) of shape ({n}, 2)",
            expected="N(0, I)", actual=desc,
            hint="x = keras.random.normal((num_samples, data_dim)).",
        )
    for k, call in enumerate(spy.calls[:-1]):
        t = int(call.t[0])
        mean = (call.x_t - b[t] / np.sqrt(1 - a[t]) * call.out) / np.sqrt(1 - b[t])
        scaled = (spy.calls[k + 1].x_t - mean) / np.sqrt(b[t])
        if abs(float(scaled.std()) - 1.0) > 0.1:
            ratio = float(scaled.std())
            why = ("no noise is added between steps" if ratio < 1e-3 else
                   "σ = β_t instead of √β_t" if abs(ratio - np.sqrt(b[t])) < 0.1 * np.sqrt(b[t]) else
                   "the step does not follow p_sample's formula")
            raise CheckFailed(
                f"between t = {t} and t = {t - 1} the chain moved from the step's mean by {ratio:.3g}·√β_t, "
                f"expected a standard normal times √β_t: {why}",
                expected="std 1 (× √β_t)", actual=f"{ratio:.3g}",
                hint="Each step is p_sample: mean + sqrt(betas[t]) * noise, fresh noise per step.",
            )
    require_tensor(out, (n, 2), what, "sample returns the final x_0, shape (num_samples, data_dim).")
    array = nm.to_numpy(out, what)
    err = float(np.abs(array - SAMPLE_POINT).max())
    if err > SAMPLE_ATOL:
        last = spy.calls[-1]
        mean0 = (last.x_t - b[0] / np.sqrt(1 - a[0]) * last.out) / np.sqrt(1 - b[0])
        noise_last = float(np.abs(array - mean0).max()) > SAMPLE_ATOL and abs(float((array - mean0).std() / np.sqrt(b[0])) - 1) < 0.2
        why = ("noise is added at the last step (t = 0 must return the mean alone)" if noise_last
               else "the final x is not the last step's output")
        raise CheckFailed(
            f"with the exact noise predictor for the single point c = {SAMPLE_POINT.tolist()}, the samples end up to "
            f"{err:.3g} away from c, expected within {SAMPLE_ATOL:g}: {why}",
            expected=f"c within {SAMPLE_ATOL:g}", actual=f"max error {err:.3g}",
            hint="At t = 0 p_sample returns the mean, and sample returns the x after the t = 0 step.",
        )
    return f"starts from N(0, I), t = {UNIT_T - 1} … 0, √β_t noise between steps, ends within {err:.1g} of c"
