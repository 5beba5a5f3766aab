"""A correct GAN in another style: the TensorFlow DCGAN tutorial's conv nets and
tf.* losses, a train_step that is already a tf.function, with the contract's
alternating updates (the tutorial's simultaneous update is the planted bug
gan_simultaneous_updates). Must pass."""

import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)


def build_generator(z_dim):
    model = keras.Sequential()
    model.add(keras.Input(shape=(z_dim,)))
    model.add(layers.Dense(7 * 7 * 256, use_bias=False))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())
    model.add(layers.Reshape((7, 7, 256)))
    model.add(layers.Conv2DTranspose(128, (5, 5), strides=(1, 1), padding="same", use_bias=False))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())
    model.add(layers.Conv2DTranspose(64, (5, 5), strides=(2, 2), padding="same", use_bias=False))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())
    model.add(layers.Conv2DTranspose(1, (5, 5), strides=(2, 2), padding="same", use_bias=False, activation="tanh"))
    return model


def build_discriminator(img_shape):
    model = keras.Sequential()
    model.add(keras.Input(shape=img_shape))
    model.add(layers.Conv2D(64, (5, 5), strides=(2, 2), padding="same"))
    model.add(layers.LeakyReLU())
    model.add(layers.Dropout(0.3))
    model.add(layers.Conv2D(128, (5, 5), strides=(2, 2), padding="same"))
    model.add(layers.LeakyReLU())
    model.add(layers.Dropout(0.3))
    model.add(layers.Flatten())
    model.add(layers.Dense(1))
    return model


def discriminator_loss(real_output, fake_output):
    real_loss = cross_entropy(tf.ones_like(real_output), real_output)
    fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)
    return real_loss + fake_loss


def generator_loss(fake_output):
    return cross_entropy(tf.ones_like(fake_output), fake_output)


@tf.function
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    # The tutorial opens both tapes on one forward pass (a simultaneous update); the
    # contract's step is alternating: D first, then G on fresh noise against the updated D.
    batch = tf.shape(real_images)[0]
    noise = tf.random.normal([batch, z_dim])
    with tf.GradientTape() as disc_tape:
        generated_images = generator(noise, training=True)
        real_output = discriminator(real_images, training=True)
        fake_output = discriminator(generated_images, training=True)
        disc_loss = discriminator_loss(real_output, fake_output)
    gradients_of_discriminator = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(gradients_of_discriminator, discriminator.trainable_variables))
    noise = tf.random.normal([batch, z_dim])
    with tf.GradientTape() as gen_tape:
        fake_output = discriminator(generator(noise, training=True), training=True)
        gen_loss = generator_loss(fake_output)
    gradients_of_generator = gen_tape.gradient(gen_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(gradients_of_generator, generator.trainable_variables))
    return {"d_loss": disc_loss, "g_loss": gen_loss}
