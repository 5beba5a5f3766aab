"""Planted bug: the TensorFlow DCGAN tutorial's simultaneous update — one forward pass under two
tapes, so the generator's gradient is taken against the discriminator before its update."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "gan" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    z = keras.random.normal((ops.shape(real_images)[0], z_dim))
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake_images = generator(z, training=True)
        real_logits = discriminator(real_images, training=True)
        fake_logits = discriminator(fake_images, training=True)
        d_loss = discriminator_loss(real_logits, fake_logits)
        g_loss = generator_loss(fake_logits)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    return {"d_loss": d_loss, "g_loss": g_loss}
