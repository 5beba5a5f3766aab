"""Training checks' common parts: sizing step counts to a time budget, loss-fall
measures, and a fixed sample distance (MMD on pooled pixels).

Step counts are sized to time, not fixed: a tutorial-sized conv GAN takes ~0.65 s a
step here against ~13 ms for the reference MLP, and must still be checkable inside
the exercise's time limit. Each training check asks for ``desired`` steps, gets
what its share of the remaining time allows, and fails as "too slow" (its own
message, not a bare timeout) below ``minimum``. Comparisons with the reference use
the reference's curve cut at the same step count.
"""

from __future__ import annotations

import numpy as np

from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.messages import M

# Seconds kept back from every budget for the report and the process exit.
RESERVE_SECONDS = 4.0


def plan_steps(
    remaining: float, step_seconds: float | None, *, desired: int, minimum: int, share: float,
    what: str, reference_step_seconds: float | None = None, multiple: int = 1,
) -> int:
    """How many steps fit in ``share`` of the remaining time (a multiple of ``multiple``)."""
    if step_seconds is None or step_seconds <= 0:
        return desired
    available = max(0.0, (remaining - RESERVE_SECONDS) * share)
    steps = min(desired, int(available / step_seconds))
    steps -= steps % multiple
    if steps < minimum:
        ref = M("lib.training.plan_steps.reference_takes_ms", " (the reference takes {reference_step_seconds_1:.0f} ms)", reference_step_seconds_1=reference_step_seconds * 1000) if reference_step_seconds else ""
        raise CheckFailed(
            M("lib.training.plan_steps.too_slow_one", (
                "too slow: one train_step takes {step_seconds:.2f} s{ref}; {what} needs at least "
                "{minimum} steps ({minimum_step_seconds:.0f} s) but only {available:.0f} s of the time "
                "limit remain for it"
              ), step_seconds=step_seconds, ref=ref, what=what, minimum=minimum, minimum_step_seconds=minimum * step_seconds, available=available),
            expected=M("lib.training.plan_steps.steps_s", "≥ {minimum} steps in {available:.0f} s", minimum=minimum, available=available),
            actual=M("lib.training.plan_steps.s_per_step", "{step_seconds:.2f} s per step", step_seconds=step_seconds),
            hint=M("lib.training.plan_steps.make_networks_smaller", (
                     "Make the networks smaller (an MLP with a few hundred units per layer is enough for "
                     "28×28 digits), or pass a longer --time-limit."
                   )),
        )
    return steps


def loss_fall(curve: list[float] | np.ndarray, tail: int = 5) -> float:
    """Relative fall from the first value to the mean of the last ``tail`` values."""
    curve = np.asarray(curve, dtype=np.float64)
    start = curve[0]
    end = curve[-tail:].mean()
    if start == 0:
        return 0.0
    return float(1.0 - end / start)


def pooled(images: np.ndarray) -> np.ndarray:
    """(n, 28, 28, 1) -> (n, 196) float64: 2×2 average pooling, flattened."""
    x = np.asarray(images, dtype=np.float64).reshape(len(images), 14, 2, 14, 2)
    return x.mean(axis=(2, 4)).reshape(len(images), -1)


def _sq_dists(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.maximum((a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T, 0.0)


class SampleDistance:
    """Unbiased MMD² (Gaussian kernel on pooled pixels) to a fixed real set.

    The bandwidth is the median squared distance within the real set, fixed per data
    set, so the submission and the reference are measured with the same ruler.
    Measured on the synthetic digits (GAN, [-1, 1]): an untrained MLP generator
    ~1.0, the reference after 160 joint steps ~0.58.
    """

    def __init__(self, real: np.ndarray):
        self.real = pooled(real)
        d = _sq_dists(self.real, self.real)
        self.bandwidth = float(np.median(d[np.triu_indices(len(d), 1)]))
        k = np.exp(-d / self.bandwidth)
        m = len(k)
        self._kyy = (k.sum() - np.trace(k)) / (m * (m - 1))

    def __call__(self, images: np.ndarray) -> float:
        f = pooled(images)
        kxx = np.exp(-_sq_dists(f, f) / self.bandwidth)
        kxy = np.exp(-_sq_dists(f, self.real) / self.bandwidth)
        n = len(f)
        return float((kxx.sum() - np.trace(kxx)) / (n * (n - 1)) + self._kyy - 2.0 * kxy.mean())


def grid(images: np.ndarray, count: int = 16, decimals: int = 3) -> list:
    """``count`` images as nested lists (28×28 floats in [0, 1]) for the report."""
    x = np.clip(np.asarray(images[:count], dtype=np.float64).reshape(-1, 28, 28), 0.0, 1.0)
    return np.round(x, decimals).tolist()
