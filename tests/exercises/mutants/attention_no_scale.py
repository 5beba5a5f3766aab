"""Planted bug: the scores are not divided by √d."""
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
    scores = ops.matmul(q, ops.swapaxes(k, -1, -2))
    if mask is not None:
        # -inf, not a large negative number: exp(-inf) is exactly 0 whatever the logits.
        scores = ops.where(mask, scores, float("-inf"))
    weights = ops.softmax(scores, axis=-1)
    return ops.matmul(weights, v), weights
