"""Planted bug: sample_next applies the temperature after top-k and top-p."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    z = np.asarray(logits, dtype=np.float64)
    if top_k is not None:
        z = top_k_filter(z, top_k)
    if top_p is not None:
        z = top_p_filter(z, top_p)
    probs = softmax(z, temperature)
    return np.array([rng.choice(len(row), p=row) for row in probs])
