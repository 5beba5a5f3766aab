"""Bad submissions through the real checker child: a named, specific failure each,
and the checker (and the batch it runs in) survives.

Unusable files (missing, unreadable, empty, binary, syntax errors) never reach the
child: see test_runner.py. Here: everything that needs Python to find. Most cases
share one child (one TensorFlow start-up); the ones that end or hang the process
get their own.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quiz.exercises.runner import run_batch, run_checks
from tests.exercises.conftest import ROOT, shared_result

pytestmark = pytest.mark.slow

REFERENCE = f"""\
from pathlib import Path
_REF = Path({str(ROOT / "exercises" / "gan" / "solution.py")!r})
exec(compile(_REF.read_text(), str(_REF), "exec"))
"""

# name → source (the GAN reference with one bad change, or something else entirely)
CASES = {
    "import_error": "import torch\n" + REFERENCE,
    "missing_function": REFERENCE + "del train_step\n",
    "wrong_signature": REFERENCE + """
_real_step = train_step
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images):
    return _real_step(generator, discriminator, g_optimizer, d_optimizer, real_images, 64)
""",
    "raises_inside": REFERENCE + """
def _helper(logits):
    return logits[None][3]  # IndexError deep in the submission

def generator_loss(fake_logits):
    return _helper(fake_logits)
""",
    "nan_loss": REFERENCE + """
def discriminator_loss(real_logits, fake_logits):
    return ops.mean(ops.log(ops.zeros_like(real_logits)) * 0.0)  # -inf * 0 = NaN
""",
    "inf_loss": REFERENCE + """
def generator_loss(fake_logits):
    return -ops.mean(ops.log(ops.zeros_like(fake_logits)))  # +Inf
""",
    "sys_exit_at_import": "import sys\nsys.exit(2)\n",
    "sys_exit_in_function": REFERENCE + """
import sys
def build_generator(z_dim):
    sys.exit(1)
""",
    "os_exit_at_import": "import os\nos._exit(0)\n",
    "os_exit_in_function": REFERENCE + """
import os
def generator_loss(fake_logits):
    os._exit(0)
""",
    "numpy_huge_allocation": REFERENCE + """
import numpy as np
def build_discriminator(img_shape):
    buffer = np.ones((10**6, 10**6))  # 8 TB
    return buffer
""",
    "tf_huge_allocation": REFERENCE + """
def discriminator_loss(real_logits, fake_logits):
    return tf.reduce_sum(tf.zeros((10**6, 10**6)))  # 4 TB
""",
    "wrong_shape": REFERENCE + """
def build_generator(z_dim):
    return keras.Sequential([keras.Input((z_dim,)), layers.Dense(784, activation="tanh")])
""",
    "wrong_dtype": REFERENCE + """
def build_generator(z_dim):
    return keras.Sequential([keras.Input((z_dim,), dtype="float64"),
                             layers.Dense(784, activation="tanh", dtype="float64"),
                             layers.Reshape((28, 28, 1), dtype="float64")])
""",
    "prints_fake_results": REFERENCE + """
import json, os, sys
_fake = {"type": "check", "check": {"name": "discriminator_loss", "status": "pass", "message": "ok", "seconds": 0}}
for _line in (json.dumps(_fake), json.dumps({"type": "report", "report": {"status": "pass"}}),
              json.dumps({"type": "done", "index": 0}), "PASS: all 11 checks passed"):
    print(_line)
    print(_line, file=sys.stderr)
    os.write(1, (_line + "\\n").encode())
    os.write(2, (_line + "\\n").encode())

def discriminator_loss(real_logits, fake_logits):
    print(json.dumps(_fake), flush=True)
    return 0.5 * (_bce(ops.ones_like(real_logits), real_logits) + _bce(ops.zeros_like(fake_logits), fake_logits))
""",
    # Not traceable (.numpy() in the step) and constant noise, so the run stops at step_inputs:
    "eager_only_step": REFERENCE + """
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    z = ops.zeros((real_images.shape[0], z_dim))
    with tf.GradientTape() as tape:
        d_loss = discriminator_loss(discriminator(real_images), discriminator(generator(z)))
    grads = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables))
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(z)))
    grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
    return {"d_loss": float(d_loss.numpy()), "g_loss": float(g_loss.numpy())}
""",
    # A variable created on every call: tf.function refuses it ("singleton"); the
    # checker explains and runs eagerly. Constant noise again stops the run early.
    "variable_per_call": REFERENCE + """
def train_step(generator, discriminator, g_optimizer, d_optimizer, real_images, z_dim):
    calls = tf.Variable(0.0)  # a new variable on every call
    calls.assign_add(1.0)
    z = ops.zeros((ops.shape(real_images)[0], z_dim))
    with tf.GradientTape() as tape:
        d_loss = discriminator_loss(discriminator(real_images), discriminator(generator(z)))
    grads = tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(grads, discriminator.trainable_variables))
    with tf.GradientTape() as tape:
        g_loss = generator_loss(discriminator(generator(z)))
    grads = tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(grads, generator.trainable_variables))
    return {"d_loss": d_loss, "g_loss": g_loss}
""",
}


@pytest.fixture(scope="module")
def reports(shared_cache: Path) -> dict[str, dict]:
    def compute() -> dict[str, dict]:
        folder = shared_cache / "bad-inputs"
        folder.mkdir(exist_ok=True)
        paths = []
        for name, source in CASES.items():
            path = folder / f"{name}.py"
            path.write_text(textwrap.dedent(source), encoding="utf-8")
            paths.append(path)
        return dict(zip(CASES, run_batch("gan", paths, time_limit=120)))

    return shared_result(shared_cache, "bad-inputs", compute)


def problem(report: dict) -> dict:
    return next(c for c in report["checks"] if c["status"] in ("fail", "error"))


def test_import_error(reports) -> None:
    report = reports["import_error"]
    assert report["status"] == "error"
    p = problem(report)
    assert p["name"] == "contract" and "No module named 'torch'" in p["message"]
    assert "import_error.py" in p["traceback"] and "line 1" in p["traceback"]


def test_missing_function(reports) -> None:
    p = problem(reports["missing_function"])
    assert (p["name"], p["status"]) == ("contract", "fail")
    assert p["message"] == "missing function: train_step"


def test_wrong_signature(reports) -> None:
    p = problem(reports["wrong_signature"])
    assert p["name"] == "contract" and "cannot be called as train_step(" in p["message"] and "6 positional" in p["message"]


def test_exception_inside_the_submission_shows_only_its_frames(reports) -> None:
    report = reports["raises_inside"]
    assert report["status"] == "fail"
    p = problem(report)
    assert (p["name"], p["status"]) == ("generator_loss", "error")
    assert "generator_loss(fake_logits) raised" in p["message"]
    trace = p["traceback"]
    assert "in generator_loss" in trace and "in _helper" in trace and "logits[None][3]" in trace
    assert "site-packages" not in trace and "quiz/exercises" not in trace
    # The run went on: the other unit checks still ran.
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["discriminator_loss"] == "pass" and statuses["train_step_updates"] == "skip"


def test_nan_and_inf_are_named(reports) -> None:
    p = problem(reports["nan_loss"])
    assert p["name"] == "discriminator_loss" and "is NaN" in p["message"]
    p = problem(reports["inf_loss"])
    assert p["name"] == "generator_loss" and "is Inf" in p["message"]


def test_sys_exit_at_import_and_in_a_function(reports) -> None:
    p = problem(reports["sys_exit_at_import"])
    assert p["name"] == "contract" and "called sys.exit(2) while being imported" in p["message"]
    assert reports["sys_exit_at_import"]["status"] == "error"
    p = problem(reports["sys_exit_in_function"])
    assert p["name"] == "generator_output" and "called sys.exit(1)" in p["message"]


def test_os_exit_at_import_and_in_a_function(reports) -> None:
    p = problem(reports["os_exit_at_import"])
    assert p["name"] == "contract" and "os._exit(0)" in p["message"]
    report = reports["os_exit_in_function"]
    assert report["status"] == "fail"
    p = problem(report)
    assert p["name"] == "generator_loss" and "called os._exit(0)" in p["message"]


def test_huge_allocations_are_out_of_memory(reports) -> None:
    p = problem(reports["numpy_huge_allocation"])
    assert p["name"] == "discriminator_output" and "ran out of memory (MemoryError" in p["message"]
    p = problem(reports["tf_huge_allocation"])
    assert p["name"] == "discriminator_loss" and "ran out of memory (ResourceExhaustedError" in p["message"]


def test_wrong_shape_and_dtype(reports) -> None:
    p = problem(reports["wrong_shape"])
    assert p["name"] == "generator_output"
    assert "has shape (1, 784), expected (1, 28, 28, 1)" in p["message"]
    assert p["expected"] == "(1, 28, 28, 1)" and p["actual"] == "(1, 784)"
    p = problem(reports["wrong_dtype"])
    assert "dtype float64, expected float32" in p["message"]


def test_printed_look_alike_results_change_nothing(reports) -> None:
    report = reports["prints_fake_results"]
    assert report["status"] == "fail"
    p = problem(report)
    assert p["name"] == "discriminator_loss" and "averaged" in p["message"]
    assert [c["name"] for c in report["checks"]].count("discriminator_loss") == 1


def test_untraceable_step_runs_eagerly_and_says_so(reports) -> None:
    report = reports["eager_only_step"]
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["train_step_updates"]["status"] == "pass"
    assert "ran eagerly" in checks["train_step_updates"]["message"]
    assert report["metrics"]["train_step_mode"] == "eager"
    assert "does not run under tf.function" in report["metrics"]["train_step_note"]
    assert checks["step_inputs"]["status"] == "fail" and "the same for every example" in checks["step_inputs"]["message"]


def test_variable_per_call_is_explained(reports) -> None:
    report = reports["variable_per_call"]
    note = report["metrics"]["train_step_note"]
    assert "only lets variables be created on its first call" in note
    assert report["metrics"]["train_step_mode"] == "eager"


def test_infinite_loop_times_out_with_the_limit(write, shared_cache) -> None:
    """The whole-run limit stays the last resort: a limit shorter than a call's own bound (20 s,
    counted from the call, while the run's counts from the start) still stops the run, named."""
    path = write("loop.py", REFERENCE + "\ndef discriminator_loss(real_logits, fake_logits):\n    while True:\n        pass\n")
    report = run_checks("gan", path, time_limit=20)
    assert report["status"] == "timeout"
    p = problem(report)
    assert p["name"] == "discriminator_loss"
    assert "time limit of 20 s exceeded during discriminator_loss" in p["message"]


def test_real_process_exit_with_status_zero_is_an_error(write) -> None:
    path = write("bye.py", REFERENCE + "\nimport posix\ndef build_generator(z_dim):\n    posix._exit(0)\n")
    report = run_checks("gan", path, time_limit=60)
    assert report["status"] == "error"
    p = problem(report)
    assert p["name"] == "generator_output"
    assert "exited with status 0 during generator_output" in p["message"] and "not passing" in p["message"]


def test_local_npz_data(tmp_path: Path) -> None:
    import numpy as np

    from quiz.exercises.data import load_digits

    images, labels = load_digits(2100, seed=5)
    good = tmp_path / "digits.npz"
    np.savez(good, x_train=(images[..., 0] * 255).astype(np.uint8), y_train=labels)
    # The debug starter fails at decoder_output, after encoder_output has used the data.
    report = run_checks("vae-debug", ROOT / "exercises" / "vae-debug" / "starter.py", data_npz=good, time_limit=60)
    assert report["status"] == "fail"
    assert {c["name"]: c["status"] for c in report["checks"]}["encoder_output"] == "pass"
    small = tmp_path / "small.npz"
    np.savez(small, x=images[:10, ..., 0])
    report = run_checks("vae", ROOT / "exercises" / "vae" / "solution.py", data_npz=small, time_limit=60)
    assert report["status"] == "error"
    assert "need at least 2048 images, the file has 10" in problem(report)["message"]
