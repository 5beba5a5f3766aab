"""Planted bug: the noise is scaled by exp(z_log_var), the variance, not the standard deviation."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def sample_latent(z_mean, z_log_var, epsilon=None):
    if epsilon is None:
        epsilon = keras.random.normal(ops.shape(z_mean))
    return z_mean + ops.exp(z_log_var) * epsilon
