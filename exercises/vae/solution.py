"""Reference solution: a variational autoencoder (VAE) in idiomatic Keras 3.

The encoder maps an image x to the parameters of a Gaussian q(z|x) = N(z_mean,
exp(z_log_var)); a latent z is drawn from it with the reparameterisation trick; the
decoder maps z back to pixel probabilities p(x|z). Training minimises the negative
ELBO per example: reconstruction loss (binary cross-entropy summed over pixels) plus
KL(q(z|x) || N(0, I)) summed over latent dimensions, averaged over the batch.

Keras 3 idioms used here (and why):
- ``keras.random.normal`` for the noise: ``keras.backend.random_normal`` and ``K.*``
  helpers inside ``Lambda`` layers are gone in Keras 3.
- ``keras.ops`` for the maths, so the same code runs eagerly and under ``tf.function``.
- The losses are computed in ``train_step`` under a ``tf.GradientTape``, not with
  symbolic ``add_loss`` on KerasTensors (which Keras 3 rejects).
"""

import keras
import tensorflow as tf
from keras import layers, ops


def sample_latent(z_mean, z_log_var, epsilon=None):
    """Reparameterisation: z = z_mean + exp(0.5 * z_log_var) * epsilon.
    epsilon ~ N(0, I) is drawn when not given."""
    if epsilon is None:
        # Fresh standard-normal noise on every call (never NumPy: under tf.function
        # NumPy noise is drawn once, when the graph is traced, and then frozen).
        epsilon = keras.random.normal(ops.shape(z_mean))
    # exp(0.5 * log σ²) = σ, the standard deviation (not the variance).
    # z is a differentiable function of z_mean and z_log_var: gradients flow through
    # it to the encoder, which is the whole point of the trick.
    return z_mean + ops.exp(0.5 * z_log_var) * epsilon


def build_encoder(input_shape: tuple[int, int, int], latent_dim: int) -> keras.Model:
    """(batch, *input_shape) -> [z_mean, z_log_var], each (batch, latent_dim)."""
    inputs = keras.Input(shape=input_shape)
    h = layers.Flatten()(inputs)
    h = layers.Dense(256, activation="relu")(h)
    h = layers.Dense(128, activation="relu")(h)
    # Two linear heads: the mean, and the log-variance (any real number, so no
    # activation; exp() later makes the variance positive).
    z_mean = layers.Dense(latent_dim, name="z_mean")(h)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(h)
    return keras.Model(inputs, [z_mean, z_log_var], name="encoder")


def build_decoder(latent_dim: int, output_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, latent_dim) -> (batch, *output_shape), values in [0, 1] (sigmoid)."""
    units = 1
    for size in output_shape:
        units *= size
    return keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(128, activation="relu"),
            layers.Dense(256, activation="relu"),
            # sigmoid: each output is a pixel's Bernoulli probability, in [0, 1].
            layers.Dense(units, activation="sigmoid"),
            layers.Reshape(output_shape),
        ],
        name="decoder",
    )


def kl_divergence(z_mean, z_log_var):
    """(batch,) KL(N(z_mean, exp(z_log_var)) || N(0, I)), summed over latent dims."""
    # Closed form for diagonal Gaussians: ½ Σ (μ² + σ² − 1 − log σ²). Always ≥ 0,
    # and 0 exactly when μ = 0 and σ = 1.
    return 0.5 * ops.sum(ops.square(z_mean) + ops.exp(z_log_var) - 1.0 - z_log_var, axis=-1)


def reconstruction_loss(x, x_recon):
    """(batch,) binary cross-entropy summed over pixels."""
    # keras.losses.binary_crossentropy averages over the last axis (the single
    # channel here), leaving one value per pixel; sum those per example. Summing
    # (not averaging) over pixels keeps the reconstruction term on the same scale
    # as the KL term, as the ELBO requires; a mean would shrink it 784-fold and
    # let the KL term win (blurry samples, posterior collapse).
    per_pixel = keras.losses.binary_crossentropy(x, x_recon)
    return ops.sum(ops.reshape(per_pixel, (ops.shape(x)[0], -1)), axis=1)


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
        loss = rec + kl  # the negative ELBO, averaged over the batch
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}
