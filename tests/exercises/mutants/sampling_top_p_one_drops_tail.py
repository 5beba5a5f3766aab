"""Planted bug: top-p without the p >= 1 case: at p = 1 a float cumulative sum reaches 1.0 before the tiny tail."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def top_p_filter(logits, p):
    logits = np.asarray(logits, dtype=np.float64)
    probs = softmax(logits)
    order = np.argsort(-probs, axis=-1, kind="stable")
    s = np.take_along_axis(probs, order, axis=-1)
    keep = np.zeros(s.shape, dtype=bool)
    np.put_along_axis(keep, order, np.cumsum(s, axis=-1) - s < p, axis=-1)
    return np.where(keep, logits, -np.inf)
