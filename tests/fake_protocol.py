"""What every fake checker child of the tests shares: the runner's channel and the job.

The fakes speak the real protocol (see :mod:`quiz.exercises.child`), cold or warm: in
warm mode (``QUIZ_CONTROL_FD``) :func:`connect` says ``ready`` and waits for the
submissions on the control pipe, exactly as the real child does, and exits quietly if
the pipe closes first. Imports nothing heavy.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from quiz.exercises.child import ControlClosed, control_fd, receive_submissions


def connect():
    """``(event fd, job, emit)``: the job with its submissions (after waiting for them when warm)."""
    fd = int(os.environ["QUIZ_EVENT_FD"])
    job = json.loads(os.environ["QUIZ_CHECK_JOB"])

    def emit(event: dict) -> None:
        os.write(fd, (json.dumps(event, ensure_ascii=False) + "\n").encode())

    try:
        job = receive_submissions(job, emit, control_fd())
    except ControlClosed:
        sys.exit(0)
    return fd, job, emit


def write_pids(text: str) -> None:
    """Write ``$FAKE_PID_FILE`` all at once (a temp file renamed over it), so a test that waits
    for the file to exist never reads it empty, between its creation and the write."""
    from quiz.atomic import write_atomic

    write_atomic(Path(os.environ["FAKE_PID_FILE"]), text)
