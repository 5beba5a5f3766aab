"""Solution: the debugged VAE, each of the five fixes marked ``FIX``.

1. ``exp(z_log_var)`` is the variance; the reparameterisation scales the noise by
   the standard deviation, ``exp(0.5 * z_log_var)``.
2. NumPy noise: eagerly it is fresh, but under ``tf.function`` it is drawn once,
   when the graph is traced, and frozen into it. ``keras.random.normal`` is an op.
3. The decoder had no sigmoid: its outputs are the Bernoulli probabilities the
   binary cross-entropy expects, so they must lie in [0, 1].
4. The KL term had the wrong sign: ``0.5 * sum(1 + log σ² − μ² − σ²)`` is −KL.
   Minimising it pushes the posterior *away* from the prior.
5. The reconstruction loss averaged over pixels: the ELBO sums log-likelihoods over
   pixels. The mean shrinks the term 784-fold, the KL term dominates, and the
   posterior collapses (blurry, identical samples).
"""

import keras
import tensorflow as tf
from keras import layers, ops


def sample_latent(z_mean, z_log_var, epsilon=None):
    """Reparameterisation: z = z_mean + exp(0.5 * z_log_var) * epsilon.
    epsilon ~ N(0, I) is drawn when not given."""
    if epsilon is None:
        epsilon = keras.random.normal(ops.shape(z_mean))  # FIX 2: a random op, fresh on every call
    return z_mean + ops.exp(0.5 * z_log_var) * epsilon  # FIX 1: the standard deviation


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
            layers.Dense(28 * 28, activation="sigmoid"),  # FIX 3: pixel probabilities in [0, 1]
            layers.Reshape(output_shape),
        ]
    )


def kl_divergence(z_mean, z_log_var):
    """(batch,) KL(N(z_mean, exp(z_log_var)) || N(0, I)), summed over latent dims."""
    # FIX 4: KL = -0.5 * sum(1 + log σ² - μ² - σ²) (note the minus sign), always >= 0.
    return -0.5 * ops.sum(1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)


def reconstruction_loss(x, x_recon):
    """(batch,) binary cross-entropy summed over pixels."""
    per_pixel = keras.losses.binary_crossentropy(x, x_recon)
    return ops.sum(ops.reshape(per_pixel, (ops.shape(x)[0], -1)), axis=1)  # FIX 5: sum, not mean


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
