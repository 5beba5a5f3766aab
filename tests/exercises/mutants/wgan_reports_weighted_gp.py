"""Planted bug: critic_step reports gp_weight * gp as the penalty."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "wgan-gp" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def critic_step(generator, critic, c_optimizer, real_images, z_dim, gp_weight=10.0):
    z = keras.random.normal((ops.shape(real_images)[0], z_dim))
    fake_images = generator(z, training=True)
    with tf.GradientTape() as tape:
        real_scores = critic(real_images, training=True)
        fake_scores = critic(fake_images, training=True)
        gp = gp_weight * gradient_penalty(critic, real_images, fake_images)
        loss = critic_loss(real_scores, fake_scores) + gp
    grads = tape.gradient(loss, critic.trainable_variables)
    c_optimizer.apply_gradients(zip(grads, critic.trainable_variables))
    return {"critic_loss": loss, "gp": gp}
