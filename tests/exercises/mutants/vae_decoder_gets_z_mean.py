"""Planted bug: the decoder is fed z_mean: no sample is drawn (an autoencoder with a KL term)."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:

def train_step(encoder, decoder, optimizer, x):
    variables = encoder.trainable_variables + decoder.trainable_variables
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        z = z_mean
        rec = ops.mean(reconstruction_loss(x, decoder(z, training=True)))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        loss = rec + kl
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}
