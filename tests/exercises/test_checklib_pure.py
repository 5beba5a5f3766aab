"""The check library's pure parts (no TensorFlow): budgets, falls, distances, references, diagnosis."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

from quiz.exercises.checklib import numeric as nm
from quiz.exercises.checklib.registry import CheckFailed, SubmissionError, Suite
from quiz.exercises.checklib.training import SampleDistance, grid, loss_fall, plan_steps
from quiz.exercises.data import load_digits


def test_pure_modules_do_not_import_tensorflow() -> None:
    import subprocess

    code = ("import sys, quiz.exercises.checklib.training, quiz.exercises.checklib.numeric, "
            "quiz.exercises.checklib.engine; print('tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_plan_steps_fits_the_budget() -> None:
    assert plan_steps(100.0, 0.01, desired=50, minimum=20, share=0.5, what="x") == 50
    assert plan_steps(100.0, None, desired=50, minimum=20, share=0.5, what="x") == 50
    # (100 - 4) * 0.5 = 48 s at 1 s a step: 48 steps, rounded down to a multiple of 20.
    assert plan_steps(100.0, 1.0, desired=200, minimum=20, share=0.5, what="x", multiple=20) == 40


def test_too_slow_is_its_own_message() -> None:
    with pytest.raises(CheckFailed) as info:
        plan_steps(30.0, 2.5, desired=50, minimum=20, share=0.5, what="the D-learns check", reference_step_seconds=0.013)
    message = info.value.message
    assert message.startswith("too slow: one train_step takes 2.50 s (the reference takes 13 ms)")
    assert "needs at least 20 steps (50 s)" in message and "smaller" in info.value.hint


def test_loss_fall() -> None:
    assert loss_fall([2.0, 1.5, 1.0, 1.0, 1.0, 1.0, 1.0]) == pytest.approx(0.5)
    assert loss_fall([1.0, 1.2, 1.4, 1.6, 1.8, 2.0]) < 0


def test_sample_distance_orders_sets() -> None:
    images, _ = load_digits(768, seed=1)
    real = images[:256] * 2 - 1
    distance = SampleDistance(real)
    same_kind = distance(images[256:512] * 2 - 1)
    grey = distance(np.zeros((256, 28, 28, 1)))
    noise = distance(np.random.default_rng(0).uniform(-1, 1, (256, 28, 28, 1)))
    assert same_kind < 0.05 < grey and same_kind < noise
    assert len(grid(images)) == 16 and len(grid(images)[0][0]) == 28


def test_references_and_closed_forms() -> None:
    assert float(np.mean(nm.bce_logits(1, np.zeros(4))) + np.mean(nm.bce_logits(0, np.zeros(4)))) == pytest.approx(2 * math.log(2))
    assert nm.gaussian_kl(np.ones((2, 15)), np.zeros((2, 15))).tolist() == [7.5, 7.5]
    assert nm.gaussian_kl(np.zeros((1, 3)), np.zeros((1, 3))).tolist() == [0.0]
    # Keras clips in float32: a clipped log(1 - p) is log(1.19e-7), not log(1e-7).
    assert float(nm.bce_probs(0.0, np.array([1.0]))[0]) == pytest.approx(-math.log(1.1920929e-07), rel=1e-6)


def test_diagnose_names_the_first_matching_mistake() -> None:
    candidates = [("half", 0.5), ("double", 2.0)]
    assert nm.diagnose(0.50004, candidates) == "half"
    assert nm.diagnose(2.0, candidates) == "double"
    assert nm.diagnose(3.0, candidates) is None


def test_scalar_and_finite_failures_explain() -> None:
    with pytest.raises(CheckFailed, match=r"returned shape \(64,\), expected a scalar"):
        nm.scalar(np.zeros(64), "generator_loss(fake_logits)")
    with pytest.raises(CheckFailed, match="returned None"):
        nm.to_numpy(None, "f()")
    with pytest.raises(CheckFailed, match="is NaN"):
        nm.require_finite(float("nan"), "the loss")


def test_suite_registry_order_and_needs() -> None:
    suite = Suite("demo")
    suite.check("a")(lambda ctx: None)
    suite.check("b", needs=("a",))(lambda ctx: None)
    assert suite.names() == ["a", "b"]
    with pytest.raises(ValueError, match="needs unknown or later"):
        suite.check("c", needs=("z",))
    with pytest.raises(ValueError, match="duplicate"):
        suite.check("a")


def test_engine_skips_dependants_and_survives_exits() -> None:
    import time
    from pathlib import Path

    from quiz.exercises.checklib.engine import Context, run_suite

    suite = Suite("demo")

    @suite.check("first")
    def first(ctx):
        raise CheckFailed("wrong", expected="1", actual="2", hint="fix it")

    @suite.check("second", needs=("first",))
    def second(ctx):
        return "never"

    @suite.check("third")
    def third(ctx):
        raise SystemExit(4)

    @suite.check("fourth")
    def fourth(ctx):
        raise MemoryError()

    events = []
    ctx = Context(suite=suite, submission=Path("x.py"), reference=Path("r.py"), data={},
                  deadline=time.monotonic() + 10, emit=events.append)
    results = {r["name"]: r for r in run_suite(suite, ctx)}
    assert results["first"]["status"] == "fail" and results["first"]["expected"] == "1"
    assert results["second"] == {"name": "second", "status": "skip", "message": "skipped: it needs first, which failed", "seconds": 0.0,
                                 "i18n": {"message": {"key": "lib.engine.skipped.failed", "params": {"check": "first"}}}}
    assert results["third"]["status"] == "error" and "sys.exit(4)" in results["third"]["message"]
    assert results["fourth"]["status"] == "error" and results["fourth"]["message"].startswith("out of memory")
    assert [e["type"] for e in events].count("check") == 4


def test_a_baseline_that_cannot_be_saved_leaves_no_temporary_file(tmp_path, monkeypatch) -> None:
    """Saving goes through the one atomic writer: a value JSON cannot hold raises before any
    file is made, so no temporary file is left in the cache."""
    from quiz.exercises.checklib import baselines

    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path))
    baselines.save("gan", "k1", {"loss": [1.0, 0.5]})
    assert baselines.load("gan", "k1") == {"loss": [1.0, 0.5], "key": "k1"}
    with pytest.raises(TypeError):
        baselines.save("gan", "k2", {"loss": object()})
    assert sorted(p.name for p in (tmp_path / "baselines").iterdir()) == ["gan-k1.json"]


def test_a_debug_exercise_shows_the_symptom_not_the_fix_and_one_failure_at_a_time() -> None:
    """Issue 18: debug exercises teach: no hint, the symptom instead of the named mistake, and a
    later failure only says it fails too; a normal exercise keeps the whole message."""
    import time
    from pathlib import Path

    from quiz.exercises.checklib.engine import Context, run_suite
    from quiz.exercises.messages import M, localize

    suite = Suite("demo")

    @suite.check("contract")
    def contract(ctx):
        return "ok"

    @suite.check("loss")
    def loss(ctx):
        symptom = M("demo.symptom", "loss(0, 0) = {v}, expected 2 ln 2", v=0.693)
        raise CheckFailed(M("demo.named", "{s}: the two terms look averaged", s=symptom), expected="1.386", actual="0.693",
                          hint="return real_loss + fake_loss", symptom=symptom)

    @suite.check("range")
    def range_(ctx):
        raise CheckFailed("outside [-1, 1]: no tanh", expected="[-1, 1]", hint="add a tanh")

    @suite.check("crash")
    def crash(ctx):
        raise SubmissionError("your code raised ValueError", hint="see the traceback")

    def run(teach: bool) -> dict:
        ctx = Context(suite=suite, submission=Path("x.py"), reference=Path("r.py"), data={},
                      deadline=time.monotonic() + 10, emit=lambda event: None, teach=teach)
        return {r["name"]: r for r in run_suite(suite, ctx)}

    full = run(teach=False)
    assert full["loss"]["message"] == "loss(0, 0) = 0.693, expected 2 ln 2: the two terms look averaged"
    assert full["loss"]["hint"] == "return real_loss + fake_loss" and full["range"]["hint"] == "add a tanh"
    assert all("symptom" not in r for r in full.values())

    taught = run(teach=True)
    assert taught["loss"]["message"] == "loss(0, 0) = 0.693, expected 2 ln 2"
    assert (taught["loss"]["expected"], taught["loss"]["actual"]) == ("1.386", "0.693") and "hint" not in taught["loss"]
    assert taught["range"]["status"] == "fail" and "tanh" not in str(taught["range"])
    assert taught["range"]["message"] == "fails too: fix loss first (the bugs surface one at a time)"
    assert localize(taught["range"], "zh")["message"] == "也未通过：先修好 loss（错误逐个暴露）"
    assert taught["crash"]["message"] == "your code raised ValueError" and taught["crash"]["hint"] == "see the traceback"
