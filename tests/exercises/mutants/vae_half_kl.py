"""Planted bug: the optimised loss is reconstruction + 0.5 * KL, while the full KL is reported."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:

def train_step(encoder, decoder, optimizer, x):
    variables = encoder.trainable_variables + decoder.trainable_variables
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        z = sample_latent(z_mean, z_log_var)
        rec = ops.mean(reconstruction_loss(x, decoder(z, training=True)))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        loss = rec + 0.5 * kl
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return {"loss": rec + kl, "reconstruction_loss": rec, "kl_loss": kl}
