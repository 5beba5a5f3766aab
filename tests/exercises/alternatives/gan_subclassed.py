"""A correct GAN in another style: subclassed models, tf.nn losses, a user
@tf.function train_step and Keras 3's optimizer.apply. Must pass."""

import tensorflow as tf
import keras


class Generator(keras.Model):
    def __init__(self, z_dim):
        super().__init__()
        self.hidden = [keras.layers.Dense(256, activation="relu"), keras.layers.Dense(512, activation="relu")]
        self.out = keras.layers.Dense(784, activation="tanh")

    def call(self, z, training=False):
        h = z
        for layer in self.hidden:
            h = layer(h)
        return tf.reshape(self.out(h), (-1, 28, 28, 1))


class Discriminator(keras.Model):
    def __init__(self):
        super().__init__()
        self.flat = keras.layers.Flatten()
        self.h1 = keras.layers.Dense(512)
        self.h2 = keras.layers.Dense(256)
        self.out = keras.layers.Dense(1)

    def call(self, x, training=False):
        h = tf.nn.leaky_relu(self.h1(self.flat(x)), 0.2)
        h = tf.nn.leaky_relu(self.h2(h), 0.2)
        return self.out(h)


def build_generator(z_dim):
    return Generator(z_dim)


def build_discriminator(img_shape):
    return Discriminator()


def discriminator_loss(real_logits, fake_logits):
    real = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(real_logits), logits=real_logits)
    fake = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros_like(fake_logits), logits=fake_logits)
    return tf.reduce_mean(real) + tf.reduce_mean(fake)


def generator_loss(fake_logits):
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(fake_logits), logits=fake_logits))


@tf.function
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    batch = tf.shape(real_images)[0]
    with tf.GradientTape() as tape:
        fake = generator(tf.random.normal([batch, z_dim]), training=True)
        d_loss = discriminator_loss(discriminator(real_images, training=True), discriminator(fake, training=True))
    d_optimizer.apply(tape.gradient(d_loss, discriminator.trainable_variables), discriminator.trainable_variables)
    with tf.GradientTape() as tape:
        fake = generator(tf.random.normal([batch, z_dim]), training=True)
        g_loss = generator_loss(discriminator(fake, training=True))
    g_optimizer.apply(tape.gradient(g_loss, generator.trainable_variables), generator.trainable_variables)
    return {"d_loss": d_loss, "g_loss": g_loss}
