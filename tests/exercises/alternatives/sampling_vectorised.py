"""A correct sampling solution in another style: fully vectorised filters (np.partition
for the k-th value, a lexsort for the nucleus), Gumbel-max draws, and an iterative
beam search over a flat array of candidate scores. Must pass."""

import numpy as np


def softmax(logits, temperature=1.0):
    if not temperature > 0:
        raise ValueError("temperature must be > 0")
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z


def top_k_filter(logits, k):
    x = np.asarray(logits, dtype=np.float64)
    v = x.shape[-1]
    if k >= v:
        return x.copy()
    kth = np.partition(x, v - k, axis=-1)[..., v - k : v - k + 1]
    return np.where(x < kth, -np.inf, x)


def top_p_filter(logits, p):
    x = np.asarray(logits, dtype=np.float64)
    if p >= 1:
        return x.copy()
    probs = softmax(x)
    v = x.shape[-1]
    index = np.broadcast_to(np.arange(v), probs.shape)
    order = np.lexsort((index, -probs), axis=-1)  # by -prob, then by index
    ranked = np.take_along_axis(probs, order, axis=-1)
    cum = np.cumsum(ranked, axis=-1)
    cut = np.argmax(cum >= p, axis=-1)[..., None]  # the crossing position
    keep_ranked = np.arange(v) <= cut
    keep = np.empty_like(keep_ranked)
    np.put_along_axis(keep, order, keep_ranked, axis=-1)
    return np.where(keep, x, -np.inf)


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    z = np.asarray(logits, dtype=np.float64) / temperature
    if top_k is not None:
        z = top_k_filter(z, top_k)
    if top_p is not None:
        z = top_p_filter(z, top_p)
    return np.argmax(z + rng.gumbel(size=z.shape), axis=-1)  # Gumbel-max: an exact draw from softmax(z)


def greedy_decode(next_logits, prompt, max_new_tokens, eos_id):
    tokens = list(prompt)
    for _ in range(max_new_tokens):
        tokens.append(int(np.argmax(next_logits(tokens[:]))))
        if tokens[-1] == eos_id:
            break
    return tokens[len(prompt):]


def beam_search(next_logits, prompt, beam_width, max_new_tokens, eos_id, length_penalty=1.0):
    seqs, sums = [()], np.zeros(1)
    for _ in range(max_new_tokens):
        done = np.array([bool(s) and s[-1] == eos_id for s in seqs])
        if done.all():
            break
        cand_seqs, cand_sums = [], []
        for s, total, finished in zip(seqs, sums, done):
            if finished:
                cand_seqs.append(s)
                cand_sums.append(total)
                continue
            z = np.asarray(next_logits(list(prompt) + list(s)), dtype=np.float64)
            logp = z - np.logaddexp.reduce(z)
            cand_seqs += [s + (t,) for t in range(len(z))]
            cand_sums += list(total + logp)
        cand_sums = np.array(cand_sums)
        lengths = np.array([len(s) for s in cand_seqs], dtype=np.float64)
        scores = cand_sums / lengths**length_penalty
        best = np.argsort(-scores, kind="stable")[:beam_width]
        seqs, sums = [cand_seqs[i] for i in best], cand_sums[best]
    lengths = np.array([max(len(s), 1) for s in seqs], dtype=np.float64)
    return list(seqs[int(np.argmax(sums / lengths**length_penalty))])
