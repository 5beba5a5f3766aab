"""Planted bug: the critic loss has the wrong sign."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "wgan-gp" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def critic_loss(real_scores, fake_scores):
    return ops.mean(real_scores) - ops.mean(fake_scores)
