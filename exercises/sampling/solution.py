"""Reference solution: decoding strategies in NumPy.

Temperature, top-k and top-p (nucleus) filters on logits, one sampling step, greedy
decoding and beam search over a next-token function. Everything works on logits
(unnormalised log-probabilities): a filtered-out token gets -inf, whose probability
after the softmax is exactly 0.

Choices worth noticing:
- ``softmax`` subtracts each row's maximum before ``exp`` (no overflow at large
  logits or tiny temperatures).
- ``top_k_filter`` compares with the k-th largest value, so tokens tied with it stay.
- ``top_p_filter`` keeps a token while the mass *before* it is below p, so the token
  that crosses p is kept, and so is the top token; p >= 1 keeps everything (a float
  cumulative sum can reach 1.0 before the last token).
- ``sample_next`` draws by inverting each row's cumulative distribution with one
  uniform number per row from the caller's generator.
"""

import numpy as np


def softmax(logits, temperature=1.0):
    """(..., V) -> probabilities of logits / temperature; ValueError unless temperature > 0."""
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature!r}")
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - np.max(z, axis=-1, keepdims=True)  # the largest logit becomes 0: exp cannot overflow
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def top_k_filter(logits, k):
    """Keep the k largest logits of each row (values tied with the k-th largest are kept too);
    the rest become -inf. k >= V leaves the row unchanged."""
    logits = np.asarray(logits, dtype=np.float64)
    if k >= logits.shape[-1]:
        return logits.copy()
    kth = np.sort(logits, axis=-1)[..., -k, None]  # the k-th largest value of each row
    return np.where(logits >= kth, logits, -np.inf)


def top_p_filter(logits, p):
    """Nucleus filter, 0 < p <= 1: sort each row by probability (softmax of the logits;
    ties in the order of the lower token index first), keep the smallest prefix whose
    probabilities sum to >= p (the token that crosses p is kept; the top token is always
    kept; p = 1 keeps every token); the rest become -inf."""
    logits = np.asarray(logits, dtype=np.float64)
    if p >= 1:
        return logits.copy()
    probs = softmax(logits)
    order = np.argsort(-probs, axis=-1, kind="stable")  # most likely first, ties by lower index
    sorted_probs = np.take_along_axis(probs, order, axis=-1)
    before = np.cumsum(sorted_probs, axis=-1) - sorted_probs  # the mass ahead of each token
    keep_sorted = before < p
    keep = np.zeros_like(keep_sorted)
    np.put_along_axis(keep, order, keep_sorted, axis=-1)  # back to token order
    return np.where(keep, logits, -np.inf)


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    """(batch, V) -> (batch,) int token ids drawn with rng (a numpy.random.Generator):
    temperature first, then top-k, then top-p, then a draw from the softmax."""
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature!r}")
    z = np.asarray(logits, dtype=np.float64) / temperature
    if top_k is not None:
        z = top_k_filter(z, top_k)
    if top_p is not None:
        z = top_p_filter(z, top_p)
    probs = softmax(z)
    cdf = np.cumsum(probs, axis=-1)
    u = rng.random((probs.shape[0], 1)) * cdf[:, -1:]  # one uniform per row, scaled to the row's total
    ids = np.sum(cdf <= u, axis=-1)  # the first token whose cumulative mass exceeds u
    return np.minimum(ids, probs.shape[-1] - 1).astype(np.int64)


def greedy_decode(next_logits, prompt, max_new_tokens, eos_id):
    """next_logits(tokens: list[int]) -> (V,) logits for the next token, given the prompt
    followed by the tokens generated so far. Returns the new tokens (prompt excluded; eos_id
    included when generated), stopping after eos_id or max_new_tokens."""
    prompt = [int(t) for t in prompt]
    new = []
    for _ in range(max_new_tokens):
        token = int(np.argmax(next_logits(prompt + new)))
        new.append(token)
        if token == eos_id:
            break
    return new


def _log_softmax(logits):
    z = np.asarray(logits, dtype=np.float64)
    z = z - np.max(z)
    return z - np.log(np.sum(np.exp(z)))


def beam_search(next_logits, prompt, beam_width, max_new_tokens, eos_id, length_penalty=1.0):
    """At each step, extend every unfinished kept continuation by every token and keep the
    beam_width best candidates across all beams (finished ones included, ranked by the same
    score); a continuation ending in eos_id is finished and no longer extended. Stop when
    all kept continuations are finished or after max_new_tokens steps.
    Score = sum of log-softmax probabilities / len(continuation) ** length_penalty, where
    the continuation excludes the prompt and includes eos_id. Returns the best-scoring kept
    continuation (prompt excluded)."""
    prompt = [int(t) for t in prompt]

    def score(beam):
        tokens, logp = beam
        return logp / len(tokens) ** length_penalty if tokens else 0.0

    def finished(beam):
        return bool(beam[0]) and beam[0][-1] == eos_id

    beams = [([], 0.0)]  # (continuation, sum of log-probabilities)
    for _ in range(max_new_tokens):
        if all(finished(b) for b in beams):
            break
        candidates = []
        for tokens, logp in beams:
            if finished((tokens, logp)):
                candidates.append((tokens, logp))  # kept as is, competing with the extensions
                continue
            logprobs = _log_softmax(next_logits(prompt + tokens))
            candidates.extend((tokens + [t], logp + float(lp)) for t, lp in enumerate(logprobs))
        candidates.sort(key=score, reverse=True)  # stable: equal scores keep their order
        beams = candidates[:beam_width]
    return max(beams, key=score)[0]
