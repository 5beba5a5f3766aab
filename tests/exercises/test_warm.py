"""The warm checker with a fake child (no TensorFlow): one process per run, replaced at once;
a save during a run; and no checker process left behind however the owner goes away."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quiz.exercises import runner
from quiz.exercises.runner import run_checks
from quiz.exercises.warm import WarmChecker
from tests.exercises.conftest import ROOT, fake
from tests.processes import alive, wait_dead


def _wait_file(path: Path, seconds: float = 10.0) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists() and path.read_text().strip():
            return path.read_text()
        time.sleep(0.02)
    raise AssertionError(f"{path} never written")


def _report(run) -> dict:
    return [e for e in run.events() if e["type"] == "report"][0]["report"]


@pytest.fixture
def good(write) -> Path:
    return write("good.py", "x = 1\n")


@pytest.fixture
def hanging(write, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("FAKE_PID_FILE", str(tmp_path / "pids"))
    return write("hang.py", "hang\n")


@pytest.fixture
def warm():
    checker = WarmChecker("gan", command=fake("judge"))
    yield checker
    checker.close()


def test_the_warm_process_runs_once_and_is_replaced(warm: WarmChecker, good: Path) -> None:
    warm.prepare()
    assert warm.wait_ready(15), "the warm fake never said ready"
    first = warm.spare_pid
    report = _report(warm.run(good))
    assert report["status"] == "pass"
    assert report["metrics"]["pid"] == first, "the run did not use the process started ahead of it"
    second = warm.spare_pid
    assert second not in (None, first), "no fresh process was prepared for the next run"
    assert wait_dead(first), "the used process is still there"
    report = _report(warm.run(good))
    assert report["metrics"]["pid"] == second
    assert warm.spare_pid not in (None, first, second)


def test_a_source_error_leaves_the_warm_process_for_the_next_run(warm: WarmChecker, write, good: Path) -> None:
    warm.prepare()
    spare = warm.spare_pid
    report = _report(warm.run(write("bad.py", "def broken(:\n")))
    assert report["status"] == "error" and report["checks"][0]["name"] == "contract"
    assert warm.spare_pid == spare
    assert _report(warm.run(good))["metrics"]["pid"] == spare


def test_a_save_during_a_run_cancels_it_and_the_next_runs_warm(warm: WarmChecker, hanging: Path, good: Path,
                                                                 tmp_path: Path) -> None:
    warm.prepare()
    first = warm.spare_pid
    slow = warm.run(hanging)
    seen: list[dict] = []
    reader = threading.Thread(target=lambda: seen.extend(slow.events()))
    reader.start()
    hung_pid, grandchild = map(int, _wait_file(tmp_path / "pids").split())
    assert hung_pid == first
    spare = warm.spare_pid
    assert spare not in (None, first)
    assert warm.wait_ready(15), "the next process was not warm while the first hung"
    # The save: cancel the run in progress, check the new file on the warm process.
    slow.cancel()
    report = _report(warm.run(good))
    reader.join(10)
    assert seen[-1]["report"]["status"] == "cancelled"
    assert report["status"] == "pass" and report["metrics"]["pid"] == spare
    assert wait_dead(hung_pid) and wait_dead(grandchild), "the cancelled run left a process behind"


def test_close_ends_the_waiting_process(warm: WarmChecker) -> None:
    warm.prepare()
    assert warm.wait_ready(15)
    pid = warm.spare_pid
    warm.close()
    assert wait_dead(pid)
    warm.prepare()
    assert warm.spare_pid is None, "a closed checker started another process"


OWNER = """
import sys, threading, time
from pathlib import Path
from quiz.exercises.warm import WarmChecker
warm = WarmChecker("gan", command=sys.argv[2:])
run = warm.run(Path(sys.argv[1]))
threading.Thread(target=lambda: list(run.events()), daemon=True).start()
while warm.spare_pid is None:
    time.sleep(0.01)
warm.wait_ready(15)
print(warm.spare_pid, flush=True)
time.sleep(300)
"""


def test_killing_the_owner_leaves_no_checker_process(hanging: Path, tmp_path: Path) -> None:
    """The app dies without cleaning up (SIGKILL): the running child, its grandchild and the
    waiting spare all notice their control pipe close and go."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    owner = subprocess.Popen([sys.executable, "-c", OWNER, str(hanging), *fake("judge")], env=env,
                             stdout=subprocess.PIPE, text=True)
    try:
        spare = int(owner.stdout.readline())
        running, grandchild = map(int, _wait_file(tmp_path / "pids").split())
        assert all(alive(pid) for pid in (spare, running, grandchild))
    finally:
        owner.kill()
        owner.wait()
    for pid in (spare, running, grandchild):
        assert wait_dead(pid), f"process {pid} outlived the app"


def test_a_call_stuck_past_its_bound_is_stopped_by_the_runner(good: Path, monkeypatch) -> None:
    """A call stuck where the child's own alarm cannot reach (inside TensorFlow's C++): the
    runner kills the child shortly after the announced bound and names the call at its check."""
    monkeypatch.setattr(runner, "watchdog_grace", lambda: 0.1)
    report = run_checks("gan", good, command=fake("stuck"))
    assert report["status"] == "timeout"
    by_name = {c["name"]: c for c in report["checks"]}
    assert by_name["a"]["status"] == "error"
    assert by_name["a"]["message"] == "too slow / not returning: one step took > 0.2 s (the reference takes 13 ms)"
    assert by_name["b"]["status"] == "skip" and "during a" in by_name["b"]["message"]
