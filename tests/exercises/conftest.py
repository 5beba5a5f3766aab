"""Fixtures for the exercise-engine tests: paths, a shared baseline cache, tiny submissions."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import shared_run_dir

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MUTANTS = HERE / "mutants"
ALTERNATIVES = HERE / "alternatives"
FAKE_CHILD = HERE / "fake_child.py"


def fake(behaviour: str) -> list[str]:
    """The argv of the fake checker child (tests/exercises/fake_child.py) acting out ``behaviour``."""
    return [sys.executable, str(FAKE_CHILD), behaviour]


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One baseline cache for the whole run, shared by the xdist workers (they share a parent)."""
    return shared_run_dir(tmp_path_factory, "exercise-baselines")


@pytest.fixture
def baselines(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Use the shared baseline cache (the reference is trained once per test run)."""
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(shared_cache))
    return shared_cache


@pytest.fixture
def write(tmp_path: Path):
    """write(name, source) -> path of a dedented submission file in tmp_path."""

    def _write(name: str, source: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(source, bytes):
            path.write_bytes(source)
        else:
            path.write_text(textwrap.dedent(source), encoding="utf-8")
        return path

    return _write


def shared_result(cache: Path, name: str, compute):
    """``compute()`` once per test run, even across xdist workers (a file lock; JSON result)."""
    import fcntl
    import json

    result = cache / f"{name}.json"
    with open(cache / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if result.exists():
                return json.loads(result.read_text())
            value = compute()
            result.write_text(json.dumps(value))
            return value
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
