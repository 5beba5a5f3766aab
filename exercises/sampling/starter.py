"""Exercise: decoding strategies in NumPy (no TensorFlow).

Fill in every TODO, then run `quiz check sampling`. Logits are unnormalised
log-probabilities; a token a filter removes gets -inf (probability exactly 0 after
the softmax). The checker calls your functions on rows it crafts and on toy
language models it defines; it passes `rng`, a numpy.random.Generator.
"""

import numpy as np


def softmax(logits, temperature=1.0):
    """(..., V) -> probabilities of logits / temperature; ValueError unless temperature > 0."""
    # TODO: divide by the temperature, subtract each row's max (no overflow), exp, normalise over the last axis.
    raise NotImplementedError("TODO: softmax")


def top_k_filter(logits, k):
    """Keep the k largest logits of each row (values tied with the k-th largest are kept too);
    the rest become -inf. k >= V leaves the row unchanged."""
    # TODO: find each row's k-th largest value; keep what is >= it.
    raise NotImplementedError("TODO: top_k_filter")


def top_p_filter(logits, p):
    """Nucleus filter, 0 < p <= 1: sort each row by probability (softmax of the logits;
    ties in the order of the lower token index first), keep the smallest prefix whose
    probabilities sum to >= p (the token that crosses p is kept; the top token is always
    kept; p = 1 keeps every token); the rest become -inf. (The checks keep p away from an
    exact cumulative sum, where float rounding decides.)"""
    # TODO: sort by probability (a stable sort), cumulate, keep the prefix, put the mask back in token order.
    raise NotImplementedError("TODO: top_p_filter")


def sample_next(logits, rng, temperature=1.0, top_k=None, top_p=None):
    """(batch, V) -> (batch,) int token ids drawn with rng (a numpy.random.Generator):
    temperature first, then top-k, then top-p, then a draw from the softmax."""
    # TODO: logits / temperature -> top_k_filter -> top_p_filter -> softmax -> one draw per row with rng.
    raise NotImplementedError("TODO: sample_next")


def greedy_decode(next_logits, prompt, max_new_tokens, eos_id):
    """next_logits(tokens: list[int]) -> (V,) logits for the next token, given the prompt
    followed by the tokens generated so far. Returns the new tokens (prompt excluded; eos_id
    included when generated), stopping after eos_id or max_new_tokens."""
    # TODO: up to max_new_tokens times, append the argmax of next_logits(prompt + new); stop after eos_id.
    raise NotImplementedError("TODO: greedy_decode")


def beam_search(next_logits, prompt, beam_width, max_new_tokens, eos_id, length_penalty=1.0):
    """At each step, extend every unfinished kept continuation by every token and keep the
    beam_width best candidates across all beams (finished ones included, ranked by the same
    score); a continuation ending in eos_id is finished and no longer extended. Stop when
    all kept continuations are finished or after max_new_tokens steps.
    Score = sum of log-softmax probabilities / len(continuation) ** length_penalty, where
    the continuation excludes the prompt and includes eos_id. Returns the best-scoring kept
    continuation (prompt excluded)."""
    # TODO: keep (tokens, sum of log-probabilities) pairs; each step build every candidate, rank all of them
    #       by the score, keep beam_width; at the end return the best kept continuation's tokens.
    raise NotImplementedError("TODO: beam_search")
