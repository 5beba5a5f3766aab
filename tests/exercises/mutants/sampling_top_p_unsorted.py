"""Planted bug: top-p cumulates the probabilities in token order, without sorting."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def top_p_filter(logits, p):
    logits = np.asarray(logits, dtype=np.float64)
    if p >= 1:
        return logits.copy()
    probs = softmax(logits)
    return np.where(np.cumsum(probs, axis=-1) - probs < p, logits, -np.inf)
