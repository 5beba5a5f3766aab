"""``quiz plan`` and the plan under ``quiz stats``: set, show, clear; bad input named with exit 2;
a reader that closes the pipe early gets no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from quiz.__main__ import main
from quiz.exit_codes import ExitStatus


@pytest.fixture
def cli(tmp_path: Path, test_bank_dir: Path, capsys: pytest.CaptureFixture):
    """Run ``quiz --bank tests/data/bank --db tmp/p.db ARGS``; returns (status, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--bank", str(test_bank_dir), "--db", str(tmp_path / "p.db"), *args])
        out = capsys.readouterr()
        return status, out.out, out.err

    return run


def in_days(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


def test_plan_is_set_shown_and_cleared(cli) -> None:
    status, out, _ = cli("plan")
    assert status == ExitStatus.OK and "No interview date set" in out
    status, out, _ = cli("plan", in_days(14), "--decks", "mini", "--cap", "5")
    assert status == ExitStatus.OK
    assert "Interview plan saved." in out and f"Interview {in_days(14)} (in 14 days)" in out
    assert "Mini deck · at most 5 cards a day" in out and "on track" in out
    assert "Day" in out and in_days(0) in out  # the day-by-day table
    status, out, _ = cli("plan", "--cap", "7")  # keeps the date and the decks
    assert f"Interview {in_days(14)}" in out and "Mini deck · at most 7 cards a day" in out
    status, out, _ = cli("--lang", "zh", "plan")
    assert "面试" in out and "小题库" in out
    status, out, _ = cli("stats")
    assert f"Interview {in_days(14)}" in out and "Readiness on the day 0%" in out
    status, out, _ = cli("plan", "--clear")
    assert status == ExitStatus.OK and "cleared" in out
    status, out, _ = cli("stats")
    assert "Readiness now 0%" in out and "No interview date set" in out


def test_a_plan_too_big_for_the_cap_is_saved_and_says_what_would_fit(cli) -> None:
    status, out, _ = cli("plan", in_days(3), "--cap", "1")
    assert status == ExitStatus.OK
    assert "not feasible:" in out and "new per day needed" in out and "would fit them all" in out


@pytest.mark.parametrize("args, words", [
    (["plan", "2020-01-01"], "is in the past"),
    (["plan", "20th of May"], "is not a date: write it as YYYY-MM-DD"),
    (["plan", in_days(10), "--decks", "mini", "nope"], "No deck nope. The decks are: "),
    (["plan", in_days(10), "--cap", "0"], "not a whole number from 1 to 1000"),
    (["plan", "--cap", "5"], "give the interview date first"),
    (["plan", "--clear", in_days(3)], "--clear takes no date"),
])
def test_bad_input_is_named_with_exit_2(cli, args: list[str], words: str) -> None:
    status, out, err = cli(*args)
    assert status == ExitStatus.USAGE
    assert words in err and "Traceback" not in err


def test_bad_input_from_the_shell_has_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "quiz", "--db", str(tmp_path / "p.db"), "plan", "yesterday"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "quiz plan: 'yesterday' is not a date" in result.stderr
    assert "Traceback" not in result.stderr


def test_stats_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`quiz stats | head`: the reader may be gone before quiz writes; no BrokenPipeError traceback."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte
    try:
        result = subprocess.run([sys.executable, "-m", "quiz", "--db", str(tmp_path / "p.db"), "stats"],
                                stdout=write, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write)
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
    assert result.returncode == ExitStatus.OK


def test_plan_has_help_with_examples(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["plan", "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "examples:" in out and "quiz plan 2026-12-20 --decks gan vae --cap 30" in out and "exit status" in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "quiz plan 2026-12-20" in capsys.readouterr().out
