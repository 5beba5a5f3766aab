"""Planted bug: beam search keeps extending continuations after eos_id."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def beam_search(next_logits, prompt, beam_width, max_new_tokens, eos_id, length_penalty=1.0):
    prompt = [int(t) for t in prompt]

    def score(b):
        return b[1] / len(b[0]) ** length_penalty if b[0] else 0.0

    beams = [([], 0.0)]
    for _ in range(max_new_tokens):
        cands = []
        for tokens, logp in beams:
            lp = _log_softmax(next_logits(prompt + tokens))
            cands.extend((tokens + [t], logp + float(v)) for t, v in enumerate(lp))
        beams = sorted(cands, key=score, reverse=True)[:beam_width]
    return max(beams, key=score)[0]
