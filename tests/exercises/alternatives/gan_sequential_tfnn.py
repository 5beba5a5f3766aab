"""Correct: 1-hidden-layer MLP GAN (Sequential), tf.nn losses, tf.random noise."""

import keras
import tensorflow as tf
from keras import layers, ops


def build_generator(z_dim: int) -> keras.Model:
    """(batch, z_dim) -> (batch, 28, 28, 1), values in [-1, 1] (tanh)."""
    return keras.Sequential(
        [
            keras.Input(shape=(z_dim,)),
            layers.Dense(128, activation="relu"),
            layers.Dense(784, activation="tanh"),
            layers.Reshape((28, 28, 1)),
        ]
    )


def build_discriminator(img_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, 28, 28, 1) -> (batch, 1) raw logits (no sigmoid)."""
    return keras.Sequential(
        [
            keras.Input(shape=img_shape),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dense(1),
        ]
    )


def discriminator_loss(real_logits, fake_logits):
    """Scalar: mean BCE(real, 1) + mean BCE(fake, 0), from logits (a sum of two means)."""
    real_logits = tf.convert_to_tensor(real_logits, tf.float32)
    fake_logits = tf.convert_to_tensor(fake_logits, tf.float32)
    real = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(real_logits), logits=real_logits)
    fake = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros_like(fake_logits), logits=fake_logits)
    return tf.reduce_mean(real) + tf.reduce_mean(fake)


def generator_loss(fake_logits):
    """Scalar: non-saturating loss, mean BCE(fake, 1), from logits."""
    fake_logits = tf.convert_to_tensor(fake_logits, tf.float32)
    # softplus(-x) == -log(sigmoid(x)), computed stably
    return tf.reduce_mean(tf.nn.softplus(-fake_logits))


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim) -> dict:
    """One discriminator update, then one generator update, on one batch.
    Returns {"d_loss": scalar, "g_loss": scalar}."""
    n = tf.shape(real_images)[0]

    with tf.GradientTape() as tape:
        fake = generator(tf.random.normal([n, z_dim]), training=True)
        d_loss = discriminator_loss(discriminator(real_images, training=True),
                                    discriminator(fake, training=True))
    d_optimizer.apply_gradients(zip(tape.gradient(d_loss, discriminator.trainable_variables),
                                    discriminator.trainable_variables))

    with tf.GradientTape() as tape:
        fake = generator(tf.random.normal([n, z_dim]), training=True)
        g_loss = generator_loss(discriminator(fake, training=True))
    g_optimizer.apply_gradients(zip(tape.gradient(g_loss, generator.trainable_variables),
                                    generator.trainable_variables))
    return {"d_loss": d_loss, "g_loss": g_loss}
