"""A correct WGAN-GP in another style: subclassed models, module-level @tf.function
steps, a SeedGenerator made once, the penalty inline in critic_step with keras.ops."""

import keras
import tensorflow as tf
from keras import layers, ops

_seeds = keras.random.SeedGenerator(2017)


class Generator(keras.Model):
    def __init__(self, z_dim):
        super().__init__()
        self.hidden = [layers.Dense(256, activation="relu"), layers.Dense(512, activation="relu")]
        self.out = layers.Dense(28 * 28, activation="tanh")

    def call(self, z, training=False):
        for layer in self.hidden:
            z = layer(z)
        return ops.reshape(self.out(z), (-1, 28, 28, 1))


class Critic(keras.Model):
    def __init__(self):
        super().__init__()
        self.flat = layers.Flatten()
        self.hidden = [layers.Dense(256), layers.Dense(256)]
        self.out = layers.Dense(1)

    def call(self, x, training=False):
        x = self.flat(x)
        for layer in self.hidden:
            x = ops.leaky_relu(layer(x), 0.2)
        return self.out(x)


def build_generator(z_dim):
    return Generator(z_dim)


def build_critic(img_shape):
    return Critic()


def _penalty_at(critic, x_hat):
    with tf.GradientTape() as tape:
        tape.watch(x_hat)
        scores = critic(x_hat, training=True)
    grads = tape.gradient(scores, x_hat)
    norms = ops.sqrt(ops.sum(ops.square(grads), axis=(1, 2, 3)) + 1e-10)
    return ops.mean((norms - 1.0) ** 2)


def gradient_penalty(critic, real, fake, epsilon=None):
    if epsilon is None:
        epsilon = keras.random.uniform((ops.shape(real)[0], 1, 1, 1), seed=_seeds)
    return _penalty_at(critic, fake + epsilon * (real - fake))


def critic_loss(real_scores, fake_scores):
    return ops.mean(fake_scores) - ops.mean(real_scores)


def generator_loss(fake_scores):
    return -ops.mean(fake_scores)


@tf.function
def critic_step(generator, critic, c_optimizer, real_images, z_dim, gp_weight=10.0):
    batch = ops.shape(real_images)[0]
    fake = generator(keras.random.normal((batch, z_dim), seed=_seeds), training=True)
    eps = keras.random.uniform((batch, 1, 1, 1), seed=_seeds)
    with tf.GradientTape() as tape:
        both = critic(ops.concatenate([real_images, fake], axis=0), training=True)
        gp = _penalty_at(critic, eps * real_images + (1.0 - eps) * fake)
        loss = critic_loss(both[:batch], both[batch:]) + gp_weight * gp
    c_optimizer.apply_gradients(zip(tape.gradient(loss, critic.trainable_variables), critic.trainable_variables))
    return {"critic_loss": loss, "gp": gp}


@tf.function
def generator_step(generator, critic, g_optimizer, batch_size, z_dim):
    with tf.GradientTape() as tape:
        loss = generator_loss(critic(generator(keras.random.normal((batch_size, z_dim), seed=_seeds), training=True),
                                     training=True))
    g_optimizer.apply_gradients(zip(tape.gradient(loss, generator.trainable_variables), generator.trainable_variables))
    return {"g_loss": loss}
