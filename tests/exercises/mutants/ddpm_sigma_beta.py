"""Planted bug: p_sample uses σ = β_t instead of √β_t."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "ddpm" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def p_sample(model, x_t, t, betas, alphas_cumprod, noise=None):
    x_t = ops.convert_to_tensor(x_t, dtype="float32")
    eps_hat = model([x_t, ops.full((ops.shape(x_t)[0],), t, dtype="int32")], training=False)
    beta, a_bar = float(betas[t]), float(alphas_cumprod[t])
    mean = (x_t - beta / np.sqrt(1.0 - a_bar) * eps_hat) / np.sqrt(1.0 - beta)
    if t == 0:
        return mean
    if noise is None:
        noise = keras.random.normal(ops.shape(x_t))
    return mean + beta * noise
