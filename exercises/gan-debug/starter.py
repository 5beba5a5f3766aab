"""Exercise: debug a GAN (TensorFlow / Keras 3).

This implementation is complete and runs, but it carries five classic mistakes.
Find and fix them; `quiz check gan-debug` points at one at a time.
The checker builds the optimizers (Adam, lr 2e-4, beta_1 0.5) and feeds real
images scaled to [-1, 1].
"""

import keras
import tensorflow as tf
from keras import layers, ops

bce = keras.losses.BinaryCrossentropy(from_logits=True)


def build_generator(z_dim: int) -> keras.Model:
    """(batch, z_dim) -> (batch, 28, 28, 1), values in [-1, 1] (tanh)."""
    return keras.Sequential(
        [
            keras.Input(shape=(z_dim,)),
            layers.Dense(128),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Dense(256),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Dense(28 * 28),
            layers.Reshape((28, 28, 1)),
        ]
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
            layers.Dense(1),
        ]
    )


def discriminator_loss(real_logits, fake_logits):
    """Scalar: mean BCE(real, 1) + mean BCE(fake, 0), from logits (a sum of two means)."""
    real_loss = bce(ops.ones_like(real_logits), real_logits)
    fake_loss = bce(ops.zeros_like(fake_logits), fake_logits)
    return (real_loss + fake_loss) / 2


def generator_loss(fake_logits):
    """Scalar: non-saturating loss, mean BCE(fake, 1), from logits."""
    # Minimise log(1 - D(G(z))), as in the GAN paper's value function.
    return -bce(ops.zeros_like(fake_logits), fake_logits)


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim) -> dict:
    """One discriminator update, then one generator update, on one batch.
    Returns {"d_loss": scalar, "g_loss": scalar}."""
    batch_size = ops.shape(real_images)[0]

    # A seed makes the run reproducible.
    z = keras.random.normal((batch_size, z_dim), seed=42)
    with tf.GradientTape() as tape:
        fake_images = generator(z, training=True)
        d_loss = discriminator_loss(
            discriminator(real_images, training=True), discriminator(fake_images, training=True)
        )
    variables = discriminator.trainable_variables + generator.trainable_variables
    d_optimizer.apply_gradients(zip(tape.gradient(d_loss, variables), variables))

    z = keras.random.normal((batch_size, z_dim), seed=42)
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(z, training=True), training=True))
    grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))

    return {"d_loss": d_loss, "g_loss": g_loss}
