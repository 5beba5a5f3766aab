"""Exercise: implement a denoising diffusion model (DDPM) on 2-D points (TensorFlow / Keras 3).

Fill in every TODO, then run `quiz check ddpm`. Indices are 0-based:
alphas = 1 - betas, alphas_cumprod[t] = prod(alphas[:t + 1]). The checker makes
betas and alphas_cumprod (1-D NumPy float32 arrays of length T) and the optimizer.
Keras 3: use `keras.ops` and `keras.random`.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops


def linear_beta_schedule(num_steps, beta_start=1e-4, beta_end=0.02):
    """(num_steps,) float32, linearly spaced from beta_start to beta_end inclusive."""
    # TODO: num_steps values, both ends included, as a NumPy float32 array.
    raise NotImplementedError("TODO: linear_beta_schedule")


def q_sample(x0, t, noise, alphas_cumprod):
    """x_t = sqrt(alphas_cumprod[t]) * x0 + sqrt(1 - alphas_cumprod[t]) * noise;
    x0 and noise (batch, D), t (batch,) int in [0, T)."""
    # TODO: one alphas_cumprod value per example, broadcast over the data dimensions.
    raise NotImplementedError("TODO: q_sample")


def build_denoiser(data_dim, num_steps):
    """keras.Model taking [x_t (batch, data_dim) float32, t (batch,) int32] and returning the
    predicted noise (batch, data_dim)."""
    # TODO: two inputs (x_t and an int32 t of shape ()), an embedding of t, an MLP, a linear output.
    raise NotImplementedError("TODO: build_denoiser")


def diffusion_loss(model, x0, alphas_cumprod):
    """Scalar: per example t ~ U{0, ..., T-1} and noise ~ N(0, I); mean squared error
    (mean over the batch and the data dimensions) between the noise and
    model([q_sample(x0, t, noise, alphas_cumprod), t])."""
    # TODO: draw t and noise (fresh on every call), noise x0, predict the noise, compare.
    raise NotImplementedError("TODO: diffusion_loss")


def train_step(model, optimizer, x0, alphas_cumprod):
    """One optimizer update on diffusion_loss. Returns {"loss": scalar}."""
    # TODO: a GradientTape around diffusion_loss, then optimizer.apply_gradients.
    raise NotImplementedError("TODO: train_step")


def p_sample(model, x_t, t, betas, alphas_cumprod, noise=None):
    """One reverse step at the Python int t shared by the batch:
    mean = (x_t - betas[t] / sqrt(1 - alphas_cumprod[t]) * eps_hat) / sqrt(1 - betas[t]),
    eps_hat = model([x_t, t as a (batch,) int32 tensor]); returns mean + sqrt(betas[t]) * noise
    for t > 0 and the mean alone at t = 0. noise ~ N(0, I) is drawn when None."""
    # TODO: predict the noise, take the mean, add sqrt(beta_t) * noise except at t = 0.
    raise NotImplementedError("TODO: p_sample")


def sample(model, num_samples, data_dim, betas, alphas_cumprod):
    """x ~ N(0, I) of shape (num_samples, data_dim), then p_sample for t = T-1, ..., 0."""
    # TODO: start from standard normal noise and run the reverse steps down to t = 0.
    raise NotImplementedError("TODO: sample")
