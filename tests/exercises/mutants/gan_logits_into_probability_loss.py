"""Planted bug: raw logits go into probability losses (from_logits=False)."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "gan" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:

_bce = keras.losses.BinaryCrossentropy()  # from_logits defaults to False
