"""Which exercises this environment can check, and the reason and way out when it cannot.

The reasons are computed from the dependency markers (pyproject.toml), so these
tests feed in marker environments as other machines have them; the evaluator is
checked against ``packaging`` (the reference implementation of PEP 508, which
pytest depends on).
"""

from __future__ import annotations

import ast
import itertools
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

from quiz.exercises import availability
from quiz.exercises.availability import evaluate_marker, explain
from quiz.exercises.catalog import CatalogError, list_exercises, load_exercise

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
LINUX = {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"}
INTEL_MAC = {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "x86_64"}
ARM_MAC = {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64"}
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64"}
LINUX_ARM = {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64"}
PLATFORMS = (LINUX, INTEL_MAC, ARM_MAC, WINDOWS, LINUX_ARM)
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15")


def env(platform: dict, python: str) -> dict[str, str]:
    return {**availability.default_environment(), **platform, "python_version": python, "python_full_version": python + ".0"}


def test_the_markers_are_read_from_the_projects_dependency_list() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert availability.dependency_lines() == declared
    assert sum(Requirement(line).name.startswith("tensorflow") for line in declared) >= 2


@pytest.mark.parametrize("platform,python", itertools.product(PLATFORMS, PYTHONS))
def test_the_evaluator_agrees_with_packaging_on_the_projects_markers(platform, python) -> None:
    environment = env(platform, python)
    for line in availability.dependency_lines():
        marker = Requirement(line).marker
        if marker is not None:
            assert evaluate_marker(str(marker), environment) == marker.evaluate(environment), (line, environment)
            _name, _spec, raw = availability._split_requirement(line)
            assert evaluate_marker(raw, environment) == marker.evaluate(environment), (raw, environment)


@pytest.mark.parametrize("marker", [
    "python_version >= '3.11'", "python_version < '3.10' or os_name == 'posix'", "'linux' in sys_platform",
    "sys_platform not in 'win32 cygwin'", "(python_version < '3.13' and platform_machine == 'x86_64') or sys_platform == 'darwin'",
    "python_full_version >= '3.12.1'", "python_version != '3.12'",
    "platform_machine == 'arm64' and (python_version > '3.9' or python_version <= '3.8')",
])
@pytest.mark.parametrize("platform,python", [(LINUX, "3.12"), (INTEL_MAC, "3.9"), (WINDOWS, "3.13"), (ARM_MAC, "3.14")])
def test_the_evaluator_agrees_with_packaging_on_other_markers(marker, platform, python) -> None:
    environment = env(platform, python)
    assert evaluate_marker(marker, environment) == Marker(marker).evaluate(environment)


@pytest.mark.parametrize("bad", ["python_version <", "(python_version < '3.1'", "nonsense_var == '1'", "python_version << '3'"])
def test_an_unreadable_marker_is_an_error(bad) -> None:
    with pytest.raises(availability.MarkerError):
        evaluate_marker(bad, env(LINUX, "3.12"))


def test_the_issues_wording_on_python_3_14() -> None:
    reason = explain("tensorflow", env=env(LINUX, "3.14"))
    assert reason.key == "avail.too_new"
    assert reason.text("en") == (
        "TensorFlow has no build for Python 3.14 yet: make the virtual environment with Python 3.13 or older, "
        "e.g. `python3.13 -m venv --clear .venv && .venv/bin/pip install -e .`")
    assert "Python 3.14" in reason.text("zh") and "python3.13 -m venv" in reason.text("zh")


def test_the_advice_follows_the_markers_not_a_fixed_version() -> None:
    # Intel macs have no TensorFlow wheel after 3.12: the advice there is 3.12.
    assert explain("tensorflow", env=env(INTEL_MAC, "3.13")).fields["suggest"] == "3.12"
    assert explain("tensorflow", env=env(INTEL_MAC, "3.14")).fields["suggest"] == "3.12"
    # A TensorFlow release for 3.14 is one marker edit away: the same code then says "install it".
    later = ["tensorflow-cpu>=2.16,<3; python_version < '3.15' and platform_machine == 'x86_64'"]
    reason = explain("tensorflow", lines=later, env=env(LINUX, "3.14"), python=".venv/bin/python")
    assert reason.key == "avail.not_installed"
    assert explain("tensorflow", lines=later, env=env(LINUX, "3.15")).fields["suggest"] == "3.14"


@pytest.mark.parametrize("platform,python,spec", [
    (LINUX, "3.12", "tensorflow-cpu>=2.16,<3"),
    (LINUX, "3.10", "tensorflow-cpu>=2.16,<3"),
    (WINDOWS, "3.13", "tensorflow-cpu>=2.16,<3"),
    (INTEL_MAC, "3.12", "tensorflow-cpu>=2.16,<3"),
    (ARM_MAC, "3.13", "tensorflow>=2.16,<3"),
    (LINUX_ARM, "3.11", "tensorflow>=2.16,<3"),
])
def test_where_a_wheel_exists_the_way_out_is_to_install_it(platform, python, spec) -> None:
    reason = explain("tensorflow", env=env(platform, python), python=".venv/bin/python")
    assert reason.key == "avail.not_installed"
    assert reason.text("en") == (
        f'TensorFlow is not installed in this environment: install it with `.venv/bin/python -m pip install "{spec}"` '
        "(quiz picks it up without a reinstall)")


def test_a_python_older_than_every_build_and_a_platform_without_any() -> None:
    lines = ["numpy>=1.26", "tensorflow>=2.16; python_version >= '3.9' and python_version < '3.13' and sys_platform != 'win32'"]
    old = explain("tensorflow", lines=lines, env=env(LINUX, "3.8"))
    assert (old.key, old.fields["suggest"]) == ("avail.too_old", "3.9")
    assert "Python 3.9 or newer" in old.text("en")
    none = explain("tensorflow", lines=lines, env=env(WINDOWS, "3.12"))
    assert none.key == "avail.no_platform" and "Windows AMD64" in none.text("en")
    # No markers to read at all (metadata missing): still a way out, never a crash.
    bare = explain("tensorflow", lines=[], env=env(LINUX, "3.12"), python="python3")
    assert bare.text("en").endswith("install it with `python3 -m pip install tensorflow` (quiz picks it up without a reinstall)")


def test_importable_finds_a_package_installed_while_the_app_runs(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    assert not availability.importable("quiz_test_late_package")
    (tmp_path / "quiz_test_late_package").mkdir()
    assert not availability.importable("quiz_test_late_package"), "a leftover empty folder is not an install"
    (tmp_path / "quiz_test_late_package" / "__init__.py").write_text("raise ImportError('never imported here')\n")
    assert availability.importable("quiz_test_late_package")
    assert "quiz_test_late_package" not in sys.modules, "found, not imported"


# ---------------------------------------------------------------- the catalog's `requires`

def _imports(paths: list[Path]) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def test_every_exercise_declares_tensorflow_exactly_when_its_checks_use_it() -> None:
    exercises = list_exercises()
    assert exercises
    for ex in exercises:
        suite = ROOT / "quiz" / "exercises" / "suites"
        files = [ex.solution, ex.baseline_reference, *suite.glob(f"{ex.checks}.py"), *suite.glob(f"{ex.checks}/*.py")]
        uses = bool(_imports(files) & {"tensorflow", "keras"})
        assert ("tensorflow" in ex.requires) == uses, ex.id


@pytest.mark.parametrize("value,ok", [(None, False), ("tensorflow", False), (["torch"], False), ([], True), (["tensorflow"], True)])
def test_requires_is_validated(tmp_path: Path, value, ok) -> None:
    import yaml

    source = ROOT / "exercises" / "gan"
    folder = tmp_path / "gan"
    folder.mkdir()
    data = yaml.safe_load((source / "exercise.yaml").read_text(encoding="utf-8"))
    data["requires"] = value
    (folder / "exercise.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for name in ("starter.py", "solution.py"):
        (folder / name).write_text((source / name).read_text(encoding="utf-8"), encoding="utf-8")
    if ok:
        assert load_exercise(folder).requires == tuple(value)
    else:
        with pytest.raises(CatalogError, match="requires must be a list of tensorflow"):
            load_exercise(folder)
    del data["requires"]
    (folder / "exercise.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_exercise(folder).requires == (), "no requires: NumPy only"


def test_the_readme_names_the_pythons_the_markers_allow() -> None:
    """The README's sentence on which Python runs which half follows the markers (a marker change fails here until it does)."""
    def newest(platform: dict) -> str:
        reason = explain("tensorflow", env=env(platform, "3.40"))
        assert reason.key == "avail.too_new"
        return reason.fields["suggest"]

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"3.10 to {newest(LINUX)} (to {newest(INTEL_MAC)} on Intel Macs)" in readme
