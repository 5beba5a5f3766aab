"""Float64 references for the filters and the sampler, the classic mistakes as
variants (so a wrong answer can be named), and a chi-square goodness-of-fit test.

NumPy only. Every function works on 2-D (batch, V) float64 arrays unless it says so.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from quiz.exercises.messages import M

NEG_INF = -np.inf


def softmax(logits, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_variants(logits: np.ndarray, temperature: float) -> list[tuple[str, np.ndarray]]:
    """What the classic softmax mistakes return on ``logits`` (only those that differ from the truth)."""
    out = []
    if np.ndim(logits) >= 2:
        out.append((M("sampling.softmax_variants.softmax_over_wrong", "softmax over the wrong axis: normalise over the last axis (the vocabulary), not axis 0"),
                    softmax(logits, temperature, axis=0)))
    if temperature != 1.0:
        out += [
            (M("sampling.softmax_variants.temperatur_multiplies_logits", "the temperature multiplies the logits; divide them by it"), softmax(np.asarray(logits) * temperature)),
            (M("sampling.softmax_variants.temperatur_ignored_applied", (
                 "the temperature is ignored, or applied to the probabilities after the softmax (it must "
                 "divide the logits before it)"
               )), softmax(logits)),
            (M("sampling.softmax_variants.temperatur_divides_logits", "the temperature divides the logits twice"), softmax(logits, temperature**2)),
        ]
    return out


def top_k_mask(row: np.ndarray, k: int, variant: str = "correct") -> np.ndarray:
    """Which tokens of one row a top-k filter keeps (``variant`` plants a classic mistake)."""
    row = np.asarray(row, dtype=np.float64)
    v = len(row)
    if variant == "correct":
        return np.ones(v, bool) if k >= v else row >= np.sort(row)[-k]
    if variant == "exactly_k":  # argsort/argpartition: ties at the k-th value broken by position
        keep = np.zeros(v, bool)
        keep[np.argsort(-row, kind="stable")[: min(k, v)]] = True
        return keep
    if variant == "strict":
        return np.ones(v, bool) if k >= v else row > np.sort(row)[-k]
    if variant == "k_minus_1":
        return np.ones(v, bool) if k - 1 >= v else (row >= np.sort(row)[-(k - 1)] if k > 1 else np.zeros(v, bool))
    if variant == "k_plus_1":
        return np.ones(v, bool) if k + 1 >= v else row >= np.sort(row)[-(k + 1)]
    if variant == "smallest":
        return np.ones(v, bool) if k >= v else row <= np.sort(row)[k - 1]
    raise ValueError(variant)


TOP_K_VARIANTS = {
    "exactly_k": M("sampling.module.ties_k_th", (
                     "ties at the k-th value were dropped: exactly k tokens kept (argsort/argpartition picks "
                     "by position); keep every token whose logit is >= the k-th largest"
                   )),
    "strict": M("sampling.module.k_th_largest", "the k-th largest token itself was dropped (> instead of >=)"),
    "k_minus_1": M("sampling.module.one_token_too", "one token too few: the k-1 largest were kept"),
    "k_plus_1": M("sampling.module.one_token_too_2", "one token too many: the k+1 largest were kept"),
    "smallest": M("sampling.module.k_smallest_logits", "the k smallest logits were kept instead of the k largest"),
}


def top_p_mask(row: np.ndarray, p: float, variant: str = "correct") -> np.ndarray:
    """Which tokens of one row a nucleus filter keeps (``variant`` plants a classic mistake)."""
    row = np.asarray(row, dtype=np.float64)
    v = len(row)
    if variant == "correct" and p >= 1:
        return np.ones(v, bool)
    probs = softmax(row) if variant != "raw_logits" else row
    if variant == "ties_high_first":
        order = np.argsort(probs, kind="stable")[::-1]
    elif variant == "ascending":
        order = np.argsort(probs, kind="stable")
    elif variant == "unsorted":
        order = np.arange(v)
    else:
        order = np.argsort(-probs, kind="stable")
    sorted_probs = probs[order]
    cum = np.cumsum(sorted_probs)
    if variant == "crossing_dropped":
        keep_sorted = cum <= p
    elif variant == "threshold":  # "keep tokens with probability >= p" misreading, keeping at least the top
        keep_sorted = sorted_probs >= min(p, sorted_probs[0])
    else:
        keep_sorted = (cum - sorted_probs) < p
    keep = np.zeros(v, bool)
    keep[order] = keep_sorted
    return keep


TOP_P_VARIANTS = {
    "crossing_dropped": M("sampling.module.token_that_crosses", (
                            "the token that crosses p was dropped: keep the smallest prefix whose mass is >= p (keep "
                            "a token while the mass before it is < p)"
                          )),
    "ties_high_first": M("sampling.module.tied_probabilit_were", (
                           "tied probabilities were taken higher token index first (argsort ascending, then "
                           "reversed); the contract breaks ties by the lower index first (a stable sort on -probs)"
                         )),
    "ascending": M("sampling.module.least_likely_tokens", "the least likely tokens were kept: sort by descending probability"),
    "unsorted": M("sampling.module.cumulative_sum_runs", "the cumulative sum runs in token order: sort the tokens by probability first"),
    "raw_logits": M("sampling.module.cumulative_sum_adds", "the cumulative sum adds logits, not probabilities: take the softmax first"),
    "threshold": M("sampling.module.p_was_used", "p was used as a per-token threshold (probability >= p); p is a cumulative mass"),
}


def masks(rows: np.ndarray, fn, arg, variant: str = "correct") -> np.ndarray:
    return np.stack([fn(r, arg, variant) for r in np.asarray(rows, dtype=np.float64)])


def filtered(rows: np.ndarray, keep: np.ndarray) -> np.ndarray:
    return np.where(keep, rows, NEG_INF)


# ---------------------------------------------------------------- the sampler's distribution

def sampling_distribution(rows: np.ndarray, temperature: float, top_k: int | None, top_p: float | None,
                          order: str = "correct") -> np.ndarray:
    """The distribution sample_next must draw from (``order`` plants a classic ordering mistake)."""
    z = np.asarray(rows, dtype=np.float64)
    t = temperature
    if order == "no_temperature":
        t = 1.0
    if order == "temperature_multiplied":
        z = z * temperature
        t = 1.0
    if order == "temperature_twice":
        t = temperature**2
    if order != "temperature_last":
        z = z / t

    def k_filter(x):
        return x if top_k is None else filtered(x, masks(x, top_k_mask, top_k))

    def p_filter(x):
        return x if top_p is None else filtered(x, masks(x, top_p_mask, top_p))

    if order == "p_before_k":
        z = k_filter(p_filter(z))
    else:
        z = p_filter(k_filter(z))
    if order == "temperature_last":
        z = z / t
    return softmax(z)


ORDER_VARIANTS = {
    "temperature_last": M("sampling.module.temperatur_applied_after", "temperature applied after the filters: divide the logits by the temperature first"),
    "p_before_k": M("sampling.module.top_p_applied", (
                      "top-p applied before top-k (or to the distribution before top-k): the contract's order "
                      "is temperature, then top-k, then top-p on the top-k-filtered logits"
                    )),
    "no_temperature": M("sampling.module.temperatur_ignored", "the temperature is ignored"),
    "temperature_twice": M("sampling.module.temperatur_divides_logits", "the temperature divides the logits twice (once in sample_next, once more in softmax?)"),
    "temperature_multiplied": M("sampling.softmax_variants.temperatur_multiplies_logits", "the temperature multiplies the logits; divide them by it"),
}


# ---------------------------------------------------------------- chi-square

ALPHA = 1e-6  # a correct sampler fails a frequency test once in a million (fixed seeds: never, in practice)


def chi2_sf(x: float, df: int) -> float:
    """P(χ²(df) > x): one minus the regularised lower incomplete gamma P(df/2, x/2), by its series."""
    if x <= 0:
        return 1.0
    a, h = df / 2.0, x / 2.0
    term = total = 1.0 / a
    n = 1
    while term > 1e-17 * total:
        term *= h / (a + n)
        total += term
        n += 1
    return max(0.0, 1.0 - total * math.exp(-h + a * math.log(h) - math.lgamma(a)))


@functools.lru_cache(maxsize=None)
def chi2_critical(df: int) -> float:
    """The value χ²(df) exceeds with probability ALPHA (bisection on :func:`chi2_sf`)."""
    lo, hi = 0.0, 50.0 + 10.0 * df
    for _ in range(100):
        mid = (lo + hi) / 2
        if chi2_sf(mid, df) > ALPHA:
            lo = mid
        else:
            hi = mid
    return lo


def chi2(counts: np.ndarray, probs: np.ndarray) -> tuple[float, int, int]:
    """(statistic, degrees of freedom, draws of impossible tokens) for counts against probs.

    Tokens of probability 0 are left out (any draw of one is counted separately);
    cells expected fewer than 5 times are pooled.
    """
    counts = np.asarray(counts, dtype=np.float64)
    probs = np.asarray(probs, dtype=np.float64)
    n = counts.sum()
    impossible = int(counts[probs <= 0].sum())
    expected = n * probs
    big = expected >= 5
    cells_obs = list(counts[big])
    cells_exp = list(expected[big])
    small = (~big) & (probs > 0)
    if small.any():
        cells_obs.append(counts[small].sum())
        cells_exp.append(expected[small].sum())
    obs, exp = np.asarray(cells_obs), np.asarray(cells_exp)
    if len(obs) < 2:
        return 0.0, 1, impossible
    return float(np.sum((obs - exp) ** 2 / exp)), len(obs) - 1, impossible


def fits(counts: np.ndarray, probs: np.ndarray) -> bool:
    stat, df, impossible = chi2(counts, probs)
    return impossible == 0 and stat <= chi2_critical(df)
