"""User settings from ``config.toml`` (see :func:`quiz.locations.config_path`).

Every setting has a default, so the file is optional. Example::

    lang = "zh"                 # en | zh (default: from the locale)
    bank_dirs = ["~/decks"]     # extra folders of YAML decks, merged with the built-in bank
    new_per_day = 10            # new cards introduced per day in due review
    session_length = 30         # cards per review or practice session
    desired_retention = 0.9     # FSRS target recall probability
    mock_questions = 6          # questions in a mock interview
    mock_minutes = 25           # time for a mock interview
"""

from __future__ import annotations

import locale
import os
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path

from quiz import locations


class ConfigError(Exception):
    """The config file is unreadable or has a bad value; the message names the file and the fix."""


@dataclass
class Config:
    """Settings with their defaults."""

    lang: str = ""
    bank_dirs: list[Path] = field(default_factory=list)
    new_per_day: int = 10
    session_length: int = 30
    desired_retention: float = 0.9
    mock_questions: int = 6
    mock_minutes: int = 25

    def __post_init__(self) -> None:
        if not self.lang:
            self.lang = default_lang()


def default_lang() -> str:
    """``zh`` when the locale is Chinese, else ``en``."""
    for var in ("QUIZ_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:  # pragma: no cover
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


_CHECKS = {
    "lang": (str, lambda v: v in ("en", "zh"), "'en' or 'zh'"),
    "new_per_day": (int, lambda v: 0 <= v <= 1000, "a whole number from 0 to 1000"),
    "session_length": (int, lambda v: 1 <= v <= 1000, "a whole number from 1 to 1000"),
    "desired_retention": (float, lambda v: 0.7 <= v <= 0.99, "a number from 0.7 to 0.99"),
    "mock_questions": (int, lambda v: 1 <= v <= 50, "a whole number from 1 to 50"),
    "mock_minutes": (int, lambda v: 1 <= v <= 240, "a whole number from 1 to 240"),
}


def load_config(path: Path | None = None, *, lang: str | None = None) -> Config:
    """Read the config file (missing file = defaults). Raises :class:`ConfigError` on a bad file.

    The language is resolved here, once, for every front end: ``lang`` (a
    command-line choice), else the file's ``lang``, else :func:`default_lang`.
    """
    config = _read_config(path or locations.config_path())
    if lang:
        config.lang = lang
    return config


def _read_config(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc}); fix or delete it") from None
    if sys.version_info >= (3, 11):  # imported here: most users have no config file
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}; fix or delete it") from None
    known = {f.name for f in fields(Config)}
    values: dict = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
        if key == "bank_dirs":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: bank_dirs must be a list of folder paths")
            values[key] = [Path(v).expanduser() for v in value]
            continue
        kind, ok, expected = _CHECKS[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) or not ok(value):
            raise ConfigError(f"{path}: {key} = {value!r} is not valid; expected {expected}")
        values[key] = value
    return Config(**values)
