"""Correct: subclassed G with raw add_weight params, subclassed conv D with Dropout, keras.ops-only BCE, real+fake concatenated in one D call."""

import keras
import tensorflow as tf
from keras import layers, ops


class _Generator(keras.Model):
    """Two-layer MLP with raw weights created in build()."""

    def __init__(self, z_dim, hidden=256, **kwargs):
        super().__init__(**kwargs)
        self.z_dim = z_dim
        self.hidden = hidden

    def build(self, input_shape):
        self.w1 = self.add_weight(shape=(self.z_dim, self.hidden), initializer="glorot_uniform", name="w1")
        self.b1 = self.add_weight(shape=(self.hidden,), initializer="zeros", name="b1")
        self.w2 = self.add_weight(shape=(self.hidden, 784), initializer="glorot_uniform", name="w2")
        self.b2 = self.add_weight(shape=(784,), initializer="zeros", name="b2")

    def call(self, z, training=False):
        h = ops.leaky_relu(ops.matmul(z, self.w1) + self.b1, negative_slope=0.2)
        x = ops.tanh(ops.matmul(h, self.w2) + self.b2)
        return ops.reshape(x, (-1, 28, 28, 1))


class _Discriminator(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv2D(16, 4, strides=2, padding="same")
        self.conv2 = layers.Conv2D(32, 4, strides=2, padding="same")
        self.drop = layers.Dropout(0.3)
        self.flat = layers.Flatten()
        self.out = layers.Dense(1)

    def call(self, x, training=False):
        h = ops.leaky_relu(self.conv1(x), negative_slope=0.2)
        h = ops.leaky_relu(self.conv2(h), negative_slope=0.2)
        h = self.drop(self.flat(h), training=training)
        return self.out(h)


def build_generator(z_dim: int) -> keras.Model:
    """(batch, z_dim) -> (batch, 28, 28, 1), values in [-1, 1] (tanh)."""
    g = _Generator(z_dim, name="generator")
    g.build((None, z_dim))
    return g


def build_discriminator(img_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, 28, 28, 1) -> (batch, 1) raw logits (no sigmoid)."""
    d = _Discriminator(name="discriminator")
    d(ops.zeros((1, *img_shape)))  # create the variables
    return d


def _bce_logits(labels, logits):
    # max(x, 0) - x*y + log(1 + exp(-|x|))
    return ops.maximum(logits, 0.0) - logits * labels + ops.log1p(ops.exp(-ops.abs(logits)))


def discriminator_loss(real_logits, fake_logits):
    """Scalar: mean BCE(real, 1) + mean BCE(fake, 0), from logits (a sum of two means)."""
    real_logits = ops.convert_to_tensor(real_logits, "float32")
    fake_logits = ops.convert_to_tensor(fake_logits, "float32")
    return ops.mean(_bce_logits(1.0, real_logits)) + ops.mean(_bce_logits(0.0, fake_logits))


def generator_loss(fake_logits):
    """Scalar: non-saturating loss, mean BCE(fake, 1), from logits."""
    return ops.mean(_bce_logits(1.0, ops.convert_to_tensor(fake_logits, "float32")))


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim) -> dict:
    """One discriminator update, then one generator update, on one batch.
    Returns {"d_loss": scalar, "g_loss": scalar}."""
    batch = ops.shape(real_images)[0]
    d_vars = discriminator.trainable_variables
    g_vars = generator.trainable_variables

    with tf.GradientTape() as tape:
        fake = ops.stop_gradient(generator(keras.random.normal((batch, z_dim)), training=True))
        both = discriminator(ops.concatenate([real_images, fake], axis=0), training=True)
        real_logits, fake_logits = both[:batch], both[batch:]
        d_loss = discriminator_loss(real_logits, fake_logits)
    d_optimizer.apply_gradients(zip(tape.gradient(d_loss, d_vars), d_vars))

    with tf.GradientTape() as tape:
        fake = generator(keras.random.normal((batch, z_dim)), training=True)
        g_loss = generator_loss(discriminator(fake, training=True))
    g_optimizer.apply_gradients(zip(tape.gradient(g_loss, g_vars), g_vars))
    return {"d_loss": d_loss, "g_loss": g_loss}
