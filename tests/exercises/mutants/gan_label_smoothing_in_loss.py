"""Planted bug: one-sided label smoothing written into discriminator_loss itself (real labelled 0.9)."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "gan" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def discriminator_loss(real_logits, fake_logits):
    real_loss = _bce(0.9 * ops.ones_like(real_logits), real_logits)  # "smoothed" real labels
    fake_loss = _bce(ops.zeros_like(fake_logits), fake_logits)
    return real_loss + fake_loss
