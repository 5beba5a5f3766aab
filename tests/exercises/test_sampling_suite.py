"""The sampling exercise's checks checked: the reference passes, the starter fails,
every planted bug fails first at the check meant for it with the bug named, correct
solutions in other styles pass, the checker never imports TensorFlow, and the toy
language models still have the properties the checks rely on.

NumPy only: one checker child runs every file (about 15 s, most of it the per-row
alternative's 52 000 single draws).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from quiz.exercises.runner import run_batch, run_checks
from quiz.exercises.suites.sampling import decoding, toys, units
from quiz.exercises.suites.sampling import reference as ref
from tests.exercises.conftest import ALTERNATIVES, HERE, MUTANTS, ROOT

# mutant file stem → (the check that must fail first, words its message must contain)
SAMPLING_MUTANTS = {
    "sampling_softmax_wrong_axis": ("softmax", "softmax over the wrong axis"),
    "sampling_softmax_overflow": ("softmax", "exp overflowed"),
    "sampling_temperature_multiplied": ("softmax", "temperature multiplies the logits"),
    "sampling_top_k_argpartition": ("top_k_filter", "ties at the k-th value were dropped"),
    "sampling_top_k_strict": ("top_k_filter", "the k-th largest token itself was dropped"),
    "sampling_top_p_crossing_dropped": ("top_p_filter", "the token that crosses p was dropped"),
    "sampling_top_p_ties_high_first": ("top_p_filter", "higher token index first"),
    "sampling_top_p_one_drops_tail": ("top_p_filter", "p = 1 keeps every token"),
    "sampling_top_p_unsorted": ("top_p_filter", "sort the tokens by probability first"),
    "sampling_sample_argmax": ("sample_rng", "is it taking the argmax?"),
    "sampling_global_random_state": ("sample_rng", "global random state"),
    "sampling_temperature_after_filters": ("sample_order", "temperature applied after the filters"),
    "sampling_top_p_before_top_k": ("sample_order", "top-p applied before top-k"),
    "sampling_greedy_eos_dropped": ("greedy_decode", "eos_id is generated but left out of the result"),
    "sampling_greedy_context_without_prompt": ("greedy_decode", "generated tokens without the prompt"),
    "sampling_beam_returns_prompt": ("beam_width_1", "the result includes the prompt"),
    "sampling_beam_extends_finished": ("beam_width_1", "ending in eos_id is extended further"),
    "sampling_beam_finished_pool": ("beam_width_1", "finished continuations are set aside"),
    "sampling_beam_raw_logits": ("beam_plain_sum", "raw logits instead of log-softmax"),
    "sampling_beam_lp_with_prompt": ("beam_length_penalty", "length penalty is applied to the prompt too"),
    "sampling_beam_eos_not_counted": ("beam_length_penalty", "eos_id is not counted in the continuation's length"),
    "sampling_beam_no_cross_pruning": ("beam_pruning", "never prunes across beams"),
}
ALTERNATIVE_FILES = ["sampling_per_row.py", "sampling_vectorised.py"]


def _first_problem(report: dict) -> dict | None:
    return next((c for c in report["checks"] if c["status"] in ("fail", "error")), None)


def _describe(report: dict) -> str:
    problem = _first_problem(report)
    if problem is None:
        return f"status {report['status']}, no failing check"
    return f"status {report['status']}, first problem {problem['name']}: {problem['message'][:300]}"


@pytest.mark.slow  # the real checker over every planted bug
def test_reference_starter_mutants_and_alternatives(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path))
    exercise = ROOT / "exercises" / "sampling"
    must_pass = {"reference": exercise / "solution.py", **{f"alternative {n}": ALTERNATIVES / n for n in ALTERNATIVE_FILES}}
    mutant_files = {stem: MUTANTS / f"{stem}.py" for stem in SAMPLING_MUTANTS}
    listed = {p.stem for p in MUTANTS.glob("sampling_*.py")}
    assert listed == set(SAMPLING_MUTANTS), f"mutant files and the expectation table differ: {listed ^ set(SAMPLING_MUTANTS)}"
    assert len(SAMPLING_MUTANTS) >= 12
    starter = exercise / "starter.py"
    files = [*must_pass.values(), starter, *mutant_files.values()]
    reports = dict(zip(files, run_batch("sampling", files)))
    problems = []
    for label, path in must_pass.items():
        report = reports[path]
        if report["status"] != "pass" or any(c["status"] != "pass" for c in report["checks"]):
            problems.append(f"{label} must pass every check: {_describe(report)}")
    first = _first_problem(reports[starter])
    if reports[starter]["status"] != "fail" or first is None or first["name"] != "softmax" or "not implemented yet" not in first["message"]:
        problems.append(f"the starter must fail first at softmax, 'not implemented yet': {_describe(reports[starter])}")
    for stem, (check, words) in SAMPLING_MUTANTS.items():
        report = reports[mutant_files[stem]]
        problem = _first_problem(report)
        if report["status"] != "fail" or problem is None or problem["name"] != check or problem["status"] != "fail":
            problems.append(f"{stem}: expected to fail first at {check}; got {_describe(report)}")
        elif words not in problem["message"]:
            problems.append(f"{stem}: {check} failed but the message does not name the bug ({words!r}): {problem['message']}")
    assert not problems, "\n".join(problems)
    pictures = reports[must_pass["reference"]]["metrics"]["distributions"]
    assert len(pictures) == 2
    for picture in pictures:
        assert len(picture["expected"]) == len(picture["yours"]) == len(picture["tokens"]) >= 5
        assert abs(sum(picture["expected"]) - 1) < 1e-3 and abs(sum(picture["yours"]) - 1) < 1e-3


def test_the_checker_never_imports_tensorflow(tmp_path: Path, monkeypatch) -> None:
    """The real child runs the whole suite on the reference with TensorFlow and Keras unimportable."""
    log = tmp_path / "blocked.log"
    monkeypatch.setenv("BLOCKED_IMPORTS_LOG", str(log))
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path))
    wrapper = [sys.executable, str(HERE / "block_tensorflow.py")]
    report = run_checks("sampling", Path(), reference=True, command=wrapper)
    attempts = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    assert attempts == [], f"the sampling checker tried to import {attempts}"
    assert report["status"] == "pass", _describe(report)
    assert len(report["checks"]) == len(units.suite.names()) == 13
    # The hook does block: the GAN suite, which needs TensorFlow, cannot load under it.
    gan = run_checks("gan", Path(), reference=True, command=wrapper, time_limit=60)
    assert gan["status"] == "error" and "TensorFlow is not installed" in _describe(gan)
    assert log.read_text(encoding="utf-8").splitlines()[0] in ("tensorflow", "keras")


# ---------------------------------------------------------------- the checks' own fixtures

def test_top_p_probes_stay_clear_of_exact_cumulative_sums() -> None:
    for label, rows, p in units._top_p_probes():
        if p >= 1:
            continue
        for row in rows:
            probs = np.sort(ref.softmax(row))[::-1]
            assert np.min(np.abs(np.cumsum(probs) - p)) > 1e-6, label


def test_p_one_probe_defeats_the_plain_rule() -> None:
    """Without its p >= 1 case, the 'mass before < p' rule drops tokens at p = 1 on this row."""
    rows = next(r for label, r, p in units._top_p_probes() if p == 1.0)
    probs = ref.softmax(rows[0])
    order = np.argsort(-probs, kind="stable")
    before = np.cumsum(probs[order]) - probs[order]
    assert not (before < 1.0).all()


def test_every_order_mistake_changes_the_kept_tokens() -> None:
    for name in ref.ORDER_VARIANTS:
        row = units.ORDER_ROWS[0]
        right = ref.sampling_distribution(row[None], **units.ORDER_SETTING)[0]
        wrong = ref.sampling_distribution(row[None], **units.ORDER_SETTING, order=name)[0]
        assert not np.array_equal(right > 0, wrong > 0), name


def test_toy_lms_keep_their_traps() -> None:
    trap, trap2, miss = decoding.PRUNING_PROBES[:3]
    assert toys.greedy(trap.lm, list(trap.prompt), 2, 2) == [0, 0]
    assert decoding._expected_beam(trap2) == [1, 2] == toys.exhaustive(trap.lm, list(trap.prompt), 3, 2, 2, 0.0)[0]
    assert decoding._expected_beam(miss) == [0, 0, 0]
    assert toys.exhaustive(miss.lm, list(miss.prompt), 3, 3, 2, 0.0)[0] == [1, 0, 2]
    assert toys.beam(miss.lm, list(miss.prompt), 2, 3, 2, 0.0, variant="no_cross_pruning") == [1, 0, 2]
    for probe in decoding.PLAIN_SUM_PROBES + decoding.LENGTH_PENALTY_PROBES:
        assert decoding._optimum(probe) == decoding._expected_beam(probe)


@pytest.mark.parametrize("variant", [v for v in toys.BEAM_VARIANTS if v != "correct"])
def test_every_beam_mistake_is_caught_by_some_probe(variant: str) -> None:
    probes = [p for p in decoding.PLAIN_SUM_PROBES + decoding.LENGTH_PENALTY_PROBES + decoding.PRUNING_PROBES]
    probes += [decoding.Probe(p.label, p.lm, p.vocab, p.prompt, p.max_new_tokens, p.eos_id, 1, 1.0) for p in decoding.GREEDY_PROBES]
    assert any(decoding._expected_beam(p, variant) != decoding._expected_beam(p) for p in probes)


def test_hash_lm_is_deterministic_and_context_dependent() -> None:
    lm = toys.HashLM(3, 20, 2.0, 0, 1.0)
    assert np.array_equal(lm([1, 2, 3]), lm((1, 2, 3)))
    assert not np.array_equal(lm([1, 2, 3]), lm([1, 2, 4]))
    assert lm([5]).shape == (20,)


def test_chi_square_limit_and_pooling() -> None:
    # Against χ² quantiles at 1 - 1e-6 (and the closed form for df 2: x = -2 ln α = 27.63).
    assert [round(ref.chi2_critical(df), 2) for df in (1, 2, 5, 20)] == [23.93, 27.63, 35.89, 65.42]
    assert abs(ref.chi2_sf(3.0, 2) - np.exp(-1.5)) < 1e-12
    probs = np.array([0.5, 0.3, 0.199, 0.001, 0.0])
    stat, df, impossible = ref.chi2(np.array([500.0, 300.0, 199.0, 1.0, 0.0]), probs)
    assert (stat, impossible, df) == (0.0, 0, 3)  # three cells, plus the 0.001 cell (1 expected) pooled on its own
    assert ref.chi2(np.array([500.0, 300.0, 190.0, 1.0, 9.0]), probs)[2] == 9


@pytest.mark.parametrize("probe", decoding.PRUNING_PROBES, ids=lambda p: f"{p.label[:30]}-w{p.width}-lp{p.length_penalty:g}")
def test_pruning_probes_have_no_near_ties(probe) -> None:
    """At every pruning boundary, and between the two best kept at the end, scores differ by > 1e-3,
    so a correct search in float32 (or with another tie-break) keeps the same continuations."""
    prompt, width, eos, lp = list(probe.prompt), probe.width, probe.eos_id, probe.length_penalty

    def score(b):
        return b[1] / len(b[0]) ** lp

    beams, gaps = [([], 0.0)], []
    for _ in range(probe.max_new_tokens):
        if all(b[0] and b[0][-1] == eos for b in beams):
            break
        candidates = []
        for tokens, total in beams:
            if tokens and tokens[-1] == eos:
                candidates.append((tokens, total))
                continue
            logp = toys.log_softmax(probe.lm(prompt + tokens))
            candidates += [(tokens + [t], total + float(v)) for t, v in enumerate(logp)]
        candidates.sort(key=score, reverse=True)
        if len(candidates) > width:
            gaps.append(score(candidates[width - 1]) - score(candidates[width]))
        beams = candidates[:width]
    if len(beams) > 1:
        gaps.append(score(beams[0]) - score(beams[1]))
    assert min(gaps) > 1e-3
    assert beams[0][0] == decoding._expected_beam(probe)
