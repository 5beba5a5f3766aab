"""A fake checker child for the runner's tests: no TensorFlow, acts out one behaviour.

Speaks the real protocol (QUIZ_EVENT_FD, QUIZ_CHECK_JOB, and QUIZ_CONTROL_FD when warm)
so the runner cannot tell it from ``python -m quiz.exercises.child``. Usage:
``fake_child.py BEHAVIOUR``. ``judge`` decides by the submission: a line ``hang`` hangs
in check ``a`` (with a grandchild, both pids in ``$FAKE_PID_FILE``), anything else passes;
its metrics carry the pid of the process that ran it. ``stuck`` announces a 0.2 s bound
on a call (as the real watchdog does) and never returns from it.
"""

import json
import os
import signal
import subprocess
import sys
import time

from tests.fake_protocol import connect, write_pids

fd, job, emit = connect()
behaviour = sys.argv[1]


def start(name="a"):
    emit({"type": "begin", "index": 0, "submission": job["submissions"][0]})
    emit({"type": "plan", "checks": ["contract", "a", "b"]})
    emit({"type": "check_started", "name": "contract"})
    emit({"type": "check", "check": {"name": "contract", "status": "pass", "message": "ok", "seconds": 0.0}})
    emit({"type": "check_started", "name": name})


if behaviour == "judge" and "hang" in open(job["submissions"][0], encoding="utf-8").read().splitlines():
    start()
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    write_pids(f"{os.getpid()} {grandchild.pid}")
    time.sleep(300)
elif behaviour == "judge":
    start()
    emit({"type": "check", "check": {"name": "a", "status": "pass", "message": "ok", "seconds": 0.1}})
    emit({"type": "check_started", "name": "b"})
    emit({"type": "check", "check": {"name": "b", "status": "pass", "message": "ok", "seconds": 0.1}})
    emit({"type": "metrics", "metrics": {"pid": os.getpid()}})
    emit({"type": "done", "index": 0})
elif behaviour == "stuck":
    start()
    emit({"type": "watchdog", "seconds": 0.2, "message": "too slow / not returning: one step took > 0.2 s (the reference takes 13 ms)"})
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as a call inside TensorFlow's C++ would
    time.sleep(300)
elif behaviour == "pass":
    start()
    emit({"type": "log", "text": "working"})
    emit({"type": "check", "check": {"name": "a", "status": "pass", "message": "ok", "seconds": 0.1}})
    emit({"type": "check_started", "name": "b"})
    emit({"type": "check", "check": {"name": "b", "status": "pass", "message": "ok", "seconds": 0.1}})
    emit({"type": "metrics", "metrics": {"x": 1.5}})
    emit({"type": "done", "index": 0})
elif behaviour == "keyed":
    # A failure as the real checker sends it: English text plus message keys and parameters.
    start("discriminator_output")
    emit({"type": "log", "text": "building the reference models",
          "i18n": {"key": "gan.init.building_models", "params": {"label": "reference"}}})
    emit({"type": "check", "check": {
        "name": "discriminator_output", "status": "fail", "seconds": 0.2,
        "message": "discriminator outputs are never negative (range [0, 168] over 5 very different batches): it ends in "
                   "a ReLU or another non-negative activation, so it can never score an image as fake (a logit below 0)",
        "expected": "raw logits of both signs", "actual": "[0, 168]",
        "hint": "End the discriminator with layers.Dense(1) and no activation.",
        "i18n": {"message": {"key": "gan.discriminator_output.discrimina_outputs_never", "params": {"values_min": "0", "values_max": "168"}},
                 "expected": {"key": "gan.discriminator_output.raw_logits_both", "params": {}},
                 "hint": {"key": "gan.discriminator_output.end_discrimina_layers", "params": {}}}}})
    emit({"type": "check", "check": {"name": "b", "status": "skip", "seconds": 0,
                                     "message": "skipped: it needs discriminator_output, which failed",
                                     "i18n": {"message": {"key": "lib.engine.skipped.failed", "params": {"check": "discriminator_output"}}}}})
    emit({"type": "done", "index": 0})
elif behaviour == "forge":
    # The submission prints what a passing run looks like, on stdout and stderr.
    start()
    fake = {"type": "check", "check": {"name": "a", "status": "pass", "message": "ok", "seconds": 0}}
    for stream in (sys.stdout, sys.stderr):
        print(json.dumps(fake), file=stream, flush=True)
        print(json.dumps({"type": "report", "report": {"status": "pass", "checks": []}}), file=stream, flush=True)
        print(json.dumps({"type": "done", "index": 0}), file=stream, flush=True)
    emit({"type": "check", "check": {"name": "a", "status": "fail", "message": "wrong value", "seconds": 0.1}})
    emit({"type": "check", "check": {"name": "b", "status": "skip", "message": "skipped", "seconds": 0}})
    emit({"type": "done", "index": 0})
elif behaviour == "garbage":
    os.write(fd, b"not json at all\n[1, 2, 3]\n{\"no_type\": 1}\n\xff\xfe\n")
    start()
    emit({"type": "check", "check": {"name": "a", "status": "pass", "message": "ok", "seconds": 0}})
    emit({"type": "check", "check": {"name": "b", "status": "pass", "message": "ok", "seconds": 0}})
    emit({"type": "done", "index": 0})
elif behaviour == "hang":
    start()
    # A grandchild in the same process group: it must die with the group.
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    write_pids(str(grandchild.pid))
    while True:
        time.sleep(1)
elif behaviour == "exit0":
    start()
    os._exit(0)
elif behaviour == "exit3":
    start()
    sys.exit(3)
elif behaviour == "sigkill":
    start()
    os.kill(os.getpid(), signal.SIGKILL)
elif behaviour == "segv":
    start()
    os.kill(os.getpid(), signal.SIGSEGV)
elif behaviour == "oom":
    from quiz.exercises.child import limit_memory

    start()
    limit_memory(512)
    hog = bytearray(200 * 1024**3)  # MemoryError: uncaught, the traceback goes to stderr
elif behaviour == "fatal":
    emit({"type": "fatal", "message": "DataError: data.npz: no images"})
    sys.exit(3)
elif behaviour == "batch":
    for index, path in enumerate(job["submissions"]):
        emit({"type": "begin", "index": index, "submission": path})
        emit({"type": "plan", "checks": ["contract"]})
        status = "pass" if "good" in path else "fail"
        emit({"type": "check", "check": {"name": "contract", "status": status, "message": path, "seconds": 0}})
        emit({"type": "done", "index": index})
else:
    raise SystemExit(f"unknown behaviour {behaviour}")
