"""Planted bug: NumPy noise, which tf.function draws once at trace time and freezes into the graph."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


import numpy as np


def sample_latent(z_mean, z_log_var, epsilon=None):
    if epsilon is None:
        epsilon = np.random.normal(size=tuple(z_mean.shape)).astype("float32")
    return z_mean + ops.exp(0.5 * z_log_var) * epsilon
