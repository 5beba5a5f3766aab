"""Planted bug: train_step returns the loss of a second, fresh draw instead of the loss it optimised."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "ddpm" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def train_step(model, optimizer, x0, alphas_cumprod):
    with tf.GradientTape() as tape:
        loss = diffusion_loss(model, x0, alphas_cumprod)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return {"loss": diffusion_loss(model, x0, alphas_cumprod)}
