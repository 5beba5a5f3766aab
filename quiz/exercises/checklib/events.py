"""The child's event channel: JSON lines on a dedicated pipe.

The runner passes the write end of a pipe (its number in ``QUIZ_EVENT_FD``). The
child moves it to a high, non-inheritable descriptor before any submission code
runs and forgets the variable, so the submission's prints (fd 1), TensorFlow's
logging (fd 2) and any subprocess it starts cannot reach the channel by accident.
(Code running in the same process could still find the descriptor on purpose; the
channel guards against noise and look-alike output, not against a hostile process.)
"""

from __future__ import annotations

import json
import math
import os
from typing import Any


def jsonable(value: Any) -> Any:
    """Replace non-finite floats (not valid JSON) with None, recursively; NumPy scalars to Python."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        return jsonable(value.item())
    if hasattr(value, "tolist"):
        return jsonable(value.tolist())
    return value


class Emitter:
    """Writes one JSON object per line to the event descriptor."""

    def __init__(self, fd: int):
        # Move the channel out of the low numbers a careless os.write(3, ...) would hit.
        high = fcntl_dup_high(fd)
        os.close(fd)
        os.set_inheritable(high, False)
        self._fd = high

    def emit(self, event: dict) -> None:
        data = (json.dumps(jsonable(event), ensure_ascii=False, allow_nan=False) + "\n").encode()
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def close(self) -> None:
        try:
            os.close(self._fd)
        except OSError:
            pass


def fcntl_dup_high(fd: int, low: int = 600) -> int:
    """Duplicate ``fd`` to the first free descriptor >= ``low``."""
    import fcntl

    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, low)
