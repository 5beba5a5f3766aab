"""Correct: conv VAE (Conv2D / Conv2DTranspose), tf.* maths, hand-written clipped BCE, persistent tape."""

import keras
import tensorflow as tf
from keras import layers, ops


def sample_latent(z_mean, z_log_var, epsilon=None):
    """Reparameterisation: z = z_mean + exp(0.5 * z_log_var) * epsilon.
    epsilon ~ N(0, I) is drawn when not given."""
    if epsilon is None:
        epsilon = tf.random.normal(tf.shape(z_mean))
    return z_mean + tf.exp(0.5 * z_log_var) * epsilon


def build_encoder(input_shape: tuple[int, int, int], latent_dim: int) -> keras.Model:
    """(batch, *input_shape) -> [z_mean, z_log_var], each (batch, latent_dim)."""
    x = keras.Input(shape=input_shape)
    h = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(x)
    h = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(h)
    h = layers.Flatten()(h)
    h = layers.Dense(64, activation="relu")(h)
    return keras.Model(x, [layers.Dense(latent_dim)(h), layers.Dense(latent_dim)(h)])


def build_decoder(latent_dim: int, output_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, latent_dim) -> (batch, *output_shape), values in [0, 1] (sigmoid)."""
    hgt, wid, ch = output_shape
    z = keras.Input(shape=(latent_dim,))
    if hgt % 4 == 0 and wid % 4 == 0:
        h = layers.Dense((hgt // 4) * (wid // 4) * 32, activation="relu")(z)
        h = layers.Reshape((hgt // 4, wid // 4, 32))(h)
        h = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(h)
        out = layers.Conv2DTranspose(ch, 3, strides=2, padding="same", activation="sigmoid")(h)
    else:  # odd sizes: plain dense decoder
        h = layers.Dense(256, activation="relu")(z)
        out = layers.Reshape(tuple(output_shape))(layers.Dense(hgt * wid * ch, activation="sigmoid")(h))
    return keras.Model(z, out)


def kl_divergence(z_mean, z_log_var):
    """(batch,) KL(N(z_mean, exp(z_log_var)) || N(0, I)), summed over latent dims."""
    var = tf.exp(z_log_var)
    return 0.5 * tf.reduce_sum(z_mean ** 2 + var - 1.0 - z_log_var, axis=-1)


def reconstruction_loss(x, x_recon):
    """(batch,) binary cross-entropy summed over pixels."""
    x = tf.convert_to_tensor(x, tf.float32)
    p = tf.clip_by_value(tf.convert_to_tensor(x_recon, tf.float32), 1e-7, 1.0 - 1e-7)
    bce = -(x * tf.math.log(p) + (1.0 - x) * tf.math.log(1.0 - p))
    return tf.reduce_sum(bce, axis=tf.range(1, tf.rank(bce)))


def train_step(encoder, decoder, optimizer, x) -> dict:
    """One update of encoder and decoder together on the batch mean of
    reconstruction + KL. Returns {"loss", "reconstruction_loss", "kl_loss"} (batch means)."""
    with tf.GradientTape(persistent=True) as tape:
        z_mean, z_log_var = encoder(x, training=True)
        z = sample_latent(z_mean, z_log_var)
        x_recon = decoder(z, training=True)
        rec = tf.reduce_mean(reconstruction_loss(x, x_recon))
        kl = tf.reduce_mean(kl_divergence(z_mean, z_log_var))
        loss = rec + kl
    enc_vars, dec_vars = encoder.trainable_variables, decoder.trainable_variables
    enc_grads = tape.gradient(loss, enc_vars)
    dec_grads = tape.gradient(loss, dec_vars)
    del tape
    optimizer.apply_gradients(list(zip(enc_grads, enc_vars)) + list(zip(dec_grads, dec_vars)))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}
