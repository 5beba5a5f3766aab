"""The sampling suite's registry and its checks of softmax, the filters and sample_next.

NumPy only: nothing here (or in the suite package) imports TensorFlow or Keras.
The decoding checks (greedy and beam search) are registered after these, by
:mod:`.decoding`.
"""

from __future__ import annotations

import contextlib
import random
import warnings
from typing import Any

import numpy as np

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.loader import check_contract, load_module
from quiz.exercises.checklib.registry import CheckFailed, Suite
from quiz.exercises.suites.sampling import reference as ref
from quiz.exercises.messages import M

suite = Suite("sampling")

DATA_SIZE = 0  # no image data: the checks craft their own logits
SEED = 1234
DRAWS_PER_ROW = 4000  # per crafted row in the frequency checks
# Softmax values vs the float64 reference (a float32 softmax is within ~1e-7).
ATOL, RTOL = 1e-6, 1e-5

CONTRACT = {
    "softmax": (["logits", "temperature"], 1),
    "top_k_filter": (["logits", "k"], 2),
    "top_p_filter": (["logits", "p"], 2),
    "sample_next": (["logits", "rng", "temperature", "top_k", "top_p"], 2),
    "greedy_decode": (["next_logits", "prompt", "max_new_tokens", "eos_id"], 4),
    "beam_search": (["next_logits", "prompt", "beam_width", "max_new_tokens", "eos_id", "length_penalty"], 5),
}


def prepare_data(images: Any) -> dict:
    """No data set: the checks build their logits and toy language models themselves."""
    return {}


def baseline(ctx: Context, module: Any) -> dict:
    """No reference run to cache: every expected value is recomputed in float64 by the checks."""
    return {}


@contextlib.contextmanager
def quiet():
    """NumPy's overflow/divide warnings from the submission stay off the terminal (results say what broke)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def _ids(row_mask: np.ndarray) -> str:
    return "{" + ", ".join(str(int(i)) for i in np.flatnonzero(row_mask)) + "}"


def _row(values) -> str:
    return "[" + ", ".join("-inf" if np.isneginf(v) else f"{v:.3g}" for v in np.asarray(values, dtype=np.float64)) + "]"


# ---------------------------------------------------------------- contract

@suite.check("contract")
def contract(ctx: Context) -> str:
    """The file imports; the six functions exist with the contract's signatures."""
    ctx.module = load_module(ctx.submission, ctx.state["module_name"])
    check_contract(ctx.module, CONTRACT)
    return M("lib.contract.present", "imports; {names} present", names=", ".join(CONTRACT))


# ---------------------------------------------------------------- softmax

def _softmax_probes() -> list[tuple[str, np.ndarray, float]]:
    rng = np.random.default_rng(SEED)
    return [
        ("a (3, 7) batch", rng.normal(0, 2, (3, 7)), 1.0),
        (M("sampling.softmax_probes.batch_temperatur", "a (3, 7) batch at temperature 0.5"), rng.normal(0, 2, (3, 7)), 0.5),
        (M("sampling.softmax_probes.batch_temperatur_2", "a (4, 5) batch at temperature 2.5"), rng.normal(0, 2, (4, 5)), 2.5),
        (M("sampling.softmax_probes.one_row_shape", "one row of shape (6,)"), rng.normal(0, 2, 6), 1.0),
        (M("sampling.softmax_probes.array_temperatur", "a (2, 3, 4) array at temperature 0.7"), rng.normal(0, 2, (2, 3, 4)), 0.7),
        (M("sampling.softmax_probes.row_inf_entries", "a row with -inf entries"), np.array([[0.5, -np.inf, 1.5, -np.inf, -0.5]]), 1.0),
    ]


STABILITY_PROBES = [
    (M("sampling.module.logits_around", "logits around ±1000"), np.array([[1000.0, 999.0, 990.0], [-1000.0, -1001.0, -1003.0]]), 1.0),
    (M("sampling.module.logits_temperatur", "logits [2, 1, 0] at temperature 0.001"), np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 0.5]]), 0.001),
]


def _call_softmax(ctx: Context, logits: np.ndarray, temperature: float, what: str) -> np.ndarray:
    with ctx.calling(what), quiet():
        out = ctx.module.softmax(logits.copy(), temperature)
    array = nm.to_numpy(out, what)
    if array.shape != logits.shape:
        raise CheckFailed(M("attention.run_layer.has_shape_expected", "{what} has shape {shape}, expected {shape_2} (the input's shape)", what=what, shape=array.shape, shape_2=logits.shape),
                          expected=str(logits.shape), actual=str(array.shape),
                          hint=M("sampling.call_softmax.normalise_over_last", "Normalise over the last axis with keepdims=True, so the shape is kept."))
    return array


@suite.check("softmax", needs=("contract",))
def softmax(ctx: Context) -> str:
    """softmax(logits, temperature) equals float64 NumPy on 1-D, 2-D and 3-D inputs; stable; ValueError at T <= 0."""
    for label, logits, temperature in _softmax_probes():
        what = M("sampling.softmax.softmax", "softmax on {label}", label=label)
        got = _call_softmax(ctx, logits, temperature, what)
        expected = ref.softmax(logits, temperature)
        if not nm.close(got, expected, RTOL, ATOL):
            nm.require_finite(got, M("attention.layer_values.output", "the output of {what}", what=what))
            bug = nm.diagnose(got, ref.softmax_variants(logits, temperature))
            raise CheckFailed(
                M("sampling.softmax.wrong_probabilit", "{what}: wrong probabilities{bug_if_bug_else}", what=what, bug_if_bug_else=': ' + bug if bug else ''),
                expected=nm.fmt(expected), actual=nm.fmt(got),
                hint=M("sampling.softmax.p_exp_z", "p = exp(z - max z) / sum(exp(z - max z)) with z = logits / temperature, over the last axis."),
            )
    for label, logits, temperature in STABILITY_PROBES:
        what = M("sampling.softmax.softmax", "softmax on {label}", label=label)
        got = _call_softmax(ctx, logits, temperature, what)
        if not np.all(np.isfinite(got)):
            raise CheckFailed(
                M("sampling.softmax.contains_nan_inf", "{what} contains NaN or Inf: exp overflowed; subtract each row's maximum before exp", what=what),
                expected=nm.fmt(ref.softmax(logits, temperature)), actual=nm.fmt(got),
                hint=M("sampling.softmax.softmax_z_softmax", "softmax(z) = softmax(z - max(z)): the largest exponent becomes exp(0) = 1."),
            )
        if not nm.close(got, ref.softmax(logits, temperature), RTOL, ATOL):
            raise CheckFailed(M("sampling.softmax.wrong_probabilit_2", "{what}: wrong probabilities", what=what), expected=nm.fmt(ref.softmax(logits, temperature)),
                              actual=nm.fmt(got))
    for bad in (0.0, -1.0):
        what = M("sampling.softmax.softmax_logits_temperatur", "softmax(logits, temperature={bad:g})", bad=bad)
        try:
            with quiet():
                ctx.module.softmax(np.array([[1.0, 2.0, 3.0]]), bad)
        except ValueError:
            continue
        except Exception as exc:  # noqa: BLE001 - the wrong exception is the finding
            raise CheckFailed(M("sampling.softmax.raised_expected_valueerror", "{what} raised {name}, expected ValueError", what=what, name=type(exc).__name__),
                              expected="ValueError", actual=type(exc).__name__,
                              hint=M("sampling.softmax.check_temperatur_first", "Check the temperature first: if not temperature > 0: raise ValueError(...).")) from None
        raise CheckFailed(M("sampling.softmax.returned_value_contract", "{what} returned a value; the contract asks for a ValueError unless temperature > 0", what=what),
                          expected="ValueError", actual=M("sampling.softmax.return_value", "a return value"),
                          hint=M("sampling.softmax.check_temperatur_first", "Check the temperature first: if not temperature > 0: raise ValueError(...)."))
    return M("sampling.softmax.matches_float64_numpy", (
               "matches float64 NumPy on 1-D, 2-D and 3-D inputs at T = 0.5 … 2.5; stable at ±1000 and "
               "T = 0.001; ValueError at T <= 0"
             ))


# ---------------------------------------------------------------- the filters

def _random_rows(seed: int, shape: tuple[int, int], scale: float) -> np.ndarray:
    return np.round(np.random.default_rng(seed).normal(0.0, scale, shape), 3)


def _top_k_probes() -> list[tuple[str, np.ndarray, int]]:
    return [
        (M("sampling.top_k_probes.distinct_values", "distinct values"), np.array([[1.5, -0.3, 2.2, 0.1, 3.0, -1.0]]), 3),
        (M("sampling.top_k_probes.ties_k_th", "ties at the k-th value"), np.array([[2.0, 5.0, 2.0, 1.0, 2.0, 0.0]]), 2),
        (M("sampling.top_k_probes.tie_maximum_k", "a tie at the maximum, k = 1"), np.array([[3.0, 1.0, 3.0, 0.0]]), 1),
        ("k = V", np.array([[0.3, -1.2, 2.5, 0.0]]), 4),
        ("k > V", np.array([[0.3, -1.2, 2.5, 0.0]]), 9),
        (M("sampling.top_k_probes.inf_already_present", "-inf already present"), np.array([[-np.inf, 0.5, -np.inf, 2.0, 1.0]]), 2),
        (M("sampling.top_k_probes.inf_present_k", "-inf present, k above the finite count"), np.array([[-np.inf, 0.5, -np.inf, 2.0, 1.0]]), 4),
        (M("sampling.top_k_probes.batch_rows_v", "a batch of 5 rows (V = 10)"), _random_rows(SEED + 10, (5, 10), 2.0), 3),
        (M("sampling.top_k_probes.batch_rows_v_2", "a batch of 3 rows (V = 50)"), _random_rows(SEED + 11, (3, 50), 2.0), 7),
        (M("sampling.top_k_probes.batch_rows_v_3", "a batch of 2 rows (V = 1000)"), _random_rows(SEED + 12, (2, 1000), 3.0), 40),
    ]


def _top_p_probes() -> list[tuple[str, np.ndarray, float]]:
    bank = np.log([[0.15, 0.5, 0.05, 0.2, 0.1]]) + 3.0  # the bank question's distribution, shuffled, shifted
    return [
        (M("sampling.top_p_probes.token_that_crosses", "the token that crosses p: probabilities [0.15, 0.5, 0.05, 0.2, 0.1]"), bank, 0.8),
        (M("sampling.top_p_probes.top_token_alone", "the top token alone above p: probabilities [0.03, 0.95, 0.02]"), np.log([[0.03, 0.95, 0.02]]), 0.9),
        (M("sampling.top_p_probes.ties_crossing_probabilit", "ties at the crossing: probabilities [0.1, 0.3, 0.2, 0.2, 0.2]"), np.log([[0.1, 0.3, 0.2, 0.2, 0.2]]), 0.6),
        (M("sampling.top_p_probes.p_tail_tiny", "p = 1 with a tail of tiny probabilities"), np.array([[0.0, -40.0, 5.0, -45.0, 1.0, -50.0, -38.0]]), 1.0),
        ("a tiny p = 1e-9", _random_rows(SEED + 20, (1, 10), 2.0), 1e-9),
        (M("sampling.top_k_probes.inf_already_present", "-inf already present"), np.array([[-np.inf, 1.0, 0.0, -np.inf, 0.5]]), 0.7),
        (M("sampling.top_p_probes.logits_shifted", "logits shifted by +1000"), np.log([[0.15, 0.5, 0.05, 0.2, 0.1]]) + 1000.0, 0.8),
        (M("sampling.top_p_probes.batch_rows_v", "a batch of 4 rows (V = 8)"), _random_rows(SEED + 21, (4, 8), 1.5), 0.7),
        (M("sampling.top_k_probes.batch_rows_v_2", "a batch of 3 rows (V = 50)"), _random_rows(SEED + 22, (3, 50), 2.0), 0.9),
        (M("sampling.top_k_probes.batch_rows_v_3", "a batch of 2 rows (V = 1000)"), _random_rows(SEED + 23, (2, 1000), 3.0), 0.95),
    ]


def _filter_output(ctx: Context, func: str, rows: np.ndarray, arg, what: str) -> np.ndarray:
    with ctx.calling(what), quiet():
        out = getattr(ctx.module, func)(rows.copy(), arg)
    got = nm.to_numpy(out, what)
    if got.shape != rows.shape:
        raise CheckFailed(M("attention.run_layer.has_shape_expected", "{what} has shape {shape}, expected {shape_2} (the input's shape)", what=what, shape=got.shape, shape_2=rows.shape),
                          expected=str(rows.shape), actual=str(got.shape),
                          hint=M("sampling.filter_output.return_logits_removed", "Return the logits with the removed tokens set to -inf, same shape as the input."))
    if np.isnan(got).any():
        raise CheckFailed(M("sampling.filter_output.contains_nan", "{what} contains NaN", what=what), expected=M("sampling.filter_output.logits_inf", "logits and -inf"), actual=nm.fmt(got),
                          hint=M("sampling.filter_output.removed_tokens_become", "Removed tokens become -inf (np.where(keep, logits, -np.inf)); nothing becomes NaN."))
    return got


def _compare_filter(what: str, rows: np.ndarray, got: np.ndarray, keep: np.ndarray, arg_name: str,
                    variants: dict[str, str], mask_fn, arg, batch_variants: list[tuple[str, np.ndarray]]) -> None:
    """Raise a named failure unless ``got`` keeps exactly ``keep`` with the input's values and -inf elsewhere."""
    dropped = ~keep & np.isfinite(rows)
    finite_dropped = dropped & np.isfinite(got)
    if finite_dropped.any() and not (got[finite_dropped] > -1e4).any() and np.array_equal(np.isfinite(got), np.isfinite(rows)):
        value = got[finite_dropped][0]
        raise CheckFailed(
            M("sampling.compare_filter.removed_tokens_set", "{what}: removed tokens are set to {value:g}, not -inf", what=what, value=value),
            expected=M("sampling.compare_filter.inf_removed_tokens", "-inf for removed tokens"), actual=f"{value:g}",
            hint=M("sampling.compare_filter.use_np_inf", "Use -np.inf: the contract (and sample_next's softmax) needs an exact probability of 0."),
        )
    finite = np.isfinite(rows)  # tokens already at -inf stay there whatever the filter decides
    user_keep = (got > -np.inf) & finite
    keep = keep & finite
    if not np.array_equal(user_keep, keep):
        for bug, mask in batch_variants:
            if np.array_equal(user_keep, mask & finite) and not np.array_equal(mask & finite, keep):
                raise CheckFailed(M("sampling.compare_filter.what_bug", "{what}: {bug}", what=what, bug=bug), expected=_masks_text(keep), actual=_masks_text(user_keep))
        row = int(np.flatnonzero((user_keep != keep).any(axis=1))[0])
        bug = None
        for name, text in variants.items():
            if np.array_equal(mask_fn(rows[row], arg, name) & finite[row], user_keep[row]):
                bug = text
                break
        if bug is None and not user_keep[row].any():
            bug = M("sampling.compare_filter.every_token_was", "every token was removed (the top token must always be kept)")
        where = M("sampling.compare_filter.row", " (row {row})", row=row) if len(rows) > 1 else ""
        raise CheckFailed(
            M("sampling.compare_filter.kept_tokens_expected", "{what}{where}: kept tokens {ids_user_keep_row}, expected {ids_keep_row}", what=what, where=where, ids_user_keep_row=_ids(user_keep[row]), ids_keep_row=_ids(keep[row])) + (f": {bug}" if bug else ""),
            expected=M("sampling.compare_filter.keep", "keep {ids_keep_row} of {row_rows_row}", ids_keep_row=_ids(keep[row]), row_rows_row=_row(rows[row])) if rows.shape[1] <= 12 else M("sampling.compare_filter.keep_ids", "keep {ids_keep_row}", ids_keep_row=_ids(keep[row])),
            actual=M("sampling.compare_filter.kept", "kept {ids_user_keep_row}", ids_user_keep_row=_ids(user_keep[row])),
        )
    if not nm.close(np.where(keep, got, 0.0), np.where(keep, rows, 0.0), 1e-6, 1e-9):
        raise CheckFailed(
            M("sampling.compare_filter.kept_tokens_logits", "{what}: the kept tokens' logits were changed; they must stay as they are", what=what),
            expected=nm.fmt(rows), actual=nm.fmt(got),
            hint=M("sampling.compare_filter.only_removed_tokens", (
                     "Only the removed tokens change (to -inf); do not rescale or normalise the "
                     "{arg_name}-filtered logits."
                   ), arg_name=arg_name),
        )


def _masks_text(keep: np.ndarray) -> str:
    return "; ".join(_ids(r) for r in keep[:4]) + (" …" if len(keep) > 4 else "")


@suite.check("top_k_filter", needs=("contract",))
def top_k_filter(ctx: Context) -> str:
    """top_k_filter keeps the k largest per row (ties at the k-th kept), -inf elsewhere; k >= V unchanged."""
    for label, rows, k in _top_k_probes():
        what = M("sampling.top_k_filter.top_k_filt_k", "top_k_filter on {label} (k = {k})", label=label, k=k)
        got = _filter_output(ctx, "top_k_filter", rows, k, what)
        keep = ref.masks(rows, ref.top_k_mask, k)
        flat = rows.ravel()
        batch = []
        if len(rows) > 1 and k < rows.shape[1]:
            batch = [
                (M("sampling.top_k_filter.k_largest_were", "the k largest were taken over the whole batch, not per row"),
                 rows >= np.sort(flat)[-k]),
                (M("sampling.top_k_filter.every_row_used", "every row used the first row's k-th value; each row has its own"),
                 rows >= np.sort(rows[0])[-k]),
            ]
        _compare_filter(what, rows, got, keep, "top-k", ref.TOP_K_VARIANTS, ref.top_k_mask, k, batch)
    return M("sampling.top_k_filter.exact_crafted_rows", (
               "exact on crafted rows: ties at the k-th value and the maximum, k = V, k > V, -inf "
               "present, batches with V = 10, 50, 1000"
             ))


@suite.check("top_p_filter", needs=("contract",))
def top_p_filter(ctx: Context) -> str:
    """top_p_filter keeps the smallest prefix with mass >= p (crossing token kept, ties by lower index), -inf elsewhere."""
    for label, rows, p in _top_p_probes():
        what = M("sampling.top_p_filter.top_p_filt_p", "top_p_filter on {label} (p = {p:g})", label=label, p=p)
        got = _filter_output(ctx, "top_p_filter", rows, p, what)
        keep = ref.masks(rows, ref.top_p_mask, p)
        if p == 1.0 and not np.array_equal(got > -np.inf, keep):
            raise CheckFailed(
                M("sampling.top_p_filter.kept_expected_every", (
                    "{what}: kept {ids_got_np_inf_0}, expected every token: p = 1 keeps every token (the "
                    "cumulative sum reaches 1.0 in floating point before the last tiny probabilities)"
                  ), what=what, ids_got_np_inf_0=_ids((got > -np.inf)[0])),
                expected=M("sampling.top_p_filter.keep", "keep {ids_keep_0}", ids_keep_0=_ids(keep[0])), actual=M("sampling.top_p_filter.kept", "kept {ids_got_np_inf_0}", ids_got_np_inf_0=_ids((got > -np.inf)[0])),
                hint=M("sampling.top_p_filter.return_logits_unchanged", "Return the logits unchanged when p >= 1."),
            )
        if label.startswith(M("sampling.top_p_filter.token_that_crosses", "the token that crosses p")):
            ctx.metrics.setdefault("distributions", []).append(_picture(
                M("sampling.top_p_filter.top_p_filt_p_probabilit", "top_p_filter(p = 0.8) on probabilities [0.15, 0.5, 0.05, 0.2, 0.1]: softmax of the result"),
                ref.softmax(ref.filtered(rows, keep))[0], ref.softmax(got)[0] if (got > -np.inf).any() else np.zeros(5)))
        _compare_filter(what, rows, got, keep, "top-p", ref.TOP_P_VARIANTS, ref.top_p_mask, p, [])
    return M("sampling.top_p_filter.exact_crafted_rows", (
               "exact on crafted rows: the crossing token, the top token above p, ties at the crossing, "
               "p = 1, p = 1e-9, -inf present, +1000 shift, batches with V = 8, 50, 1000"
             ))


def _picture(title: str, expected: np.ndarray, yours: np.ndarray) -> dict:
    """One bar chart for the Pictures tab: a distribution over tokens, expected beside the submission's."""
    return {"title": title, "tokens": list(range(len(expected))),
            "expected": np.round(expected, 4).tolist(), "yours": np.round(np.nan_to_num(yours), 4).tolist()}


# ---------------------------------------------------------------- sample_next

def _draw(ctx: Context, rows: np.ndarray, seed: int, what: str, **kwargs) -> np.ndarray:
    """sample_next on ``rows`` with a fresh Generator(seed); ids as int64 after checking type, shape and range."""
    generator = np.random.default_rng(seed)
    with ctx.calling(what), quiet():
        out = ctx.module.sample_next(rows.copy(), generator, **kwargs)
    if out is None:
        raise CheckFailed(M("sampling.draw.returned_none", "{what} returned None", what=what), expected=M("sampling.draw.ids_shape", "ids of shape ({len_rows},)", len_rows=len(rows)), hint=M("sampling.draw.return_drawn_ids", "Return the drawn ids."))
    array = np.asarray(getattr(out, "numpy", lambda: out)())
    if array.shape != (len(rows),):
        raise CheckFailed(M("sampling.draw.returned_shape_expected", "{what} returned shape {shape}, expected ({len_rows},): one id per row", what=what, shape=array.shape, len_rows=len(rows)),
                          expected=f"({len(rows)},)", actual=str(array.shape),
                          hint=M("sampling.draw.draw_one_token", "Draw one token per row of the (batch, V) logits."))
    if not np.issubdtype(array.dtype, np.integer):
        raise CheckFailed(M("sampling.draw.returned_values_expected", "{what} returned {dtype} values, expected integer token ids", what=what, dtype=array.dtype),
                          expected=M("sampling.draw.integer_dtype", "an integer dtype"), actual=str(array.dtype),
                          hint=M("sampling.draw.return_token_indices", "Return token indices (e.g. .astype(np.int64)), not probabilities or floats."))
    if array.min() < 0 or array.max() >= rows.shape[1]:
        raise CheckFailed(M("sampling.draw.returned_ids_outside", "{what} returned ids outside [0, {rows_shape_1})", what=what, rows_shape_1=rows.shape[1]), expected=M("sampling.draw.ids", "ids in [0, {rows_shape_1})", rows_shape_1=rows.shape[1]),
                          actual=f"[{array.min()}, {array.max()}]")
    return array.astype(np.int64)


@suite.check("sample_output", needs=("contract",))
def sample_output(ctx: Context) -> str:
    """sample_next returns int ids of shape (batch,), in range, for batch sizes 1, 3, 64 and V = 5, 50."""
    rng = np.random.default_rng(SEED + 30)
    for batch, vocab in ((1, 5), (3, 5), (64, 50)):
        rows = rng.normal(0, 1.5, (batch, vocab))
        _draw(ctx, rows, SEED, M("sampling.sample_output.sample_nex_batch", "sample_next on a ({batch}, {vocab}) batch", batch=batch, vocab=vocab))
    return M("sampling.sample_output.batch_integer_ids", "(batch,) integer ids in range for batches of 1, 3, 64 and V = 5, 50")


@suite.check("sample_rng", needs=("sample_output",))
def sample_rng(ctx: Context) -> str:
    """Draws come from the rng passed in: same seed same ids, another seed other ids, global state unused."""
    rows = np.zeros((400, 20))  # uniform over 20 tokens: two independent draws agree with probability 0.05 per row
    what = M("sampling.sample_rng.sample_nex_uniform_rows", "sample_next on 400 uniform rows (V = 20)")
    np.random.seed(1)
    random.seed(1)
    first = _draw(ctx, rows, 7, what + " with Generator(7)")
    np.random.seed(2)
    random.seed(2)
    again = _draw(ctx, rows, 7, what + M("sampling.sample_rng.generator_again", " with Generator(7) again"))
    other = _draw(ctx, rows, 8, what + " with Generator(8)")
    if np.array_equal(first, other):
        constant = len(set(first.tolist())) == 1
        raise CheckFailed(
            M("sampling.sample_rng.sample_nex_gave_same", "sample_next gave the same ids with Generator(7) and Generator(8): it ignores the rng passed in")
            + (M("sampling.sample_rng.every_row_got", " (every row got the same token: is it taking the argmax?)") if constant else
               M("sampling.sample_rng.generator_fixed_seed", " (a generator with a fixed seed inside the function?)")),
            expected=M("sampling.sample_rng.different_ids_different", "different ids for different seeds"), actual=M("sampling.sample_rng.identical_ids", "identical ids"),
            hint=M("sampling.sample_rng.draw_rng_argument", "Draw with the rng argument: rng.random(...), rng.choice(...) or rng.gumbel(...)."),
        )
    if not np.array_equal(first, again):
        raise CheckFailed(
            M("sampling.sample_rng.sample_nex_gave_different", (
                "sample_next gave different ids for two generators with the same seed: it draws from a "
                "global random state (np.random.* or random.*) instead of the rng passed in"
              )),
            expected=M("sampling.sample_rng.same_ids_same", "the same ids for the same seed"), actual=M("sampling.sample_rng.ids_differ", "{int_np_sum_first_again} of 400 ids differ", int_np_sum_first_again=int(np.sum(first != again))),
            hint=M("sampling.sample_rng.use_only_rng", "Use only the rng argument (a numpy.random.Generator) for randomness."),
        )
    generator = np.random.default_rng(7)
    with ctx.calling(what + M("sampling.sample_rng.twice_one_generator", " twice with one generator")), quiet():
        one = np.asarray(ctx.module.sample_next(rows.copy(), generator))
        two = np.asarray(ctx.module.sample_next(rows.copy(), generator))
    if np.array_equal(one, two):
        raise CheckFailed(
            M("sampling.sample_rng.two_calls_sample_nex", (
                "two calls of sample_next with the same generator gave the same ids: the generator's "
                "state does not advance (is a new generator seeded from it each time?)"
              )),
            expected=M("sampling.sample_rng.fresh_draws_every", "fresh draws on every call"), actual=M("sampling.sample_rng.identical_ids", "identical ids"),
            hint=M("sampling.sample_rng.draw_directly_from", "Draw directly from the rng argument."),
        )
    return M("sampling.sample_rng.same_seed_same", "same seed → same ids; different seed → different ids; global np.random/random state unused")


def _batch(crafted: list[np.ndarray], per_row: int) -> np.ndarray:
    """The crafted rows interleaved: row i of the batch is crafted[i % len(crafted)]."""
    return np.asarray(crafted, dtype=np.float64)[np.arange(per_row * len(crafted)) % len(crafted)]


def _frequency_probe(ctx: Context, label: str, crafted: list[np.ndarray], seed: int,
                     temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None,
                     variants: dict[str, str] | None = None, picture: str | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Draw DRAWS_PER_ROW ids per crafted row in one batch; fail with a named bug when the counts do not fit."""
    rows = _batch(crafted, DRAWS_PER_ROW)
    kwargs = {"temperature": temperature, "top_k": top_k, "top_p": top_p}
    setting = ", ".join(f"{k} = {v:g}" for k, v in kwargs.items() if v is not None and not (k == "temperature" and v == 1.0)) or M("sampling.frequency_probe.no_filters", "no filters")
    what = M("sampling.frequency_probe.sample_nex", "sample_next ({setting}) on {label}", setting=setting, label=label)
    ids = _draw(ctx, rows, seed, what, **kwargs)
    results = []
    for i, row in enumerate(crafted):
        counts = np.bincount(ids[i :: len(crafted)], minlength=len(row)).astype(np.float64)
        expected = ref.sampling_distribution(row[None], temperature, top_k, top_p)[0]
        results.append((counts, expected))
        if picture and i == 0:
            ctx.metrics.setdefault("distributions", []).append(_picture(picture, expected, counts / counts.sum()))
        if ref.fits(counts, expected):
            continue
        stat, df, impossible = ref.chi2(counts, expected)
        bug = None
        for name, text in (variants or ref.ORDER_VARIANTS).items():
            wrong = ref.sampling_distribution(row[None], temperature, top_k, top_p, order=name)[0]
            if not np.allclose(wrong, expected, atol=1e-3) and ref.fits(counts, wrong):
                bug = text
                break
        if bug is None and i > 0:
            first = ref.sampling_distribution(crafted[0][None], temperature, top_k, top_p)[0]
            if ref.fits(counts, first):
                bug = M("sampling.frequency_probe.every_row_was", "every row was drawn from the first row's distribution (one distribution for the whole batch?)")
        observed = counts / counts.sum()
        if impossible:
            banned = np.flatnonzero((expected <= 0) & (counts > 0))
            message = (M("sampling.frequency_probe.token_drawn_times", (
                           "{what}: token{en_s} {ids_np_isin_np_arange_le} drawn {impossible} "
                           "times in {int_counts_sum} draws from row {row_row}, but the filters remove "
                           "{en_them}"
                         ), what=what, en_s='s' if len(banned) > 1 else '', ids_np_isin_np_arange_le=_ids(np.isin(np.arange(len(row)), banned)), impossible=impossible, int_counts_sum=int(counts.sum()), row_row=_row(row), en_them='them' if len(banned) > 1 else 'it'))
        else:
            message = (M("sampling.frequency_probe.frequencie_draws_from", (
                           "{what}: the frequencies of {int_counts_sum} draws from row {row_row} do not match the "
                           "filtered distribution (χ² = {stat:.0f} with {df} degrees of freedom; the limit at α = "
                           "1e-6 is {ref_chi2_critical_df:.0f})"
                         ), what=what, int_counts_sum=int(counts.sum()), row_row=_row(row), stat=stat, df=df, ref_chi2_critical_df=ref.chi2_critical(df)))
        raise CheckFailed(
            message + (f": {bug}" if bug else ""),
            expected="probabilities " + _row(expected), actual="frequencies " + _row(observed),
            hint=M("sampling.frequency_probe.temperatur_first_logits", (
                     "Temperature first (logits / T), then top_k_filter, then top_p_filter, then one draw per "
                     "row from the softmax."
                   )),
        )
    return results


def _row_v50() -> np.ndarray:
    return _random_rows(SEED + 40, (1, 50), 1.5)[0]


BASE_ROWS = [np.array([1.0, 0.2, -0.5, 1.6, 0.0, -1.0]), np.array([-0.3, 0.9, 0.9, -2.0, 0.4, 0.1])]
TIE_ROW = np.array([2.0, 1.0, 1.0, 0.5, 0.0, -0.4])
BANK_ROW = np.log([0.15, 0.5, 0.05, 0.2, 0.1]) + 3.0
INF_ROW = np.array([-np.inf, 1.0, 0.5, -np.inf, 0.0, 0.3])


@suite.check("sample_frequencies", needs=("sample_output",))
def sample_frequencies(ctx: Context) -> str:
    """Frequencies of sample_next match the filtered distribution (χ², α = 1e-6): T, top-k, top-p alone, batches of mixed rows."""
    probes = [
        (M("sampling.sample_frequencies.two_mixed_rows", "two mixed rows"), BASE_ROWS, {}),
        (M("sampling.sample_frequencies.two_mixed_rows", "two mixed rows"), BASE_ROWS, {"temperature": 0.5}),
        (M("sampling.sample_frequencies.two_mixed_rows", "two mixed rows"), BASE_ROWS, {"temperature": 2.0}),
        (M("sampling.sample_frequencies.row_inf_entries", "a row with -inf entries and a row with ties"), [INF_ROW, TIE_ROW], {}),
        (M("sampling.sample_frequencies.row_ties_nd", "a row with ties at the 2nd value"), [TIE_ROW, BASE_ROWS[0]], {"top_k": 2}),
        (M("sampling.sample_frequencies.crossing_token_row", "the crossing-token row and another"), [BANK_ROW, BASE_ROWS[0][:5]], {"top_p": 0.8}),
        ("a V = 50 row", [_row_v50()], {"temperature": 0.5, "top_k": 5}),
    ]
    total = 0
    for i, (label, crafted, kwargs) in enumerate(probes):
        _frequency_probe(ctx, label, crafted, SEED + 50 + i, **kwargs)
        total += DRAWS_PER_ROW * len(crafted)
    row = BASE_ROWS[0]
    ids = _draw(ctx, np.tile(row, (200, 1)), SEED, M("sampling.sample_frequencies.sample_nex_temperatur_copies", "sample_next (temperature = 0.001) on 200 copies of one row"),
                temperature=0.001)
    if not np.all(ids == int(np.argmax(row))):
        raise CheckFailed(
            M("sampling.sample_frequencies.sample_nex_temperatur_drew", (
                "sample_next at temperature 0.001 drew tokens {sorted_set_ids_tolist} from row "
                "{row_row}; at such a temperature only the argmax (token {int_np_argmax_row}) has any "
                "mass"
              ), sorted_set_ids_tolist=sorted(set(ids.tolist())), row_row=_row(row), int_np_argmax_row=int(np.argmax(row))),
            expected=M("sampling.sample_frequencies.token_every_time", "token {int_np_argmax_row} every time", int_np_argmax_row=int(np.argmax(row))), actual=M("sampling.sample_frequencies.tokens", "tokens {sorted_set_ids_tolist}", sorted_set_ids_tolist=sorted(set(ids.tolist()))),
            hint=M("sampling.sample_frequencies.divide_logits_temperatur", "Divide the logits by the temperature and subtract the row maximum before exp (no overflow)."),
        )
    return M("sampling.sample_frequencies.draws_batches_fit", (
               "{total} draws in 7 batches fit their filtered distributions (χ², α = 1e-6); T = 0.001 "
               "draws only the maxima"
             ), total=total)


# Rows where each wrong order of temperature / top-k / top-p gives another set of tokens.
ORDER_ROWS = [np.array([0.7, 0.4, 0.4, 1.5, 0.5, 0.1]), np.array([0.2, 1.1, 0.8, -0.3, 1.0, 0.5])]
ORDER_SETTING = {"temperature": 0.5, "top_k": 4, "top_p": 0.75}


@suite.check("sample_order", needs=("sample_output",))
def sample_order(ctx: Context) -> str:
    """With T, top-k and top-p together, sample_next applies them in that order (rows where every other order differs)."""
    _frequency_probe(ctx, M("sampling.sample_order.rows_where_order", "rows where the order matters"), ORDER_ROWS, SEED + 60, **ORDER_SETTING,
                     picture=M("sampling.sample_order.sample_nex_t_top_k", "sample_next(T = 0.5, top_k = 4, top_p = 0.75) on logits ") + _row(ORDER_ROWS[0])
                     + M("sampling.sample_order.frequencie_draws", ": frequencies of 4000 draws"))
    return M("sampling.sample_order.temperatur_top_k", "temperature → top-k → top-p: frequencies fit, and every other order is ruled out")
