"""Reference solution: multi-head self-attention in Keras 3 (keras.ops only)."""

import math

import keras
from keras import ops


def scaled_dot_product_attention(q, k, v, mask=None):
    """q (..., Tq, d), k (..., Tk, d), v (..., Tk, dv), float32.
    mask: None, or bool broadcastable to (..., Tq, Tk); True where the query may attend the key.
    Precondition: every query may attend at least one key.
    Returns (output (..., Tq, dv), weights (..., Tq, Tk)): weights = softmax(q kᵀ / √d) over
    the keys, exactly 0 on masked keys, each row summing to 1."""
    d = q.shape[-1]
    scores = ops.matmul(q, ops.swapaxes(k, -1, -2)) / math.sqrt(d)
    if mask is not None:
        # -inf, not a large negative number: exp(-inf) is exactly 0 whatever the logits.
        scores = ops.where(mask, scores, float("-inf"))
    weights = ops.softmax(scores, axis=-1)
    return ops.matmul(weights, v), weights


def causal_mask(length):
    """(length, length) bool: True where key j <= query i."""
    i = ops.arange(length)[:, None]
    j = ops.arange(length)[None, :]
    return j <= i


def split_heads(x, num_heads):
    """(batch, T, d_model) -> (batch, num_heads, T, d_model // num_heads);
    head h holds features h*d_head ... (h+1)*d_head - 1."""
    batch, length = ops.shape(x)[0], ops.shape(x)[1]
    d_head = x.shape[-1] // num_heads
    x = ops.reshape(x, (batch, length, num_heads, d_head))
    return ops.transpose(x, (0, 2, 1, 3))


def merge_heads(x):
    """(batch, num_heads, T, d_head) -> (batch, T, num_heads * d_head); inverse of split_heads."""
    batch, length = ops.shape(x)[0], ops.shape(x)[2]
    x = ops.transpose(x, (0, 2, 1, 3))
    return ops.reshape(x, (batch, length, x.shape[2] * x.shape[3]))


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
        k = split_heads(self.wk(x), self.num_heads)
        v = split_heads(self.wv(x), self.num_heads)
        mask = None
        if causal:
            mask = causal_mask(ops.shape(x)[1])  # (T, T) broadcasts over batch and heads
        if padding_mask is not None:
            keys = ops.cast(padding_mask, "bool")[:, None, None, :]  # (batch, 1, 1, T): mask keys only
            mask = keys if mask is None else ops.logical_and(mask, keys)
        out, _ = scaled_dot_product_attention(q, k, v, mask)
        return self.wo(merge_heads(out))
