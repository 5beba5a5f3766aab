"""A correct sampling solution in another style: per-row Python loops, argpartition
for top-k (ties added back), rng.choice draws, and a recursive beam search. Must pass."""

import math

import numpy as np


def softmax(logits, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    x = np.array(logits, dtype=float) / temperature
    m = x.max(axis=-1, keepdims=True)
    ex = np.exp(x - m)
    return ex / ex.sum(axis=-1, keepdims=True)


def top_k_filter(logits, k):
    out = np.array(logits, dtype=float)
    if k >= out.shape[-1]:
        return out
    for row in out.reshape(-1, out.shape[-1]):
        idx = np.argpartition(row, -k)[-k:]
        threshold = row[idx].min()
        row[row < threshold] = -math.inf  # ties with the k-th value survive
    return out


def top_p_filter(logits, p):
    out = np.array(logits, dtype=float)
    if p >= 1.0:
        return out
    for row in out.reshape(-1, out.shape[-1]):
        probs = softmax(row)
        ranked = sorted(range(len(row)), key=lambda i: (-probs[i], i))
        total, kept = 0.0, set()
        for i in ranked:
            kept.add(i)
            total += probs[i]
            if total >= p:
                break
        for i in range(len(row)):
            if i not in kept:
                row[i] = -math.inf
    return out


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    logits = np.asarray(logits, dtype=float)
    ids = []
    for row in logits:
        z = row / temperature
        if top_k is not None:
            z = top_k_filter(z[None], top_k)[0]
        if top_p is not None:
            z = top_p_filter(z[None], top_p)[0]
        ids.append(rng.choice(len(z), p=softmax(z)))
    return np.array(ids, dtype=np.int64)


def greedy_decode(next_logits, prompt, max_new_tokens, eos_id):
    out = []
    while len(out) < max_new_tokens:
        tok = int(np.argmax(next_logits(list(prompt) + out)))
        out.append(tok)
        if tok == eos_id:
            break
    return out


def beam_search(next_logits, prompt, beam_width, max_new_tokens, eos_id, length_penalty=1.0):
    prompt = list(prompt)

    def score(item):
        seq, logp = item
        return logp / (len(seq) ** length_penalty)

    def step(kept, remaining):
        if remaining == 0 or all(seq and seq[-1] == eos_id for seq, _ in kept):
            return kept
        candidates = []
        for seq, logp in kept:
            if seq and seq[-1] == eos_id:
                candidates.append((seq, logp))
                continue
            z = np.asarray(next_logits(prompt + seq), dtype=float)
            logz = z - (z.max() + math.log(np.exp(z - z.max()).sum()))
            candidates += [(seq + [t], logp + logz[t]) for t in range(len(z))]
        candidates.sort(key=score, reverse=True)
        return step(candidates[:beam_width], remaining - 1)

    kept = step([([], 0.0)], max_new_tokens)
    kept = [k for k in kept if k[0]] or kept
    return max(kept, key=lambda k: score(k) if k[0] else 0.0)[0]
