"""Exercise: debug a variational autoencoder (TensorFlow / Keras 3).

This implementation is complete and runs, but it carries five classic mistakes.
Find and fix them; `quiz check vae-debug` points at one at a time.
The checker builds the optimizer (Adam, lr 1e-3) and feeds images in [0, 1].
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops


def sample_latent(z_mean, z_log_var, epsilon=None):
    """Reparameterisation: z = z_mean + exp(0.5 * z_log_var) * epsilon.
    epsilon ~ N(0, I) is drawn when not given."""
    if epsilon is None:
        epsilon = np.random.normal(size=z_mean.shape).astype("float32")
    return z_mean + ops.exp(z_log_var) * epsilon


def build_encoder(input_shape: tuple[int, int, int], latent_dim: int) -> keras.Model:
    """(batch, *input_shape) -> [z_mean, z_log_var], each (batch, latent_dim)."""
    inputs = keras.Input(shape=input_shape)
    h = layers.Flatten()(inputs)
    h = layers.Dense(256, activation="relu")(h)
    h = layers.Dense(128, activation="relu")(h)
    z_mean = layers.Dense(latent_dim)(h)
    z_log_var = layers.Dense(latent_dim)(h)
    return keras.Model(inputs, [z_mean, z_log_var])


def build_decoder(latent_dim: int, output_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, latent_dim) -> (batch, *output_shape), values in [0, 1] (sigmoid)."""
    return keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(128, activation="relu"),
            layers.Dense(256, activation="relu"),
            layers.Dense(28 * 28),
            layers.Reshape(output_shape),
        ]
    )


def kl_divergence(z_mean, z_log_var):
    """(batch,) KL(N(z_mean, exp(z_log_var)) || N(0, I)), summed over latent dims."""
    return 0.5 * ops.sum(1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)


def reconstruction_loss(x, x_recon):
    """(batch,) binary cross-entropy summed over pixels."""
    per_pixel = keras.losses.binary_crossentropy(x, x_recon)
    return ops.mean(ops.reshape(per_pixel, (ops.shape(x)[0], -1)), axis=1)


def train_step(encoder, decoder, optimizer, x) -> dict:
    """One update of encoder and decoder together on the batch mean of
    reconstruction + KL. Returns {"loss", "reconstruction_loss", "kl_loss"} (batch means)."""
    variables = encoder.trainable_variables + decoder.trainable_variables
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        z = sample_latent(z_mean, z_log_var)
        x_recon = decoder(z, training=True)
        rec = ops.mean(reconstruction_loss(x, x_recon))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        loss = rec + kl
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}
