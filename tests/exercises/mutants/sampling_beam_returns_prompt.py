"""Planted bug: beam search returns the prompt followed by the continuation."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


_reference_beam_search = beam_search


def beam_search(next_logits, prompt, beam_width, max_new_tokens, eos_id, length_penalty=1.0):
    best = _reference_beam_search(next_logits, prompt, beam_width, max_new_tokens, eos_id, length_penalty)
    return [int(t) for t in prompt] + best
