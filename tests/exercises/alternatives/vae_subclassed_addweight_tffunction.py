"""Correct: subclassed encoder with raw add_weight params and Dropout, subclassed decoder with BatchNorm, compiled inner step (optimizer built outside it)."""

import keras
import tensorflow as tf
from keras import layers, ops


class Encoder(keras.Model):
    """MLP encoder with raw parameters created in build()."""

    def __init__(self, input_shape, latent_dim, hidden=256, **kwargs):
        super().__init__(**kwargs)
        self.in_dim = int(input_shape[0] * input_shape[1] * input_shape[2])
        self.latent_dim = latent_dim
        self.hidden = hidden
        self.drop = layers.Dropout(0.1)

    def build(self, input_shape):
        self.w = self.add_weight(shape=(self.in_dim, self.hidden), initializer="he_normal", name="w")
        self.b = self.add_weight(shape=(self.hidden,), initializer="zeros", name="b")
        self.w_mu = self.add_weight(shape=(self.hidden, self.latent_dim), initializer="glorot_uniform", name="w_mu")
        self.b_mu = self.add_weight(shape=(self.latent_dim,), initializer="zeros", name="b_mu")
        self.w_lv = self.add_weight(shape=(self.hidden, self.latent_dim), initializer="glorot_uniform", name="w_lv")
        self.b_lv = self.add_weight(shape=(self.latent_dim,), initializer="zeros", name="b_lv")

    def call(self, x, training=False):
        h = ops.reshape(x, (ops.shape(x)[0], self.in_dim))
        h = ops.relu(ops.matmul(h, self.w) + self.b)
        h = self.drop(h, training=training)
        return [ops.matmul(h, self.w_mu) + self.b_mu, ops.matmul(h, self.w_lv) + self.b_lv]


class Decoder(keras.Model):
    def __init__(self, latent_dim, output_shape, hidden=256, **kwargs):
        super().__init__(**kwargs)
        self.out_shape = tuple(int(d) for d in output_shape)
        self.hidden_layer = layers.Dense(hidden, activation="relu")
        self.norm = layers.BatchNormalization()
        self.out_layer = layers.Dense(self.out_shape[0] * self.out_shape[1] * self.out_shape[2])

    def call(self, z, training=False):
        h = self.norm(self.hidden_layer(z), training=training)
        return ops.reshape(ops.sigmoid(self.out_layer(h)), (-1, *self.out_shape))


def build_encoder(input_shape: tuple[int, int, int], latent_dim: int) -> keras.Model:
    """(batch, *input_shape) -> [z_mean, z_log_var], each (batch, latent_dim)."""
    enc = Encoder(input_shape, latent_dim)
    enc(ops.zeros((1, *input_shape)))
    return enc


def build_decoder(latent_dim: int, output_shape: tuple[int, int, int]) -> keras.Model:
    """(batch, latent_dim) -> (batch, *output_shape), values in [0, 1] (sigmoid)."""
    dec = Decoder(latent_dim, output_shape)
    dec(ops.zeros((2, latent_dim)))
    return dec


def sample_latent(z_mean, z_log_var, epsilon=None):
    """Reparameterisation: z = z_mean + exp(0.5 * z_log_var) * epsilon.
    epsilon ~ N(0, I) is drawn when not given."""
    if epsilon is None:
        epsilon = keras.random.normal(ops.shape(z_mean), dtype="float32")
    return z_mean + ops.sqrt(ops.exp(z_log_var)) * epsilon


def kl_divergence(z_mean, z_log_var):
    """(batch,) KL(N(z_mean, exp(z_log_var)) || N(0, I)), summed over latent dims."""
    return ops.sum(0.5 * (ops.exp(z_log_var) + z_mean * z_mean - 1.0) - 0.5 * z_log_var, axis=-1)


def reconstruction_loss(x, x_recon):
    """(batch,) binary cross-entropy summed over pixels."""
    bce = keras.losses.binary_crossentropy(ops.expand_dims(x, -1), ops.expand_dims(x_recon, -1))
    return ops.sum(bce, axis=tuple(range(1, len(bce.shape))))


@tf.function(reduce_retracing=True)
def _step(encoder, decoder, optimizer, x):
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        x_recon = decoder(sample_latent(z_mean, z_log_var), training=True)
        rec = ops.mean(reconstruction_loss(x, x_recon))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        loss = rec + kl
    variables = encoder.trainable_variables + decoder.trainable_variables
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}


def train_step(encoder, decoder, optimizer, x) -> dict:
    """One update of encoder and decoder together on the batch mean of
    reconstruction + KL. Returns {"loss", "reconstruction_loss", "kl_loss"} (batch means)."""
    if not optimizer.built:  # create the slots outside the compiled step
        optimizer.build(encoder.trainable_variables + decoder.trainable_variables)
    return _step(encoder, decoder, optimizer, ops.convert_to_tensor(x, "float32"))
