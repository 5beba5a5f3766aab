"""Planted bug: merge_heads reshapes without transposing back."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "attention" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def merge_heads(x):
    """(batch, num_heads, T, d_head) -> (batch, T, num_heads * d_head); inverse of split_heads."""
    batch, length = ops.shape(x)[0], ops.shape(x)[2]
    return ops.reshape(x, (batch, length, x.shape[1] * x.shape[3]))
