"""Correct maths; train_step decorated with @tf.function at module level (fragile across new optimizers)."""

import keras
import tensorflow as tf
from keras import layers, ops


def sample_latent(z_mean, z_log_var, epsilon=None):
    """Reparameterisation: z = z_mean + exp(0.5 * z_log_var) * epsilon.
    epsilon ~ N(0, I) is drawn when not given."""
    if epsilon is None:
        epsilon = keras.random.normal(ops.shape(z_mean))
    return z_mean + ops.exp(0.5 * z_log_var) * epsilon


def build_encoder(input_shape: tuple[int, int, int], latent_dim: int) -> keras.Model:
    """(batch, *input_shape) -> [z_mean, z_log_var], each (batch, latent_dim)."""
    x = keras.Input(shape=input_shape)
    h = layers.Flatten()(x)
    h = layers.Dense(256, activation="relu")(h)
    z_mean = layers.Dense(latent_dim, name="z_mean")(h)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(h)
    return keras.Model(x, [z_mean, z_log_var], name="encoder")


def build_decoder(latent_dim: int, output_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, latent_dim) -> (batch, *output_shape), values in [0, 1] (sigmoid)."""
    z = keras.Input(shape=(latent_dim,))
    h = layers.Dense(256, activation="relu")(z)
    n = output_shape[0] * output_shape[1] * output_shape[2]
    h = layers.Dense(n, activation="sigmoid")(h)
    x = layers.Reshape(output_shape)(h)
    return keras.Model(z, x, name="decoder")


def kl_divergence(z_mean, z_log_var):
    """(batch,) KL(N(z_mean, exp(z_log_var)) || N(0, I)), summed over latent dims."""
    return 0.5 * ops.sum(ops.square(z_mean) + ops.exp(z_log_var) - 1.0 - z_log_var, axis=-1)


def reconstruction_loss(x, x_recon):
    """(batch,) binary cross-entropy summed over pixels."""
    per_pixel = keras.losses.binary_crossentropy(x, x_recon)  # reduces the channel axis
    return ops.sum(ops.reshape(per_pixel, (ops.shape(per_pixel)[0], -1)), axis=-1)


@tf.function
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
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}
