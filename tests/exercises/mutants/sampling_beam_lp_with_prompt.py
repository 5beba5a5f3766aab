"""Planted bug: beam search divides by the length of the prompt plus the continuation."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def beam_search(next_logits, prompt, beam_width, max_new_tokens, eos_id, length_penalty=1.0):
    prompt = [int(t) for t in prompt]

    def score(b):
        return b[1] / (len(prompt) + len(b[0])) ** length_penalty

    beams = [([], 0.0)]
    for _ in range(max_new_tokens):
        if all(b[0] and b[0][-1] == eos_id for b in beams):
            break
        cands = []
        for tokens, logp in beams:
            if tokens and tokens[-1] == eos_id:
                cands.append((tokens, logp))
                continue
            lp = _log_softmax(next_logits(prompt + tokens))
            cands.extend((tokens + [t], logp + float(v)) for t, v in enumerate(lp))
        beams = sorted(cands, key=score, reverse=True)[:beam_width]
    return max(beams, key=score)[0]
