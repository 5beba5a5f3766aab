"""Toy language models for the decoding checks, a recording spy, and float64 searches.

The checker defines its own next-token functions: a :class:`HashLM` gives every
context its own pseudo-random logits (from a hash of the tokens, so the same
context always gets the same logits, on any machine and NumPy version), and a
:class:`TableLM` spells out the probabilities of a few contexts by hand (the traps:
greedy wrong where width 2 is right; width 2 missing the optimum). A :class:`Spy`
wraps either and records every context it is called with.

The searches here are the checks' references: :func:`greedy` and
:func:`beam` (with ``variant=`` for the classic mistakes, so a wrong result can be
named), and :func:`exhaustive`, the best continuation over every possible one.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from dataclasses import dataclass, field

import numpy as np
from quiz.exercises.messages import M


def log_softmax(logits) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64)
    z = z - np.max(z)
    return z - math.log(float(np.sum(np.exp(z))))


class HashLM:
    """Logits = spread · u(context) + offset(context) (+ eos_bias on eos), u uniform in [-1, 1).

    The per-context offset makes raw logits useless as log-probabilities (a search
    that sums raw logits ranks differently from one that sums log-softmax values).
    """

    def __init__(self, seed: int, vocab: int, spread: float = 2.0, eos_id: int | None = None, eos_bias: float = 0.0):
        self.seed, self.vocab, self.spread, self.eos_id, self.eos_bias = seed, vocab, spread, eos_id, eos_bias
        self.name = M("sampling.init.random_toy_lm", "a random toy LM (seed {seed}, V = {vocab})", seed=seed, vocab=vocab)
        self._cache: dict[tuple[int, ...], np.ndarray] = {}

    def __call__(self, tokens) -> np.ndarray:
        context = tuple(int(t) for t in tokens)
        if context not in self._cache:
            self._cache[context] = self._logits(context)
        return self._cache[context].copy()  # a copy: a submission may write into what it gets

    def _logits(self, context: tuple[int, ...]) -> np.ndarray:
        key = f"{self.seed}|{self.vocab}|" + ",".join(map(str, context))
        raw = hashlib.shake_256(key.encode()).digest(8 * (self.vocab + 1))
        u = np.frombuffer(raw, dtype="<u8").astype(np.float64) / 2.0**64
        logits = self.spread * (2.0 * u[: self.vocab] - 1.0) + 10.0 * u[self.vocab]
        if self.eos_id is not None:
            logits[self.eos_id] += self.eos_bias
        return logits


class TableLM:
    """Next-token probabilities written out for some contexts (after the prompt); uniform elsewhere."""

    def __init__(self, name: str, prompt: list[int], vocab: int, table: dict[tuple[int, ...], list[float]]):
        self.name, self.prompt, self.vocab = name, list(prompt), vocab
        self.table = {tuple(prompt) + k: np.log(np.asarray(v, dtype=np.float64)) + 3.0 * len(k) for k, v in table.items()}

    def __call__(self, tokens) -> np.ndarray:
        key = tuple(int(t) for t in tokens)
        return self.table.get(key, np.zeros(self.vocab)).copy()


@dataclass
class Spy:
    """Calls ``lm`` and records each context it is given (as a tuple of ints)."""

    lm: object
    calls: list[tuple[int, ...]] = field(default_factory=list)

    def __call__(self, tokens):
        try:
            context = tuple(int(t) for t in tokens)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"next_logits expects a list of token ids, got {type(tokens).__name__}: {exc}") from None
        self.calls.append(context)
        return self.lm(context)


# ---------------------------------------------------------------- greedy

GREEDY_VARIANTS = {
    "correct": "",
    "eos_dropped": M("sampling.module.eos_id_generated_but", "eos_id is generated but left out of the result (the contract includes it)"),
    "no_stop": M("sampling.module.decoding_does_not", "decoding does not stop at eos_id"),
    "one_extra": M("sampling.module.one_token_more", "one token more than max_new_tokens is generated"),
    "one_short": M("sampling.module.one_token_fewer", "one token fewer than max_new_tokens is generated"),
    "with_prompt": M("sampling.module.result_includes_prompt", "the result includes the prompt (return only the new tokens)"),
    "no_prompt_context": M("sampling.module.next_logit_given_generated", "next_logits is given the generated tokens without the prompt"),
    "prompt_only_context": M("sampling.module.next_logit_given_prompt", "next_logits is given the prompt only, never the tokens generated so far"),
    "argmin": M("sampling.module.takes_argmin_not", "it takes the argmin, not the argmax"),
}


def greedy(lm, prompt: list[int], max_new_tokens: int, eos_id: int, variant: str = "correct") -> list[int]:
    """Greedy decoding in float64 (``variant`` plants one of GREEDY_VARIANTS' mistakes)."""
    prompt = list(prompt)
    new: list[int] = []
    steps = max_new_tokens + (1 if variant == "one_extra" else 0) - (1 if variant == "one_short" else 0)
    for _ in range(max(steps, 0)):
        context = new if variant == "no_prompt_context" else prompt if variant == "prompt_only_context" else prompt + new
        logits = lm(context)
        token = int(np.argmin(logits) if variant == "argmin" else np.argmax(logits))
        if token == eos_id and variant == "eos_dropped":
            break
        new.append(token)
        if token == eos_id and variant != "no_stop":
            break
    return prompt + new if variant == "with_prompt" else new


# ---------------------------------------------------------------- beam search

BEAM_VARIANTS = {
    "correct": "",
    "no_cross_pruning": M("sampling.module.search_never_prunes", (
                            "the search never prunes across beams: each beam keeps its own best extensions instead "
                            "of the beam_width best candidates of all beams together"
                          )),
    "per_beam_greedy": M("sampling.module.each_beam_extended", (
                           "each beam is extended by its own best token only (beam_width independent greedy "
                           "searches), instead of keeping the beam_width best candidates of all beams together"
                         )),
    "lp_with_prompt": M("sampling.module.length_penalty_applied", "the length penalty is applied to the prompt too: the length must count the continuation only"),
    "lp_ignored": M("sampling.module.length_pen_ignored_scores", "length_penalty is ignored (scores are plain sums of log-probabilities)"),
    "eos_not_counted": M("sampling.module.eos_id_not_counted", "eos_id is not counted in the continuation's length (the contract counts it)"),
    "extends_finished": M("sampling.module.continuati_ending_eos_id", "a continuation ending in eos_id is extended further (finished ones must be kept as they are)"),
    "raw_logits": M("sampling.module.scores_add_raw", "scores add raw logits instead of log-softmax probabilities"),
    "probabilities": M("sampling.module.scores_add_probabilit", "scores add probabilities instead of log-probabilities"),
    "finished_pool": M("sampling.module.finished_continuati_set", "finished continuations are set aside instead of competing for the beam_width places"),
    "final_plain_sum": M("sampling.module.finished_beams_ranked", "finished beams are ranked with a different score: the final choice uses the plain sum"),
    "stop_when_best_finished": M("sampling.module.search_stops_soon", "the search stops as soon as the best continuation finishes, not when all kept ones have"),
    "with_prompt": M("sampling.module.result_includes_prompt_2", "the result includes the prompt (return only the continuation)"),
    "search_by_plain_sum": M("sampling.module.beams_ranked_plain", (
                               "the beams are ranked by the plain sum during the search and length-normalised only at "
                               "the end; the contract ranks every step with the same score"
                             )),
    "lp_always_one": M("sampling.module.score_always_mean", "the score is always the mean log-probability (length_penalty treated as 1)"),
    "stop_when_any_finished": M("sampling.module.search_stops_soon_2", "the search stops as soon as one kept continuation finishes, not when all have"),
    "returns_first_finished": M("sampling.module.returns_first_continuati", "it returns the first continuation that finished instead of the best-scoring one"),
}


def beam(lm, prompt: list[int], width: int, max_new_tokens: int, eos_id: int, length_penalty: float = 1.0,
         variant: str = "correct") -> list[int]:
    """The contract's beam search in float64 (``variant`` plants one of BEAM_VARIANTS' mistakes)."""
    prompt = list(prompt)
    vocab_logp = {}

    def step_scores(tokens: list[int]) -> np.ndarray:
        key = tuple(tokens)
        if key not in vocab_logp:
            logits = np.asarray(lm(prompt + tokens), dtype=np.float64)
            if variant == "raw_logits":
                vocab_logp[key] = logits
            elif variant == "probabilities":
                vocab_logp[key] = np.exp(log_softmax(logits))
            else:
                vocab_logp[key] = log_softmax(logits)
        return vocab_logp[key]

    def length(tokens: list[int]) -> int:
        n = len(tokens)
        if variant == "lp_with_prompt":
            n += len(prompt)
        if variant == "eos_not_counted" and tokens and tokens[-1] == eos_id:
            n -= 1
        return n

    def score(b, final: bool = False) -> float:
        tokens, total = b
        if variant == "lp_ignored" or (final and variant == "final_plain_sum") or (not final and variant == "search_by_plain_sum"):
            return total
        n = length(tokens)
        power = 1.0 if variant == "lp_always_one" else length_penalty
        return total / n**power if n > 0 else (0.0 if total == 0 else total)

    def done(b) -> bool:
        return variant != "extends_finished" and bool(b[0]) and b[0][-1] == eos_id

    beams = [([], 0.0)]
    pool: list = []
    first_finished = None
    for _ in range(max_new_tokens):
        if beams and all(done(b) for b in beams):
            break
        if variant == "stop_when_best_finished" and beams and beams[0][0] and done(max(beams, key=score)):
            break
        if variant == "stop_when_any_finished" and any(done(b) for b in beams):
            break
        candidates = []
        for tokens, total in beams:
            if done((tokens, total)):
                candidates.append((tokens, total))
                continue
            s = step_scores(tokens)
            ext = [(tokens + [t], total + float(v)) for t, v in enumerate(s)]
            if variant == "no_cross_pruning" and tokens:
                ext = sorted(ext, key=score, reverse=True)[:width]
            if variant == "per_beam_greedy" and tokens:
                ext = sorted(ext, key=score, reverse=True)[:1]
            candidates.extend(ext)
        candidates.sort(key=score, reverse=True)
        if variant == "finished_pool":
            pool += [c for c in candidates if done(c)][:width]
            beams = [c for c in candidates if not done(c)][:width]
            if not beams:
                break
        elif variant in ("no_cross_pruning", "per_beam_greedy") and any(b[0] for b in beams):
            beams = candidates
        else:
            beams = candidates[:width]
        if first_finished is None:
            first_finished = next((b for b in beams if done(b)), None)
    kept = beams + pool
    if variant == "returns_first_finished" and first_finished is not None:
        best = first_finished[0]
    else:
        best = max(kept, key=lambda b: score(b, final=True))[0]
    return prompt + best if variant == "with_prompt" else best


def continuations(vocab: int, max_new_tokens: int, eos_id: int):
    """Every complete continuation: ending in eos_id at any length <= max_new_tokens, or of that length."""
    for n in range(1, max_new_tokens + 1):
        for body in itertools.product([t for t in range(vocab) if t != eos_id], repeat=n - 1):
            yield list(body) + [eos_id]
            if n == max_new_tokens:
                for last in range(vocab):
                    if last != eos_id:
                        yield list(body) + [last]


def sequence_logp(lm, prompt: list[int], tokens: list[int], memo: dict | None = None) -> float:
    """Sum of the log-softmax probabilities of ``tokens`` after ``prompt`` (``memo`` caches contexts)."""
    memo = {} if memo is None else memo
    total = 0.0
    for i, t in enumerate(tokens):
        context = tuple(prompt) + tuple(tokens[:i])
        if context not in memo:
            memo[context] = log_softmax(lm(list(context)))
        total += float(memo[context][t])
    return total


def exhaustive(lm, prompt: list[int], vocab: int, max_new_tokens: int, eos_id: int,
               length_penalty: float = 1.0) -> tuple[list[int], float, float]:
    """The best complete continuation by the contract's score; (tokens, its score, the runner-up's score)."""
    scored, memo = [], {}
    for tokens in continuations(vocab, max_new_tokens, eos_id):
        scored.append((sequence_logp(lm, prompt, tokens, memo) / len(tokens) ** length_penalty, tokens))
    scored.sort(key=lambda s: s[0], reverse=True)
    return scored[0][1], scored[0][0], scored[1][0]


def count_continuations(vocab: int, max_new_tokens: int, eos_id: int) -> int:
    """How many complete continuations there are (a beam at least this wide never prunes)."""
    return sum(1 for _ in continuations(vocab, max_new_tokens, eos_id))
