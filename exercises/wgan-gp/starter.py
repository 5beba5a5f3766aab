"""Exercise: a Wasserstein GAN with gradient penalty (TensorFlow / Keras 3).

Fill in every TODO, then run `quiz check wgan-gp`. The checker builds the optimizers
(Adam, lr 1e-4, beta_1 0, beta_2 0.9), feeds real images scaled to [-1, 1], and runs
5 critic steps per generator step.
Keras 3: use `keras.ops` and `keras.random`, not the old `keras.backend` helpers.
"""

import keras
import tensorflow as tf
from keras import layers, ops


def build_generator(z_dim: int) -> keras.Model:
    """(batch, z_dim) -> (batch, 28, 28, 1), values in [-1, 1]."""
    # TODO: a small network from z_dim to 28 * 28 values in [-1, 1], reshaped to (28, 28, 1).
    raise NotImplementedError("TODO: build_generator")


def build_critic(img_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, 28, 28, 1) -> (batch, 1) unbounded scores (no sigmoid)."""
    # TODO: one unbounded score per image: no sigmoid at the end, no BatchNormalization.
    raise NotImplementedError("TODO: build_critic")


def gradient_penalty(critic, real, fake, epsilon=None):
    """Mean over the batch of (||grad of critic at x_hat||_2 - 1)^2 with
    x_hat = epsilon * real + (1 - epsilon) * fake, epsilon (batch, 1, 1, 1) ~ U[0, 1)
    drawn per example when None; the norm is over all non-batch axes. The result stays
    differentiable with respect to the critic's weights."""
    # TODO 1: draw epsilon when it is None, and build the interpolates x_hat.
    # TODO 2: under a tf.GradientTape that watches x_hat, score x_hat with the critic;
    #         take the gradient of the scores with respect to x_hat.
    # TODO 3: one L2 norm per example, then the mean of (norm - 1) ** 2.
    raise NotImplementedError("TODO: gradient_penalty")


def critic_loss(real_scores, fake_scores):
    """mean(fake_scores) - mean(real_scores) (the penalty is added in critic_step)."""
    raise NotImplementedError("TODO: critic_loss")


def generator_loss(fake_scores):
    """-mean(fake_scores)."""
    raise NotImplementedError("TODO: generator_loss")


def critic_step(generator, critic, c_optimizer, real_images, z_dim, gp_weight=10.0):
    """One critic update on critic_loss + gp_weight * gradient_penalty, fresh noise.
    Returns {"critic_loss": the total, "gp": the penalty}."""
    # TODO: fresh noise of shape (batch, z_dim); fake images; under a tape, the critic's
    #       total loss; update only the critic's trainable_variables with c_optimizer.
    raise NotImplementedError("TODO: critic_step")


def generator_step(generator, critic, g_optimizer, batch_size, z_dim):
    """One generator update on generator_loss, fresh noise. Returns {"g_loss": scalar}."""
    # TODO: fresh noise of shape (batch_size, z_dim); under a tape, generator_loss of the
    #       critic's scores of G(z); update only the generator with g_optimizer.
    raise NotImplementedError("TODO: generator_step")
