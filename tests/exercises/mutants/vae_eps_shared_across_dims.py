"""Planted bug: the step draws its own epsilon of shape (batch, 1), shared by every latent dimension."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:

def train_step(encoder, decoder, optimizer, x):
    variables = encoder.trainable_variables + decoder.trainable_variables
    with tf.GradientTape() as tape:
        z_mean, z_log_var = encoder(x, training=True)
        eps = keras.random.normal((ops.shape(z_mean)[0], 1))
        z = z_mean + ops.exp(0.5 * z_log_var) * eps
        rec = ops.mean(reconstruction_loss(x, decoder(z, training=True)))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        loss = rec + kl
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return {"loss": loss, "reconstruction_loss": rec, "kl_loss": kl}
