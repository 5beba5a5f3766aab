"""A fake checker child for the wgan-gp exercise's TUI pictures: replays a recorded report.

``wgan_reports.json`` holds two real ``quiz check wgan-gp --json`` reports, times rounded
so snapshots are deterministic: ``fail``, the planted bug "epsilon and 1 − epsilon swapped
(keras.io's convention)", and ``pass``, the reference with its curves (the critic's
Wasserstein estimate and the generator loss) and sample grids (trimmed to keep the file
small). Usage: ``fake_wgan_checker.py fail|pass``. Imports nothing but the standard library.
"""

import json
import os
import sys
from pathlib import Path

from tests.fake_protocol import connect

fd, job, emit = connect()
report = json.loads((Path(__file__).parent / "wgan_reports.json").read_text(encoding="utf-8"))[sys.argv[1]]


emit({"type": "begin", "index": 0, "submission": job["submissions"][0]})
emit({"type": "plan", "checks": [c["name"] for c in report["checks"]]})
for check in report["checks"]:
    if check["status"] != "skip":
        emit({"type": "check_started", "name": check["name"]})
    emit({"type": "check", "check": check})
emit({"type": "metrics", "metrics": report["metrics"]})
emit({"type": "done", "index": 0})
