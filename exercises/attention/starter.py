"""Multi-head self-attention in Keras 3.

Fill in the TODOs, then run `quiz check attention`. Keep the names and arguments:
the checker calls them exactly as written here. Use keras.ops (or tf.*) on tensors,
so the layer trains and runs under tf.function.
"""

import math

import keras
from keras import ops


def scaled_dot_product_attention(q, k, v, mask=None):
    """q (..., Tq, d), k (..., Tk, d), v (..., Tk, dv), float32.
    mask: None, or bool broadcastable to (..., Tq, Tk); True where the query may attend the key.
    Precondition: every query may attend at least one key.
    Returns (output (..., Tq, dv), weights (..., Tq, Tk)): weights = softmax(q kᵀ / √d) over
    the keys, exactly 0 on masked keys, each row summing to 1."""
    # TODO: scores = q kᵀ / √d over the last two axes; masked scores -> -inf;
    # softmax over the keys; return (weights @ v, weights).
    raise NotImplementedError("scaled_dot_product_attention")


def causal_mask(length):
    """(length, length) bool: True where key j <= query i."""
    # TODO
    raise NotImplementedError("causal_mask")


def split_heads(x, num_heads):
    """(batch, T, d_model) -> (batch, num_heads, T, d_model // num_heads);
    head h holds features h*d_head ... (h+1)*d_head - 1."""
    # TODO
    raise NotImplementedError("split_heads")


def merge_heads(x):
    """(batch, num_heads, T, d_head) -> (batch, T, num_heads * d_head); inverse of split_heads."""
    # TODO
    raise NotImplementedError("merge_heads")


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
        self.d_model = d_model
        self.num_heads = num_heads
        # TODO: self.wq, self.wk, self.wv, self.wo = keras.layers.Dense(d_model) each

    def call(self, x, causal=False, padding_mask=None):
        # TODO: project, split the heads, build the mask (causal and/or padding on the keys),
        # attend, merge the heads, project with wo.
        raise NotImplementedError("MultiHeadSelfAttention.call")
