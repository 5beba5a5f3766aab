"""Planted bug: the discriminator loss labels real images 0 and generated ones 1."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "gan" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def discriminator_loss(real_logits, fake_logits):
    return _bce(ops.zeros_like(real_logits), real_logits) + _bce(ops.ones_like(fake_logits), fake_logits)
