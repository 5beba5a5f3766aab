"""A correct attention in another style: tf.* throughout, einsum, tf.linalg.band_part for the
causal mask, a large finite negative for masked scores, and the Dense layers created in build()."""

import tensorflow as tf
import keras


def scaled_dot_product_attention(q, k, v, mask=None):
    d = tf.cast(tf.shape(q)[-1], q.dtype)
    scores = tf.einsum("...qd,...kd->...qk", q, k) / tf.sqrt(d)
    if mask is not None:
        scores = tf.where(tf.cast(mask, tf.bool), scores, tf.constant(-1e9, scores.dtype))
    weights = tf.nn.softmax(scores, axis=-1)
    return tf.einsum("...qk,...kv->...qv", weights, v), weights


def causal_mask(length):
    ones = tf.ones((length, length), tf.int32)
    return tf.cast(tf.linalg.band_part(ones, -1, 0), tf.bool)


def split_heads(x, num_heads):
    shape = tf.shape(x)
    d_model = x.shape[-1]
    x = tf.reshape(x, [shape[0], shape[1], num_heads, d_model // num_heads])
    return tf.transpose(x, [0, 2, 1, 3])


def merge_heads(x):
    x = tf.transpose(x, [0, 2, 1, 3])
    shape = tf.shape(x)
    return tf.reshape(x, [shape[0], shape[1], x.shape[2] * x.shape[3]])


class MultiHeadSelfAttention(keras.layers.Layer):
    def __init__(self, d_model, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.d_model, self.num_heads = d_model, num_heads

    def build(self, input_shape):
        self.wq = keras.layers.Dense(self.d_model, name="query")
        self.wk = keras.layers.Dense(self.d_model, name="key")
        self.wv = keras.layers.Dense(self.d_model, name="value")
        self.wo = keras.layers.Dense(self.d_model, name="output")
        for dense in (self.wq, self.wk, self.wv):
            dense.build(input_shape)
        self.wo.build(input_shape)

    def call(self, x, causal=False, padding_mask=None):
        q, k, v = (split_heads(w(x), self.num_heads) for w in (self.wq, self.wk, self.wv))
        length = tf.shape(x)[1]
        mask = tf.ones((1, 1, length, length), tf.bool)
        if causal:
            mask = tf.logical_and(mask, causal_mask(length)[None, None])
        if padding_mask is not None:
            mask = tf.logical_and(mask, tf.cast(padding_mask, tf.bool)[:, tf.newaxis, tf.newaxis, :])
        out, _ = scaled_dot_product_attention(q, k, v, mask)
        return self.wo(merge_heads(out))
