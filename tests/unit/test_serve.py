"""``quiz serve``: a port in use, or one that cannot be used, gives a message and status 1, not a traceback."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.__main__ import main
from quiz.serve import app_command, port_problem


@pytest.fixture
def busy_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_port_in_use(busy_port: int, lang: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["--lang", lang, "serve", "--port", str(busy_port)]) == 1
    err = capsys.readouterr().err
    assert str(busy_port) in err and f"--port {busy_port + 1}" in err
    assert ("in use" in err) if lang == "en" else ("已被占用" in err)


def test_port_problems_are_told_apart(busy_port: int) -> None:
    assert port_problem("127.0.0.1", busy_port) == "in_use"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    assert port_problem("127.0.0.1", free) is None
    assert port_problem("no-such-host.invalid", 8000) == "bad_host"


def test_bad_port_numbers_and_hosts(capsys: pytest.CaptureFixture) -> None:
    assert main(["serve", "--port", "70000"]) == 1
    assert "--port" in capsys.readouterr().err
    assert main(["serve", "--host", "no-such-host.invalid"]) == 1
    assert "127.0.0.1" in capsys.readouterr().err


def test_the_served_command_carries_this_run_s_options(tmp_path: Path) -> None:
    argv = shlex.split(app_command(lang="zh", banks=[Path("decks")], db=tmp_path / "p.sqlite3"))
    assert argv[:3] == [sys.executable, "-m", "quiz"]
    assert argv[3:] == ["--lang", "zh", "--bank", str(Path("decks").resolve()), "--db", str(tmp_path / "p.sqlite3")]


def test_no_traceback_from_the_command(busy_port: int) -> None:
    result = subprocess.run([sys.executable, "-m", "quiz", "serve", "--port", str(busy_port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "in use" in result.stderr


def test_listens_on_this_machine_only_by_default() -> None:
    from quiz.__main__ import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
