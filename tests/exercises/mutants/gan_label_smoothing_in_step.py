"""Planted bug: one-sided label smoothing (real labels 0.9) written into the step."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "gan" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:

def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    batch_size = ops.shape(real_images)[0]
    z = keras.random.normal((batch_size, z_dim))
    with tf.GradientTape() as tape:
        real_logits = discriminator(real_images, training=True)
        fake_logits = discriminator(generator(z, training=True), training=True)
        d_loss = _bce(0.9 * ops.ones_like(real_logits), real_logits) + _bce(ops.zeros_like(fake_logits), fake_logits)
    grads = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables))
    z = keras.random.normal((batch_size, z_dim))
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(z, training=True), training=True))
    grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
    return {"d_loss": d_loss, "g_loss": g_loss}
