"""Planted bug: the causal mask lets each query see one step into the future."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "attention" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def causal_mask(length):
    """(length, length) bool: True where key j <= query i."""
    i = ops.arange(length)[:, None]
    j = ops.arange(length)[None, :]
    return j <= i + 1
