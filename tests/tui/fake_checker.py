"""A fake exercise checker child for the TUI tests: the real protocol, fixed data, no TensorFlow.

``fake_checker.py judge``: the submission fails ``generator_output`` when it contains
the line ``# broken``, and otherwise passes every check with loss curves and
samples in its metrics (and the pid of the process that ran it). ``fake_checker.py slow``
(or ``judge`` on a submission with the line ``# slow``): writes its pid to
``$FAKE_PID_FILE``, starts the first check and sleeps (for cancel tests). Every run
appends the submission's first line to ``$FAKE_RUN_LOG`` when that is set.
"""

import json
import math
import os
import sys
import time

from tests.fake_protocol import connect, write_pids

PLAN = ["contract", "generator_output", "discriminator_output", "d_learns", "end_to_end"]

fd, job, emit = connect()
behaviour = sys.argv[1]
submission = open(job["submissions"][0], encoding="utf-8").read()


def check(name, status="pass", message="ok", seconds=0.5, **extra):
    emit({"type": "check_started", "name": name})
    emit({"type": "check", "check": {"name": name, "status": status, "message": message, "seconds": seconds, **extra}})


def image(k, real):
    """A ring whose radius and centre depend on k: a stand-in for a digit."""
    cy, cx, r = 14 + (k % 3) - 1, 14 + (k % 4) - 2, 6 + (k % 5)
    rows = []
    for y in range(28):
        row = []
        for x in range(28):
            d = abs(math.hypot(y - cy, x - cx) - r)
            row.append(round(max(0.0, 1.0 - d / (1.5 if real else 2.5)), 3))
        rows.append(row)
    return rows


def curve(start, end, wiggle, n=40):
    return [round(end + (start - end) * math.exp(-i / 8) + wiggle * math.sin(i), 4) for i in range(n)]


if os.environ.get("FAKE_RUN_LOG"):
    with open(os.environ["FAKE_RUN_LOG"], "a", encoding="utf-8") as log:
        log.write((submission.splitlines() or [""])[0] + "\n")

emit({"type": "begin", "index": 0, "submission": job["submissions"][0]})
emit({"type": "plan", "checks": PLAN})
if behaviour == "slow" or (behaviour == "judge" and "# slow" in submission.splitlines()):
    write_pids(str(os.getpid()))
    check("contract", message="imports; the five functions are present", seconds=0.0)
    emit({"type": "check_started", "name": "generator_output"})
    emit({"type": "log", "text": "training the reference solution for the baselines (cached for later checks)"})
    time.sleep(120)
elif behaviour == "judge" and "# broken" in submission.splitlines():
    check("contract", message="imports; the five functions are present", seconds=0.0)
    # As the real checker words it: keyed messages (quiz.exercises.messages), rendered in the session's language.
    check("generator_output", "fail",
          "generator outputs range over [-2.95, 3.2], outside [-1, 1]: the last layer has no tanh",
          seconds=0.3, expected="values in [-1, 1] (tanh)", actual="[-2.95, 3.2]",
          hint="End the generator with activation='tanh' (the real images are scaled to [-1, 1]).",
          i18n={"message": {"key": "lib.generators.check_tanh_generator.generator_outputs_range",
                            "params": {"lo": "-2.95", "hi": "3.2"}},
                "expected": {"key": "lib.generators.check_tanh_generator.values_tanh", "params": {}},
                "hint": {"key": "lib.generators.check_tanh_generator.end_generator_activation", "params": {}}})
    for name in PLAN[2:]:
        emit({"type": "check", "check": {"name": name, "status": "skip", "message": "skipped: it needs generator_output, which failed", "seconds": 0.0,
                                         "i18n": {"message": {"key": "lib.engine.skipped.failed", "params": {"check": "generator_output"}}}}})
    emit({"type": "metrics", "metrics": {"seconds": 4.2}})
    emit({"type": "done", "index": 0})
elif behaviour == "judge":
    check("contract", message="imports; the five functions are present", seconds=0.0)
    check("generator_output", message="shape (N, 28, 28, 1); values in [-1.000, 1.000]", seconds=0.3)
    check("discriminator_output", message="shape (N, 1); raw logits", seconds=0.1)
    check("d_learns", message="D loss 1.930 → 0.002 over 50 steps with G frozen", seconds=2.5)
    check("end_to_end", message="distance to the data 1.018 → 0.584 over 160 joint steps", seconds=3.7)
    emit({"type": "metrics", "metrics": {
        "seconds": 7.5,
        "pid": os.getpid(),
        "curves": {"submission": {"d_loss": curve(1.4, 0.6, 0.05), "g_loss": curve(0.7, 1.8, 0.08)},
                   "reference": {"d_loss": curve(1.4, 0.55, 0.04), "g_loss": curve(0.7, 1.9, 0.06)}},
        "samples": [image(k, False) for k in range(16)],
        "real_samples": [image(k + 3, True) for k in range(16)],
    }})
    emit({"type": "done", "index": 0})
else:
    raise SystemExit(f"unknown behaviour {behaviour}")
