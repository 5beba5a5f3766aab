"""Planted bug: the critic ends with a sigmoid, as a GAN discriminator would."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "wgan-gp" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def build_critic(img_shape):
    return keras.Sequential([keras.Input(shape=img_shape), layers.Flatten(), layers.Dense(256), layers.LeakyReLU(0.2),
                             layers.Dense(1, activation="sigmoid")])
