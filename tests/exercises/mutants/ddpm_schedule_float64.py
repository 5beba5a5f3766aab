"""Planted bug: the schedule is returned as float64."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "ddpm" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def linear_beta_schedule(num_steps, beta_start=1e-4, beta_end=0.02):
    return np.linspace(beta_start, beta_end, num_steps)
