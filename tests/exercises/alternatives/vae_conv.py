"""A correct VAE in another style: the keras.io conv architecture, hand-written
BCE and KL in tf.*, a subclassed sampling layer. Must pass."""

import keras
import tensorflow as tf
from keras import layers


def sample_latent(z_mean, z_log_var, epsilon=None):
    if epsilon is None:
        epsilon = tf.random.normal(tf.shape(z_mean))
    return z_mean + tf.exp(0.5 * z_log_var) * epsilon


def build_encoder(input_shape, latent_dim):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(inputs)
    x = layers.Conv2D(64, 3, activation="relu", strides=2, padding="same")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(16, activation="relu")(x)
    return keras.Model(inputs, [layers.Dense(latent_dim)(x), layers.Dense(latent_dim)(x)])


def build_decoder(latent_dim, output_shape):
    z = keras.Input(shape=(latent_dim,))
    x = layers.Dense(7 * 7 * 64, activation="relu")(z)
    x = layers.Reshape((7, 7, 64))(x)
    x = layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same")(x)
    x = layers.Conv2DTranspose(32, 3, activation="relu", strides=2, padding="same")(x)
    return keras.Model(z, layers.Conv2DTranspose(1, 3, activation="sigmoid", padding="same")(x))


def kl_divergence(z_mean, z_log_var):
    return -0.5 * tf.reduce_sum(1 + z_log_var - tf.square(z_mean) - tf.exp(z_log_var), axis=1)


def reconstruction_loss(x, x_recon):
    eps = 1e-7
    p = tf.clip_by_value(x_recon, eps, 1 - eps)
    bce = -(x * tf.math.log(p) + (1 - x) * tf.math.log(1 - p))
    return tf.reduce_sum(bce, axis=[1, 2, 3])


def train_step(encoder, decoder, optimizer, x):
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        recon = decoder(sample_latent(z_mean, z_log_var), training=True)
        rec = tf.reduce_mean(reconstruction_loss(x, recon))
        kl = tf.reduce_mean(kl_divergence(z_mean, z_log_var))
        loss = rec + kl
    variables = encoder.trainable_weights + decoder.trainable_weights
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}
