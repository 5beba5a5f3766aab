"""The runner with a fake checker child (no TensorFlow): every way a run can end.

The fake (tests/exercises/fake_child.py) speaks the real protocol, so these test
the runner itself: parsing, the channel, timeouts, cancel, crashes, exits, and
the checks the runner makes before starting any child.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from quiz.exercises import check_text
from quiz.exercises.runner import CheckRun, run_batch, run_checks
from tests.exercises.conftest import fake
from tests.processes import wait_dead


@pytest.fixture
def submission(write) -> Path:
    return write("sub.py", "x = 1\n")


def events_of(run: CheckRun) -> list[dict]:
    return list(run.events())


def first_problem(report: dict) -> dict:
    return next(c for c in report["checks"] if c["status"] in ("fail", "error"))


def test_events_stream_in_order_and_end_with_one_report(submission: Path) -> None:
    events = events_of(CheckRun("gan", submission, command=fake("pass")))
    kinds = [e["type"] for e in events]
    assert kinds[0] == "plan"
    assert kinds.count("report") == 1 and kinds[-1] == "report"
    assert "check_started" in kinds and "log" in kinds
    report = events[-1]["report"]
    assert report["status"] == "pass"
    assert [c["name"] for c in report["checks"]] == ["contract", "a", "b"]
    assert report["metrics"]["x"] == 1.5
    assert report["exercise"] == "gan"


def test_run_checks_returns_the_report(submission: Path) -> None:
    assert run_checks("vae", submission, command=fake("pass"))["status"] == "pass"


def test_prints_resembling_results_cannot_forge_a_pass(submission: Path) -> None:
    report = run_checks("gan", submission, command=fake("forge"))
    assert report["status"] == "fail"
    assert first_problem(report)["name"] == "a"


def test_garbage_on_the_channel_is_ignored(submission: Path) -> None:
    assert run_checks("gan", submission, command=fake("garbage"))["status"] == "pass"


def test_timeout_reports_the_limit_and_kills_the_process_group(submission: Path, tmp_path: Path, monkeypatch) -> None:
    pid_file = tmp_path / "grandchild.pid"
    monkeypatch.setenv("FAKE_PID_FILE", str(pid_file))
    report = run_checks("gan", submission, command=fake("hang"), time_limit=2.5)
    assert report["status"] == "timeout"
    problem = first_problem(report)
    assert problem["name"] == "a"
    assert "time limit of 2.5 s" in problem["message"] and "during a" in problem["message"]
    assert [c["status"] for c in report["checks"]] == ["pass", "error", "skip"]
    assert wait_dead(int(pid_file.read_text()))


def test_cancel_from_another_thread(submission: Path, tmp_path: Path, monkeypatch) -> None:
    pid_file = tmp_path / "grandchild.pid"
    monkeypatch.setenv("FAKE_PID_FILE", str(pid_file))
    run = CheckRun("gan", submission, command=fake("hang"), time_limit=60)
    seen: list[dict] = []

    def cancel_when_started() -> None:
        while not pid_file.exists():
            time.sleep(0.05)
        run.cancel()

    threading.Thread(target=cancel_when_started, daemon=True).start()
    for event in run.events():
        seen.append(event)
    report = seen[-1]["report"]
    assert report["status"] == "cancelled"  # not "timeout": the 60 s limit was not what ended it
    assert wait_dead(int(pid_file.read_text()))
    # Issue 18: a cancelled check did nothing wrong: it is "cancelled", never "raised an error".
    assert [c["status"] for c in report["checks"]] == ["pass", "skip", "skip"]
    assert report["checks"][1]["message"] == "cancelled"
    assert report["checks"][2]["message"] == "skipped: the run was cancelled during a"
    for lang, said, never in (("en", "CANCELLED: 1 passed, 2 skipped", "raised an error"), ("zh", "已取消", "出错")):
        text = check_text.render(report, lang=lang)
        assert said in text and never not in text, text


def test_cancel_before_start(submission: Path) -> None:
    run = CheckRun("gan", submission, command=fake("pass"))
    run.cancel()
    assert events_of(run)[-1]["report"]["status"] == "cancelled"


def test_exit_status_zero_without_a_report_is_not_a_pass(submission: Path) -> None:
    report = run_checks("gan", submission, command=fake("exit0"))
    assert report["status"] == "error"
    message = first_problem(report)["message"]
    assert "exited with status 0" in message and "during a" in message and "not passing" in message


def test_exit_with_an_error_status(submission: Path) -> None:
    report = run_checks("gan", submission, command=fake("exit3"))
    assert report["status"] == "error"
    assert "exited with status 3" in first_problem(report)["message"]


def test_killed_child_is_reported_as_probably_out_of_memory(submission: Path) -> None:
    report = run_checks("gan", submission, command=fake("sigkill"))
    assert report["status"] == "error"
    assert "killed (SIGKILL)" in first_problem(report)["message"]


def test_crash_is_reported(submission: Path) -> None:
    report = run_checks("gan", submission, command=fake("segv"))
    assert report["status"] == "error"
    assert "segmentation fault" in first_problem(report)["message"]


def test_out_of_memory_is_named(submission: Path) -> None:
    report = run_checks("gan", submission, command=fake("oom"))
    assert report["status"] == "error"
    problem = first_problem(report)
    assert problem["message"].startswith("out of memory during a")
    assert "MemoryError" in problem["actual"]


def test_fatal_checker_problem(submission: Path) -> None:
    report = run_checks("gan", submission, command=fake("fatal"))
    assert report["status"] == "error"
    assert "DataError" in first_problem(report)["message"]


def test_batch_gives_one_report_per_submission(write) -> None:
    good, bad = write("good.py", "x = 1\n"), write("bad.py", "x = 2\n")
    empty = write("empty.py", "")
    reports = run_batch("gan", [good, bad, empty], command=fake("batch"))
    assert [r["status"] for r in reports] == ["pass", "fail", "error"]
    assert "empty" in reports[2]["checks"][0]["message"]


# ---------------------------------------------------------------- before any child starts

NEVER = fake("no-such-behaviour")  # would fail loudly if the runner started it


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.py", "", "empty.py is empty"),
        ("blank.py", "\n\n   \n", "blank.py is empty"),
        ("binary.py", b"\x7fELF\x02\x01\x01\x00\x00\x00garbage\x00\xff", "contains binary data"),
        ("latin1.py", b"x = '\xe9t\xe9'\n", "not UTF-8"),
        ("syntax.py", "def f(:\n    return 1\n", "syntax error in syntax.py, line 1"),
    ],
)
def test_unusable_files_are_named_without_starting_the_checker(write, name, content, expected) -> None:
    path = write(name, content)
    events = events_of(CheckRun("gan", path, command=NEVER))  # NEVER fails loudly if started
    report = events[-1]["report"]
    assert report["status"] == "error"
    assert report["checks"][0]["name"] == "contract"
    assert expected in report["checks"][0]["message"]
    assert events[0]["type"] == "check"  # shown live too


def test_syntax_error_shows_the_line(write) -> None:
    path = write("gan.py", "import keras\n\ndef build_generator(z_dim)\n    pass\n")
    message = run_checks("gan", path, command=NEVER)["checks"][0]["message"]
    assert "line 3" in message and "def build_generator(z_dim)" in message


def test_missing_file(tmp_path: Path) -> None:
    report = run_checks("gan", tmp_path / "nope.py", command=NEVER)
    assert report["status"] == "error"
    assert "file not found" in report["checks"][0]["message"]


def test_directory_instead_of_file(tmp_path: Path) -> None:
    report = run_checks("gan", tmp_path, command=NEVER)
    assert "is a directory" in report["checks"][0]["message"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(write) -> None:
    path = write("secret.py", "x = 1\n")
    path.chmod(0)
    try:
        assert "cannot read" in run_checks("gan", path, command=NEVER)["checks"][0]["message"]
    finally:
        path.chmod(0o644)


def test_unknown_exercise(submission: Path) -> None:
    from quiz.exercises.catalog import UnknownExercise

    with pytest.raises(UnknownExercise, match="available: attention, attention-debug, ddpm, ddpm-debug, gan"):
        CheckRun("nope", submission)


def test_reference_flag_checks_the_solution(submission: Path) -> None:
    run = CheckRun("gan-debug", submission, reference=True, command=fake("pass"))
    assert run.submission.name == "solution.py" and run.submission.parent.name == "gan-debug"
