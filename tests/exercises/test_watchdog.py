"""The per-call time bound (quiz.exercises.checklib.watchdog) and how the engine reports it; no TensorFlow."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.exercises.checklib import watchdog
from quiz.exercises.checklib.engine import Context, run_suite
from quiz.exercises.checklib.registry import Suite


def spin() -> None:
    while True:  # the user's bug: a loop that never ends
        pass


def test_step_limit_is_thirty_reference_steps_within_ten_to_twenty_seconds() -> None:
    assert watchdog.step_limit(0.013) == 10.0  # the reference MLP: 0.39 s, raised to the floor
    assert watchdog.step_limit(0.5) == 15.0
    assert watchdog.step_limit(2.0) == 20.0
    assert watchdog.step_limit(None) == 20.0
    assert watchdog.step_limit(0.013, first=True) == watchdog.FIRST_STEP_SECONDS == 15.0


def test_steps_run_in_one_call_get_a_bound_for_all_of_them() -> None:
    events: list[dict] = []
    dog = watchdog.Watchdog(events.append)
    dog.reference_step_seconds = 0.001
    with dog.steps(3, first=True):  # the call that traces: the first step's bound and a step's
        pass
    assert events[0]["seconds"] == pytest.approx(watchdog.FIRST_STEP_SECONDS + watchdog.MIN_SECONDS, abs=0.05)
    assert events[0]["message"].startswith("too slow / not returning: the first 3 steps (tracing included) took > 25 s")
    events.clear()
    with dog.steps(1000, first=False, measured=0.004):  # 10× what they took before (above 30× the reference's): 40 s
        pass
    assert events[0]["seconds"] == pytest.approx(40.0, abs=0.05)
    events.clear()
    with dog.steps(10, first=False, measured=0.004):  # never under the floor
        pass
    assert events[0]["seconds"] == pytest.approx(watchdog.MIN_SECONDS, abs=0.05)


def test_a_loop_that_never_returns_is_stopped_with_the_message() -> None:
    events: list[dict] = []
    dog = watchdog.Watchdog(events.append)
    dog.reference_step_seconds = 0.013
    with pytest.raises(watchdog.CallTooSlow) as stopped:
        with dog.bound("one step", 0.2, 0.013):
            spin()
    assert stopped.value.message == "too slow / not returning: one step took > 0.2 s (the reference takes 13 ms)"
    # The runner was told of the bound, then that it is over.
    assert events[0]["type"] == "watchdog" and 0 < events[0]["seconds"] <= 0.2
    assert events[0]["message"] == stopped.value.message
    assert events[-1] == {"type": "watchdog", "seconds": None, "message": ""}


def test_except_exception_in_the_submission_cannot_swallow_it() -> None:
    dog = watchdog.Watchdog()

    def stubborn() -> None:
        while True:
            try:
                spin()
            except Exception:  # noqa: BLE001 - what a user might write
                pass

    with pytest.raises(watchdog.CallTooSlow):
        with dog.bound("train_step", 0.2):
            stubborn()


def test_a_nested_bound_names_the_call_but_never_outlasts_the_outer_one() -> None:
    events: list[dict] = []
    dog = watchdog.Watchdog(events.append)
    with pytest.raises(watchdog.CallTooSlow) as stopped:
        with dog.bound("train_step(...)", 0.2):
            with dog.bound("one step", 30.0):
                spin()
    assert stopped.value.message.startswith("too slow / not returning: one step took > 30 s")
    armed = [e["seconds"] for e in events if e["seconds"] is not None]
    assert len(armed) == 2 and armed[1] <= 0.2
    # A call that returns in time leaves nothing armed behind.
    with dog.bound("quick", 5.0):
        pass
    with dog.bound("quick", 5.0):
        with dog.bound("quicker", 1.0):
            pass
    assert dog._bounds == []


def test_the_engine_fails_the_check_and_its_dependants_say_why(monkeypatch) -> None:
    monkeypatch.setattr(watchdog, "MAX_SECONDS", 0.2)
    monkeypatch.setattr(watchdog, "_current", watchdog.Watchdog())
    suite = Suite("demo")

    @suite.check("train_step_updates")
    def hangs(ctx: Context) -> None:
        with ctx.calling("train_step(generator, ...)"):
            spin()

    @suite.check("d_learns", needs=("train_step_updates",))
    def learns(ctx: Context) -> None:
        raise AssertionError("must be skipped")

    @suite.check("losses")
    def independent(ctx: Context) -> str:
        return "still runs"

    ctx = Context(suite=suite, submission=Path("sub.py"), reference=Path("ref.py"), data={}, deadline=1e12,
                  emit=lambda event: None)
    results = {r["name"]: r for r in run_suite(suite, ctx)}
    stopped = results["train_step_updates"]
    assert stopped["status"] == "fail"
    assert stopped["message"] == "too slow / not returning: train_step(generator, ...) took > 0.2 s"
    assert stopped["expected"] and stopped["actual"] and stopped["hint"]
    assert "too_slow" not in stopped
    assert results["d_learns"]["status"] == "skip"
    assert results["d_learns"]["message"] == "skipped: it needs train_step_updates, which did not return in time"
    assert results["losses"] == {**results["losses"], "status": "pass", "message": "still runs"}


def test_a_loop_at_import_is_the_contract_checks_failure(monkeypatch, write) -> None:
    from quiz.exercises.checklib.loader import load_module

    monkeypatch.setattr(watchdog, "MAX_SECONDS", 0.2)
    path = write("loops.py", "while True:\n    pass\n")
    with pytest.raises(watchdog.CallTooSlow) as stopped:
        load_module(path, "quiz_submission_loops")
    assert "importing the submission took > 0.2 s" in stopped.value.message
