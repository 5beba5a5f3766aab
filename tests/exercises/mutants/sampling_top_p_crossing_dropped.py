"""Planted bug: top-p keeps tokens whose cumulative sum is <= p, dropping the token that crosses p."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def top_p_filter(logits, p):
    logits = np.asarray(logits, dtype=np.float64)
    if p >= 1:
        return logits.copy()
    probs = softmax(logits)
    order = np.argsort(-probs, axis=-1, kind="stable")
    cum = np.cumsum(np.take_along_axis(probs, order, axis=-1), axis=-1)
    keep = np.zeros(cum.shape, dtype=bool)
    np.put_along_axis(keep, order, cum <= p, axis=-1)
    return np.where(keep, logits, -np.inf)
