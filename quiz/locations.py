"""Every path the app reads or writes, in one place.

User data (the progress database, exercise workspaces, caches) lives under the
platform's user directories (platformdirs); each can be overridden by an
environment variable, which is how tests and users relocate them:

- ``QUIZ_DATA_DIR``   progress database and exercise workspaces
- ``QUIZ_CACHE_DIR``  parsed-bank cache, exercise baselines
- ``QUIZ_CONFIG``     the config file (``config.toml``)
- ``QUIZ_DB``         the progress database file itself

The built-in bank and exercises are found beside the package in a source
checkout (``questions/``, ``exercises/`` at the repo root) or inside it when
installed from a wheel (``quiz/_data/``).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "quiz"
_PACKAGE_DIR = Path(__file__).resolve().parent
_DIRS = PlatformDirs(APP_NAME, appauthor=False)


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def _shipped(name: str) -> Path:
    """A data folder shipped with the package: the wheel's copy, else the checkout's."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def questions_dir() -> Path:
    """The built-in question bank (one YAML file per deck)."""
    return _shipped("questions")


def exercises_dir() -> Path:
    """The built-in coding exercises (one folder per exercise)."""
    return _shipped("exercises")


def data_dir() -> Path:
    """Where progress and workspaces live (``QUIZ_DATA_DIR`` overrides)."""
    return _env_path("QUIZ_DATA_DIR") or Path(_DIRS.user_data_dir)


def cache_dir() -> Path:
    """Disposable caches (``QUIZ_CACHE_DIR`` overrides); safe to delete."""
    return _env_path("QUIZ_CACHE_DIR") or Path(_DIRS.user_cache_dir)


def config_path() -> Path:
    """The user's config file (``QUIZ_CONFIG`` overrides)."""
    return _env_path("QUIZ_CONFIG") or Path(_DIRS.user_config_dir) / "config.toml"


def db_path() -> Path:
    """The SQLite progress store (``QUIZ_DB`` overrides)."""
    return _env_path("QUIZ_DB") or data_dir() / "progress.sqlite3"


def decks_dir() -> Path:
    """The user's own decks (``quiz import`` writes here); always part of the bank when it exists."""
    return data_dir() / "decks"


def workspace_dir() -> Path:
    """Where the user's exercise files live: one ``<exercise>.py`` per exercise."""
    return data_dir() / "workspace"
