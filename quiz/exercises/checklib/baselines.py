"""The reference's baselines, cached on disk.

The loss-decrease and end-to-end checks compare the submission with the reference
solution trained on the same seeds and data. Those reference runs cost several
seconds, so their numbers are cached under ``cache_dir()/baselines``, keyed by
everything that could change them: the suite, the reference file, the checks'
code (this package, the suite module, the data generator), the TensorFlow, Keras,
NumPy and Python versions, and the data.
"""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

from quiz import locations
from quiz.atomic import write_atomic

_PACKAGE = Path(__file__).resolve().parents[1]  # quiz/exercises


def code_files(suite: str) -> list[Path]:
    """The checker code whose change invalidates a suite's baselines."""
    files = sorted((_PACKAGE / "checklib").glob("*.py"))
    files += sorted((_PACKAGE / "suites" / suite).glob("*.py")) + [_PACKAGE / "data.py"]
    return files


def baseline_key(suite: str, reference: Path, data_id: str, versions: dict[str, str]) -> str:
    digest = hashlib.sha256()
    digest.update(f"suite={suite}\n".encode())
    digest.update(Path(reference).read_bytes())
    for path in code_files(suite):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in sorted(versions):
        digest.update(f"{name}={versions[name]}\n".encode())
    digest.update(f"python={platform.python_version()}\ndata={data_id}\n".encode())
    return digest.hexdigest()[:20]


def cache_path(suite: str, key: str) -> Path:
    return locations.cache_dir() / "baselines" / f"{suite}-{key}.json"


def load(suite: str, key: str) -> dict | None:
    path = cache_path(suite, key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("key") == key else None


def save(suite: str, key: str, baseline: dict) -> None:
    """Write atomically (parallel checkers may race; the last complete file wins)."""
    text = json.dumps({**baseline, "key": key})  # a value JSON cannot hold fails here, before any file exists
    try:
        write_atomic(cache_path(suite, key), text)
    except OSError:
        pass  # a read-only cache only costs time
