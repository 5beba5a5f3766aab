"""Exercise: implement a variational autoencoder (TensorFlow / Keras 3).

Fill in every TODO, then run `quiz check vae`. The checker builds the optimizer
(Adam, lr 1e-3) and feeds images with pixels in [0, 1].
Keras 3: use `keras.ops` and `keras.random`, not `keras.backend` helpers or
symbolic `add_loss`.
"""

import keras
import tensorflow as tf
from keras import layers, ops


def sample_latent(z_mean, z_log_var, epsilon=None):
    """Reparameterisation: z = z_mean + exp(0.5 * z_log_var) * epsilon.
    epsilon ~ N(0, I) is drawn when not given."""
    # TODO: draw epsilon when it is None (fresh, standard normal, the shape of z_mean),
    # then return z. z must stay differentiable w.r.t. z_mean and z_log_var.
    raise NotImplementedError("TODO: sample_latent")


def build_encoder(input_shape: tuple[int, int, int], latent_dim: int) -> keras.Model:
    """(batch, *input_shape) -> [z_mean, z_log_var], each (batch, latent_dim)."""
    # TODO: a trunk on the image, then two linear heads (no activation).
    raise NotImplementedError("TODO: build_encoder")


def build_decoder(latent_dim: int, output_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, latent_dim) -> (batch, *output_shape), values in [0, 1] (sigmoid)."""
    # TODO: from z to one probability per pixel, reshaped to output_shape.
    raise NotImplementedError("TODO: build_decoder")


def kl_divergence(z_mean, z_log_var):
    """(batch,) KL(N(z_mean, exp(z_log_var)) || N(0, I)), summed over latent dims."""
    # TODO: the closed form for a diagonal Gaussian against the standard normal.
    raise NotImplementedError("TODO: kl_divergence")


def reconstruction_loss(x, x_recon):
    """(batch,) binary cross-entropy summed over pixels."""
    # TODO: per-pixel BCE (x is the target, x_recon the prediction), summed per example.
    raise NotImplementedError("TODO: reconstruction_loss")


def train_step(encoder, decoder, optimizer, x) -> dict:
    """One update of encoder and decoder together on the batch mean of
    reconstruction + KL. Returns {"loss", "reconstruction_loss", "kl_loss"} (batch means)."""
    # TODO: under a tf.GradientTape: encode, sample z, decode, compute the batch means
    # of both terms and their sum; then one optimizer step on both networks' variables.
    raise NotImplementedError("TODO: train_step")
