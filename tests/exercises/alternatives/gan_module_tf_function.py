"""Correct maths; train_step decorated with @tf.function at module level (fragile across new optimizers)."""

import keras
import tensorflow as tf
from keras import layers, ops


def build_generator(z_dim: int) -> keras.Model:
    """(batch, z_dim) -> (batch, 28, 28, 1), values in [-1, 1] (tanh)."""
    z = keras.Input(shape=(z_dim,))
    h = layers.Dense(128)(z)
    h = layers.LeakyReLU(0.2)(h)
    h = layers.Dense(28 * 28, activation="tanh")(h)
    img = layers.Reshape((28, 28, 1))(h)
    return keras.Model(z, img, name="generator")


def build_discriminator(img_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, 28, 28, 1) -> (batch, 1) raw logits (no sigmoid)."""
    x = keras.Input(shape=img_shape)
    h = layers.Flatten()(x)
    h = layers.Dense(128)(h)
    h = layers.LeakyReLU(0.2)(h)
    logit = layers.Dense(1)(h)
    return keras.Model(x, logit, name="discriminator")


_bce = keras.losses.BinaryCrossentropy(from_logits=True)


def discriminator_loss(real_logits, fake_logits):
    """Scalar: mean BCE(real, 1) + mean BCE(fake, 0), from logits (a sum of two means)."""
    real_loss = _bce(ops.ones_like(real_logits), real_logits)
    fake_loss = _bce(ops.zeros_like(fake_logits), fake_logits)
    return real_loss + fake_loss


def generator_loss(fake_logits):
    """Scalar: non-saturating loss, mean BCE(fake, 1), from logits."""
    return _bce(ops.ones_like(fake_logits), fake_logits)


@tf.function
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim) -> dict:
    """One discriminator update, then one generator update, on one batch.
    Returns {"d_loss": scalar, "g_loss": scalar}."""
    batch = ops.shape(real_images)[0]

    z = keras.random.normal((batch, z_dim))
    with tf.GradientTape() as d_tape:
        fake_images = generator(z, training=True)
        real_logits = discriminator(real_images, training=True)
        fake_logits = discriminator(fake_images, training=True)
        d_loss = discriminator_loss(real_logits, fake_logits)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))

    z = keras.random.normal((batch, z_dim))
    with tf.GradientTape() as g_tape:
        fake_images = generator(z, training=True)
        fake_logits = discriminator(fake_images, training=True)
        g_loss = generator_loss(fake_logits)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))

    return {"d_loss": d_loss, "g_loss": g_loss}
