"""Reference solution of ddpm-debug: the fixed DDPM (the same as the ddpm exercise's reference).

Indices are 0-based: alphas = 1 - betas, alphas_cumprod[t] = prod(alphas[:t + 1]).
The denoiser is an MLP on [x_t, a learned embedding of t]; it predicts the noise ε.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops


def linear_beta_schedule(num_steps, beta_start=1e-4, beta_end=0.02):
    """(num_steps,) float32, linearly spaced from beta_start to beta_end inclusive."""
    return np.linspace(beta_start, beta_end, num_steps, dtype=np.float64).astype(np.float32)


def q_sample(x0, t, noise, alphas_cumprod):
    """x_t = sqrt(alphas_cumprod[t]) * x0 + sqrt(1 - alphas_cumprod[t]) * noise;
    x0 and noise (batch, D), t (batch,) int in [0, T)."""
    a_bar = ops.take(ops.convert_to_tensor(alphas_cumprod, dtype="float32"), t)
    a_bar = ops.expand_dims(a_bar, -1)  # (batch, 1): broadcast over the data dimensions
    return ops.sqrt(a_bar) * x0 + ops.sqrt(1.0 - a_bar) * noise


def build_denoiser(data_dim, num_steps):
    """keras.Model taking [x_t (batch, data_dim) float32, t (batch,) int32] and returning the
    predicted noise (batch, data_dim)."""
    x_in = keras.Input(shape=(data_dim,), name="x_t")
    t_in = keras.Input(shape=(), dtype="int32", name="t")
    t_emb = layers.Embedding(num_steps, 64)(t_in)
    h = layers.Concatenate()([x_in, t_emb])
    for _ in range(3):
        h = layers.Dense(128, activation="silu")(h)
    eps = layers.Dense(data_dim)(h)
    return keras.Model([x_in, t_in], eps, name="denoiser")


def diffusion_loss(model, x0, alphas_cumprod):
    """Scalar: per example t ~ U{0, ..., T-1} and noise ~ N(0, I); mean squared error
    (mean over the batch and the data dimensions) between the noise and
    model([q_sample(x0, t, noise, alphas_cumprod), t])."""
    x0 = ops.convert_to_tensor(x0, dtype="float32")
    num_steps = len(alphas_cumprod)
    t = keras.random.randint((ops.shape(x0)[0],), 0, num_steps, dtype="int32")
    noise = keras.random.normal(ops.shape(x0))
    x_t = q_sample(x0, t, noise, alphas_cumprod)
    eps_hat = model([x_t, t], training=True)
    return ops.mean(ops.square(noise - eps_hat))


def train_step(model, optimizer, x0, alphas_cumprod):
    """One optimizer update on diffusion_loss. Returns {"loss": scalar}."""
    with tf.GradientTape() as tape:
        loss = diffusion_loss(model, x0, alphas_cumprod)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return {"loss": loss}


def p_sample(model, x_t, t, betas, alphas_cumprod, noise=None):
    """One reverse step at the Python int t shared by the batch:
    mean = (x_t - betas[t] / sqrt(1 - alphas_cumprod[t]) * eps_hat) / sqrt(1 - betas[t]),
    eps_hat = model([x_t, t as a (batch,) int32 tensor]); returns mean + sqrt(betas[t]) * noise
    for t > 0 and the mean alone at t = 0. noise ~ N(0, I) is drawn when None."""
    x_t = ops.convert_to_tensor(x_t, dtype="float32")
    t_vec = ops.full((ops.shape(x_t)[0],), t, dtype="int32")
    eps_hat = model([x_t, t_vec], training=False)
    beta, a_bar = float(betas[t]), float(alphas_cumprod[t])
    mean = (x_t - beta / np.sqrt(1.0 - a_bar) * eps_hat) / np.sqrt(1.0 - beta)
    if t == 0:
        return mean  # the last step adds no noise
    if noise is None:
        noise = keras.random.normal(ops.shape(x_t))
    return mean + np.sqrt(beta) * noise


def sample(model, num_samples, data_dim, betas, alphas_cumprod):
    """x ~ N(0, I) of shape (num_samples, data_dim), then p_sample for t = T-1, ..., 0."""
    x = keras.random.normal((num_samples, data_dim))
    for t in reversed(range(len(betas))):
        x = p_sample(model, x, t, betas, alphas_cumprod)
    return x
