"""A fake checker child for the attention exercises' TUI pictures: replays a recorded report.

``python -S fake_attention_checker.py REPORT`` replays ``REPORT`` (a file beside this one),
a real ``quiz check attention --json`` report with times rounded, so snapshots are
deterministic: ``attention_fail_report.json`` is the planted bug "scaled by √d_model
instead of √d_head" (tests/exercises/mutants/attention_scale_d_model.py), and
``attention_pass_report.json`` the reference, with the learning check's loss curves.
The fake speaks the real event protocol (QUIZ_EVENT_FD, QUIZ_CHECK_JOB) and imports
nothing but the standard library.
"""

import json
import os
import sys
from pathlib import Path

from tests.fake_protocol import connect

fd, job, emit = connect()
report = json.loads((Path(__file__).parent / sys.argv[1]).read_text(encoding="utf-8"))


emit({"type": "begin", "index": 0, "submission": job["submissions"][0]})
emit({"type": "plan", "checks": [c["name"] for c in report["checks"]]})
for check in report["checks"]:
    if check["status"] != "skip":
        emit({"type": "check_started", "name": check["name"]})
    emit({"type": "check", "check": check})
emit({"type": "metrics", "metrics": report["metrics"]})
emit({"type": "done", "index": 0})
