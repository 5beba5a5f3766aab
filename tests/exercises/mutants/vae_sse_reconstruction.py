"""Planted bug: the step's reconstruction term is a summed squared error, not the BCE of the contract."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:

def train_step(encoder, decoder, optimizer, x):
    variables = encoder.trainable_variables + decoder.trainable_variables
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        z = sample_latent(z_mean, z_log_var)
        x_recon = decoder(z, training=True)
        rec = ops.mean(ops.sum(ops.reshape(ops.square(x - x_recon), (ops.shape(x)[0], -1)), axis=1))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        loss = rec + kl
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}
