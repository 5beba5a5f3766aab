"""Planted bug: a constant epsilon (ones) when none is given."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def sample_latent(z_mean, z_log_var, epsilon=None):
    if epsilon is None:
        epsilon = ops.ones_like(z_mean)
    return z_mean + ops.exp(0.5 * z_log_var) * epsilon
