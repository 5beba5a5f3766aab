"""The layer's checks: layer_values → causality → padding → permutation → gradients.

Each builds a fresh MultiHeadSelfAttention, gives its four Dense projections random
weights and biases (zero biases would hide bias mistakes), and recomputes the layer
in float64 NumPy from those very weights (:func:`.reference.layer`).
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.suites.attention import reference as ref
from quiz.exercises.suites.attention.units import SEED, shape_of, suite, tensor
from quiz.exercises.messages import M

PROJECTIONS = ("wq", "wk", "wv", "wo")
# The layer in float32 vs float64 NumPy (d_model ≤ 24): measured ≤ 2e-6.
LAYER_ATOL, LAYER_RTOL = 1e-4, 1e-4
# Outputs that must not move when other tokens change: float32 noise only.
SAME_ATOL = 1e-5


def build_layer(ctx: Context, d_model: int, heads: int, length: int, rng: np.random.Generator,
                batch: int = 2) -> tuple[Any, dict]:
    """A built layer whose projections carry random weights; returns (layer, {name: (kernel, bias)})."""
    what = f"MultiHeadSelfAttention({d_model}, {heads})"
    with ctx.calling(what):
        layer = ctx.module.MultiHeadSelfAttention(d_model, heads)
    x = tensor(rng.normal(0, 1, (batch, length, d_model)))
    with ctx.calling(M("attention.build_layer.x_shape", "{what} on x of shape {batch_length_d_model}", what=what, batch_length_d_model=(batch, length, d_model))):
        layer(x)
    weights = {}
    for name in PROJECTIONS:
        dense = getattr(layer, name, None)
        if dense is None:
            raise CheckFailed(
                M("attention.build_layer.has_no_attribute", "{what} has no attribute {name}", what=what, name=name), expected=M("attention.build_layer.attributes_wq_wk", "attributes wq, wk, wv, wo (keras.layers.Dense(d_model))"),
                hint=M("attention.build_layer.create_self_wq", "Create self.wq = keras.layers.Dense(d_model), and the same for wk, wv, wo."),
            )
        kernel = getattr(dense, "kernel", None)
        bias = getattr(dense, "bias", None)
        if kernel is None or shape_of(kernel) != (d_model, d_model):
            raise CheckFailed(
                M("attention.build_layer.not_dense_layer", "{what}.{name} is not a Dense({d_model}) layer with a ({d_model}, {d_model}) kernel", what=what, name=name, d_model=d_model)
                + ("" if kernel is None else M("attention.build_layer.kernel_shape", " (kernel shape {shape_of_kernel})", shape_of_kernel=shape_of(kernel))),
                expected=M("attention.build_layer.kernel", "kernel ({d_model}, {d_model})", d_model=d_model), actual=type(dense).__name__,
                hint=M("attention.build_layer.each_projection_keras", (
                         "Each projection is keras.layers.Dense(d_model), applied to the whole (batch, T, "
                         "d_model) input."
                       )),
            )
        if bias is None:
            raise CheckFailed(M("attention.build_layer.has_no_bias", "{what}.{name} has no bias (use_bias=False)", what=what, name=name), expected=M("attention.build_layer.dense_d_model_bias", "Dense(d_model) with bias"),
                              hint=M("attention.build_layer.keep_dense_s", "Keep Dense's default use_bias=True: the contract's projections have biases."))
        values = (rng.normal(0, 1.0 / np.sqrt(d_model), (d_model, d_model)) * 1.5, rng.normal(0, 0.3, (d_model,)))
        kernel.assign(values[0].astype(np.float32))
        bias.assign(values[1].astype(np.float32))
        weights[name] = values
    return layer, weights


def run_layer(ctx: Context, layer, x: np.ndarray, what: str, **kwargs) -> np.ndarray:
    with ctx.calling(what):
        out = layer(tensor(x), **{k: (tensor(v) if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()})
    got = nm.to_numpy(out, what)
    if got.shape != x.shape:
        raise CheckFailed(M("attention.run_layer.has_shape_expected", "{what} has shape {shape}, expected {shape_2} (the input's shape)", what=what, shape=got.shape, shape_2=x.shape),
                          expected=str(x.shape), actual=str(got.shape),
                          hint=M("attention.run_layer.merge_heads_back", "Merge the heads back to (batch, T, d_model) and apply wo."))
    return got


LAYER_MISTAKES = [
    (dict(scale="model"), M("attention.module.scores_scaled_d_model", "the scores are scaled by √d_model instead of √d_head")),
    (dict(scale="none"), M("attention.module.scores_not_scaled", "the scores are not scaled by 1/√d_head")),
    (dict(axis=-2), M("attention.module.softmax_runs_over", "the softmax runs over the query axis instead of the key axis")),
    (dict(split_how="bare", merge_how="bare"), M("attention.module.heads_split_merged", (
                                                   "the heads are split (and merged) by a bare reshape without the transpose: each head "
                                                   "mixes several time steps"
                                                 ))),
    (dict(split_how="bare"), M("attention.module.heads_split_bare", "the heads are split by a bare reshape without the transpose")),
    (dict(merge_how="bare"), M("attention.module.heads_merged_bare", "the heads are merged by a bare reshape without transposing back")),
    (dict(split_how="interleaved", merge_how="interleaved"), M("attention.module.each_head_takes", "each head takes interleaved features, not a contiguous block")),
    (dict(project_out=False), M("attention.module.output_projection_wo", "the output projection wo is not applied")),
    (dict(mask="causal"), M("attention.module.causal_mask_applied", "a causal mask is applied although causal=False")),
]


def name_layer_mistake(got: np.ndarray, x: np.ndarray, weights: dict, heads: int, mask) -> str | None:
    """The first known mistake whose layer output ``got`` matches (``mask`` is the one the call should use)."""
    for options, words in LAYER_MISTAKES:
        options = dict(options)
        wrong_mask = mask
        if options.pop("mask", None) == "causal":
            if mask is not None:
                continue
            wrong_mask = ref.causal(x.shape[1])
        if nm.close(got, ref.layer(x, weights, heads, wrong_mask, **options), LAYER_RTOL, LAYER_ATOL):
            return words
    return None


LAYER_SHAPES = [(2, 5, 12, 3), (3, 4, 16, 4), (1, 6, 8, 1), (2, 7, 24, 2)]  # (batch, T, d_model, heads)


@suite.check("layer_values", needs=("attention_values", "split_merge"))
def layer_values(ctx: Context) -> str:
    """Without masks, the layer equals NumPy attention computed from its own wq, wk, wv, wo (4 shapes, 1-4 heads)."""
    rng = np.random.default_rng(SEED + 10)
    for batch, length, d_model, heads in LAYER_SHAPES:
        layer, weights = build_layer(ctx, d_model, heads, length, rng, batch)
        x = rng.normal(0, 1, (batch, length, d_model))
        what = M("attention.layer_values.multiheads_x_shape", "MultiHeadSelfAttention({d_model}, {heads}) on x of shape {shape}", d_model=d_model, heads=heads, shape=x.shape)
        got = run_layer(ctx, layer, x, what)
        expected = ref.layer(x, weights, heads)
        if not nm.close(got, expected, LAYER_RTOL, LAYER_ATOL):
            nm.require_finite(got, M("attention.layer_values.output", "the output of {what}", what=what))
            bug = name_layer_mistake(got, x, weights, heads, None)
            raise CheckFailed(
                M("attention.layer_values.not_multi_head", "{what}: not multi-head attention of its own wq, wk, wv, wo", what=what) + (f": {bug}" if bug else ""),
                expected=nm.fmt(expected), actual=nm.fmt(got),
                hint=M("attention.layer_values.q_k_v", "q, k, v = split_heads(wq(x)), …; out = attention(q, k, v); return wo(merge_heads(out))."),
            )
    return M("attention.layer_values.matches_numpy_from", "matches NumPy from its own weights at 4 shapes (d_model 8-24, 1-4 heads)")


@suite.check("causality", needs=("layer_values", "causal_mask"))
def causality(ctx: Context) -> str:
    """With causal=True, changing tokens t ≥ c leaves outputs before c unchanged; values match NumPy."""
    rng = np.random.default_rng(SEED + 20)
    batch, length, d_model, heads = 2, 7, 16, 4
    layer, weights = build_layer(ctx, d_model, heads, length, rng, batch)
    x = rng.normal(0, 1, (batch, length, d_model))
    what = M("attention.causality.multiheads_x_causal", "MultiHeadSelfAttention({d_model}, {heads})(x, causal=True), T = {length}", d_model=d_model, heads=heads, length=length)
    out = run_layer(ctx, layer, x, what, causal=True)
    nm.require_finite(out, M("attention.layer_values.output", "the output of {what}", what=what))
    mask = ref.causal(length)
    known = [(ref.causal(length, 1), M("attention.causality.query_sees_one", "a query sees one step into the future (key j <= i + 1)")),
             (None, M("attention.causality.causal_true_ignored", "causal=True is ignored: no mask is applied")),
             (mask.T, M("attention.causality.mask_transposed_queries", "the mask is transposed: queries see the future, not the past"))]

    def bug_in(got: np.ndarray) -> str | None:
        for wrong, words in known:
            if nm.close(got, ref.layer(x, weights, heads, wrong), LAYER_RTOL, LAYER_ATOL):
                return words
        return name_layer_mistake(got, x, weights, heads, mask)

    for cut in (1, 3, 5):
        x2 = x.copy()
        x2[:, cut:] = rng.normal(0, 1, x2[:, cut:].shape)
        out2 = run_layer(ctx, layer, x2, what + M("attention.causality.later_tokens_changed", " with later tokens changed"), causal=True)
        moved = np.abs(out2[:, :cut] - out[:, :cut]).max(axis=(0, 2))
        if np.any(moved > SAME_ATOL):
            first = int(np.argmax(moved > SAME_ATOL))
            bug = bug_in(out)
            raise CheckFailed(
                M("attention.causality.changing_tokens_from", (
                    "{what}: changing the tokens from position {cut} on changed the output at position "
                    "{first} (by {moved_first:.3g}): a query attends the future"
                  ), what=what, cut=cut, first=first, moved_first=moved[first]) + (f"; {bug}" if bug else ""),
                expected=M("attention.causality.outputs_before_unchanged", "outputs before {cut} unchanged", cut=cut), actual=M("attention.causality.changed", "changed by {moved_max:.3g}", moved_max=moved.max()),
                hint=M("attention.causality.pass_causal_mas_t", "Pass causal_mask(T) (True where key j <= query i) as the mask when causal=True."),
            )
    expected = ref.layer(x, weights, heads, mask)
    if not nm.close(out, expected, LAYER_RTOL, LAYER_ATOL):
        bug = bug_in(out)
        raise CheckFailed(
            M("attention.causality.outputs_do_not", "{what}: the outputs do not depend on the past only as causal attention does", what=what)
            + (f": {bug}" if bug else ""),
            expected=nm.fmt(expected), actual=nm.fmt(out),
            hint=M("attention.causality.mask_causal_mas_t", "mask = causal_mask(T); every query attends the keys j <= i, itself included."),
        )
    return M("attention.causality.outputs_before_position", (
               "outputs before position c unchanged when tokens from c on change (c = 1, 3, 5); values "
               "match NumPy"
             ))


@suite.check("padding", needs=("layer_values",))
def padding(ctx: Context) -> str:
    """Padded keys are never attended: changing padded tokens leaves real tokens' outputs unchanged."""
    rng = np.random.default_rng(SEED + 30)
    batch, length, d_model, heads = 3, 6, 12, 3
    layer, weights = build_layer(ctx, d_model, heads, length, rng, batch)
    x = rng.normal(0, 1, (batch, length, d_model))
    real = np.arange(length)[None, :] < np.array([6, 4, 1])[:, None]  # padded on the right
    keys = real[:, None, None, :]
    for causal in (False, True):
        what = (M("attention.padding.multiheads_x_causal", (
                    "MultiHeadSelfAttention({d_model}, {heads})(x, causal={causal}, padding_mask=…) with 6, "
                    "4 and 1 real tokens"
                  ), d_model=d_model, heads=heads, causal=causal))
        out = run_layer(ctx, layer, x, what, causal=causal, padding_mask=real)
        if not np.all(np.isfinite(out[real])):
            raise CheckFailed(M("attention.padding.nan_inf_real", "{what}: NaN or Inf at real tokens", what=what), expected=M("attention.padding.finite_outputs_real", "finite outputs at real tokens"),
                              actual=nm.fmt(out[real]),
                              hint=M("attention.padding.padding_ma_true_real", "padding_mask is True for real tokens; mask the keys: padding_mask[:, None, None, :]."))
        x2 = x.copy()
        x2[~real] = rng.normal(0, 3, x2[~real].shape)
        out2 = run_layer(ctx, layer, x2, what + M("attention.padding.padded_tokens_changed", " with padded tokens changed"), causal=causal, padding_mask=real)
        moved = np.abs(out2[real] - out[real]).max()
        mask = keys & ref.causal(length) if causal else keys
        expected = ref.layer(x, weights, heads, mask)
        if moved > SAME_ATOL:
            inverted = "" if causal else (
                M("attention.padding.mask_inverted_true", " (is the mask inverted? True marks real tokens)") if nm.close(
                    out[0], ref.layer(x, weights, heads, None)[0], LAYER_RTOL, LAYER_ATOL) else "")
            raise CheckFailed(
                M("attention.padding.changing_padded_tokens", (
                    "{what}: changing the padded tokens changed real tokens' outputs (by {moved:.3g}): "
                    "padded keys are attended — the padding mask is ignored, or applied to the queries "
                    "instead of the keys{inverted}"
                  ), what=what, moved=moved, inverted=inverted),
                expected=M("attention.padding.real_tokens_outputs", "real tokens' outputs unchanged"), actual=M("attention.padding.changed", "changed by {moved:.3g}", moved=moved),
                hint=M("attention.padding.mask_keys_padding_ma", "Mask the keys: padding_mask[:, None, None, :] broadcasts over heads and queries."),
            )
        if not nm.close(out[real], expected[real], LAYER_RTOL, LAYER_ATOL):
            raise CheckFailed(M("attention.padding.real_tokens_outputs_2", "{what}: real tokens' outputs do not match NumPy", what=what), expected=nm.fmt(expected[real]),
                              actual=nm.fmt(out[real]),
                              hint=M("attention.padding.combine_masks_logical_an", "Combine the masks with logical_and: causal (T, T) and keys (batch, 1, 1, T)."))
    return M("attention.padding.padded_keys_never", "padded keys never attended, with and without causal=True; real tokens match NumPy")


@suite.check("permutation", needs=("layer_values",))
def permutation(ctx: Context) -> str:
    """Without a mask, permuting the tokens permutes the outputs (every variable of the layer randomised)."""
    rng = np.random.default_rng(SEED + 40)
    batch, length, d_model, heads = 2, 6, 16, 4
    layer, _ = build_layer(ctx, d_model, heads, length, rng, batch)
    for variable in layer.trainable_variables:  # extra variables too: a zero-initialised position bias shows
        shape = shape_of(variable)
        if not any(variable is getattr(getattr(layer, n), "kernel") for n in PROJECTIONS):
            variable.assign((np.asarray(variable.numpy()) + rng.normal(0, 0.5, shape)).astype(np.float32))
    x = rng.normal(0, 1, (batch, length, d_model))
    what = M("attention.permutation.multiheads_x", "MultiHeadSelfAttention({d_model}, {heads}) on x {shape}", d_model=d_model, heads=heads, shape=x.shape)
    out = run_layer(ctx, layer, x, what)
    for _ in range(3):
        perm = rng.permutation(length)
        out_p = run_layer(ctx, layer, x[:, perm], what + M("attention.permutation.tokens_permuted", " with the tokens permuted"))
        gap = np.abs(out_p - out[:, perm]).max()
        if gap > LAYER_ATOL:
            raise CheckFailed(
                M("attention.permutation.permuting_tokens_did", (
                    "{what}: permuting the tokens {perm_tolist} did not permute the outputs the same way "
                    "(off by {gap:.3g}): without a mask, self-attention has no notion of position"
                  ), what=what, perm_tolist=perm.tolist(), gap=gap),
                expected="layer(x[:, p]) == layer(x)[:, p]", actual=M("attention.permutation.max_difference", "max difference {gap:.3g}", gap=gap),
                hint=M("attention.permutation.leave_positions_model", (
                         "Leave positions to the model around the layer: no position-dependent weights or biases "
                         "inside it."
                       )),
            )
    return M("attention.permutation.layer_x_p", "layer(x[:, p]) = layer(x)[:, p] for 3 permutations, every variable randomised")


@suite.check("gradients", needs=("layer_values",))
def gradients(ctx: Context) -> str:
    """Gradients of the output reach the kernels of wq, wk, wv, wo (and the biases of wq, wv, wo), non-zero."""
    rng = np.random.default_rng(SEED + 50)
    batch, length, d_model, heads = 2, 5, 12, 3
    layer, _ = build_layer(ctx, d_model, heads, length, rng, batch)
    trainable = {id(v) for v in layer.trainable_variables}
    targets = []
    for name in PROJECTIONS:
        dense = getattr(layer, name)
        for part in ("kernel", "bias"):
            if part == "bias" and name == "wk":
                continue  # the key bias adds q·b to every score of a row: softmax ignores it, gradient 0
            variable = getattr(dense, part)
            if id(variable) not in trainable:
                raise CheckFailed(
                    M("attention.gradients.not_among_layer", "{name}.{part} is not among the layer's trainable variables: {name} cannot learn", name=name, part=part),
                    expected="trainable", actual=M("attention.gradients.not_trainable", "not trainable"),
                    hint=M("attention.gradients.leave_self_trainable", "Leave self.{name}.trainable as it is (True).", name=name),
                )
            targets.append((f"{name}.{part}", variable))
    x = tensor(rng.normal(0, 1, (batch, length, d_model)))
    r = tensor(rng.normal(0, 1, (batch, length, d_model)))
    what = M("attention.gradients.gradient_sum_layer", "the gradient of sum(layer(x) · r)")
    with ctx.calling(what):
        with tf.GradientTape() as tape:
            out = layer(x, causal=True)
            loss = tf.reduce_sum(tf.convert_to_tensor(out) * r)
        grads = tape.gradient(loss, [v for _, v in targets])
    for (name, _), grad in zip(targets, grads):
        if grad is None:
            raise CheckFailed(
                M("attention.gradients.no_gradient_reaches", (
                    "no gradient reaches {name}: something on its path is not differentiable (stop_gradient, "
                    "a NumPy round trip, a cast to int) or its output is not used"
                  ), name=name),
                expected="a gradient", actual="None",
                hint=M("attention.gradients.compute_everything_keras", (
                         "Compute everything with keras.ops (or tf.*) on tensors; no .numpy() or stop_gradient "
                         "inside call."
                       )),
            )
        g = np.asarray(keras.ops.convert_to_numpy(grad))
        if not np.all(np.isfinite(g)) or not np.any(g != 0):
            raise CheckFailed(M("attention.gradients.gradient_reaching", "the gradient reaching {name} is {not_finite_if_np_any_np}", name=name, not_finite_if_np_any_np=M("attention.gradients.not_finite", "not finite") if np.any(~np.isfinite(g)) else 'zero'),
                              expected=M("attention.gradients.finite_non_zero", "finite and non-zero"), actual=nm.fmt(g))
    return M("attention.gradients.non_zero_gradients", "non-zero gradients reach wq, wk, wv and wo (kernels; biases of wq, wv, wo)")
