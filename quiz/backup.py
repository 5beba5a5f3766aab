"""Copies of the progress database: backup and restore through SQLite's online backup API.

The backup API copies a consistent snapshot page by page while other
connections keep reading and writing (the app may be running), which a plain
file copy of a WAL database does not. Both directions write to a temporary
file first and rename it into place, so a failure leaves nothing half-written;
a restore first keeps the current database under a new name.

Errors are :class:`CopyError` with an i18n key and fields; the command turns
them into a message in the user's language.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from quiz.store import SCHEMA_VERSION, Store

_SQLITE_MAGIC = b"SQLite format 3\x00"
_QUIZ_TABLES = {"cards", "reviews"}


@dataclass
class CopyError(Exception):
    """A backup or restore that cannot be done; ``key`` names the message in :mod:`quiz.i18n`."""

    key: str
    fields: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.key} {self.fields}"


@dataclass(frozen=True)
class Summary:
    """What a progress database holds."""

    schema: int
    cards: int
    reviews: int


def inspect(path: Path) -> Summary:
    """Check that ``path`` is a quiz progress database this version can use; raises :class:`CopyError`."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            magic = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        raise CopyError("io.db.no_file", {"path": path}) from None
    except IsADirectoryError:
        raise CopyError("io.db.not_quiz", {"path": path}) from None
    except OSError as exc:
        raise CopyError("io.db.unreadable", {"path": path, "error": exc.strerror or exc}) from None
    if magic != _SQLITE_MAGIC:
        raise CopyError("io.db.not_quiz", {"path": path})
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not _QUIZ_TABLES <= tables:
                raise CopyError("io.db.not_quiz", {"path": path})
            if version > SCHEMA_VERSION:
                raise CopyError("io.db.newer", {"path": path, "schema": version, "known": SCHEMA_VERSION})
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise CopyError("io.db.damaged", {"path": path, "error": "quick_check"})
            cards = conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
            reviews = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CopyError("io.db.damaged", {"path": path, "error": exc}) from None
    return Summary(version, cards, reviews)


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Write a snapshot of ``source`` to ``target`` through a temporary file beside it."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            dest.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def backup(db: Path, target: Path) -> Summary:
    """Copy the progress database ``db`` to ``target`` (safe while the app has it open)."""
    db, target = Path(db), Path(target)
    if not db.exists():
        raise CopyError("io.db.no_database", {"path": db})
    if target.exists() and target.resolve() == db.resolve():
        raise CopyError("io.db.same_file", {"path": target})
    if target.is_dir():
        raise CopyError("io.db.target_is_dir", {"path": target})
    inspect(db)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_file(db, target)
    except (OSError, sqlite3.Error) as exc:
        raise CopyError("io.db.cannot_write", {"path": target, "error": _reason(exc)}) from None
    return inspect(target)


def _copy_file(db: Path, target: Path) -> None:
    """Copy the database file ``db``, opened read-only, to ``target`` (see :func:`_copy`)."""
    source = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    try:
        _copy(source, target)
    finally:
        source.close()


def _reason(exc: Exception) -> object:
    """What to show of an I/O or SQLite error: the OS's words when there are some."""
    return getattr(exc, "strerror", None) or exc


def aside_name(db: Path, now: datetime | None = None) -> Path:
    """Where a restore keeps the current database: ``progress.sqlite3.before-restore-20261203-0701``."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = db.with_name(f"{db.name}.before-restore-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = db.with_name(f"{db.name}.before-restore-{stamp}-{n}")
    return candidate


def restore(source: Path, db: Path) -> tuple[Summary, Path | None]:
    """Replace the progress database ``db`` with the backup ``source``; returns what it now holds
    and where the previous database was kept (None when there was none).

    Refuses a file that is not a quiz database or has a newer schema; an older
    schema is migrated when the restored database is opened.
    """
    source, db = Path(source), Path(db)
    if db.exists() and source.resolve() == db.resolve():
        raise CopyError("io.db.same_file", {"path": source})
    inspect(source)
    kept = None
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        if db.exists():
            kept = aside_name(db)
            _copy_file(db, kept)
        incoming = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if db.exists():
                # into the live file through the backup API: a running app's connection sees
                # the new content, never a file swapped under it
                live = sqlite3.connect(db, timeout=5.0)
                try:
                    incoming.backup(live)
                finally:
                    live.close()
            else:
                _copy(incoming, db)
        finally:
            incoming.close()
    except OSError as exc:
        raise CopyError("io.db.cannot_write", {"path": db, "error": _reason(exc)}) from None
    except sqlite3.Error as exc:
        raise CopyError("io.db.restore_failed", {"path": db, "error": exc, "kept": kept or "—"}) from None
    store = Store.open(db)  # migrates an older schema; raises StoreError with its own message
    try:
        return Summary(store.schema_version, len(store.cards()), len(store.reviews())), kept
    finally:
        store.close()
