"""A fake checker child for the DDPM exercises' TUI snapshots: replays a recorded report.

``ddpm_<argv[1]>_report.json`` is a real ``quiz check ddpm --json`` report (times rounded,
so snapshots are deterministic): ``pass`` is the reference, with its loss curves and the
scatter of samples; ``fail`` is the planted bug σ = β_t in p_sample. The fake speaks the
real event protocol (QUIZ_EVENT_FD, QUIZ_CHECK_JOB) and imports nothing but the standard library.
"""

import json
import os
import sys
from pathlib import Path

from tests.fake_protocol import connect

fd, job, emit = connect()
report = json.loads((Path(__file__).parent / f"ddpm_{sys.argv[1]}_report.json").read_text(encoding="utf-8"))


emit({"type": "begin", "index": 0, "submission": job["submissions"][0]})
emit({"type": "plan", "checks": [c["name"] for c in report["checks"]]})
for check in report["checks"]:
    if check["status"] != "skip":
        emit({"type": "check_started", "name": check["name"]})
    emit({"type": "check", "check": check})
emit({"type": "metrics", "metrics": report["metrics"]})
emit({"type": "done", "index": 0})
