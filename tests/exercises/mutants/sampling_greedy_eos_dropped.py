"""Planted bug: greedy_decode stops at eos_id without including it."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def greedy_decode(next_logits, prompt, max_new_tokens, eos_id):
    new = []
    for _ in range(max_new_tokens):
        token = int(np.argmax(next_logits(list(prompt) + new)))
        if token == eos_id:
            break
        new.append(token)
    return new
