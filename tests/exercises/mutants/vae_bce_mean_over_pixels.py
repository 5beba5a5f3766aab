"""Planted bug: the reconstruction BCE is averaged over pixels instead of summed."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "vae" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def reconstruction_loss(x, x_recon):
    per_pixel = keras.losses.binary_crossentropy(x, x_recon)
    return ops.mean(ops.reshape(per_pixel, (ops.shape(x)[0], -1)), axis=1)
