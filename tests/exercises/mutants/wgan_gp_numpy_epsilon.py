"""Planted bug: epsilon drawn with NumPy: fresh eagerly, frozen once tf.function traces the step."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "wgan-gp" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


import numpy as np

_reference_gp = gradient_penalty


def gradient_penalty(critic, real, fake, epsilon=None):
    if epsilon is None:
        epsilon = np.random.uniform(size=(int(real.shape[0]), 1, 1, 1)).astype("float32")
    return _reference_gp(critic, real, fake, epsilon)
