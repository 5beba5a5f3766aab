"""Planted bug: q_sample indexes alphas_cumprod[t - 1], as if t were 1-based."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "ddpm" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def q_sample(x0, t, noise, alphas_cumprod):
    a_bar = ops.take(ops.convert_to_tensor(alphas_cumprod, dtype="float32"), ops.maximum(t - 1, 0))
    a_bar = ops.expand_dims(a_bar, -1)
    return ops.sqrt(a_bar) * x0 + ops.sqrt(1.0 - a_bar) * noise
