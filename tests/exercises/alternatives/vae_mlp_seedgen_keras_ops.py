"""Correct: deeper MLP VAE, one 2*latent head split in two, module-level SeedGenerator, keras.ops maths, Keras BCE on flattened tensors rescaled to a sum."""

import keras
import tensorflow as tf
from keras import layers, ops


_SEEDS = keras.random.SeedGenerator(20240601)


def sample_latent(z_mean, z_log_var, epsilon=None):
    """Reparameterisation: z = z_mean + exp(0.5 * z_log_var) * epsilon.
    epsilon ~ N(0, I) is drawn when not given."""
    z_mean = ops.convert_to_tensor(z_mean, "float32")
    z_log_var = ops.convert_to_tensor(z_log_var, "float32")
    if epsilon is None:
        epsilon = keras.random.normal(ops.shape(z_mean), seed=_SEEDS)
    std = ops.exp(z_log_var / 2.0)
    return ops.add(z_mean, ops.multiply(std, epsilon))


def build_encoder(input_shape: tuple[int, int, int], latent_dim: int) -> keras.Model:
    """(batch, *input_shape) -> [z_mean, z_log_var], each (batch, latent_dim)."""
    x = keras.Input(shape=input_shape)
    h = layers.Flatten()(x)
    h = layers.Dense(512, activation="relu")(h)
    h = layers.Dense(128, activation="relu")(h)
    stats = layers.Dense(2 * latent_dim)(h)  # one linear head, split in two
    z_mean = layers.Lambda(lambda t: t[:, :latent_dim])(stats)
    z_log_var = layers.Lambda(lambda t: t[:, latent_dim:])(stats)
    return keras.Model(x, [z_mean, z_log_var])


def build_decoder(latent_dim: int, output_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, latent_dim) -> (batch, *output_shape), values in [0, 1] (sigmoid)."""
    size = 1
    for d in output_shape:
        size *= d
    return keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(128, activation="relu"),
            layers.Dense(512, activation="relu"),
            layers.Dense(size, activation="sigmoid"),
            layers.Reshape(tuple(output_shape)),
        ]
    )


def kl_divergence(z_mean, z_log_var):
    """(batch,) KL(N(z_mean, exp(z_log_var)) || N(0, I)), summed over latent dims."""
    z_mean = ops.convert_to_tensor(z_mean, "float32")
    z_log_var = ops.convert_to_tensor(z_log_var, "float32")
    return -0.5 * ops.sum(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=1)


def reconstruction_loss(x, x_recon):
    """(batch,) binary cross-entropy summed over pixels."""
    x = ops.convert_to_tensor(x, "float32")
    x_recon = ops.convert_to_tensor(x_recon, "float32")
    n = ops.shape(x)[0]
    x = ops.reshape(x, (n, -1))
    x_recon = ops.reshape(x_recon, (n, -1))
    # on flat (batch, pixels) tensors keras' BCE averages over pixels; undo that
    return keras.losses.binary_crossentropy(x, x_recon) * ops.cast(ops.shape(x)[1], "float32")


def train_step(encoder, decoder, optimizer, x) -> dict:
    """One update of encoder and decoder together on the batch mean of
    reconstruction + KL. Returns {"loss", "reconstruction_loss", "kl_loss"} (batch means)."""
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        x_recon = decoder(sample_latent(z_mean, z_log_var), training=True)
        per_example_rec = reconstruction_loss(x, x_recon)
        per_example_kl = kl_divergence(z_mean, z_log_var)
        loss = ops.mean(per_example_rec + per_example_kl)
    variables = encoder.trainable_variables + decoder.trainable_variables
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return {
        "loss": loss,
        "reconstruction_loss": ops.mean(per_example_rec),
        "kl_loss": ops.mean(per_example_kl),
    }
