"""Whether a process is still there, for the tests that check no checker process is left behind."""

from __future__ import annotations

import os
import time


def alive(pid: int) -> bool:
    """The process exists and has not exited (a zombie waiting to be reaped counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"  # the state follows the name in parentheses
    except OSError:
        return False


def wait_dead(pid: int, seconds: float = 10.0) -> bool:
    """Whether the process is gone within ``seconds`` (a generous bound, not a sleep)."""
    end = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > end:
            return False
        time.sleep(0.02)
    return True
