"""Planted bug: beam search keeps each beam's own beam_width best extensions: it never prunes across beams."""
from pathlib import Path

_REF = Path(__file__).resolve().parents[3] / "exercises" / "sampling" / "solution.py"
exec(compile(_REF.read_text(encoding="utf-8"), str(_REF), "exec"))  # the reference, then one change:


def beam_search(next_logits, prompt, beam_width, max_new_tokens, eos_id, length_penalty=1.0):
    prompt = [int(t) for t in prompt]

    def score(b):
        return b[1] / len(b[0]) ** length_penalty if b[0] else 0.0

    beams = [([], 0.0)]
    for _ in range(max_new_tokens):
        if all(b[0] and b[0][-1] == eos_id for b in beams):
            break
        new_beams = []
        for tokens, logp in beams:
            if tokens and tokens[-1] == eos_id:
                new_beams.append((tokens, logp))
                continue
            lp = _log_softmax(next_logits(prompt + tokens))
            ext = sorted(((tokens + [t], logp + float(v)) for t, v in enumerate(lp)), key=score, reverse=True)
            new_beams.extend(ext[:beam_width])  # per beam only: the kept set grows
        beams = new_beams
    return max(beams, key=score)[0]
