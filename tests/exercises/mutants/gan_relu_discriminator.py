"""Planted bug: the discriminator ends in a ReLU, so its logits are never negative."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "gan" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:

def build_discriminator(img_shape):
    return keras.Sequential([
        keras.Input(shape=img_shape), layers.Flatten(),
        layers.Dense(256), layers.LeakyReLU(negative_slope=0.2),
        layers.Dense(128), layers.LeakyReLU(negative_slope=0.2),
        layers.Dense(1, activation="relu"),
    ])
