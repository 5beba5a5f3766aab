"""Planted bug: top-k keeps exactly k indices (argpartition), dropping ties at the k-th value."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def top_k_filter(logits, k):
    logits = np.asarray(logits, dtype=np.float64)
    if k >= logits.shape[-1]:
        return logits.copy()
    idx = np.argpartition(-logits, k - 1, axis=-1)[..., :k]
    keep = np.zeros(logits.shape, dtype=bool)
    np.put_along_axis(keep, idx, True, axis=-1)
    return np.where(keep, logits, -np.inf)
