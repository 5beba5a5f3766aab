"""Planted bug: generator_step draws noise for a hard-coded batch of 64."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "wgan-gp" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def generator_step(generator, critic, g_optimizer, batch_size, z_dim):
    z = keras.random.normal((64, z_dim))
    with tf.GradientTape() as tape:
        scores = critic(generator(z, training=True), training=True)
        loss = generator_loss(scores)
    grads = tape.gradient(loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
    return {"g_loss": loss}
