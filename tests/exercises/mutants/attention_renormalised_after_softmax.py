"""Planted bug: softmax over every key, then masked and renormalised: at logits of ±1e4 the allowed weights underflow to 0 (0/0 = NaN)."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "attention" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def scaled_dot_product_attention(q, k, v, mask=None):
    """q (..., Tq, d), k (..., Tk, d), v (..., Tk, dv), float32.
    mask: None, or bool broadcastable to (..., Tq, Tk); True where the query may attend the key.
    Precondition: every query may attend at least one key.
    Returns (output (..., Tq, dv), weights (..., Tq, Tk)): weights = softmax(q kᵀ / √d) over
    the keys, exactly 0 on masked keys, each row summing to 1."""
    d = q.shape[-1]
    scores = ops.matmul(q, ops.swapaxes(k, -1, -2)) / math.sqrt(d)
    weights = ops.softmax(scores, axis=-1)
    if mask is not None:
        weights = ops.where(mask, weights, 0.0)
        weights = weights / ops.sum(weights, axis=-1, keepdims=True)
    return ops.matmul(weights, v), weights
