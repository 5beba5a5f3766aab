"""Assemble what every front end needs: the config, the merged bank, the store.

The CLI and the TUI both call these, so loading rules live in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quiz import locations
from quiz.bank import Bank, BankError, load_bank
from quiz.bank.errors import Message
from quiz.config import Config


def exercise_ids() -> set[str]:
    """Ids of the built-in exercises (folder names with an ``exercise.yaml``); no TensorFlow."""
    root = locations.exercises_dir()
    if not root.is_dir():
        return set()
    return {p.name for p in root.iterdir() if (p / "exercise.yaml").is_file()}


def bank_paths(config: Config, extra: Sequence[Path] = ()) -> list[Path]:
    """The built-in bank, the user's deck folder (when it exists), then the config's folders, then
    those given on the command line."""
    paths = [locations.questions_dir()]
    own = locations.decks_dir()
    for path in [*([own] if own.is_dir() else []), *config.bank_dirs, *extra]:
        if path not in paths:
            paths.append(Path(path))
    return paths


def load_user_bank(config: Config, extra: Sequence[Path] = ()) -> tuple[Bank, list[BankError]]:
    """The merged bank and every problem found (the app shows the valid part and reports the rest)."""
    errors: list[BankError] = []
    paths = []
    for path in bank_paths(config, extra):
        if not path.exists():
            errors.append(BankError(path, 0, 0, Message("bank folder or file not found (check --bank or bank_dirs in the config)",
                                                        "找不到题库文件夹或文件（请检查 --bank 或配置中的 bank_dirs）")))
        else:
            paths.append(path)
    bank, load_errors = load_bank(paths, exercise_ids=exercise_ids(), cache_dir=locations.cache_dir() / "bank")
    return bank, errors + load_errors
