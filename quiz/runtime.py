"""Where a run keeps its progress and how it checks exercises: one context, built by the front end.

The ``quiz`` command builds a :class:`Runtime` from its options (``--db``) and
passes it to every command; the TUI keeps it in its :class:`~quiz.tui.context.AppContext`.
Tests inject their own (a temporary database, a fake checker child) the same way
into both fronts. Nothing reads these settings from the environment behind the
caller's back: defaults come from :mod:`quiz.locations` when a field is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import locations

if TYPE_CHECKING:
    from quiz.store import Store


@dataclass(frozen=True)
class Runtime:
    """``db_path``: the progress store (None: the user's); ``checker_command``: the argv of
    the exercise checker child (None: ``python -m quiz.exercises.child``)."""

    db_path: Path | None = None
    checker_command: tuple[str, ...] | None = None

    @property
    def store_path(self) -> Path:
        """The progress store this run uses."""
        return Path(self.db_path) if self.db_path is not None else locations.db_path()

    def open_store(self) -> Store:
        """Open the progress store (raises :class:`quiz.store.StoreError` with a clear message)."""
        from quiz.store import Store

        return Store.open(self.store_path)
