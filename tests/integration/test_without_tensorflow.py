"""The app without TensorFlow, as on a Python it has no build for (issue 20).

Each test runs the app or the CLI in a child process whose ``sitecustomize``
(first on PYTHONPATH, so the checker child it starts inherits it) puts a
meta-path finder in front of the import system that answers "No module named
'tensorflow'" — as in an environment where it was never installed. Everything
but the TensorFlow exercises must work, those must say why not and what to do,
and nothing may print a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.exercises.catalog import list_exercises
from quiz.exit_codes import ExitStatus

ROOT = Path(__file__).resolve().parents[2]
# Every exercise whose checker needs TensorFlow, as the catalog declares it.
TF_EXERCISES = [ex.id for ex in list_exercises() if "tensorflow" in ex.requires]
NUMPY_EXERCISES = [ex.id for ex in list_exercises() if "tensorflow" not in ex.requires]

BLOCKER = '''\
"""Test shim: TensorFlow and Keras are not installed (a meta-path finder says so)."""
import sys


class _NoTensorFlow:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("tensorflow", "keras"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NoTensorFlow())
'''

BROKEN = '''\
raise ImportError("libtensorflow_framework.so.2: cannot open shared object file: No such file or directory")
'''


def _env(tmp_path: Path, shim: Path) -> dict[str, str]:
    env = dict(os.environ)  # the isolated QUIZ_* directories of this test (conftest)
    env["PYTHONPATH"] = os.pathsep.join([str(shim), str(ROOT)])
    env.pop("PYTHONSTARTUP", None)
    return env


@pytest.fixture
def no_tf(tmp_path: Path) -> dict[str, str]:
    """The environment of a child process in which TensorFlow is not installed."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    return _env(tmp_path, shim)


def run(argv: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *argv], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    return result


def expected_reason(env: dict[str, str], lang: str = "en") -> str:
    """The reason as a child process in ``env`` computes it (its exact wording: the tests of availability.py)."""
    code = f"from quiz.exercises.availability import explain; print(explain('tensorflow').text({lang!r}))"
    return run(["-c", code], env).stdout.rstrip("\n")


def test_the_blocker_works(no_tf: dict[str, str]) -> None:
    probe = "import importlib.util, sys\ntry:\n import tensorflow\nexcept ImportError as e:\n print('blocked', e)"
    assert run(["-c", probe], no_tf).stdout.startswith("blocked No module named 'tensorflow'")


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: app processes started one after another
def test_quiz_check_says_why_and_exits_with_the_documented_status(no_tf) -> None:
    reason = expected_reason(no_tf)
    for argv in (["check", "gan"], ["check", "vae", "--reference"], ["check", "gan-debug", "--json"]):
        result = run(["-m", "quiz", *argv], no_tf)
        assert result.returncode == ExitStatus.UNAVAILABLE == 3, (argv, result.stderr)
        assert result.stdout == ""
        assert result.stderr == f"quiz: {argv[1]} cannot be checked here. {reason}\n"
    zh = run(["-m", "quiz", "--lang", "zh", "check", "gan"], no_tf)
    assert zh.returncode == 3 and zh.stderr == f"quiz: 无法在此环境检查 gan。{expected_reason(no_tf, 'zh')}\n"


def test_the_wording_on_a_python_tensorflow_has_no_build_for(no_tf) -> None:
    """Python 3.14 here is the marker variables the child reports; its markers are the project's."""
    code = ("import sys\nfrom quiz.exercises import availability\nreal = availability.default_environment\n"
            "availability.default_environment = lambda: {**real(), 'python_version': '3.14', 'python_full_version': '3.14.0'}\n"
            "from quiz.__main__ import main\nsys.exit(main(sys.argv[1:]))\n")
    result = run(["-c", code, "check", "gan"], no_tf)
    assert result.returncode == 3
    assert result.stderr == (
        "quiz: gan cannot be checked here. TensorFlow has no build for Python 3.14 yet: make the virtual "
        "environment with Python 3.13 or older, e.g. `python3.13 -m venv --clear .venv && .venv/bin/pip install -e .`\n")
    listing = run(["-c", code, "exercise", "list"], no_tf)
    assert listing.returncode == 0 and "TensorFlow has no build for Python 3.14 yet" in listing.stdout


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: app processes started one after another
def test_the_rest_of_the_cli_works(no_tf, test_bank_dir: Path) -> None:
    listing = run(["-m", "quiz", "exercise", "list"], no_tf)
    assert listing.returncode == 0
    rows = {line.split()[0]: line for line in listing.stdout.split("\n\n")[0].splitlines()}
    assert all("unavailable here" in rows[ex] for ex in TF_EXERCISES), rows
    assert all("unavailable here" not in row for ex, row in rows.items() if ex not in TF_EXERCISES), rows
    assert listing.stdout.rstrip().endswith(f"unavailable here ({', '.join(TF_EXERCISES)}): {expected_reason(no_tf)}")
    # Reading and writing the exercise needs no TensorFlow.
    start = run(["-m", "quiz", "exercise", "start", "gan"], no_tf)
    assert start.returncode == 0 and Path(start.stdout.strip()).is_file()
    assert run(["-m", "quiz", "exercise", "hint", "gan"], no_tf).stdout.startswith("Hint 1 of")
    assert run(["-m", "quiz", "exercise", "solution", "gan", "--yes"], no_tf).stdout.startswith(('"""', "#", "import", "from"))
    # The quiz half.
    for argv in (["validate", str(test_bank_dir)], ["stats"], ["paths"], ["db", "check"], ["--help"]):
        result = run(["-m", "quiz", *argv], no_tf)
        assert result.returncode == 0, (argv, result.stderr)


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: app processes started one after another
def test_the_whole_app_without_tensorflow(no_tf, tmp_path: Path, test_bank_dir: Path) -> None:
    reason = expected_reason(no_tf)
    result = run([str(Path(__file__).with_name("no_tensorflow_app.py")), str(test_bank_dir), str(tmp_path / "p.db")],
                 no_tf, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["tensorflow_available"] is False
    assert seen["errors"] == []
    assert seen["home"] is True
    assert seen["reviews"] == 3
    assert seen["summary"] == "SessionSummary"
    assert seen["browse"] and seen["browse"].split()[0] != "0"
    assert seen["mock_started"] and seen["mock_report"]
    assert seen["stats"] is True
    assert seen["list_statuses"] == {**{ex: "unavailable here" for ex in TF_EXERCISES}, **{ex: "not started" for ex in NUMPY_EXERCISES}}
    assert seen["list_intro"].splitlines()[1] == f"Unavailable here ({', '.join(TF_EXERCISES)}): {reason}"
    # Running the checks says the same, and no attempt is recorded against the user's code.
    assert seen["warnings"][-1] == reason
    assert seen["check_started"] is False and seen["attempts"] == 0
    # Installed while the app runs: available when the list comes back, no restart, no reinstall.
    assert "unavailable here" not in seen["after_install_statuses"].values()
    assert len(seen["after_install_intro"].splitlines()) == 1
    assert seen["heavy_modules"] == []


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: app processes started one after another
def test_the_checker_child_says_the_same_when_it_is_started_anyway(no_tf) -> None:
    """A run started past the parent's check (a race with an uninstall) ends in one clear error."""
    reason = expected_reason(no_tf)
    code = ("import json\nfrom quiz.exercises.runner import run_checks\n"
            "print(json.dumps(run_checks('gan', None, reference=True)))\n")
    result = run(["-c", code], no_tf)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == "error"
    assert [c["message"] for c in report["checks"] if c["status"] == "error"] == [f"the checker could not run: {reason}"]


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: app processes started one after another
def test_a_tensorflow_that_is_installed_but_broken(tmp_path: Path) -> None:
    """find_spec finds it, so the list calls it available; the checker child's import fails and says so in one line."""
    shim = tmp_path / "broken"
    (shim / "tensorflow").mkdir(parents=True)
    (shim / "tensorflow" / "__init__.py").write_text(BROKEN, encoding="utf-8")
    result = run(["-m", "quiz", "check", "gan", "--reference"], _env(tmp_path, shim))
    assert result.returncode == ExitStatus.FAILED
    assert ("the checker could not run: TensorFlow is installed but does not import (ImportError: "
            "libtensorflow_framework.so.2: cannot open shared object file: No such file or directory): "
            "reinstall it with `") in result.stdout
    assert "-m pip install --force-reinstall" in result.stdout


NUMPY_ONLY = [ex.id for ex in list_exercises() if not ex.requires]


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: app processes started one after another
@pytest.mark.skipif(not NUMPY_ONLY, reason="no exercise needs only NumPy yet")
@pytest.mark.parametrize("exercise_id", NUMPY_ONLY)
def test_numpy_only_exercises_pass_their_reference_without_tensorflow(no_tf, exercise_id: str) -> None:
    result = run(["-m", "quiz", "check", exercise_id, "--reference"], no_tf, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
