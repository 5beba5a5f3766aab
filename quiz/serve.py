"""Browser mode: the same TUI served as a web page by textual-serve.

textual-serve runs ``quiz`` (with the options this run was given: language,
banks, database) in a child process per browser tab and relays the terminal
over a websocket to xterm.js in the page. It listens on 127.0.0.1 unless told
otherwise: the page is the whole app, with the user's progress.
"""

from __future__ import annotations

import errno
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def app_command(*, lang: str | None = None, banks: Sequence[Path] = (), db: Path | None = None) -> str:
    """The shell command textual-serve runs for each browser tab: this Python's ``quiz``."""
    argv = [sys.executable, "-m", "quiz"]
    if lang:
        argv += ["--lang", lang]
    for bank in banks:
        argv += ["--bank", str(Path(bank).resolve())]
    if db is not None:
        argv += ["--db", str(Path(db).resolve())]
    return shlex.join(argv)


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host:port`` ("in_use", "denied", "bad_host"), or None if it can."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return "bad_host"
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does: TIME_WAIT is no obstacle
        try:
            probe.bind(address)
        except PermissionError:
            return "denied"
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "in_use"
            if exc.errno in (errno.EACCES, errno.EPERM):
                return "denied"
            return "bad_host"
    return None


def serve(command: str, host: str, port: int) -> None:
    """Serve ``command`` at ``http://host:port`` until interrupted (Ctrl+C)."""
    from textual_serve.server import Server

    Server(command, host=host, port=port, title="quiz").serve()
