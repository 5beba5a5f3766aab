"""Planted bug: split_heads is a bare reshape without the transpose."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "attention" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def split_heads(x, num_heads):
    """(batch, T, d_model) -> (batch, num_heads, T, d_model // num_heads);
    head h holds features h*d_head ... (h+1)*d_head - 1."""
    batch, length = ops.shape(x)[0], ops.shape(x)[1]
    d_head = x.shape[-1] // num_heads
    return ops.reshape(x, (batch, num_heads, length, d_head))
