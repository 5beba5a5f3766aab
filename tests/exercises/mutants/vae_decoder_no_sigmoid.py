"""Planted bug: the decoder has no sigmoid on its output."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def build_decoder(latent_dim, output_shape):
    return keras.Sequential([
        keras.Input(shape=(latent_dim,)),
        layers.Dense(256, activation="relu"),
        layers.Dense(28 * 28),
        layers.Reshape(output_shape),
    ])
