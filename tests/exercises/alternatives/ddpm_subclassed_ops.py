"""A correct DDPM in another style: a subclassed denoiser with an embedding of t added
to the hidden layer, keras.ops with a SeedGenerator, a persistent tape."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

_seeds = keras.random.SeedGenerator(7)


def linear_beta_schedule(num_steps, beta_start=1e-4, beta_end=0.02):
    return (beta_start + (beta_end - beta_start) * np.linspace(0.0, 1.0, num_steps)).astype("float32")


def q_sample(x0, t, noise, alphas_cumprod):
    coef = ops.reshape(ops.take(ops.convert_to_tensor(alphas_cumprod), t), (-1, 1))
    return ops.sqrt(coef) * x0 + ops.sqrt(1 - coef) * noise


class Denoiser(keras.Model):
    def __init__(self, data_dim, num_steps):
        super().__init__()
        self.inp = keras.layers.Dense(256)
        self.t_emb = keras.layers.Embedding(num_steps, 256)
        self.mid = keras.layers.Dense(256, activation="gelu")
        self.out = keras.layers.Dense(data_dim)

    def call(self, inputs, training=False):
        x, t = inputs
        h = keras.activations.gelu(self.inp(x) + self.t_emb(t))
        return self.out(self.mid(h))


def build_denoiser(data_dim, num_steps):
    return Denoiser(data_dim, num_steps)


def diffusion_loss(model, x0, alphas_cumprod):
    x0 = ops.cast(x0, "float32")
    n = ops.shape(x0)[0]
    t = ops.cast(keras.random.uniform((n,), 0, len(alphas_cumprod), seed=_seeds), "int32")
    noise = keras.random.normal(ops.shape(x0), seed=_seeds)
    pred = model([q_sample(x0, t, noise, alphas_cumprod), t], training=True)
    return ops.mean((pred - noise) ** 2)


def train_step(model, optimizer, x0, alphas_cumprod):
    with tf.GradientTape(persistent=True) as tape:
        loss = diffusion_loss(model, x0, alphas_cumprod)
    grads = tape.gradient(loss, model.trainable_variables)
    del tape
    optimizer.apply(grads, model.trainable_variables)
    return {"loss": loss}


def p_sample(model, x_t, t, betas, alphas_cumprod, noise=None):
    eps = model([x_t, ops.convert_to_tensor(np.full((x_t.shape[0],), t, dtype="int32"))])
    beta = betas[t]
    mean = (x_t - beta / np.sqrt(1 - alphas_cumprod[t]) * eps) / np.sqrt(1 - beta)
    if t == 0:
        return mean
    if noise is None:
        noise = keras.random.normal(ops.shape(x_t), seed=_seeds)
    return mean + np.sqrt(beta) * noise


def sample(model, num_samples, data_dim, betas, alphas_cumprod):
    x = keras.random.normal((num_samples, data_dim), seed=_seeds)
    for t in reversed(range(len(betas))):
        x = p_sample(model, x, t, betas, alphas_cumprod)
    return x
