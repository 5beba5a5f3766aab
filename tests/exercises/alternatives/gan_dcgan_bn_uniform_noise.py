"""Correct: small DCGAN-style G (Conv2DTranspose + BatchNorm), uniform noise on [-1,1], persistent tapes."""

import keras
import tensorflow as tf
from keras import layers, ops


def build_generator(z_dim: int) -> keras.Model:
    """(batch, z_dim) -> (batch, 28, 28, 1), values in [-1, 1] (tanh)."""
    z = keras.Input(shape=(z_dim,))
    h = layers.Dense(7 * 7 * 16, use_bias=False)(z)
    h = layers.BatchNormalization()(h)
    h = layers.ReLU()(h)
    h = layers.Reshape((7, 7, 16))(h)
    h = layers.Conv2DTranspose(8, 4, strides=2, padding="same", use_bias=False)(h)
    h = layers.BatchNormalization()(h)
    h = layers.ReLU()(h)
    img = layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")(h)
    return keras.Model(z, img)


def build_discriminator(img_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, 28, 28, 1) -> (batch, 1) raw logits (no sigmoid)."""
    x = keras.Input(shape=img_shape)
    h = layers.Flatten()(x)
    h = layers.Dense(128)(h)
    h = layers.LeakyReLU(0.2)(h)
    return keras.Model(x, layers.Dense(1)(h))


def discriminator_loss(real_logits, fake_logits):
    """Scalar: mean BCE(real, 1) + mean BCE(fake, 0), from logits (a sum of two means)."""
    return (
        ops.mean(keras.losses.binary_crossentropy(ops.ones_like(real_logits), real_logits, from_logits=True))
        + ops.mean(keras.losses.binary_crossentropy(ops.zeros_like(fake_logits), fake_logits, from_logits=True))
    )


def generator_loss(fake_logits):
    """Scalar: non-saturating loss, mean BCE(fake, 1), from logits."""
    return ops.mean(keras.losses.binary_crossentropy(ops.ones_like(fake_logits), fake_logits, from_logits=True))


def _noise(batch, z_dim):
    # Original GAN paper: uniform prior on [-1, 1].
    return keras.random.uniform((batch, z_dim), minval=-1.0, maxval=1.0)


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim) -> dict:
    """One discriminator update, then one generator update, on one batch.
    Returns {"d_loss": scalar, "g_loss": scalar}."""
    batch = ops.shape(real_images)[0]
    with tf.GradientTape(persistent=True) as tape:
        fake = generator(_noise(batch, z_dim), training=True)
        d_loss = discriminator_loss(discriminator(real_images, training=True),
                                    discriminator(fake, training=True))
    d_grads = tape.gradient(d_loss, discriminator.trainable_variables)
    del tape
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))

    with tf.GradientTape(persistent=True) as tape:
        fake = generator(_noise(batch, z_dim), training=True)
        g_loss = generator_loss(discriminator(fake, training=True))
    g_grads = tape.gradient(g_loss, generator.trainable_variables)
    del tape
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    return {"d_loss": d_loss, "g_loss": g_loss}
