"""Exercise: implement a simple GAN (TensorFlow / Keras 3).

Fill in every TODO, then run `quiz check gan`. The checker builds the optimizers
(Adam, lr 2e-4, beta_1 0.5) and feeds real images scaled to [-1, 1].
Keras 3: use `keras.ops` and `keras.random`, not the old `keras.backend` helpers.
"""

import keras
import tensorflow as tf
from keras import layers, ops


def build_generator(z_dim: int) -> keras.Model:
    """(batch, z_dim) -> (batch, 28, 28, 1), values in [-1, 1] (tanh)."""
    # TODO: a small network from z_dim to 28 * 28 values, reshaped to (28, 28, 1).
    # The last activation keeps the values in [-1, 1], like the real images.
    raise NotImplementedError("TODO: build_generator")


def build_discriminator(img_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, 28, 28, 1) -> (batch, 1) raw logits (no sigmoid)."""
    # TODO: a small network from an image to one score per image: a logit, so the
    # last layer has no activation.
    raise NotImplementedError("TODO: build_discriminator")


def discriminator_loss(real_logits, fake_logits):
    """Scalar: mean BCE(real, 1) + mean BCE(fake, 0), from logits (a sum of two means)."""
    # TODO: binary cross-entropy from logits: real images labelled 1, generated 0.
    raise NotImplementedError("TODO: discriminator_loss")


def generator_loss(fake_logits):
    """Scalar: non-saturating loss, mean BCE(fake, 1), from logits."""
    # TODO: the generator wants its images classified as real.
    raise NotImplementedError("TODO: generator_loss")


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim) -> dict:
    """One discriminator update, then one generator update, on one batch.
    Returns {"d_loss": scalar, "g_loss": scalar}."""
    # TODO 1: draw noise z of shape (batch, z_dim); under a tf.GradientTape compute
    #         d_loss on real and generated images; update only the discriminator.
    # TODO 2: draw fresh noise; under a new tape compute g_loss; update only the generator.
    raise NotImplementedError("TODO: train_step")
