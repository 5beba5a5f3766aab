"""Reference solution: a Wasserstein GAN with gradient penalty (WGAN-GP) in idiomatic Keras 3.

The critic C scores images with unbounded real numbers; the generator G turns noise
into images. The critic maximises mean C(real) − mean C(fake), an estimate of the
Wasserstein-1 distance when C is 1-Lipschitz, and the gradient penalty of Gulrajani
et al. (2017) keeps it close to that: it pushes the norm of C's input gradient to 1
at random points between real and generated images.

Keras 3 idioms used here (and why):
- ``keras.ops`` and ``keras.random`` instead of backend ``K.*`` helpers, which are gone.
- No sigmoid and no BatchNormalization in the critic: the penalty is per example,
  and batch statistics would make each example's score depend on the others.
- Two nested ``tf.GradientTape`` s: the inner one gives the gradient with respect to
  the interpolated images, the outer one differentiates the penalty built from it
  with respect to the critic's weights (a second-order gradient).
"""

import keras
import tensorflow as tf
from keras import layers, ops


def build_generator(z_dim: int) -> keras.Model:
    """(batch, z_dim) -> (batch, 28, 28, 1), values in [-1, 1]."""
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


def build_critic(img_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, 28, 28, 1) -> (batch, 1) unbounded scores (no sigmoid)."""
    return keras.Sequential(
        [
            keras.Input(shape=img_shape),
            layers.Flatten(),
            layers.Dense(256),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Dense(128),
            layers.LeakyReLU(negative_slope=0.2),
            # A score, not a probability: no activation, and no BatchNormalization anywhere.
            layers.Dense(1),
        ],
        name="critic",
    )


def gradient_penalty(critic, real, fake, epsilon=None):
    """Mean over the batch of (||grad of critic at x_hat||_2 - 1)^2 with
    x_hat = epsilon * real + (1 - epsilon) * fake, epsilon (batch, 1, 1, 1) ~ U[0, 1)
    drawn per example when None; the norm is over all non-batch axes. The result stays
    differentiable with respect to the critic's weights."""
    batch = ops.shape(real)[0]
    if epsilon is None:
        # One epsilon per example, broadcast over its pixels; fresh on every call.
        epsilon = keras.random.uniform((batch, 1, 1, 1))
    x_hat = epsilon * real + (1.0 - epsilon) * fake
    with tf.GradientTape() as tape:
        tape.watch(x_hat)
        scores = critic(x_hat, training=True)
    # d(sum of scores)/d x_hat: each example's score depends on its own image only,
    # so row i is the gradient of C at x_hat[i].
    grads = tape.gradient(scores, x_hat)
    grads = ops.reshape(grads, (batch, -1))
    # The norm over all non-batch axes, one per example (the tiny constant keeps the
    # gradient of sqrt finite should a gradient be exactly 0).
    norms = ops.sqrt(ops.sum(ops.square(grads), axis=1) + 1e-12)
    return ops.mean(ops.square(norms - 1.0))


def critic_loss(real_scores, fake_scores):
    """mean(fake_scores) - mean(real_scores) (the penalty is added in critic_step)."""
    # The critic maximises mean C(real) - mean C(fake); as a loss to minimise, negate it.
    return ops.mean(fake_scores) - ops.mean(real_scores)


def generator_loss(fake_scores):
    """-mean(fake_scores)."""
    # G wants its samples scored like real ones: as high as possible.
    return -ops.mean(fake_scores)


def critic_step(generator, critic, c_optimizer, real_images, z_dim, gp_weight=10.0):
    """One critic update on critic_loss + gp_weight * gradient_penalty, fresh noise.
    Returns {"critic_loss": the total, "gp": the penalty}."""
    batch = ops.shape(real_images)[0]
    z = keras.random.normal((batch, z_dim))  # fresh noise every call
    fake_images = generator(z, training=True)  # G only supplies samples here
    with tf.GradientTape() as tape:
        real_scores = critic(real_images, training=True)
        fake_scores = critic(fake_images, training=True)
        gp = gradient_penalty(critic, real_images, fake_images)
        loss = critic_loss(real_scores, fake_scores) + gp_weight * gp
    grads = tape.gradient(loss, critic.trainable_variables)
    c_optimizer.apply_gradients(zip(grads, critic.trainable_variables))
    return {"critic_loss": loss, "gp": gp}


def generator_step(generator, critic, g_optimizer, batch_size, z_dim):
    """One generator update on generator_loss, fresh noise. Returns {"g_loss": scalar}."""
    z = keras.random.normal((batch_size, z_dim))
    with tf.GradientTape() as tape:
        fake_scores = critic(generator(z, training=True), training=True)
        loss = generator_loss(fake_scores)
    # Gradients flow through the critic into G, but only G's variables move.
    grads = tape.gradient(loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
    return {"g_loss": loss}
