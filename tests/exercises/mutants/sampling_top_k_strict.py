"""Planted bug: top-k keeps values strictly above the k-th largest (> instead of >=)."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def top_k_filter(logits, k):
    logits = np.asarray(logits, dtype=np.float64)
    if k >= logits.shape[-1]:
        return logits.copy()
    kth = np.sort(logits, axis=-1)[..., -k, None]
    return np.where(logits > kth, logits, -np.inf)
