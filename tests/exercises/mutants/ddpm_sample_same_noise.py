"""Planted bug: the sampler draws the reverse steps' noise once and adds the same draw at every step."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "ddpm" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def sample(model, num_samples, data_dim, betas, alphas_cumprod):
    x = keras.random.normal((num_samples, data_dim))
    noise = keras.random.normal((num_samples, data_dim))
    for t in reversed(range(len(betas))):
        x = p_sample(model, x, t, betas, alphas_cumprod, noise=noise)
    return x
