"""``quiz check ID FILE --watch`` driven through a pseudo-terminal, as a user runs it (fake checker, no TensorFlow).

The command runs the real ``quiz`` entry point in its own process with the TUI tests'
fake checker (tests/tui/fake_checker.py: a file with the line ``# broken`` fails
``generator_output``); the test types keys into the terminal and reads the screen.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from quiz.exercises import catalog, workspace
from tests.exercises.conftest import ROOT
from tests.tui.conftest import fake_checker

ENTRY = (
    "import sys; from quiz.__main__ import main; from quiz.runtime import Runtime; "
    "sys.exit(main(sys.argv[1:], runtime=Runtime(checker_command=tuple({checker!r}))))"
)


class Terminal:
    """A command in a pseudo-terminal: what it printed so far, keys typed into it."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the command
            os.execve(argv[0], argv, env)
        self.text = ""

    def read_until(self, needle: str, count: int = 1, timeout: float = 20.0) -> str:
        """Read until ``needle`` has appeared ``count`` times in all the output (a generous bound, not a sleep)."""
        end = time.monotonic() + timeout
        while self.text.count(needle) < count:
            if time.monotonic() > end:
                raise AssertionError(f"{needle!r} ×{count} never appeared; the screen had:\n{self.text}")
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    self.text += os.read(self.fd, 4096).decode("utf-8", "replace")
                except OSError:  # the command exited and the terminal closed
                    pass
        return self.text

    def drain(self) -> None:
        """Read what is left (after the command exited: up to the terminal's end)."""
        while select.select([self.fd], [], [], 0.2)[0]:
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                return
            if not data:
                return
            self.text += data.decode("utf-8", "replace")

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def exit_status(self, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.drain()
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.drain()
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError(f"the command did not exit; the screen had:\n{self.text}")


@pytest.fixture
def watch(tmp_path: Path):
    """Start ``quiz check sampling FILE --watch`` (an exercise that needs no TensorFlow) in a terminal."""
    started: list[Terminal] = []

    def start(path: Path, *options: str) -> Terminal:
        env = dict(os.environ, PYTHONPATH=str(ROOT), FAKE_RUN_LOG=str(tmp_path / "runs.log"), TERM="xterm")
        code = ENTRY.format(checker=fake_checker("judge"))
        terminal = Terminal([sys.executable, "-c", code, *options, "check", "sampling", str(path), "--watch"], env)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        try:
            os.kill(terminal.pid, signal.SIGKILL)
            os.waitpid(terminal.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(terminal.fd)


def _runs(tmp_path: Path) -> list[str]:
    log = tmp_path / "runs.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_watch_reruns_on_save_and_q_exits_0(watch, tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text("# first\n", encoding="utf-8")
    term = watch(path)
    term.read_until("Waiting for the next save")
    assert "PASS" in term.text and "quiz exercise solution sampling" in term.text
    assert "\x1b[2J" in term.text, "the screen is cleared before a run"

    path.write_text("# second\n# broken\n", encoding="utf-8")  # the save
    screen = term.read_until("Waiting for the next save", count=2)
    second = screen[screen.rindex("\x1b[2J"):]
    assert "✗ generator_output" in second
    assert "expected: values in [-1, 1] (tanh)" in second and "actual:   [-2.95, 3.2]" in second
    assert "hint:" in second and "press h for the next hint (0 of " in second.replace("Press", "press")

    term.type("h")
    term.read_until("Hint 1 of ")
    term.type("q")
    assert term.exit_status() == 0
    assert "Stopped watching." in term.text
    assert _runs(tmp_path) == ["# first", "# second"]
    assert workspace.hints_shown(catalog.get_exercise("sampling")) == 1, "the hint shown is remembered"


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: a watching checker process
def test_ctrl_c_exits_0_and_chinese_is_spoken(watch, tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text("# only\n", encoding="utf-8")
    term = watch(path, "--lang", "zh")
    term.read_until("等待下一次保存")
    term.type("\x03")  # Ctrl+C: the terminal sends SIGINT
    assert term.exit_status() == 0
    assert "已停止监视。" in term.text


def test_watch_refuses_json_and_reference(capsys) -> None:
    from quiz.__main__ import main

    assert main(["check", "gan", "--reference", "--watch"]) == 2
    assert main(["check", "gan", "x.py", "--json", "--watch"]) == 2
    assert capsys.readouterr().err.count("--watch") == 2
