"""Planted bug: the Keras 2 recipe — freeze D (trainable = False) for the combined model."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "gan" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:
_build_discriminator = build_discriminator


def build_discriminator(img_shape):
    model = _build_discriminator(img_shape)
    model.trainable = False  # "freeze D inside the combined GAN model", Keras 2 style
    return model
