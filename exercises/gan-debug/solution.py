"""Solution: the debugged GAN, each of the five fixes marked ``FIX``.

1. The generator had no tanh: its images were unbounded while the real ones lie in
   [-1, 1], so D could tell them apart by range alone.
2. The discriminator loss averaged its two terms: the loss is a *sum* of two means
   (2 ln 2 at chance), and averaging halves D's learning signal.
3. The generator loss was the saturating minimax form log(1 − D(G(z))): when D
   rejects the fakes (early training) its gradient vanishes. Use −log D(G(z)).
4. The noise had a fixed integer seed: ``keras.random.normal(..., seed=42)`` returns
   the same z on every call, so G only ever learns to map one batch of points.
5. The discriminator step differentiated and updated the generator's variables too:
   G then also moves to *help* D. Each update touches only its own network.
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
            layers.Dense(28 * 28, activation="tanh"),  # FIX 1: tanh, the range of the real images
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
    return real_loss + fake_loss  # FIX 2: summed, not averaged


def generator_loss(fake_logits):
    """Scalar: non-saturating loss, mean BCE(fake, 1), from logits."""
    # FIX 3: non-saturating: -log D(G(z)) = BCE with the fakes labelled real (1).
    return bce(ops.ones_like(fake_logits), fake_logits)


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim) -> dict:
    """One discriminator update, then one generator update, on one batch.
    Returns {"d_loss": scalar, "g_loss": scalar}."""
    batch_size = ops.shape(real_images)[0]

    z = keras.random.normal((batch_size, z_dim))  # FIX 4: fresh noise on every call (no fixed seed)
    with tf.GradientTape() as tape:
        fake_images = generator(z, training=True)
        d_loss = discriminator_loss(
            discriminator(real_images, training=True), discriminator(fake_images, training=True)
        )
    variables = discriminator.trainable_variables  # FIX 5: only D's variables in D's update
    d_optimizer.apply_gradients(zip(tape.gradient(d_loss, variables), variables))

    z = keras.random.normal((batch_size, z_dim))
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(z, training=True), training=True))
    grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))

    return {"d_loss": d_loss, "g_loss": g_loss}
