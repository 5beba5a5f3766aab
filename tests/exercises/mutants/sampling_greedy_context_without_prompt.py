"""Planted bug: greedy_decode gives next_logits the generated tokens without the prompt."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def greedy_decode(next_logits, prompt, max_new_tokens, eos_id):
    new = []
    for _ in range(max_new_tokens):
        token = int(np.argmax(next_logits(new)))
        new.append(token)
        if token == eos_id:
            break
    return new
