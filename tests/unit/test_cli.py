"""The ``quiz`` command: help, validate, stats, paths, db; exit statuses; no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quiz.__main__ import main


def run_cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True, text=True, timeout=60, **kw)


def test_help_lists_commands_and_an_example(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for word in ("validate", "stats", "examples:", "exit status"):
        assert word in out


@pytest.mark.parametrize("command", ["validate", "stats", "paths", "db"])
def test_each_command_has_help_with_an_example(command: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "example" in capsys.readouterr().out


def test_bad_usage_exits_2() -> None:
    result = run_cli("no-such-command")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_validate_good_and_bad(tmp_path: Path, test_bank_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", str(test_bank_dir)]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\ndeck: {id: b, title: {en: B, zh: B}}\nquestions:\n  - id: b.x\n    kind: oops\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:4:" in out and "kind 'oops'" in out
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 1


def test_stats_prints_every_deck(tmp_path: Path, test_bank_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--bank", str(test_bank_dir), "--db", str(tmp_path / "s.db"), "stats"]) == 0
    out = capsys.readouterr().out
    assert "Mini deck" in out and "Extra deck" in out and "Retention" in out
    assert main(["--lang", "zh", "--bank", str(test_bank_dir), "--db", str(tmp_path / "s.db"), "stats"]) == 0
    assert "小题库" in capsys.readouterr().out


def test_damaged_database_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    db.write_bytes(b"garbage" * 500)
    result = run_cli("--db", str(db), "stats")
    assert result.returncode == 1
    assert "damaged" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("--db", str(db), "db", "move-aside")
    assert result.returncode == 0 and not db.exists()
    assert list(tmp_path.glob("broken.db.damaged-*"))
    assert run_cli("--db", str(db), "db", "check").returncode == 0


def test_bad_config_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("new_per_day = 'lots'\n", encoding="utf-8")
    result = run_cli("stats", env={**__import__("os").environ, "QUIZ_CONFIG": str(config)})
    assert result.returncode == 1 and "new_per_day" in result.stderr and "Traceback" not in result.stderr


TUI_ARGVS = [[], ["--lang", "zh"], ["--lang=en", "--db", "x.db"], ["--bank", "a", "--bank=b"],
             ["--db=y", "--lang", "zh", "--bank", "c"]]


@pytest.mark.parametrize("argv", TUI_ARGVS, ids=" ".join)
def test_a_bare_quiz_is_read_as_the_whole_command_line_reads_it(argv: list[str]) -> None:
    """`quiz` with global options only skips building every command's parser; what it reads
    is what the whole parser makes of the same arguments (and no command)."""
    from quiz.__main__ import build_parser, tui_arguments

    whole = build_parser("en").parse_args(argv)
    assert whole.command is None
    assert vars(tui_arguments(argv)) == {key: getattr(whole, key) for key in ("lang", "bank", "db")}


@pytest.mark.parametrize("argv", [["stats"], ["-h"], ["--version"], ["--lang"], ["--lang", "fr"], ["--la", "zh"],
                                  ["--db"], ["x"], ["--lang", "zh", "stats"], ["--", "x"]], ids=" ".join)
def test_anything_else_goes_to_the_whole_command_line(argv: list[str]) -> None:
    from quiz.__main__ import tui_arguments

    assert tui_arguments(argv) is None


def test_a_mistake_beside_the_global_options_is_still_reported_by_the_whole_parser() -> None:
    result = run_cli("--lang", "fr")
    assert result.returncode == 2 and "invalid choice" in result.stderr and "Traceback" not in result.stderr
