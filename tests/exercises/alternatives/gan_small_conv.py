"""A correct GAN in another style: small conv nets with BatchNorm and dropout,
functional models, keras.ops losses. Must pass."""

import keras
import tensorflow as tf
from keras import layers, ops


def build_generator(z_dim):
    z = keras.Input((z_dim,))
    h = layers.Dense(7 * 7 * 32, use_bias=False)(z)
    h = layers.BatchNormalization()(h)
    h = layers.ReLU()(h)
    h = layers.Reshape((7, 7, 32))(h)
    h = layers.Conv2DTranspose(16, 4, strides=2, padding="same", use_bias=False)(h)
    h = layers.BatchNormalization()(h)
    h = layers.ReLU()(h)
    out = layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")(h)
    return keras.Model(z, out)


def build_discriminator(img_shape):
    x = keras.Input(img_shape)
    h = layers.Conv2D(16, 4, strides=2, padding="same")(x)
    h = layers.LeakyReLU(0.2)(h)
    h = layers.Conv2D(32, 4, strides=2, padding="same")(h)
    h = layers.LeakyReLU(0.2)(h)
    h = layers.Dropout(0.2)(h)
    h = layers.Flatten()(h)
    return keras.Model(x, layers.Dense(1)(h))


def discriminator_loss(real_logits, fake_logits):
    real = ops.mean(ops.binary_crossentropy(ops.ones_like(real_logits), real_logits, from_logits=True))
    fake = ops.mean(ops.binary_crossentropy(ops.zeros_like(fake_logits), fake_logits, from_logits=True))
    return real + fake


def generator_loss(fake_logits):
    return ops.mean(ops.binary_crossentropy(ops.ones_like(fake_logits), fake_logits, from_logits=True))


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    n = ops.shape(real_images)[0]
    with tf.GradientTape() as tape:
        fake = generator(keras.random.normal((n, z_dim)), training=True)
        d_loss = discriminator_loss(discriminator(real_images, training=True), discriminator(fake, training=True))
    d_optimizer.apply_gradients(zip(tape.gradient(d_loss, discriminator.trainable_variables), discriminator.trainable_variables))
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(keras.random.normal((n, z_dim)), training=True), training=True))
    g_optimizer.apply_gradients(zip(tape.gradient(g_loss, generator.trainable_variables), generator.trainable_variables))
    return {"d_loss": d_loss, "g_loss": g_loss}
