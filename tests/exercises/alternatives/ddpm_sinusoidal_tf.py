"""A correct DDPM in another style: a sinusoidal time embedding computed in the model,
tf.* maths throughout (tf.gather, tf.random), a tf.function-decorated train_step."""

import math

import keras
import numpy as np
import tensorflow as tf


def linear_beta_schedule(num_steps, beta_start=1e-4, beta_end=0.02):
    return np.array([beta_start + (beta_end - beta_start) * i / max(num_steps - 1, 1) for i in range(num_steps)],
                    dtype=np.float32)


def q_sample(x0, t, noise, alphas_cumprod):
    a = tf.gather(tf.convert_to_tensor(alphas_cumprod, tf.float32), t)[:, None]
    return tf.sqrt(a) * x0 + tf.sqrt(1.0 - a) * noise


class TimeEmbedding(keras.layers.Layer):
    def __init__(self, dim, **kwargs):
        super().__init__(**kwargs)
        self.dim = dim

    def call(self, t):
        half = self.dim // 2
        freqs = tf.exp(-math.log(1000.0) * tf.range(half, dtype=tf.float32) / half)
        angles = tf.cast(t, tf.float32)[:, None] * freqs[None, :]
        return tf.concat([tf.sin(angles), tf.cos(angles)], axis=-1)


def build_denoiser(data_dim, num_steps):
    x_in = keras.Input(shape=(data_dim,))
    t_in = keras.Input(shape=(), dtype="int32")
    h = keras.layers.Concatenate()([x_in, TimeEmbedding(32)(t_in)])
    h = keras.layers.Dense(128, activation="relu")(h)
    h = keras.layers.Dense(128, activation="relu")(h)
    h = keras.layers.Dense(128, activation="relu")(h)
    return keras.Model([x_in, t_in], keras.layers.Dense(data_dim)(h))


def diffusion_loss(model, x0, alphas_cumprod):
    x0 = tf.convert_to_tensor(x0, tf.float32)
    t = tf.random.uniform([tf.shape(x0)[0]], 0, alphas_cumprod.shape[0], dtype=tf.int32)
    noise = tf.random.normal(tf.shape(x0))
    return tf.reduce_mean((noise - model([q_sample(x0, t, noise, alphas_cumprod), t], training=True)) ** 2)


@tf.function
def train_step(model, optimizer, x0, alphas_cumprod):
    with tf.GradientTape() as tape:
        loss = diffusion_loss(model, x0, alphas_cumprod)
    variables = model.trainable_variables
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return {"loss": loss}


def p_sample(model, x_t, t, betas, alphas_cumprod, noise=None):
    x_t = tf.convert_to_tensor(x_t, tf.float32)
    eps = model([x_t, tf.fill([tf.shape(x_t)[0]], tf.constant(t, tf.int32))])
    b, a = tf.constant(betas[t], tf.float32), tf.constant(alphas_cumprod[t], tf.float32)
    mean = (x_t - b / tf.sqrt(1.0 - a) * eps) / tf.sqrt(1.0 - b)
    if t > 0:
        mean += tf.sqrt(b) * (tf.random.normal(tf.shape(x_t)) if noise is None else noise)
    return mean


def sample(model, num_samples, data_dim, betas, alphas_cumprod):
    x = tf.random.normal([num_samples, data_dim])
    for t in range(len(betas) - 1, -1, -1):
        x = p_sample(model, x, t, betas, alphas_cumprod)
    return x
