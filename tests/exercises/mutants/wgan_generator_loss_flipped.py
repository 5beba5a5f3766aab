"""Planted bug: the generator loss has the wrong sign."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "wgan-gp" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def generator_loss(fake_scores):
    return ops.mean(fake_scores)
