"""Planted bug: the noise is uniform on [0, 1) instead of standard normal."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "ddpm" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def diffusion_loss(model, x0, alphas_cumprod):
    x0 = ops.convert_to_tensor(x0, dtype="float32")
    t = keras.random.randint((ops.shape(x0)[0],), 0, len(alphas_cumprod), dtype="int32")
    noise = keras.random.uniform(ops.shape(x0))
    eps_hat = model([q_sample(x0, t, noise, alphas_cumprod), t], training=True)
    return ops.mean(ops.square(noise - eps_hat))
