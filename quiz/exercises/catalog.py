"""The coding exercises' metadata: ``exercises/<id>/exercise.yaml`` → :class:`Exercise`.

No TensorFlow here (the TUI lists exercises). Format version 1::

    format: 1
    id: gan                      # the folder's name
    title: {en: ..., zh: ...}
    difficulty: medium           # easy | medium | hard
    time_limit: 180              # seconds for a whole check run
    checks: gan                  # the check suite (quiz/exercises/suites/<checks>.py)
    requires: [tensorflow]       # optional: what the checker imports beyond NumPy
                                 # (quiz/exercises/availability.py); default none
    teach: true                  # optional (debug exercises): a failure shows its symptom and what
                                 # was expected, not the fix (that comes from the hints), and only
                                 # the first failure is explained; default false
    statement: {en: Markdown, zh: Markdown}
    hints: [{en: ..., zh: ...}, ...]     # revealed one at a time
    related: [question ids]
    contract: |                  # the Python signatures, as a stub
      def build_generator(z_dim: int) -> keras.Model: ...

Beside it: ``starter.py`` (the user's starting point) and ``solution.py`` (the
reference). Exercises sharing a suite share its baselines, taken from the suite's
own exercise (``exercises/<checks>/solution.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from quiz import locations
from quiz.bank.loader import yaml_and_loader
from quiz.bank.model import LANGS, Text
from quiz.exercises.availability import NEEDS

FORMAT = 1
DIFFICULTIES = ("easy", "medium", "hard")
LANGUAGES = LANGS
SUITES = ("gan", "vae", "sampling", "attention", "wgan_gp", "ddpm")
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_KEYS = {"format", "id", "title", "difficulty", "time_limit", "checks", "statement", "hints", "related", "contract"}
_OPTIONAL = {"requires", "teach"}


class CatalogError(ValueError):
    """An exercise folder or file that is missing or malformed, with where and what."""


class UnknownExercise(CatalogError):
    """No exercise with that id."""

    def __init__(self, exercise_id: str, known: list[str]):
        super().__init__(f"unknown exercise {exercise_id!r}; available: {', '.join(known) or 'none'}")
        self.exercise_id = exercise_id
        self.known = known


@dataclass(frozen=True)
class Exercise:
    """One coding exercise."""

    id: str
    title: Text
    difficulty: str
    time_limit: float
    checks: str
    statement: Text
    hints: tuple[Text, ...]
    related: tuple[str, ...]
    contract: str
    folder: Path
    requires: tuple[str, ...] = ()
    """Packages the checker needs beyond NumPy (keys of ``availability.NEEDS``)."""
    teach: bool = False
    """A debug exercise: the checker withholds the fix (see :mod:`quiz.exercises.checklib.teach`)."""

    @property
    def starter(self) -> Path:
        """The file copied into the user's workspace."""
        return self.folder / "starter.py"

    @property
    def solution(self) -> Path:
        """This exercise's reference solution (shown by ``quiz exercise solution``)."""
        return self.folder / "solution.py"

    @property
    def baseline_reference(self) -> Path:
        """The solution the checks' baselines come from: the suite's own exercise (a suite is a
        Python package, so ``wgan_gp`` is the suite of the exercise folder ``wgan-gp``)."""
        return self.folder.parent / self.checks.replace("_", "-") / "solution.py"

    def text(self, field: str, lang: str = "en") -> str:
        """``title`` or ``statement`` in ``lang``."""
        return getattr(self, field).get(lang)


def _text(data: dict, key: str, where: str) -> Text:
    """A bilingual field as the bank's :class:`~quiz.bank.model.Text` (both languages required)."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise CatalogError(f"{where}: '{key}' must be a mapping with 'en' and 'zh'")
    for lang in LANGUAGES:
        if not isinstance(value.get(lang), str) or not value[lang].strip():
            raise CatalogError(f"{where}: '{key}' is missing its '{lang}' text")
    extra = set(value) - set(LANGUAGES)
    if extra:
        raise CatalogError(f"{where}: '{key}' has unknown languages {sorted(extra)}")
    return Text(en=value["en"], zh=value["zh"])


def load_exercise(folder: Path) -> Exercise:
    """Read and validate ``folder/exercise.yaml``; :class:`CatalogError` says what is wrong."""
    path = Path(folder) / "exercise.yaml"
    yaml, loader = yaml_and_loader()  # imported here: a start that lists no exercise never needs PyYAML
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise CatalogError(f"{where}: invalid YAML ({getattr(exc, 'problem', None) or exc})") from None
    where = str(path)
    if not isinstance(data, dict):
        raise CatalogError(f"{where}: expected a mapping at the top level")
    unknown = set(data) - _KEYS - _OPTIONAL
    if unknown:
        raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
    missing = _KEYS - set(data)
    if missing:
        raise CatalogError(f"{where}: missing keys {sorted(missing)}")
    if data["format"] != FORMAT:
        raise CatalogError(f"{where}: format must be {FORMAT}, got {data['format']!r}")
    ex_id = data["id"]
    if not isinstance(ex_id, str) or not _ID.match(ex_id) or ex_id != Path(folder).name:
        raise CatalogError(f"{where}: id {ex_id!r} must be kebab-case and match the folder name {Path(folder).name!r}")
    if data["difficulty"] not in DIFFICULTIES:
        raise CatalogError(f"{where}: difficulty must be one of {', '.join(DIFFICULTIES)}")
    limit = data["time_limit"]
    if not isinstance(limit, (int, float)) or isinstance(limit, bool) or limit <= 0:
        raise CatalogError(f"{where}: time_limit must be a positive number of seconds")
    if data["checks"] not in SUITES:
        raise CatalogError(f"{where}: checks must be one of {', '.join(SUITES)}")
    hints = data["hints"]
    if not isinstance(hints, list) or not hints:
        raise CatalogError(f"{where}: hints must be a non-empty list")
    related = data["related"]
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        raise CatalogError(f"{where}: related must be a list of question ids")
    if not isinstance(data["contract"], str) or not data["contract"].strip():
        raise CatalogError(f"{where}: contract must be a non-empty string")
    requires = data.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) and r in NEEDS for r in requires):
        raise CatalogError(f"{where}: requires must be a list of {', '.join(NEEDS)}")
    teach = data.get("teach", False)
    if not isinstance(teach, bool):
        raise CatalogError(f"{where}: teach must be true or false")
    for name in ("starter.py", "solution.py"):
        if not (Path(folder) / name).is_file():
            raise CatalogError(f"{Path(folder) / name}: missing")
    return Exercise(
        id=ex_id,
        title=_text(data, "title", where),
        difficulty=data["difficulty"],
        time_limit=float(limit),
        checks=data["checks"],
        statement=_text(data, "statement", where),
        hints=tuple(_text({"hint": h}, "hint", f"{where} (hint {i + 1})") for i, h in enumerate(hints)),
        related=tuple(related),
        contract=data["contract"],
        folder=Path(folder),
        requires=tuple(requires),
        teach=teach,
    )


def list_exercises(root: Path | None = None) -> list[Exercise]:
    """Every exercise under ``root`` (default: the built-in ones), sorted by id."""
    root = Path(root) if root is not None else locations.exercises_dir()
    if not root.is_dir():
        return []
    return [load_exercise(d) for d in sorted(root.iterdir()) if (d / "exercise.yaml").is_file()]


def get_exercise(exercise_id: str, root: Path | None = None) -> Exercise:
    """One exercise by id; :class:`UnknownExercise` lists the available ones."""
    root = Path(root) if root is not None else locations.exercises_dir()
    folder = root / exercise_id
    if _ID.match(exercise_id or "") and (folder / "exercise.yaml").is_file():
        return load_exercise(folder)
    raise UnknownExercise(exercise_id, [e.id for e in list_exercises(root)])
