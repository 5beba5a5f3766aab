"""The user's exercise files and hint progress: start, reset, solution, hints.

The workspace copy of exercise ``ID`` is ``locations.workspace_dir()/ID.py``. Work
is never overwritten silently: ``start`` refuses to replace a file that differs
from the starter unless forced, and ``reset`` keeps the old file as ``ID.py.bak``.
Which hints were shown lives in ``locations.data_dir()/exercise_hints.json``.
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

from quiz import locations
from quiz.atomic import write_atomic
from quiz.exercises.catalog import Exercise


class WorkspaceExists(Exception):
    """The workspace copy exists and holds work (differs from the starter)."""

    def __init__(self, path: Path):
        super().__init__(f"{path} already exists and holds your work")
        self.path = path


def workspace_file(exercise_id: str) -> Path:
    return locations.workspace_dir() / f"{exercise_id}.py"


def has_work(exercise: Exercise) -> bool:
    """Whether the workspace copy holds the user's work: it exists and differs from the starter
    (opening an exercise writes the starter there; only a change marks the exercise started)."""
    path = workspace_file(exercise.id)
    try:
        return path.read_bytes() != exercise.starter.read_bytes()
    except OSError:
        return False


def start(exercise: Exercise, force: bool = False) -> tuple[Path, bool]:
    """Copy the starter into the workspace; (path, whether it was written).

    An existing copy identical to the starter is left alone; one that differs raises
    :class:`WorkspaceExists` unless ``force`` (then it is kept as ``ID.py.bak``).
    """
    path = workspace_file(exercise.id)
    if path.exists():
        if path.read_bytes() == exercise.starter.read_bytes():
            return path, False
        if not force:
            raise WorkspaceExists(path)
        _backup(path)
    _copy(exercise.starter, path)
    return path, True


def reset(exercise: Exercise) -> tuple[Path, Path | None]:
    """Put the starter back; (path, the backup of the previous file or None)."""
    path = workspace_file(exercise.id)
    backup = None
    if path.exists() and path.read_bytes() != exercise.starter.read_bytes():
        backup = _backup(path)
    _copy(exercise.starter, path)
    return path, backup


def ensure_started(exercise: Exercise) -> Path:
    """The workspace copy, copied from the starter first when there is none (work is never replaced)."""
    path = workspace_file(exercise.id)
    if not path.exists():
        start(exercise)
    return path


def solution_text(exercise: Exercise) -> str:
    return exercise.solution.read_text(encoding="utf-8")


def solution_diff(exercise: Exercise, text: str) -> str:
    """A unified diff from ``text`` (the user's code) to the reference solution; "" when identical."""
    ours = text.splitlines(keepends=True)
    theirs = solution_text(exercise).splitlines(keepends=True)
    lines = difflib.unified_diff(ours, theirs, f"{exercise.id}.py (yours)", f"{exercise.id}/solution.py (reference)", n=3)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _backup(path: Path) -> Path:
    backup = path.with_name(path.name + ".bak")
    shutil.copy2(path, backup)
    return backup


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


# ---------------------------------------------------------------- hints

def hints_file() -> Path:
    """Where the hint state lives: how many hints of each exercise were revealed."""
    return locations.data_dir() / "exercise_hints.json"


def _read_hint_state() -> dict[str, int]:
    try:
        data = json.loads(hints_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: int(v) for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}


def _write_hint_state(state: dict[str, int]) -> None:
    write_atomic(hints_file(), json.dumps(state, indent=1, sort_keys=True))


def hints_shown(exercise: Exercise) -> int:
    """How many of the exercise's hints have been revealed."""
    return min(_read_hint_state().get(exercise.id, 0), len(exercise.hints))


def next_hint(exercise: Exercise) -> tuple[int, dict[str, str]]:
    """Reveal the next hint: (its 1-based number, the hint). After the last, the last again.

    Raises :class:`OSError` when the hint state cannot be saved (nothing is revealed then).
    """
    state = _read_hint_state()
    shown = min(state.get(exercise.id, 0), len(exercise.hints))
    number = min(shown + 1, len(exercise.hints))
    state[exercise.id] = number
    _write_hint_state(state)
    return number, exercise.hints[number - 1]
