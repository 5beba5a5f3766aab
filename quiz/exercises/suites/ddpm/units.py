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
from quiz.exercises.messages import M

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
            M("ddpm.out_of_range.indexing_alphas_cum_failed", (
                "indexing alphas_cumprod failed with t outside 0..T-1 ({exc_message_splitlines_0}): "
                "1-based time steps (1..T), or randint's upper bound taken as inclusive"
              ), exc_message_splitlines_0=exc.message.splitlines()[0][:160]),
            expected="0 ≤ t ≤ T-1",
            actual=M("ddpm.out_of_range.t_out_range", "t out of range"),
            hint=M("ddpm.out_of_range.indices_based_t", "Indices are 0-based: t ~ U{{0, ..., T-1}}, e.g. keras.random.randint((batch,), 0, T)."),
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
    return M("lib.contract.present", "imports; {names} present", names=", ".join(CONTRACT))


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
            extra = M("ddpm.beta_schedule.one_too_many", " (one too many: T+1 values)") if array.shape == (num + 1,) else (
                M("ddpm.beta_schedule.one_too_few", " (one too few)") if array.shape == (num - 1,) else "")
            raise CheckFailed(
                M("ddpm.beta_schedule.has_shape_expected", "{call} has shape {shape}, expected ({num},){extra}", call=call, shape=array.shape, num=num, extra=extra),
                expected=f"({num},)", actual=str(array.shape),
                hint=M("ddpm.beta_schedule.np_linspace_beta_start", "np.linspace(beta_start, beta_end, num_steps) gives num_steps values, both ends included."),
            )
        dtype = nm.dtype_name(out)
        if dtype != "float32":
            raise CheckFailed(
                M("ddpm.beta_schedule.has_dtype_expected", "{call} has dtype {dtype}, expected float32", call=call, dtype=dtype), expected="float32", actual=dtype,
                hint=M("ddpm.beta_schedule.contract_s_schedules", "The contract's schedules are NumPy float32 arrays: .astype(np.float32)."),
            )
        if not nm.close(array, expected, 1e-6, 1e-9):
            step = (end - start) / num
            bug = nm.diagnose(array, [
                (M("ddpm.beta_schedule.np_linspace_endpoint", (
                     "np.linspace with endpoint=False (or np.arange): the last value stops one step short of "
                     "beta_end"
                   )),
                 np.linspace(start, end, num, endpoint=False)),
                (M("ddpm.beta_schedule.schedule_runs_backwards", "the schedule runs backwards, from beta_end down to beta_start"), expected[::-1]),
                (M("ddpm.beta_schedule.schedule_starts_one", "the schedule starts one step late (beta_start + step … beta_end)"), start + step * np.arange(1, num + 1)),
            ])
            raise CheckFailed(
                M("ddpm.beta_schedule.expected", "{call} = {nm_fmt_array}, expected {nm_fmt_expected}", call=call, nm_fmt_array=nm.fmt(array), nm_fmt_expected=nm.fmt(expected)) + (f": {bug}" if bug else ""),
                expected=f"{expected[0]:.6g} … {expected[-1]:.6g}",
                actual=f"{array[0]:.6g} … {array[-1]:.6g}",
                hint=M("ddpm.beta_schedule.np_linspace_beta_start_2", "np.linspace(beta_start, beta_end, num_steps, dtype=np.float64).astype(np.float32)."),
            )
    return M("ddpm.beta_schedule.float32_linear_from", "float32, linear from beta_start to beta_end inclusive, for T = 10, 1000 and custom ends")


def _q_candidates(x0: np.ndarray, t: np.ndarray, noise: np.ndarray, ac: np.ndarray) -> list[tuple[str, np.ndarray]]:
    num = len(ac)

    def form(a: np.ndarray, sx: bool = True, sn: bool = True) -> np.ndarray:
        a = a[:, None]
        return (np.sqrt(a) if sx else a) * x0 + (np.sqrt(1 - a) if sn else 1 - a) * noise

    acf = ac.astype(np.float64)
    alphas = np.concatenate([[acf[0]], acf[1:] / acf[:-1]])
    return [
        (M("ddpm.q_candidates.indexes_alphas_cum_t", "it indexes alphas_cumprod[t - 1]: 1-based time steps"), form(acf[(t - 1) % num])),
        (M("ddpm.q_candidates.indexes_alphas_cum_t", "it indexes alphas_cumprod[t - 1]: 1-based time steps"), form(acf[np.maximum(t - 1, 0)])),
        (M("ddpm.q_candidates.indexes_alphas_cum_t_2", "it indexes alphas_cumprod[t + 1]"), form(acf[np.minimum(t + 1, num - 1)])),
        (M("ddpm.q_candidates.square_roots_missing", "the square roots are missing: ᾱ·x0 + (1 − ᾱ)·noise"), form(acf[t], False, False)),
        (M("ddpm.q_candidates.square_root_noise", "the square root on the noise term is missing: (1 − ᾱ)·noise"), form(acf[t], True, False)),
        (M("ddpm.q_candidates.square_root_x0", "the square root on the x0 term is missing: ᾱ·x0"), form(acf[t], False, True)),
        (M("ddpm.q_candidates.x0_noise_swapped", "x0 and the noise swapped places"), np.sqrt(acf[t])[:, None] * noise + np.sqrt(1 - acf[t])[:, None] * x0),
        (M("ddpm.q_candidates.uses_one_step", "it uses the one-step α_t (ᾱ_t / ᾱ_{{t-1}}) instead of the cumulative product ᾱ_t"), form(alphas[t])),
        (M("ddpm.q_candidates.first_example_s", "the first example's t is used for the whole batch"), form(acf[np.full_like(t, t[0])])),
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
        what = M("ddpm.q_sample.q_sample_x0_t", "q_sample(x0 {shape}, t {shape_2}, noise, alphas_cumprod)", shape=x0.shape, shape_2=t.shape)
        out = run_user(ctx, what, lambda: ctx.module.q_sample(
            tfwrap.as_batch(x0), tf.constant(t, dtype=tf.int32), tfwrap.as_batch(noise), ac), UNIT_T)
        require_tensor(out, (batch, dim), what, M("ddpm.q_sample.x_t_has_shape", "x_t has the shape of x0: broadcast ᾱ_t as (batch, 1)."))
        array = nm.to_numpy(out, what)
        expected = np.sqrt(acf[t])[:, None] * x0 + np.sqrt(1 - acf[t])[:, None] * noise
        if not nm.close(array, expected, RTOL, ATOL):
            bug = nm.diagnose(array, _q_candidates(x0, t, noise, ac))
            raise CheckFailed(
                M("ddpm.q_sample.t_expected", "{what} with t = {t_4_tolist}{if_batch_4_else} is {nm_fmt_array}, expected {nm_fmt_expected}", what=what, t_4_tolist=t[:4].tolist(), if_batch_4_else='…' if batch > 4 else '', nm_fmt_array=nm.fmt(array), nm_fmt_expected=nm.fmt(expected))
                + (f": {bug}" if bug else ""),
                expected=nm.fmt(expected), actual=nm.fmt(array),
                hint=M("ddpm.q_sample.alphas_cum_t_per", (
                         "a = alphas_cumprod[t] per example (ops.take), shaped (batch, 1); x_t = sqrt(a) * x0 + "
                         "sqrt(1 - a) * noise."
                       )),
            )
    # diffusion_loss calls it inside train_step, which the checker traces when it can: as
    # tfwrap.StepRunner does, plainly first, then with AutoGraph (which costs ~0.1 s more)
    args = (tfwrap.as_batch(np.ones((4, 2))), tf.constant([0, 1, 2, 3], tf.int32), tfwrap.as_batch(np.ones((4, 2))))

    def traced(autograph: bool) -> Any:
        graph = tf.function(lambda x, tt, n: ctx.module.q_sample(x, tt, n, ac), autograph=autograph)
        return run_user(ctx, "q_sample inside tf.function", lambda: graph(*args), UNIT_T)

    try:
        try:
            traced(False)
        except (CheckFailed, SubmissionError):
            traced(True)
    except (CheckFailed, SubmissionError) as exc:
        note = M("ddpm.q_sample.q_sample_does_not", (
                   "q_sample does not run under tf.function ({exc_message_splitlines_0}): train_step will "
                   "run eagerly, about 10× slower"
                 ), exc_message_splitlines_0=exc.message.splitlines()[0][:120])
        ctx.log(note)
        return M("ddpm.q_sample.equal_float64_numpy", "equal to float64 NumPy for batch × D = 1×2, 5×3, 64×2 with a t per example; ") + note
    return M("ddpm.q_sample.equal_float64_numpy_2", (
               "equal to float64 NumPy for batch × D = 1×2, 5×3, 64×2 with a t per example; runs under "
               "tf.function"
             ))


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
            what = M("ddpm.denoiser.denoiser_x_t_t", "the denoiser on x_t ({n}, {dim}) and t ({n},) int32", n=n, dim=dim)
            with ctx.calling(what):
                out = tfwrap.call_model(model, [tfwrap.as_batch(x), tf.constant(t, tf.int32)])
            require_tensor(out, (n, dim), what, M("ddpm.denoiser.end_layers_dense", "End with layers.Dense(data_dim): one noise value per data dimension."))
            nm.require_finite(nm.to_numpy(out, what), what)
        x = np.repeat(rng.standard_normal((1, dim)), steps, axis=0)
        with ctx.calling(M("ddpm.denoiser.denoiser_one_x_t", "the denoiser on one x_t at every t")):
            by_t = nm.to_numpy(tfwrap.call_model(model, [tfwrap.as_batch(x), tf.constant(np.arange(steps), tf.int32)]), M("ddpm.denoiser.denoiser", "the denoiser"))
        if float(np.ptp(by_t, axis=0).max()) <= 1e-6:
            raise CheckFailed(
                M("ddpm.denoiser.s_output_same", (
                    "{call}'s output is the same for one x_t at t = 0 … {steps_1}: the denoiser ignores t, "
                    "so it cannot tell how much noise to remove"
                  ), call=call, steps_1=steps - 1),
                expected=M("ddpm.denoiser.output_that_changes", "an output that changes with t"), actual=M("ddpm.denoiser.spread", "spread {float_np_ptp_by_t_axis_0:.2g}", float_np_ptp_by_t_axis_0=float(np.ptp(by_t, axis=0).max())),
                hint=M("ddpm.denoiser.feed_t_layers", (
                         "Feed t in: a layers.Embedding(num_steps, d) of t, or a sinusoidal embedding, "
                         "concatenated with x_t."
                       )),
            )
        x = rng.standard_normal((16, dim)) * 2
        with ctx.calling(M("ddpm.denoiser.denoiser_x_t_one", "the denoiser on 16 x_t at one t")):
            by_x = nm.to_numpy(tfwrap.call_model(model, [tfwrap.as_batch(x), tf.constant(np.full(16, 3), tf.int32)]), M("ddpm.denoiser.denoiser", "the denoiser"))
        if float(np.ptp(by_x, axis=0).max()) <= 1e-6:
            raise CheckFailed(
                M("ddpm.denoiser.s_output_same_2", "{call}'s output is the same for 16 different x_t: the denoiser ignores x_t", call=call),
                expected=M("ddpm.denoiser.output_that_changes_2", "an output that changes with x_t"), actual="constant",
                hint=M("ddpm.denoiser.build_layers_x_t", "Build the layers on the x_t input."),
            )
    return M("ddpm.denoiser.n_d_float32", "(N, D) float32 for N = 1, 7, 64 and D = 2, 3; depends on x_t and on t")


def _loss(ctx: Context, spy: Spy, x0: np.ndarray, ac: np.ndarray, num_steps: int) -> tuple[float, list]:
    spy.calls.clear()
    what = M("ddpm.loss.diffusion__model_x0", "diffusion_loss(model, x0 {shape}, alphas_cumprod)", shape=x0.shape)
    value = run_user(ctx, what, lambda: ctx.module.diffusion_loss(spy, tfwrap.as_batch(x0), ac), num_steps)
    loss = nm.scalar(value, what)
    if not spy.calls:
        raise CheckFailed(M("ddpm.loss.never_called_model", "{what} never called the model", what=what), hint=M("ddpm.loss.eps_hat_model_x_t", "eps_hat = model([x_t, t])."))
    return loss, list(spy.calls)


@suite.check("loss_target", needs=("q_sample",))
def loss_target(ctx: Context) -> str:
    """A model answering the true noise makes the loss 0; a model answering 0 makes it mean(noise²)."""
    rng = np.random.default_rng(SEED + 1)
    _, ac = schedule(UNIT_T, *UNIT_BETAS)
    x0 = rng.standard_normal((256, 2)) * 2.0 + 1.0
    spy = Spy(ac, "exact", x0)
    loss, calls = _loss(ctx, spy, x0, ac, UNIT_T)
    nm.require_finite(loss, M("ddpm.loss_target.diffusion__exact_noise", "diffusion_loss with the exact-noise model"))
    if loss > EXACT_LOSS_MAX:
        call = calls[0]
        noise = call.out
        bug = nm.diagnose(loss, [
            (M("ddpm.loss_target.loss_regresses_x0", "the loss regresses x0 while the model predicts the noise ε: the target must be the noise"),
             np.mean((x0 - noise) ** 2)),
            (M("ddpm.loss_target.loss_regresses_x_t", "the loss regresses x_t instead of the noise"), np.mean((call.x_t - noise) ** 2)),
        ])
        symptom = M("ddpm.loss_target.model_that_returns", (
                "with a model that returns exactly the noise that made x_t, diffusion_loss = {loss:.6g}, "
                "expected 0"
              ), loss=loss)
        raise CheckFailed(
            symptom
            + (f": {bug}" if bug else M("ddpm.loss_target.target_not_noise", (
                                          ": the target is not the noise used in q_sample (or the model's input is not that x_t "
                                          "and its t)"
                                        ))),
            expected="0 (≤ 1e-6)", actual=f"{loss:.6g}",
            hint=M("ddpm.loss_target.noise_n_i", (
                     "noise ~ N(0, I); x_t = q_sample(x0, t, noise, alphas_cumprod); loss = mean((noise - "
                     "model([x_t, t]))²)."
                   )),
            symptom=symptom,
        )
    zeros = Spy(ac, "zeros", x0)
    loss, calls = _loss(ctx, zeros, x0, ac, UNIT_T)
    noise = zeros.recover(calls[0].x_t, calls[0].t)
    expected = float(np.mean(noise ** 2))
    if not nm.close(loss, expected, 1e-4, 1e-6):
        bug = nm.diagnose(loss, [
            (M("ddpm.loss_target.summed_over_data", "summed over the data dimensions instead of averaged"), np.mean(np.sum(noise ** 2, axis=1))),
            (M("ddpm.loss_target.summed_instead_averaged", "summed instead of averaged"), np.sum(noise ** 2)),
            (M("ddpm.loss_target.root_mean_square", "it is a root mean square (sqrt of the MSE)"), np.sqrt(expected)),
            (M("ddpm.loss_target.mean_absolute_error", "it is a mean absolute error, not a squared error"), np.mean(np.abs(noise))),
            (M("ddpm.loss_target.halved_mse", "halved (½·MSE)"), 0.5 * expected),
        ])
        raise CheckFailed(
            M("ddpm.loss_target.model_that_returns_2", (
                "with a model that returns 0, diffusion_loss = {loss:.6g}, expected mean(noise²) = "
                "{expected:.6g}"
              ), loss=loss, expected=expected)
            + (f": {bug}" if bug else ""),
            expected=f"{expected:.6g}", actual=f"{loss:.6g}",
            hint=M("ddpm.loss_target.ops_mean_ops", "ops.mean(ops.square(noise - eps_hat)): one mean over the batch and the data dimensions."),
        )
    return M("ddpm.loss_target.exact_noise_model", "0 with the exact-noise model; mean(noise²) = {expected:.3f} with a model that predicts 0", expected=expected)


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
            M("ddpm.loss_timesteps.every_example_batch", (
                "every example of a batch of {TIMESTEP_BATCH} got the same t = {int_first_0}: one t for "
                "the whole batch instead of one per example"
              ), TIMESTEP_BATCH=TIMESTEP_BATCH, int_first_0=int(first[0])),
            expected=M("ddpm.loss_timesteps.t_per_example", "a t per example"), actual=M("ddpm.loss_timesteps.all_t", "all t = {int_first_0}", int_first_0=int(first[0])),
            hint=M("ddpm.loss_timesteps.t_keras_random", "t = keras.random.randint((batch,), 0, T): shape (batch,)."),
        )
    if all(np.array_equal(seen[0], s) for s in seen[1:]):
        raise CheckFailed(
            M("ddpm.loss_timesteps.calls_diffusion__drew", "{TIMESTEP_CALLS} calls of diffusion_loss drew the same t: t is fixed (a seed, or drawn once)", TIMESTEP_CALLS=TIMESTEP_CALLS),
            expected=M("ddpm.loss_timesteps.new_t_every", "new t on every call"), actual="identical t",
            hint=M("ddpm.loss_timesteps.draw_t_inside", "Draw t inside diffusion_loss with keras.random.randint and no fixed integer seed."),
        )
    t = np.concatenate(seen)
    counts = np.bincount(t, minlength=TIMESTEP_T)
    summary = M("ddpm.loss_timesteps.t_over_draws", "t over {len_t} draws: min {t_min}, max {t_max}", len_t=len(t), t_min=t.min(), t_max=t.max())
    if counts[0] == 0:
        raise CheckFailed(
            M("ddpm.loss_timesteps.t_never_drawn", "{summary}: t = 0 is never drawn — t starts at 1 (1-based, or randint(1, T))", summary=summary),
            expected=M("ddpm.loss_timesteps.t", "t in 0 … {timestep_t_1}", timestep_t_1=TIMESTEP_T - 1), actual=f"{t.min()} … {t.max()}",
            hint=M("ddpm.loss_timesteps.indices_based_keras", "Indices are 0-based: keras.random.randint((batch,), 0, T)."),
        )
    if counts[-1] == 0:
        raise CheckFailed(
            M("ddpm.loss_timesteps.t_t_never", (
                "{summary}: t = T-1 = {timestep_t_1} is never drawn — randint's upper bound is already "
                "excluded, so randint(0, T - 1) stops at T-2"
              ), summary=summary, timestep_t_1=TIMESTEP_T - 1),
            expected=M("ddpm.loss_timesteps.t", "t in 0 … {timestep_t_1}", timestep_t_1=TIMESTEP_T - 1), actual=f"{t.min()} … {t.max()}",
            hint=M("ddpm.loss_timesteps.keras_random_randint", "keras.random.randint((batch,), 0, T): the upper bound T is excluded."),
        )
    expected = len(t) / TIMESTEP_T
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    if chi2 > CHI2_MAX:
        raise CheckFailed(
            M("ddpm.loss_timesteps.counts_per_t", (
                "{summary}: the counts per t are far from uniform (χ² = {chi2:.0f} with {timestep_t_1} "
                "degrees of freedom; counts {counts_tolist})"
              ), summary=summary, chi2=chi2, timestep_t_1=TIMESTEP_T - 1, counts_tolist=counts.tolist()),
            expected=f"χ² ≤ {CHI2_MAX:.0f}", actual=f"{chi2:.0f}",
            hint=M("ddpm.loss_timesteps.t_u_keras", "t ~ U{{0, ..., T-1}}: keras.random.randint, not a normal or a clipped draw."),
        )
    return M("ddpm.loss_timesteps.uniform_t_per", "{summary}, uniform (χ² = {chi2:.1f}), a t per example, new on every call", summary=summary, chi2=chi2)


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
            M("ddpm.loss_noise.two_calls_diffusion_", (
                "two calls of diffusion_loss on the same x0 used the same noise: it is drawn once (a "
                "fixed seed, or drawn outside the function)"
              )),
            expected=M("ddpm.loss_noise.new_noise_every", "new noise on every call"), actual=M("ddpm.loss_noise.identical_noise", "identical noise"),
            hint=M("ddpm.loss_noise.noise_keras_random", "noise = keras.random.normal(ops.shape(x0)) inside diffusion_loss, with no integer seed."),
        )
    if float(noise.std(axis=0).min()) < 1e-6:
        raise CheckFailed(
            M("ddpm.loss_noise.every_example_got", "every example got the same noise vector"), expected=M("ddpm.loss_noise.noise_per_example", "noise per example"), actual=M("ddpm.loss_noise.one_shared_vector", "one shared vector"),
            hint=M("ddpm.loss_noise.noise_keras_random_2", "noise = keras.random.normal(ops.shape(x0)): the shape of the whole batch."),
        )
    if np.allclose(noise[:, 0], noise[:, 1]):
        raise CheckFailed(
            M("ddpm.loss_noise.noise_same_every", "the noise is the same for every data dimension"), expected=M("ddpm.loss_noise.noise_per_dimension", "noise per dimension"), actual=M("ddpm.loss_noise.shared_across_d", "shared across D"),
            hint=M("ddpm.loss_noise.noise_keras_random_3", "noise = keras.random.normal(ops.shape(x0))."),
        )
    if abs(mean) > NOISE_MEAN_TOL or abs(std - 1.0) > NOISE_STD_TOL:
        kind = M("ddpm.loss_noise.looks_uniform", " — it looks uniform on [0, 1)") if abs(mean - 0.5) < 0.05 and abs(std - 0.289) < 0.03 else ""
        raise CheckFailed(
            M("ddpm.loss_noise.noise_that_made", (
                "the noise that made x_t has mean {mean:.3f} and standard deviation {std:.3f}, expected "
                "0 and 1{kind}"
              ), mean=mean, std=std, kind=kind),
            expected=M("ddpm.loss_noise.mean_std", "mean 0 ± 0.05, std 1 ± 0.05"), actual=M("ddpm.loss_noise.mean_std_2", "mean {mean:.3f}, std {std:.3f}", mean=mean, std=std),
            hint=M("ddpm.loss_noise.noise_n_i", "noise ~ N(0, I): keras.random.normal(ops.shape(x0))."),
        )
    return M("ddpm.loss_noise.noise_mean_std", "noise mean {mean:.3f}, std {std:.3f}, per example and dimension, new on every call", mean=mean, std=std)


def _p_candidates(x: np.ndarray, eps: np.ndarray, t: int, noise: np.ndarray, betas: np.ndarray, ac: np.ndarray):
    """Known mistakes in a reverse step, alone and combined (a mean mistake with a noise mistake)."""
    b, a = betas.astype(np.float64), ac.astype(np.float64)

    def mean_at(i: int, alpha_div: float | None = None, coef: float | None = None) -> np.ndarray:
        c = b[i] / np.sqrt(1 - a[i]) if coef is None else coef
        d = np.sqrt(1 - b[i]) if alpha_div is None else alpha_div
        return (x - c * eps) / d

    means = [
        ("", mean_at(t)),
        (M("ddpm.p_candidates.t_t_confused", "ᾱ_t and α_t confused: the mean is divided by √ᾱ_t instead of √α_t = √(1 − β_t)"), mean_at(t, alpha_div=np.sqrt(a[t]))),
        (M("ddpm.p_candidates.t_t_confused_2", "ᾱ_t and α_t confused: the noise coefficient is β_t / √(1 − β_t) instead of β_t / √(1 − ᾱ_t)"),
         mean_at(t, coef=b[t] / np.sqrt(1 - b[t]))),
    ]
    if t > 0:
        post = b[t] * (1 - a[t - 1]) / (1 - a[t])
        noises = [
            ("", np.sqrt(b[t]) * noise),
            (M("ddpm.p_candidates.t_instead_t", "σ = β_t instead of √β_t"), b[t] * noise),
            (M("ddpm.p_candidates.posterior_variance_t", "σ² is the posterior variance β̃_t; the contract uses σ² = β_t"), np.sqrt(post) * noise),
            (M("ddpm.p_candidates.noise_subtracted", "the noise is subtracted"), -np.sqrt(b[t]) * noise),
            (M("ddpm.p_candidates.no_noise_added", "no noise is added at t > 0"), 0.0 * noise),
        ]
    else:
        noises = [
            ("", 0.0 * noise),
            (M("ddpm.p_candidates.noise_added_last", "noise is added at the last step (t = 0 must return the mean alone)"), np.sqrt(b[t]) * noise),
            (M("ddpm.p_candidates.noise_added_last_2", (
                 "noise is added at the last step (t = 0 must return the mean alone), with σ = β_t "
                 "instead of √β_t"
               )),
             b[t] * noise),
        ]
    out = []
    for mean_bug, mean in means:
        for noise_bug, added in noises:
            if mean_bug or noise_bug:
                out.append(("; and ".join(w for w in (mean_bug, noise_bug) if w), mean + added))
    if t > 0:
        out.append((M("ddpm.p_candidates.indexes_betas_alphas_cum", "it indexes betas/alphas_cumprod at t - 1: 1-based time steps"),
                    mean_at(t - 1) + (np.sqrt(b[t - 1]) * noise if t - 1 > 0 else 0)))
    if t + 1 < len(b):
        out.append((M("ddpm.p_candidates.indexes_betas_alphas_cum_2", "it indexes betas/alphas_cumprod at t + 1"), mean_at(t + 1) + np.sqrt(b[t + 1]) * noise))
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
        what = M("ddpm.p_sample.p_sample_model_x_t", "p_sample(model, x_t {shape}, t={t}, betas, alphas_cumprod, noise)", shape=x.shape, t=t)
        out = run_user(ctx, what, lambda: ctx.module.p_sample(spy, tfwrap.as_batch(x), t, betas, ac, tfwrap.as_batch(noise)), UNIT_T)
        if len(spy.calls) != 1:
            raise CheckFailed(M("ddpm.p_sample.called_model_times", "{what} called the model {len_spy_calls} times, expected once", what=what, len_spy_calls=len(spy.calls)),
                              expected="1 call", actual=M("ddpm.p_sample.calls", "{len_spy_calls} calls", len_spy_calls=len(spy.calls)), hint=M("ddpm.p_sample.eps_hat_model_x_t", "eps_hat = model([x_t, t_vec])."))
        seen = spy.calls[0]
        if not np.all(seen.t == t):
            raise CheckFailed(
                M("ddpm.p_sample.called_model_t", "{what} called the model with t = {seen_t_4_tolist}, expected {t} for every example", what=what, seen_t_4_tolist=seen.t[:4].tolist(), t=t),
                expected=f"t = {t}", actual=str(seen.t[:4].tolist()),
                hint=M("ddpm.p_sample.t_vec_ops_full", "t_vec = ops.full((batch,), t, dtype='int32')."),
            )
        require_tensor(out, (batch, dim), what, M("ddpm.p_sample.step_returns_x_", "The step returns x_{{t-1}}, the shape of x_t."))
        array = nm.to_numpy(out, what)
        eps = seen.out
        mean = (x - b[t] / np.sqrt(1 - a[t]) * eps) / np.sqrt(1 - b[t])
        expected = mean + (np.sqrt(b[t]) * noise if t > 0 else 0)
        if not nm.close(array, expected, RTOL, ATOL):
            bug = nm.diagnose(array, _p_candidates(x, eps, t, noise, betas, ac))
            if bug is None and t > 0:
                resid = (array - mean).ravel()
                if abs(float(np.corrcoef(resid, noise.ravel())[0, 1])) < 0.5:
                    bug = M("ddpm.p_sample.noise_argument_ignored", "the noise argument is ignored (fresh noise was drawn although noise was given)")
            symptom = M("ddpm.p_sample.expected", "{what} is {nm_fmt_array}, expected {nm_fmt_expected}", what=what, nm_fmt_array=nm.fmt(array), nm_fmt_expected=nm.fmt(expected))
            raise CheckFailed(
                symptom + (f": {bug}" if bug else ""),
                expected=nm.fmt(expected), actual=nm.fmt(array), symptom=symptom,
                hint=M("ddpm.p_sample.mean_x_t_betas", (
                         "mean = (x_t - betas[t] / sqrt(1 - alphas_cumprod[t]) * eps_hat) / sqrt(1 - betas[t]); "
                         "return mean + sqrt(betas[t]) * noise for t > 0, the mean alone at t = 0."
                       )),
            )
    spy = Spy(ac, "fixed")
    x = rng.standard_normal((4000, 2))
    out = run_user(ctx, M("ddpm.p_sample.p_sample_model_x_t_2", "p_sample(model, x_t, t=5, betas, alphas_cumprod) with no noise given"),
                   lambda: ctx.module.p_sample(spy, tfwrap.as_batch(x), 5, betas, ac), UNIT_T)
    eps = spy.calls[-1].out
    resid = (nm.to_numpy(out, "p_sample") - (x - b[5] / np.sqrt(1 - a[5]) * eps) / np.sqrt(1 - b[5])) / np.sqrt(b[5])
    if abs(float(resid.std()) - 1.0) > 0.06 or abs(float(resid.mean())) > 0.06:
        raise CheckFailed(
            M("ddpm.p_sample.noise_none_p_sample", (
                "with noise=None, p_sample's added noise divided by √β_t has mean {resid_mean:.3f} and "
                "std {resid_std:.3f}, expected a standard normal draw"
              ), resid_mean=resid.mean(), resid_std=resid.std()),
            expected=M("ddpm.p_sample.mean_std", "mean 0, std 1"), actual=M("ddpm.p_sample.mean_std_2", "mean {resid_mean:.3f}, std {resid_std:.3f}", resid_mean=resid.mean(), resid_std=resid.std()),
            hint=M("ddpm.p_sample.if_noise_none", "if noise is None: noise = keras.random.normal(ops.shape(x_t))."),
        )
    return M("ddpm.p_sample.equal_float64_numpy", (
               "equal to float64 NumPy at t = {unit_t_1}, 7, 1 with given noise and the mean alone at t "
               "= 0; draws N(0, I) when noise is None"
             ), unit_t_1=UNIT_T - 1)


@suite.check("sample", needs=("p_sample",))
def sample(ctx: Context) -> str:
    """With the exact noise predictor for one point c, sample starts from N(0, I), runs t = T-1 … 0 and ends at c."""
    betas, ac = schedule(UNIT_T, *UNIT_BETAS)
    b, a = betas.astype(np.float64), ac.astype(np.float64)
    n = 2000
    spy = Spy(ac, "exact", SAMPLE_POINT[None, :])
    what = M("ddpm.sample.sample_model_betas", "sample(model, {n}, 2, betas, alphas_cumprod)", n=n)
    out = run_user(ctx, what, lambda: ctx.module.sample(spy, n, 2, betas, ac), UNIT_T)
    order = [int(c.t[0]) if np.all(c.t == c.t[0]) else -1 for c in spy.calls]
    want = list(range(UNIT_T - 1, -1, -1))
    if order != want:
        if order == want[::-1]:
            why = M("ddpm.sample.loop_runs_forwards", "the loop runs forwards, t = 0 … T-1; the reverse process goes from T-1 down to 0")
        elif -1 in order:
            why = M("ddpm.sample.one_call_mixed", "one call mixed different t across the batch")
        elif order[:1] == [UNIT_T] or order[-1:] == [1]:
            why = M("ddpm.sample.loop_runs_over", "the loop runs over 1-based t (T … 1)")
        else:
            why = M("ddpm.sample.calls", "{len_order} calls", len_order=len(order))
        raise CheckFailed(
            M("ddpm.sample.called_model_t", "{what} called the model at t = {order_5}{if_len_order_5_else}: {why}", what=what, order_5=order[:5], if_len_order_5_else='…' if len(order) > 5 else '', why=why),
            expected=M("ddpm.sample.t_one_call", "t = {unit_t_1}, {unit_t_2}, …, 0 (one call each)", unit_t_1=UNIT_T - 1, unit_t_2=UNIT_T - 2),
            actual=str(order[:6]),
            hint=M("ddpm.sample.t_reversed_range", "for t in reversed(range(T)): x = p_sample(model, x, t, betas, alphas_cumprod)."),
        )
    start = spy.calls[0].x_t
    if start.shape != (n, 2) or abs(float(start.mean())) > 0.1 or abs(float(start.std()) - 1.0) > 0.1:
        desc = "zeros" if np.all(start == 0) else M("ddpm.sample.mean_std", "mean {start_mean:.3f}, std {start_std:.3f}", start_mean=start.mean(), start_std=start.std())
        raise CheckFailed(
            M("ddpm.sample.chain_starts_from", "the chain starts from {desc} (shape {shape}), expected x_T ~ N(0, I) of shape ({n}, 2)", desc=desc, shape=start.shape, n=n),
            expected="N(0, I)", actual=desc,
            hint=M("ddpm.sample.x_keras_random", "x = keras.random.normal((num_samples, data_dim))."),
        )
    for k, call in enumerate(spy.calls[:-1]):
        t = int(call.t[0])
        mean = (call.x_t - b[t] / np.sqrt(1 - a[t]) * call.out) / np.sqrt(1 - b[t])
        scaled = (spy.calls[k + 1].x_t - mean) / np.sqrt(b[t])
        if abs(float(scaled.std()) - 1.0) > 0.1:
            ratio = float(scaled.std())
            why = (M("ddpm.sample.no_noise_added", "no noise is added between steps") if ratio < 1e-3 else
                   M("ddpm.p_candidates.t_instead_t", "σ = β_t instead of √β_t") if abs(ratio - np.sqrt(b[t])) < 0.1 * np.sqrt(b[t]) else
                   M("ddpm.sample.step_does_not", "the step does not follow p_sample's formula"))
            raise CheckFailed(
                M("ddpm.sample.between_t_t", (
                    "between t = {t} and t = {t_1} the chain moved from the step's mean by {ratio:.3g}·√β_t, "
                    "expected a standard normal times √β_t: {why}"
                  ), t=t, t_1=t - 1, ratio=ratio, why=why),
                expected="std 1 (× √β_t)", actual=f"{ratio:.3g}",
                hint=M("ddpm.sample.each_step_p_sample", "Each step is p_sample: mean + sqrt(betas[t]) * noise, fresh noise per step."),
            )
    require_tensor(out, (n, 2), what, M("ddpm.sample.sample_returns_final", "sample returns the final x_0, shape (num_samples, data_dim)."))
    array = nm.to_numpy(out, what)
    err = float(np.abs(array - SAMPLE_POINT).max())
    if err > SAMPLE_ATOL:
        last = spy.calls[-1]
        mean0 = (last.x_t - b[0] / np.sqrt(1 - a[0]) * last.out) / np.sqrt(1 - b[0])
        noise_last = float(np.abs(array - mean0).max()) > SAMPLE_ATOL and abs(float((array - mean0).std() / np.sqrt(b[0])) - 1) < 0.2
        why = (M("ddpm.p_candidates.noise_added_last", "noise is added at the last step (t = 0 must return the mean alone)") if noise_last
               else M("ddpm.sample.final_x_not", "the final x is not the last step's output"))
        raise CheckFailed(
            M("ddpm.sample.exact_noise_predictor", (
                "with the exact noise predictor for the single point c = {sample_point_tolist}, the "
                "samples end up to {err:.3g} away from c, expected within {SAMPLE_ATOL:g}: {why}"
              ), sample_point_tolist=SAMPLE_POINT.tolist(), err=err, SAMPLE_ATOL=SAMPLE_ATOL, why=why),
            expected=M("ddpm.sample.c_within", "c within {SAMPLE_ATOL:g}", SAMPLE_ATOL=SAMPLE_ATOL), actual=M("ddpm.sample.max_error", "max error {err:.3g}", err=err),
            hint=M("ddpm.sample.t_p_sample_returns", "At t = 0 p_sample returns the mean, and sample returns the x after the t = 0 step."),
        )
    return M("ddpm.sample.starts_from_n", "starts from N(0, I), t = {unit_t_1} … 0, √β_t noise between steps, ends within {err:.1g} of c", unit_t_1=UNIT_T - 1, err=err)
