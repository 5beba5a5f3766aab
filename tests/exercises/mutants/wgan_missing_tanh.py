"""Planted bug: the generator has no tanh at the end."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "wgan-gp" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def build_generator(z_dim):
    return keras.Sequential([keras.Input(shape=(z_dim,)), layers.Dense(256), layers.LeakyReLU(0.2),
                             layers.Dense(28 * 28), layers.Reshape((28, 28, 1))])
