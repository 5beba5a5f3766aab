"""A fake checker child for the sampling exercise's TUI pictures: replays a recorded report.

``sampling_fail_report.json`` is a real ``quiz check sampling --json`` report of the
planted bug "the token that crosses p was dropped" (times rounded, so snapshots are
deterministic), with its two distribution charts. The fake speaks the real event
protocol (QUIZ_EVENT_FD, QUIZ_CHECK_JOB) and imports nothing but the standard library.
"""

import json
import os
from pathlib import Path

from tests.fake_protocol import connect

fd, job, emit = connect()
report = json.loads((Path(__file__).parent / "sampling_fail_report.json").read_text(encoding="utf-8"))


emit({"type": "begin", "index": 0, "submission": job["submissions"][0]})
emit({"type": "plan", "checks": [c["name"] for c in report["checks"]]})
for check in report["checks"]:
    if check["status"] != "skip":
        emit({"type": "check_started", "name": check["name"]})
    emit({"type": "check", "check": check})
emit({"type": "metrics", "metrics": report["metrics"]})
emit({"type": "done", "index": 0})
