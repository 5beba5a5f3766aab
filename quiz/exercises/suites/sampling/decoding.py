"""The sampling suite's decoding checks: greedy decoding and beam search on toy language models.

Every expected continuation is recomputed here in float64 (:mod:`.toys`): greedy
and the contract's beam search, and the exhaustive optimum over every complete
continuation. When a result is wrong, the searches with one classic mistake
planted (``toys.BEAM_VARIANTS``, ``toys.GREEDY_VARIANTS``) are run on the same
probes, and the mistake whose results match the submission's on every probe of the
check is named.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quiz.exercises.checklib.engine import Context
from quiz.exercises.checklib.registry import CheckFailed
from quiz.exercises.suites.sampling import toys
from quiz.exercises.suites.sampling.units import quiet, suite
from quiz.exercises.messages import M


@dataclass(frozen=True)
class Probe:
    """One decoding problem: a toy LM, a prompt and the search's settings."""

    label: str
    lm: object
    vocab: int
    prompt: tuple[int, ...]
    max_new_tokens: int
    eos_id: int
    width: int = 1
    length_penalty: float = 1.0


def _hash(seed: int, vocab: int, eos: int, bias: float, spread: float = 2.0) -> toys.HashLM:
    return toys.HashLM(seed, vocab, spread, eos, bias)


GREEDY_PROBES = [
    Probe(M("sampling.module.toy_lm_v", "a toy LM with V = 7 that reaches eos_id after 4 tokens"), _hash(2, 7, 6, 1.2, 3.0), 7, (3, 1, 4), 10, 6),
    Probe(M("sampling.module.toy_lm_v_2", "a toy LM with V = 20 that reaches eos_id after 7 tokens"), _hash(3, 20, 0, 2.5, 3.0), 20, (5,), 12, 0),
    Probe(M("sampling.module.toy_lm_v_3", "a toy LM with V = 3 that reaches eos_id after 5 tokens"), _hash(42, 3, 1, 1.2, 3.0), 3, (2, 2), 8, 1),
    Probe(M("sampling.module.toy_lm_v_4", "a toy LM with V = 7 that never reaches eos_id, max_new_tokens = 6"), _hash(5, 7, 6, -50.0, 3.0), 7, (1, 2, 3), 6, 6),
    Probe(M("sampling.module.toy_lm_v_5", "a toy LM with V = 5 that starts with eos_id"), _hash(9, 5, 2, 40.0, 3.0), 5, (0, 4), 5, 2),
    Probe("max_new_tokens = 0", _hash(2, 7, 6, 1.2, 3.0), 7, (3, 1, 4), 0, 6),
]

# Small toy LMs written out by hand (probabilities per context after the prompt [5, 1]).
GREEDY_TRAP = toys.TableLM(M("sampling.module.greedy_trap", "greedy trap"), [5, 1], 3, {
    (): [0.5, 0.4, 0.1], (0,): [0.36, 0.34, 0.30], (1,): [0.05, 0.05, 0.9]})
WIDTH2_MISS = toys.TableLM(M("sampling.module.width_miss", "width-2 miss"), [5, 1], 3, {
    (): [0.52, 0.43, 0.05], (0,): [0.5, 0.45, 0.05], (1,): [0.5, 0.05, 0.45],
    (0, 0): [0.36, 0.33, 0.31], (0, 1): [0.35, 0.34, 0.31], (1, 0): [0.02, 0.02, 0.96]})


def _full(label, lm, vocab, prompt, steps, eos, lp) -> Probe:
    return Probe(label, lm, vocab, prompt, steps, eos, toys.count_continuations(vocab, steps, eos), lp)


PLAIN_SUM_PROBES = [
    _full(M("sampling.module.toy_lm_v_6", "a toy LM with V = 3, 4 steps"), _hash(32, 3, 2, 1.0), 3, (0, 1), 4, 2, 0.0),
    _full(M("sampling.module.toy_lm_v_7", "a toy LM with V = 4, 3 steps"), _hash(51, 4, 0, 0.0), 4, (2, 3, 1, 1, 3), 3, 0, 0.0),
    _full(M("sampling.module.toy_lm_v_6", "a toy LM with V = 3, 4 steps"), _hash(41, 3, 2, 1.0), 3, (0, 1), 4, 2, 0.0),
]
LENGTH_PENALTY_PROBES = [
    _full(M("sampling.module.toy_lm_v_6", "a toy LM with V = 3, 4 steps"), _hash(32, 3, 2, 1.0), 3, (0, 1), 4, 2, 1.0),
    _full(M("sampling.module.toy_lm_v_7", "a toy LM with V = 4, 3 steps"), _hash(51, 4, 0, 0.0), 4, (2, 3, 1, 1, 3), 3, 0, 1.0),
    _full(M("sampling.module.toy_lm_v_7", "a toy LM with V = 4, 3 steps"), _hash(65, 4, 0, 0.0), 4, (2, 3, 1, 1, 3), 3, 0, 1.0),
    _full(M("sampling.module.toy_lm_v_6", "a toy LM with V = 3, 4 steps"), _hash(54, 3, 2, 1.0), 3, (0, 1), 4, 2, 0.5),
    _full(M("sampling.module.toy_lm_v_7", "a toy LM with V = 4, 3 steps"), _hash(49, 4, 0, 1.0), 4, (2, 3, 1, 1, 3), 3, 0, 2.0),
]
PRUNING_PROBES = [
    Probe(M("sampling.module.greedy_trap_greedy", "the greedy trap (greedy is wrong, width 2 is right), width 1"), GREEDY_TRAP, 3, (5, 1), 2, 2, 1, 0.0),
    Probe(M("sampling.module.greedy_trap_greedy_2", "the greedy trap (greedy is wrong, width 2 is right), width 2"), GREEDY_TRAP, 3, (5, 1), 2, 2, 2, 0.0),
    Probe(M("sampling.module.width_trap_correct", "the width-2 trap (a correct width-2 search misses the optimum)"), WIDTH2_MISS, 3, (5, 1), 3, 2, 2, 0.0),
    Probe(M("sampling.module.width_trap_length_pen", "the width-2 trap at length_penalty 1"), WIDTH2_MISS, 3, (5, 1), 3, 2, 2, 1.0),
    Probe(M("sampling.module.toy_lm_v_8", "a toy LM with V = 5, width 2, 5 steps"), _hash(2, 5, 4, 1.5, 2.5), 5, (1, 2), 5, 4, 2, 1.0),
    Probe(M("sampling.module.toy_lm_v_8", "a toy LM with V = 5, width 2, 5 steps"), _hash(30, 5, 4, 0.5, 2.5), 5, (1, 2), 5, 4, 2, 1.0),
    Probe(M("sampling.module.toy_lm_v_9", "a toy LM with V = 6, width 3, 4 steps"), _hash(161, 6, 1, 1.5, 2.5), 6, (3,), 4, 1, 3, 1.0),
    Probe(M("sampling.module.toy_lm_v_9", "a toy LM with V = 6, width 3, 4 steps"), _hash(8, 6, 1, 0.5, 2.5), 6, (3,), 4, 1, 3, 1.0),
]


def _as_tokens(result, what: str) -> list[int]:
    """A returned continuation as a list of ints; a named failure for anything else."""
    if isinstance(result, tuple) and len(result) == 2 and not np.isscalar(result[0]):
        raise CheckFailed(M("sampling.as_tokens.returned_pair_contract", "{what} returned a pair ({name}, {name_2}); the contract returns the tokens only", what=what, name=type(result[0]).__name__, name_2=type(result[1]).__name__), expected=M("sampling.as_tokens.list_token_ids", "a list of token ids"),
                          hint=M("sampling.as_tokens.return_best_continuati", "Return the best continuation's tokens, without its score."))
    try:
        array = np.asarray(result)
    except Exception:  # noqa: BLE001
        array = np.asarray([], dtype=object)
    if result is None or array.ndim != 1 or (array.size and not np.issubdtype(array.dtype, np.integer)):
        raise CheckFailed(M("sampling.as_tokens.returned_expected_list", "{what} returned {name} {str_result_60}, expected a list of token ids", what=what, name=type(result).__name__, str_result_60=str(result)[:60]),
                          expected=M("sampling.as_tokens.list_ints", "a list of ints"), actual=f"{type(result).__name__}",
                          hint=M("sampling.as_tokens.return_list_int", "Return a list of int token ids (prompt excluded)."))
    return [int(t) for t in array]


def _run(ctx: Context, func: str, probe: Probe) -> tuple[list[int], toys.Spy]:
    spy = toys.Spy(probe.lm)
    prompt = list(probe.prompt)
    if func == "greedy_decode":
        what = M("sampling.run.greedy_dec", "greedy_decode on {label}", label=probe.label)
        with ctx.calling(what), quiet():
            out = ctx.module.greedy_decode(spy, prompt, probe.max_new_tokens, probe.eos_id)
    else:
        what = (M("sampling.run.beam_searc_beam_width_max_new_to", (
                    "beam_search(beam_width={width}, max_new_tokens={max_new_tokens}, "
                    "length_penalty={length_penalty:g}) on {label}"
                  ), width=probe.width, max_new_tokens=probe.max_new_tokens, length_penalty=probe.length_penalty, label=probe.label))
        with ctx.calling(what), quiet():
            out = ctx.module.beam_search(spy, prompt, probe.width, probe.max_new_tokens, probe.eos_id,
                                         length_penalty=probe.length_penalty)
    return _as_tokens(out, what), spy


def _expected_beam(probe: Probe, variant: str = "correct") -> list[int]:
    return toys.beam(probe.lm, list(probe.prompt), probe.width, probe.max_new_tokens, probe.eos_id,
                     probe.length_penalty, variant=variant)


def _explain(results: list[tuple[Probe, list[int]]], variants: dict[str, str], compute) -> str | None:
    """The planted mistake whose results equal the submission's on every probe (else on the failing ones)."""
    wrong = [(p, r) for p, r in results if r != compute(p, "correct")]
    for scope in (results, wrong):
        for name, text in variants.items():
            if name == "correct":
                continue
            if all(compute(p, name) == r for p, r in scope) and any(compute(p, name) != compute(p, "correct") for p, _ in scope):
                return text
    return None


def _context_problem(spy: toys.Spy, probe: Probe) -> str | None:
    """What was wrong with the contexts a search passed to next_logits, if anything."""
    prompt = tuple(probe.prompt)
    for context in spy.calls:
        if context[: len(prompt)] != prompt:
            return (M("sampling.context_problem.next_logit_was_called", (
                        "next_logits was called with {list_context}, which does not start with the prompt "
                        "{list_prompt}: it must get the prompt followed by the continuation"
                      ), list_context=list(context), list_prompt=list(prompt)))
        if probe.eos_id in context[len(prompt):]:
            return (M("sampling.context_problem.next_logit_was_called_2", (
                        "next_logits was called with {list_context}: a continuation ending in eos_id ({eos_id}) "
                        "was extended (finished continuations are kept as they are)"
                      ), list_context=list(context), eos_id=probe.eos_id))
    return None


# ---------------------------------------------------------------- greedy

@suite.check("greedy_decode", needs=("contract",))
def greedy_decode(ctx: Context) -> str:
    """greedy_decode takes the argmax at every step, stops after eos_id (included) or max_new_tokens, excludes the prompt."""
    results = []
    for probe in GREEDY_PROBES:
        tokens, spy = _run(ctx, "greedy_decode", probe)
        results.append((probe, tokens, spy))
    for probe, tokens, spy in results:
        expected = toys.greedy(probe.lm, list(probe.prompt), probe.max_new_tokens, probe.eos_id)
        prompt = list(probe.prompt)
        wanted = [tuple(prompt + expected[:i]) for i in range(len(expected))]
        allowed = set(wanted) | {tuple(prompt + expected)}  # an extra call (e.g. after the last token) is harmless
        if tokens == expected and set(wanted) <= set(spy.calls) and set(spy.calls) <= allowed:
            continue
        bug = None
        if spy.calls and spy.calls[0] != tuple(prompt):
            if spy.calls[0] == ():
                bug = toys.GREEDY_VARIANTS["no_prompt_context"]
        if bug is None and len(spy.calls) > 1 and all(c == tuple(prompt) for c in spy.calls):
            bug = toys.GREEDY_VARIANTS["prompt_only_context"]
        if bug is None:
            bug = _explain([(p, t) for p, t, _ in results], toys.GREEDY_VARIANTS,
                           lambda p, v: toys.greedy(p.lm, list(p.prompt), p.max_new_tokens, p.eos_id, v))
        if bug is None and tokens == expected:
            bug = M("sampling.greedy_decode.tokens_right_but", "the tokens are right but next_logits saw other contexts: ") + str([list(c) for c in spy.calls[:3]])
        raise CheckFailed(
            M("sampling.greedy_decode.greedy_dec_prompt_eos_id", (
                "greedy_decode on {label} (prompt {prompt}, eos_id {eos_id}) returned {tokens}, expected "
                "{expected}"
              ), label=probe.label, prompt=prompt, eos_id=probe.eos_id, tokens=tokens, expected=expected) + (f": {bug}" if bug else ""),
            expected=str(expected), actual=str(tokens),
            hint=M("sampling.greedy_decode.loop_up_max_new_to", (
                     "Loop up to max_new_tokens times: token = argmax(next_logits(prompt + new)); append it; "
                     "stop after eos_id. Return new (without the prompt)."
                   )),
        )
    return M("sampling.greedy_decode.argmax_every_step", (
               "argmax at every step on 6 toy LMs (V = 3, 5, 7, 20): stops after eos_id (kept), "
               "respects max_new_tokens, prompt excluded, next_logits gets prompt + tokens so far"
             ))


# ---------------------------------------------------------------- beam search

def _beam_check(ctx: Context, probes: list[Probe], expected_fn, what_for: str) -> list[tuple[Probe, list[int]]]:
    results = []
    spies = []
    for probe in probes:
        tokens, spy = _run(ctx, "beam_search", probe)
        results.append((probe, tokens))
        spies.append(spy)
    for (probe, tokens), spy in zip(results, spies):
        expected = expected_fn(probe)
        if tokens == expected:
            continue
        bug = _explain(results, toys.BEAM_VARIANTS, _expected_beam) or _context_problem(spy, probe)
        raise CheckFailed(
            M("sampling.beam_check.beam_searc_beam_width_length_pen", (
                "beam_search(beam_width={width}, length_penalty={length_penalty:g}) on {label} (prompt "
                "{list_probe_prompt}, eos_id {eos_id}, max_new_tokens {max_new_tokens}) returned "
                "{tokens}, expected {expected} ({what_for})"
              ), width=probe.width, length_penalty=probe.length_penalty, label=probe.label, list_probe_prompt=list(probe.prompt), eos_id=probe.eos_id, max_new_tokens=probe.max_new_tokens, tokens=tokens, expected=expected, what_for=what_for) + (f": {bug}" if bug else ""),
            expected=str(expected), actual=str(tokens),
            hint=M("sampling.beam_check.each_step_extend", (
                     "Each step: extend every unfinished kept continuation by every token, carry the finished "
                     "ones over, score all by sum(log_softmax) / len ** length_penalty (continuation only, "
                     "eos counted), keep the beam_width best overall."
                   )),
        )
    return results


@suite.check("beam_width_1", needs=("contract",))
def beam_width_1(ctx: Context) -> str:
    """beam_search with beam_width 1 equals greedy decoding (the greedy checks' toy LMs, length_penalty 1 and 0)."""
    probes = [Probe(p.label, p.lm, p.vocab, p.prompt, p.max_new_tokens, p.eos_id, 1, lp)
              for p in GREEDY_PROBES[:5] for lp in (1.0, 0.0)]
    _beam_check(ctx, probes, lambda p: toys.greedy(p.lm, list(p.prompt), p.max_new_tokens, p.eos_id), M("sampling.beam_width_1.greedy_s_result", "greedy's result"))
    return M("sampling.beam_width_1.width_greedy_toy", "width 1 = greedy on 5 toy LMs at length_penalty 1 and 0")


def _optimum(probe: Probe) -> list[int]:
    best, top, runner_up = toys.exhaustive(probe.lm, list(probe.prompt), probe.vocab, probe.max_new_tokens,
                                           probe.eos_id, probe.length_penalty)
    if top - runner_up < 1e-3 or best != _expected_beam(probe):
        raise RuntimeError(f"checker self-test: probe {probe.label} has no clear optimum")
    return best


@suite.check("beam_plain_sum", needs=("contract",))
def beam_plain_sum(ctx: Context) -> str:
    """length_penalty 0 with a width covering every continuation returns the best plain sum of log-probabilities."""
    _beam_check(ctx, PLAIN_SUM_PROBES, _optimum, M("sampling.beam_plain_sum.exhaustive_optimum_plain", "the exhaustive optimum of the plain sum"))
    return M("sampling.beam_plain_sum.length_pen_plain_sum", "length_penalty 0 = the plain sum's exhaustive optimum on 3 toy LMs (V = 3, 4)")


@suite.check("beam_length_penalty", needs=("contract",))
def beam_length_penalty(ctx: Context) -> str:
    """length_penalty 1, 0.5 and 2 with a width covering every continuation return the exhaustive optimum."""
    _beam_check(ctx, LENGTH_PENALTY_PROBES, _optimum, M("sampling.beam_length_penalty.exhaustive_optimum_length", "the exhaustive optimum of the length-normalised score"))
    return M("sampling.beam_length_penalty.length_pen_exhaustive_optimum", (
               "length_penalty 1, 0.5, 2 = the exhaustive optimum on 5 toy LMs; length counts the "
               "continuation with eos"
             ))


@suite.check("beam_pruning", needs=("contract",))
def beam_pruning(ctx: Context) -> str:
    """Narrow beams prune across beams: greedy wrong where width 2 is right; width 2 must miss a deeper optimum."""
    trap, trap2, miss = PRUNING_PROBES[0], PRUNING_PROBES[1], PRUNING_PROBES[2]
    greedy = toys.greedy(trap.lm, list(trap.prompt), trap.max_new_tokens, trap.eos_id)
    optimum = toys.exhaustive(miss.lm, list(miss.prompt), 3, miss.max_new_tokens, miss.eos_id, 0.0)[0]
    if greedy == _expected_beam(trap2) or _expected_beam(miss) == optimum:
        raise RuntimeError("checker self-test: the trap toy LMs lost their traps")
    _beam_check(ctx, PRUNING_PROBES, _expected_beam, M("sampling.beam_pruning.contract_s_width", "the contract's width-limited search"))
    return (M("sampling.beam_pruning.greedy_trap_width", (
                "greedy trap: width 1 → {greedy}, width 2 → {expected_beam_trap2}; width-2 trap: the "
                "search keeps {expected_beam_miss}, not the optimum {optimum}; 4 random toy LMs at "
                "widths 2 and 3"
              ), greedy=greedy, expected_beam_trap2=_expected_beam(trap2), expected_beam_miss=_expected_beam(miss), optimum=optimum))
