"""Reference solution: a simple GAN in idiomatic Keras 3.

Two small multilayer perceptrons play the minimax game of Goodfellow et al. (2014):
the discriminator D learns to tell real 28×28 digits from generated ones, and the
generator G learns to fool it. Each training step updates D once, then G once.

Keras 3 idioms used here (and why):
- ``keras.ops`` and ``keras.random`` instead of backend ``K.*`` helpers, which are gone.
- Losses from logits (``from_logits=True``): the discriminator outputs raw scores,
  and the loss applies the sigmoid inside a numerically stable formula.
- One ``tf.GradientTape`` per network over that network's ``trainable_variables``:
  the Keras 2 recipe "set ``D.trainable = False`` and train a combined model"
  silently never trains D under Keras 3.
"""

import keras
import tensorflow as tf
from keras import layers, ops

# One loss object, reused: binary cross-entropy on logits, averaged over the batch.
_bce = keras.losses.BinaryCrossentropy(from_logits=True)


def build_generator(z_dim: int) -> keras.Model:
    """(batch, z_dim) -> (batch, 28, 28, 1), values in [-1, 1] (tanh)."""
    return keras.Sequential(
        [
            keras.Input(shape=(z_dim,)),
            layers.Dense(128),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Dense(256),
            layers.LeakyReLU(negative_slope=0.2),
            # tanh keeps pixels in [-1, 1], the same range the real images are scaled to.
            layers.Dense(28 * 28, activation="tanh"),
            layers.Reshape((28, 28, 1)),
        ],
        name="generator",
    )


def build_discriminator(img_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, 28, 28, 1) -> (batch, 1) raw logits (no sigmoid)."""
    return keras.Sequential(
        [
            keras.Input(shape=img_shape),
            layers.Flatten(),
            layers.Dense(256),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Dense(128),
            layers.LeakyReLU(negative_slope=0.2),
            # No activation: a logit. The sigmoid lives inside the from_logits loss.
            layers.Dense(1),
        ],
        name="discriminator",
    )


def discriminator_loss(real_logits, fake_logits):
    """Scalar: mean BCE(real, 1) + mean BCE(fake, 0), from logits (a sum of two means)."""
    # D wants real images scored 1 and generated ones 0. The two terms are summed,
    # not averaged: at D's chance point (logits 0) the loss is 2 ln 2 ≈ 1.386.
    real_loss = _bce(ops.ones_like(real_logits), real_logits)
    fake_loss = _bce(ops.zeros_like(fake_logits), fake_logits)
    return real_loss + fake_loss


def generator_loss(fake_logits):
    """Scalar: non-saturating loss, mean BCE(fake, 1), from logits."""
    # Non-saturating: G maximises log D(G(z)) instead of minimising log(1 - D(G(z))).
    # Early on D rejects fakes easily; log(1 - D) is then flat and G gets no gradient,
    # while -log D stays steep. In code: label the fakes "real" (1).
    return _bce(ops.ones_like(fake_logits), fake_logits)


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim) -> dict:
    """One discriminator update, then one generator update, on one batch.
    Returns {"d_loss": scalar, "g_loss": scalar}."""
    batch_size = ops.shape(real_images)[0]

    # 1. Discriminator step: G is only used to make samples; only D's variables move.
    z = keras.random.normal((batch_size, z_dim))  # fresh noise every call
    with tf.GradientTape() as tape:
        fake_images = generator(z, training=True)
        real_logits = discriminator(real_images, training=True)
        fake_logits = discriminator(fake_images, training=True)
        d_loss = discriminator_loss(real_logits, fake_logits)
    d_grads = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))

    # 2. Generator step: gradients flow through D into G, but only G's variables move.
    z = keras.random.normal((batch_size, z_dim))
    with tf.GradientTape() as tape:
        fake_logits = discriminator(generator(z, training=True), training=True)
        g_loss = generator_loss(fake_logits)
    g_grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))

    return {"d_loss": d_loss, "g_loss": g_loss}
