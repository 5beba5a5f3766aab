"""Planted bug: the keys are wrapped in stop_gradient."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "attention" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


class MultiHeadSelfAttention(keras.layers.Layer):
    """num_heads heads of size d_model // num_heads.
    Attributes wq, wk, wv, wo: keras.layers.Dense(d_model) with bias (query, key, value and
    output projections), so the checker can read the weights.
    call(x, causal=False, padding_mask=None): (batch, T, d_model) -> (batch, T, d_model);
    padding_mask (batch, T) bool, True for real tokens: padded positions are never attended
    as keys; outputs at padded positions are unspecified (the checker pads on the right and
    compares real tokens only). Heads are split as split_heads does."""

    def __init__(self, d_model, num_heads, **kwargs):
        super().__init__(**kwargs)
        if d_model % num_heads:
            raise ValueError(f"d_model={d_model} is not a multiple of num_heads={num_heads}")
        self.d_model = d_model
        self.num_heads = num_heads
        self.wq = keras.layers.Dense(d_model)
        self.wk = keras.layers.Dense(d_model)
        self.wv = keras.layers.Dense(d_model)
        self.wo = keras.layers.Dense(d_model)

    def call(self, x, causal=False, padding_mask=None):
        q = split_heads(self.wq(x), self.num_heads)
        k = ops.stop_gradient(split_heads(self.wk(x), self.num_heads))
        v = split_heads(self.wv(x), self.num_heads)
        mask = None
        if causal:
            mask = causal_mask(ops.shape(x)[1])  # (T, T) broadcasts over batch and heads
        if padding_mask is not None:
            keys = ops.cast(padding_mask, "bool")[:, None, None, :]  # (batch, 1, 1, T): mask keys only
            mask = keys if mask is None else ops.logical_and(mask, keys)
        out, _ = scaled_dot_product_attention(q, k, v, mask)
        return self.wo(merge_heads(out))
