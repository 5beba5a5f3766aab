"""Planted bug: the KL term is a one-sample estimate log q(z|x) - log p(z) instead of the closed form."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:

def train_step(encoder, decoder, optimizer, x):
    variables = encoder.trainable_variables + decoder.trainable_variables
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        z = sample_latent(z_mean, z_log_var)
        rec = ops.mean(reconstruction_loss(x, decoder(z, training=True)))
        log_q = -0.5 * ops.sum(z_log_var + ops.square(z - z_mean) / ops.exp(z_log_var), axis=-1)
        log_p = -0.5 * ops.sum(ops.square(z), axis=-1)
        kl = ops.mean(log_q - log_p)
        loss = rec + kl
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}
