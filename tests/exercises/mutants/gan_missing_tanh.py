"""Planted bug: the generator's last layer is linear (no tanh)."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "gan" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def build_generator(z_dim):
    return keras.Sequential([
        keras.Input(shape=(z_dim,)),
        layers.Dense(128),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Dense(28 * 28),
        layers.Reshape((28, 28, 1)),
    ])
