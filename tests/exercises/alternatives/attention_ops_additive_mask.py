"""A correct attention in another style: keras.ops with matmul + transpose, masks turned into an
additive -1e9 bias, split/merge through -1 reshapes, all four projections from one helper."""

import math

import keras
from keras import ops

NEG = -1e9


def scaled_dot_product_attention(q, k, v, mask=None):
    rank = len(k.shape)
    perm = list(range(rank - 2)) + [rank - 1, rank - 2]
    logits = ops.matmul(q, ops.transpose(k, perm)) * (1.0 / math.sqrt(k.shape[-1]))
    if mask is not None:
        logits = logits + (1.0 - ops.cast(mask, logits.dtype)) * NEG
    weights = ops.softmax(logits)
    return ops.matmul(weights, v), weights


def causal_mask(length):
    return ops.cast(ops.tril(ops.ones((length, length))), "bool")


def split_heads(x, num_heads):
    d_head = x.shape[-1] // num_heads
    x = ops.reshape(x, (ops.shape(x)[0], -1, num_heads, d_head))
    return ops.transpose(x, (0, 2, 1, 3))


def merge_heads(x):
    heads, d_head = x.shape[1], x.shape[3]
    return ops.reshape(ops.transpose(x, (0, 2, 1, 3)), (ops.shape(x)[0], -1, heads * d_head))


class MultiHeadSelfAttention(keras.layers.Layer):
    def __init__(self, d_model, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.num_heads = num_heads
        self.wq, self.wk, self.wv, self.wo = (keras.layers.Dense(d_model, use_bias=True) for _ in range(4))

    def call(self, x, causal=False, padding_mask=None):
        heads = [split_heads(proj(x), self.num_heads) for proj in (self.wq, self.wk, self.wv)]
        allowed = None
        if causal:
            allowed = ops.cast(causal_mask(ops.shape(x)[1]), "float32")
        if padding_mask is not None:
            keys = ops.cast(ops.expand_dims(ops.expand_dims(padding_mask, 1), 1), "float32")
            allowed = keys if allowed is None else allowed * keys
        out, _ = scaled_dot_product_attention(*heads, None if allowed is None else allowed > 0.5)
        return self.wo(merge_heads(out))
