"""The attention suite's registry and its checks of the four functions.

contract → attention_scale → softmax_axis → attention_values → masking → causal_mask →
split_merge. Every expected value is recomputed in float64 NumPy (:mod:`.reference`);
a wrong value is compared with the values the classic mistakes give on the same
inputs, so the message names the mistake. The layer's checks follow in :mod:`.layer`,
the learning check in :mod:`.learning`.
"""

from __future__ import annotations

import inspect
from typing import Any

import keras
import numpy as np

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.loader import check_contract, load_module
from quiz.exercises.checklib.registry import CheckFailed, Suite
from quiz.exercises.suites.attention import reference as ref
from quiz.exercises.messages import M

suite = Suite("attention")

DATA_SIZE = 0  # no image data: the checks craft their own tensors
SEED = 1414
# float32 attention vs float64: measured ≤ 3e-7 on the probes here.
RTOL, ATOL = 1e-4, 1e-5

CONTRACT = {
    "scaled_dot_product_attention": (["q", "k", "v", "mask"], 3),
    "causal_mask": (["length"], 1),
    "split_heads": (["x", "num_heads"], 2),
    "merge_heads": (["x"], 1),
    "MultiHeadSelfAttention": (["d_model", "num_heads"], 2),
}


def prepare_data(images: Any) -> dict:
    """No data set: the checks build their tensors and the learning task themselves."""
    return {}


def tensor(array: np.ndarray):
    """A float32 (or bool) tensor the submission's keras.ops or tf.* code accepts."""
    array = np.asarray(array)
    return keras.ops.convert_to_tensor(array if array.dtype == bool else array.astype(np.float32))


def shape_of(value: Any) -> tuple:
    return tuple(int(s) for s in getattr(value, "shape", np.shape(value)))


# ---------------------------------------------------------------- contract

@suite.check("contract")
def contract(ctx: Context) -> str:
    """The file imports; the four functions and the layer class exist with the contract's signatures."""
    ctx.module = load_module(ctx.submission, ctx.state["module_name"])
    check_contract(ctx.module, CONTRACT)
    cls = ctx.module.MultiHeadSelfAttention
    if not (isinstance(cls, type) and issubclass(cls, keras.layers.Layer)):
        raise CheckFailed(
            M("attention.contract.multiheads_not_subclass", "MultiHeadSelfAttention is not a subclass of keras.layers.Layer"),
            expected="class MultiHeadSelfAttention(keras.layers.Layer)", actual=repr(cls)[:80],
            hint=M("attention.contract.subclass_keras_layers", "Subclass keras.layers.Layer (Keras 3: `import keras`)."),
        )
    params = inspect.signature(cls.call).parameters
    missing = [p for p in ("causal", "padding_mask") if p not in params]
    if missing:
        raise CheckFailed(
            M("attention.contract.multiheads_call_has", "MultiHeadSelfAttention.call{inspect_signature_cls_ca} has no parameter {join_missing}", inspect_signature_cls_ca=inspect.signature(cls.call), join_missing=', '.join(missing)),
            expected=M("attention.contract.call_self_x", "call(self, x, causal=False, padding_mask=None)"),
            actual=M("attention.contract.call", "call{inspect_signature_cls_ca}", inspect_signature_cls_ca=inspect.signature(cls.call)),
            hint=M("attention.contract.keep_contract_s", "Keep the contract's call signature: the checker passes causal= and padding_mask= by name."),
        )
    return M("lib.contract.present", "imports; {names} present", names=", ".join(CONTRACT))


# ---------------------------------------------------------------- scaled_dot_product_attention

def call_attention(ctx: Context, q, k, v, mask, what: str) -> tuple[np.ndarray, np.ndarray]:
    """The submission's (output, weights) as float64 arrays, with their shapes checked."""
    args = [tensor(q), tensor(k), tensor(v)]
    with ctx.calling(what):
        result = ctx.module.scaled_dot_product_attention(*args, None if mask is None else tensor(mask))
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise CheckFailed(
            M("attention.call_attention.returned", "{what} returned {name}", what=what, name=type(result).__name__)
            + (M("attention.call_attention.items", " of {len_result} items", len_result=len(result)) if isinstance(result, (tuple, list)) else "")
            + M("attention.call_attention.expected_pair_output", ", expected a pair (output, weights)"),
            expected=M("attention.call_attention.output_weights", "(output, weights)"), actual=type(result).__name__,
            hint=M("attention.call_attention.return_output_weights", "return output, weights"),
        )
    out_shape = q.shape[:-1] + (v.shape[-1],)
    weight_shape = q.shape[:-1] + (k.shape[-2],)
    got = (shape_of(result[0]), shape_of(result[1]))
    if got == (weight_shape, out_shape) and weight_shape != out_shape:
        raise CheckFailed(
            M("attention.call_attention.returned_weights_output", "{what} returned (weights, output): the pair is swapped", what=what),
            expected=M("attention.call_attention.output_weights_2", "(output {out_shape}, weights {weight_shape})", out_shape=out_shape, weight_shape=weight_shape), actual=M("attention.call_attention.shapes", "shapes {got}", got=got),
            hint=M("attention.call_attention.return_output_weights_2", "return output, weights — in that order."),
        )
    if got != (out_shape, weight_shape):
        raise CheckFailed(
            M("attention.call_attention.returned_shapes_expected", "{what} returned shapes {got}, expected output {out_shape} and weights {weight_shape}", what=what, got=got, out_shape=out_shape, weight_shape=weight_shape),
            expected=f"({out_shape}, {weight_shape})", actual=str(got),
            hint=M("attention.call_attention.scores_q_k", "scores = q @ kᵀ over the last two axes (swap the last two axes of k, not all of them)."),
        )
    for value, name in ((result[0], "output"), (result[1], "weights")):
        dtype = nm.dtype_name(value)
        if dtype != "float32":
            raise CheckFailed(M("attention.call_attention.has_dtype_expected", "the {name} of {what} has dtype {dtype}, expected float32", name=name, what=what, dtype=dtype),
                              expected="float32", actual=dtype, hint=M("attention.call_attention.keep_float32_no", "Keep float32: no casts to float64 or int."))
    return nm.to_numpy(result[0], M("attention.layer_values.output", "the output of {what}", what=what)), nm.to_numpy(result[1], M("attention.call_attention.weights", "the weights of {what}", what=what))


def _qkv(rng: np.random.Generator, lead: tuple, tq: int, tk: int, d: int, dv: int, spread: float = 1.0):
    return (rng.normal(0, spread, lead + (tq, d)), rng.normal(0, spread, lead + (tk, d)), rng.normal(0, 1, lead + (tk, dv)))


SCALE_MISTAKES = [
    (M("attention.module.not_scaled_all", "not scaled at all (softmax(q kᵀ) without 1/√d)"), lambda d, dv: 1.0),
    (M("attention.module.scaled_d_instead", "scaled by 1/d instead of 1/√d"), lambda d, dv: 1.0 / d),
    (M("attention.module.scaled_dv_v", "scaled by √dv (v's last axis) instead of √d (the last axis of q and k)"), lambda d, dv: 1.0 / np.sqrt(dv)),
    (M("attention.module.multiplied_d_instead", "multiplied by √d instead of divided by it"), lambda d, dv: np.sqrt(d)),
]


def _weights_match(got: np.ndarray, expected: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(got))) and nm.close(got, expected, RTOL, ATOL)


@suite.check("attention_scale", needs=("contract",))
def attention_scale(ctx: Context) -> str:
    """The weights are softmax(q kᵀ / √d) with d the last axis of q and k (here d = 16, dv = 4)."""
    rng = np.random.default_rng(SEED)
    q, k, v = _qkv(rng, (2,), 3, 5, 16, 4)
    what = "scaled_dot_product_attention(q (2, 3, 16), k (2, 5, 16), v (2, 5, 4))"
    _, weights = call_attention(ctx, q, k, v, None, what)
    for axis in (-1, -2):  # the softmax axis has its own check next
        if _weights_match(weights, ref.attention(q, k, v, axis=axis)[1]):
            return M("attention.attention_scale.logits_q_k", "the logits are q kᵀ / √d, d = 16 (not √dv = 2, not d, not 1)")
    for words, scale in SCALE_MISTAKES:
        for axis in (-1, -2):
            if _weights_match(weights, ref.attention(q, k, v, scale=scale(16, 4), axis=axis)[1]):
                raise CheckFailed(
                    M("attention.attention_scale.weights", "{what}: the weights are {words}", what=what, words=words),
                    expected=nm.fmt(ref.attention(q, k, v)[1]), actual=nm.fmt(weights),
                    hint=M("attention.attention_scale.scores_q_swapaxes", "scores = q @ swapaxes(k, -1, -2) / sqrt(d), with d = q.shape[-1]."),
                )
    nm.require_finite(weights, M("attention.call_attention.weights", "the weights of {what}", what=what))
    raise CheckFailed(
        M("attention.attention_scale.weights_not_softmax", "{what}: the weights are not a softmax of q kᵀ / √d (nor of any simply scaled q kᵀ)", what=what),
        expected=nm.fmt(ref.attention(q, k, v)[1]), actual=nm.fmt(weights),
        hint=M("attention.attention_scale.weights_softmax_q", "weights = softmax(q @ swapaxes(k, -1, -2) / sqrt(d), axis=-1)."),
    )


@suite.check("softmax_axis", needs=("attention_scale",))
def softmax_axis(ctx: Context) -> str:
    """The softmax runs over the key axis (the last one): each query's weights sum to 1."""
    rng = np.random.default_rng(SEED + 1)
    q, k, v = _qkv(rng, (2, 3), 4, 6, 8, 5)
    what = "scaled_dot_product_attention(q (2, 3, 4, 8), k (2, 3, 6, 8), v (2, 3, 6, 5))"
    _, weights = call_attention(ctx, q, k, v, None, what)
    expected = ref.attention(q, k, v)[1]
    if _weights_match(weights, expected):
        return M("attention.softmax_axis.softmax_over_keys", "softmax over the keys: every query's weights sum to 1 (4-D input, Tq = 4, Tk = 6)")
    names = {-2: M("attention.softmax_axis.over_query_axis", (
                     "over the query axis (axis -2) instead of the key axis (-1): each key's column sums to "
                     "1, not each query's row"
                   )), 0: M("attention.softmax_axis.over_axis_batch", "over axis 0 (the batch)"), 1: M("attention.softmax_axis.over_axis_heads", "over axis 1 (the heads)")}
    for axis, words in names.items():
        if _weights_match(weights, ref.attention(q, k, v, axis=axis)[1]):
            raise CheckFailed(
                M("attention.softmax_axis.softmax_runs", "{what}: the softmax runs {words}", what=what, words=words),
                expected=M("attention.softmax_axis.each_row_one", "each row (one query, all keys) sums to 1"),
                actual=M("attention.softmax_axis.row_sums", "row sums {nm_fmt_weights_sum_1}", nm_fmt_weights_sum_1=nm.fmt(weights.sum(-1))),
                hint=M("attention.softmax_axis.softmax_scores_axis", "softmax(scores, axis=-1): a query's weights are spread over the keys."),
            )
    raise CheckFailed(M("attention.softmax_axis.wrong_weights", "{what}: wrong weights", what=what), expected=nm.fmt(expected), actual=nm.fmt(weights),
                      hint=M("attention.attention_scale.weights_softmax_q", "weights = softmax(q @ swapaxes(k, -1, -2) / sqrt(d), axis=-1)."))


VALUE_SHAPES = [  # (leading axes, Tq, Tk, d, dv)
    ((2,), 4, 4, 8, 8),
    ((3,), 2, 7, 6, 3),
    ((1,), 1, 1, 4, 2),
    ((2, 3), 5, 3, 4, 10),
    ((2, 2), 6, 6, 16, 16),
]


@suite.check("attention_values", needs=("softmax_axis",))
def attention_values(ctx: Context) -> str:
    """Output and weights equal float64 NumPy at 3-D and 4-D shapes, d ≠ dv, Tq ≠ Tk, Tq = Tk = 1."""
    rng = np.random.default_rng(SEED + 2)
    for lead, tq, tk, d, dv in VALUE_SHAPES:
        q, k, v = _qkv(rng, lead, tq, tk, d, dv)
        what = f"scaled_dot_product_attention(q {lead + (tq, d)}, k {lead + (tk, d)}, v {lead + (tk, dv)})"
        out, weights = call_attention(ctx, q, k, v, None, what)
        ref_out, ref_w = ref.attention(q, k, v)
        if not nm.close(weights, ref_w, RTOL, ATOL):
            raise CheckFailed(M("attention.softmax_axis.wrong_weights", "{what}: wrong weights", what=what), expected=nm.fmt(ref_w), actual=nm.fmt(weights),
                              hint=M("attention.attention_scale.weights_softmax_q", "weights = softmax(q @ swapaxes(k, -1, -2) / sqrt(d), axis=-1)."))
        if not nm.close(out, ref_out, RTOL, ATOL):
            bug = None
            if tq == tk and nm.close(out, np.swapaxes(ref_w, -1, -2) @ v, RTOL, ATOL):
                bug = M("attention.attention_values.output_uses_transposed", "the output uses the transposed weights")
            raise CheckFailed(
                M("attention.attention_values.weights_right_but", "{what}: the weights are right but the output is not weights @ v", what=what) + (f": {bug}" if bug else ""),
                expected=nm.fmt(ref_out), actual=nm.fmt(out), hint=M("attention.attention_values.output_weights_v", "output = weights @ v."),
            )
    return M("attention.attention_values.output_weights_match", "output and weights match float64 NumPy at 5 shapes (3-D and 4-D, d ≠ dv, Tq ≠ Tk, 1×1)")


# ---------------------------------------------------------------- masks

def _random_mask(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    """A bool mask where every row has at least one True and at least one False (when Tk > 1)."""
    mask = rng.random(shape) < 0.5
    tk = shape[-1]
    first = rng.integers(0, tk, shape[:-1])
    np.put_along_axis(mask, first[..., None], True, axis=-1)
    if tk > 1:
        other = (first + 1 + rng.integers(0, tk - 1, shape[:-1])) % tk
        np.put_along_axis(mask, other[..., None], False, axis=-1)
    return mask


def _mask_probes() -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(SEED + 3)
    probes = []
    q, k, v = _qkv(rng, (2,), 5, 6, 8, 3)
    probes.append((M("attention.mask_probes.mask_broadcast_over", "a (5, 6) mask broadcast over a batch of 2"), q, k, v, _random_mask(rng, (5, 6))))
    q, k, v = _qkv(rng, (2, 3), 4, 7, 4, 6)
    probes.append((M("attention.mask_probes.mask_broadcast_over_2", "a (2, 1, 4, 7) mask broadcast over 3 heads"), q, k, v, _random_mask(rng, (2, 1, 4, 7))))
    q, k, v = _qkv(rng, (3, 2), 5, 5, 8, 8)
    keys = np.ones((3, 1, 1, 5), bool)
    keys[1, ..., 3:] = False
    keys[2, ..., 1:] = False
    probes.append((M("attention.mask_probes.padding_mask_shape", "a padding mask of shape (3, 1, 1, 5)"), q, k, v, keys))
    probes.append((M("attention.mask_probes.logits_e4_mask", "logits of ±1e4 and a (2, 4, 6) mask"),) + _extreme_probe(rng))
    return probes


def _extreme_probe(rng: np.random.Generator):
    """Logits exactly ±1e4 (k = the identity, q = the scores × √d), every row with a masked key at +1e4
    and some rows whose allowed keys are all at -1e4: a finite additive mask lets the masked key win there,
    and a softmax without the max subtracted overflows."""
    tk = 6
    mask = _random_mask(rng, (2, 4, tk))
    scores = np.where(rng.random((2, 4, tk)) < 0.5, 1e4, -1e4)
    scores[~mask] = 1e4
    scores[:, ::2][mask[:, ::2]] = -1e4  # rows 0 and 2: only the masked keys are at +1e4
    first = np.argmax(mask[:, 1::2], axis=-1)  # rows 1 and 3: an allowed key at +1e4 too
    np.put_along_axis(scores[:, 1::2], first[..., None], 1e4, axis=-1)
    q = scores * np.sqrt(tk)
    k = np.broadcast_to(np.eye(tk), (2, tk, tk)).copy()
    v = rng.normal(0, 1, (2, tk, 4))
    return q, k, v, mask


def _nan_cause(q, k, mask, weights: np.ndarray, extreme: bool) -> str:
    """Why the weights hold NaN: rows whose allowed keys all sit far below a masked one point to a
    softmax over every key renormalised after masking (0/0); otherwise exp overflowed."""
    if not extreme:
        return M("attention.nan_cause.row_where_every", "a row where every key is masked, or a mask that adds -inf × 0")
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    full = np.broadcast_to(mask, scores.shape)
    starved = np.where(full, scores, -np.inf).max(-1) < scores.max(-1) - 100.0
    bad = ~np.all(np.isfinite(weights), axis=-1)
    if np.array_equal(bad, starved):
        return (M("attention.nan_cause.rows_whose_allowed", (
                    "the rows whose allowed keys sit far below a masked key: the softmax ran over every key "
                    "and was renormalised after masking, so the allowed weights underflowed to 0 (0/0)"
                  )))
    return M("attention.nan_cause.exp_overflowed_subtract", "exp overflowed (subtract each row's maximum, or use a library softmax)")


@suite.check("masking", needs=("attention_values",))
def masking(ctx: Context) -> str:
    """Masked weights are exactly 0, rows sum to 1, values match NumPy; no NaN at logits of ±1e4."""
    for label, q, k, v, mask in _mask_probes():
        what = M("attention.masking.scaled_dot", "scaled_dot_product_attention with {label}", label=label)
        out, weights = call_attention(ctx, q, k, v, mask, what)
        full = np.broadcast_to(mask, weights.shape)
        ref_out, ref_w = ref.attention(q, k, v, mask)
        if not (np.all(np.isfinite(weights)) and np.all(np.isfinite(out))):
            raise CheckFailed(
                M("attention.masking.result_contains_nan", "{what}: the result contains NaN or Inf: ", what=what) + _nan_cause(q, k, mask, weights, "1e4" in label),
                expected=M("attention.masking.finite_values", "finite values"), actual=nm.fmt(weights),
                hint=M("attention.masking.scores_where_mask", "scores = where(mask, scores, -inf), then a stable softmax (keras.ops.softmax)."),
            )
        inverted = np.all(np.any(~full, axis=-1))
        if inverted and nm.close(weights, ref.attention(q, k, v, ~mask)[1], RTOL, ATOL):
            raise CheckFailed(
                M("attention.masking.mask_inverted_weights", (
                    "{what}: the mask is inverted: the weights go to the masked keys (True means the query "
                    "may attend)"
                  ), what=what),
                expected=nm.fmt(ref_w), actual=nm.fmt(weights),
                hint=M("attention.masking.keep_scores_where", "Keep the scores where the mask is True: where(mask, scores, -inf)."),
            )
        if nm.close(weights, ref.attention(q, k, v, mask, mask_after=True)[1], RTOL, ATOL):
            raise CheckFailed(
                M("attention.masking.mask_applied_after", (
                    "{what}: the mask is applied after the softmax: masked weights are 0 but each row sums "
                    "to {nm_fmt_weights_sum_1_min}…, not 1"
                  ), what=what, nm_fmt_weights_sum_1_min=nm.fmt(weights.sum(-1).min())),
                expected=M("attention.masking.rows_summing", "rows summing to 1"), actual=M("attention.softmax_axis.row_sums", "row sums {nm_fmt_weights_sum_1}", nm_fmt_weights_sum_1=nm.fmt(weights.sum(-1))),
                hint=M("attention.masking.mask_scores_before", "Mask the scores before the softmax, so the remaining keys share all the weight."),
            )
        leaked = weights[~full]
        if leaked.size and np.any(leaked != 0.0):
            scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
            known = [(np.where(mask, scores, scores - 1e4), M("attention.masking.finite_additive_mask", (
                                                                "a finite additive mask (-1e4) is not enough at logits of ±1e4: the masked key still "
                                                                "wins where every allowed key is at -1e4"
                                                              ))),
                     (np.where(mask, scores, 0.0), M("attention.masking.mask_multiplies_scores", "the mask multiplies the scores (a masked score of 0 still gets weight)"))]
            bug = next((words for wrong, words in known if nm.close(weights, ref.softmax(wrong), RTOL, ATOL)), None)
            raise CheckFailed(
                M("attention.masking.masked_keys_get", "{what}: masked keys get weight {nm_fmt_np_abs_leaked_max}, expected exactly 0", what=what, nm_fmt_np_abs_leaked_max=nm.fmt(np.abs(leaked).max()))
                + (f": {bug}" if bug else ""),
                expected=M("attention.masking.every_masked_key", "0 on every masked key"), actual=M("attention.masking.max", "max {np_abs_leaked_max:.3g}", np_abs_leaked_max=np.abs(leaked).max()),
                hint=M("attention.masking.scores_where_mask_2", "scores = where(mask, scores, -inf): exp(-inf) is exactly 0 whatever the logits."),
            )
        if not nm.close(weights.sum(-1), 1.0, 0.0, 1e-5):
            raise CheckFailed(M("attention.masking.rows_weights_do", "{what}: the rows of the weights do not sum to 1", what=what),
                              expected="1", actual=nm.fmt(weights.sum(-1)),
                              hint=M("attention.masking.normalise_over_keys", "Normalise over the keys after masking (softmax(..., axis=-1))."))
        if not (nm.close(weights, ref_w, RTOL, ATOL) and nm.close(out, ref_out, RTOL, ATOL)):
            raise CheckFailed(M("attention.masking.wrong_values", "{what}: wrong values", what=what), expected=nm.fmt(ref_out), actual=nm.fmt(out),
                              hint=M("attention.masking.mask_scores_softmax", "Mask the scores, softmax over the keys, then weights @ v."))
    return M("attention.masking.masked_weights_exactly", (
               "masked weights exactly 0, rows sum to 1, values match NumPy for 4 masks (broadcast, per "
               "head, padding, ±1e4 logits)"
             ))


@suite.check("causal_mask", needs=("contract",))
def causal_mask(ctx: Context) -> str:
    """causal_mask(n) is exactly the (n, n) bool lower triangle, key j <= query i, for n = 1, 3, 6."""
    for length in (1, 3, 6):
        what = f"causal_mask({length})"
        with ctx.calling(what):
            result = ctx.module.causal_mask(length)
        dtype = nm.dtype_name(result)
        got = np.asarray(result.numpy() if hasattr(result, "numpy") else result)
        if got.shape != (length, length):
            raise CheckFailed(M("attention.causal_mask.has_shape_expected", "{what} has shape {shape}, expected ({length}, {length})", what=what, shape=got.shape, length=length),
                              expected=str((length, length)), actual=str(got.shape))
        if dtype != "bool":
            raise CheckFailed(M("attention.causal_mask.has_dtype_expected", "{what} has dtype {dtype}, expected bool (True where the query may attend)", what=what, dtype=dtype),
                              expected="bool", actual=dtype, hint=M("attention.causal_mask.compare_indices_j", "Compare indices: j <= i gives bools."))
        expected = ref.causal(length)
        if np.array_equal(got, expected):
            continue
        known = [
            (ref.causal(length, 1), M("attention.causal_mask.lets_each_query", "lets each query see one step into the future (key j <= i + 1)")),
            (ref.causal(length, -1), M("attention.causal_mask.hides_each_token", "hides each token from itself (key j < i instead of j <= i)")),
            (expected.T, M("attention.causal_mask.transposed_true_where", "is transposed: True where key j >= query i, so queries see the future, not the past")),
            (~expected, M("attention.causal_mask.inverted_true_where", "is inverted: True where the key is in the future")),
        ]
        bug = next((words for mask, words in known if np.array_equal(got, mask)), None)
        raise CheckFailed(
            M("attention.causal_mask.what_bug", "{what} {bug}", what=what, bug=bug) if bug else M("attention.causal_mask.not_lower_triangle", "{what} is not the lower triangle j <= i", what=what),
            expected=str(expected.astype(int).tolist()), actual=str(got.astype(int).tolist()),
            hint=M("attention.causal_mask.row_i_query", "Row i is the query, column j the key: True where j <= i (a lower triangle with its diagonal)."),
        )
    return M("attention.causal_mask.exact_lower_triangles", "exact lower triangles (with the diagonal) for n = 1, 3, 6")


# ---------------------------------------------------------------- heads

SPLIT_SHAPES = [(2, 5, 12, 3), (1, 4, 8, 2), (3, 6, 16, 4), (2, 3, 6, 1)]  # (batch, T, d_model, heads)


def _call_exact(ctx: Context, func: str, args: tuple, expected: np.ndarray, what: str) -> np.ndarray:
    with ctx.calling(what):
        result = getattr(ctx.module, func)(*args)
    got = nm.to_numpy(result, what)
    if got.shape != expected.shape:
        raise CheckFailed(M("attention.call_exact.has_shape_expected", "{what} has shape {shape}, expected {shape_2}", what=what, shape=got.shape, shape_2=expected.shape),
                          expected=str(expected.shape), actual=str(got.shape))
    return got


@suite.check("split_merge", needs=("contract",))
def split_merge(ctx: Context) -> str:
    """split_heads and merge_heads are the exact permutations of the contract and inverses of each other."""
    for batch, length, d_model, heads in SPLIT_SHAPES:
        x = np.arange(batch * length * d_model, dtype=np.float64).reshape(batch, length, d_model)
        what = f"split_heads(x {x.shape}, {heads})"
        expected = ref.split(x, heads)
        got = _call_exact(ctx, "split_heads", (tensor(x), heads), expected, what)
        if not np.array_equal(got, expected):
            known = [("bare", M("attention.split_merge.splits_heads_bare", (
                                  "splits the heads by a bare reshape to (batch, heads, T, d_head) without the transpose: "
                                  "each head mixes several time steps"
                                ))),
                     ("interleaved", M("attention.split_merge.gives_head_h", (
                                         "gives head h the interleaved features h, h + heads, …, not the contiguous block "
                                         "h·d_head … (h+1)·d_head − 1"
                                       )))]
            bug = next((words for how, words in known if np.array_equal(got, ref.split(x, heads, how))), None)
            raise CheckFailed(
                M("attention.causal_mask.what_bug", "{what} {bug}", what=what, bug=bug) if bug else M("attention.split_merge.wrong_arrangemen_features", "{what}: wrong arrangement of the features", what=what),
                expected=nm.fmt(expected), actual=nm.fmt(got),
                hint=M("attention.split_merge.reshape_batch_t", "reshape to (batch, T, heads, d_head), then transpose to (batch, heads, T, d_head)."),
            )
        y = np.arange(expected.size, dtype=np.float64).reshape(expected.shape) * -1.0
        what = f"merge_heads(x {y.shape})"
        merged = ref.merge(y)
        got = _call_exact(ctx, "merge_heads", (tensor(y),), merged, what)
        if not np.array_equal(got, merged):
            bug = M("attention.split_merge.merges_heads_bare", "merges the heads by a bare reshape without transposing back") if np.array_equal(
                got, ref.merge(y, "bare")) else None
            raise CheckFailed(
                M("attention.causal_mask.what_bug", "{what} {bug}", what=what, bug=bug) if bug else M("attention.split_merge.not_inverse_split_head", "{what} is not the inverse of split_heads", what=what),
                expected=nm.fmt(merged), actual=nm.fmt(got),
                hint=M("attention.split_merge.transpose_batch_t", "transpose to (batch, T, heads, d_head), then reshape to (batch, T, heads·d_head)."),
            )
        what = f"merge_heads(split_heads(x {x.shape}, {heads}))"
        with ctx.calling(what):
            round_trip = ctx.module.merge_heads(ctx.module.split_heads(tensor(x), heads))
        if not np.array_equal(nm.to_numpy(round_trip, what), x):
            raise CheckFailed(M("attention.split_merge.not_x", "{what} is not x", what=what), expected=nm.fmt(x), actual=nm.fmt(nm.to_numpy(round_trip, what)))
    return M("attention.split_merge.exact_permutatio_inverses", "exact permutations and inverses for 4 shapes (1 to 4 heads)")
