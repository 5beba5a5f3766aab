"""Planted bug: the generator's update reuses the fakes made for the discriminator's update (as the
PyTorch DCGAN tutorial does) — G is generated once, under a tape kept open across D's update."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "gan" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    z = keras.random.normal((ops.shape(real_images)[0], z_dim))
    with tf.GradientTape() as g_tape:
        fake_images = generator(z, training=True)
        with tf.GradientTape() as d_tape:
            d_loss = discriminator_loss(discriminator(real_images, training=True),
                                        discriminator(fake_images, training=True))
        d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
        d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))
        g_loss = generator_loss(discriminator(fake_images, training=True))  # the updated D, the same fakes
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    return {"d_loss": d_loss, "g_loss": g_loss}
