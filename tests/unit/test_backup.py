"""``quiz db backup`` / ``restore``: copies made while the app has the database open; refusals leave everything as it was."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.__main__ import main
from quiz.store import SCHEMA_VERSION, Store

WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
CARD = {"card_id": 1, "state": 2, "step": None, "stability": 3.0, "difficulty": 5.0,
        "due": (WHEN + timedelta(days=3)).isoformat(), "last_review": WHEN.isoformat()}


def grade(store: Store, qid: str) -> None:
    store.record_review(qid, rating=3, reviewed_at=WHEN, duration_ms=1000, mode="review", card_after=CARD)


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0], conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def test_backup_while_the_app_holds_the_database(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "progress.sqlite3"
    store = Store.open(db)  # the running app's connection, kept open throughout
    grade(store, "gan.a")
    grade(store, "gan.b")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a writer in the middle of a transaction
    other.execute("INSERT INTO reviews (question_id, reviewed_at, rating, mode) VALUES ('x.uncommitted', '2026-12-01', 3, 'review')")
    try:
        copy = tmp_path / "backups" / "copy.sqlite3"
        assert main(["--db", str(db), "db", "backup", str(copy)]) == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "2 cards, 2 reviews" in capsys.readouterr().out
    assert counts(copy) == (2, 2)  # committed state only
    assert not copy.with_name(copy.name + "-wal").exists()  # one self-contained file
    assert [p.name for p in copy.parent.iterdir()] == ["copy.sqlite3"]
    grade(store, "gan.c")  # the app carries on
    store.close()


def test_restore_keeps_the_current_database_aside(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "progress.sqlite3"
    store = Store.open(db)
    grade(store, "gan.a")
    copy = tmp_path / "copy.sqlite3"
    assert main(["--db", str(db), "db", "backup", str(copy)]) == 0
    grade(store, "gan.b")
    grade(store, "gan.c")
    store.close()
    assert main(["--db", str(db), "db", "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert counts(db) == (1, 1)
    kept = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and counts(kept[0]) == (3, 3)
    assert str(kept[0]) in out
    reopened = Store.open(db)
    assert reopened.card("gan.a") is not None and reopened.card("gan.b") is None
    reopened.close()


def test_restore_into_an_open_database(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    store = Store.open(db)
    grade(store, "gan.a")
    copy = tmp_path / "copy.sqlite3"
    assert main(["--db", str(db), "db", "backup", str(copy)]) == 0
    grade(store, "gan.b")
    assert main(["--db", str(db), "db", "restore", str(copy)]) == 0
    assert set(store.cards()) == {"gan.a"}  # the open connection sees the restored content
    grade(store, "gan.z")
    store.close()
    assert counts(db) == (2, 2)


def test_restore_migrates_an_older_schema(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old)
    from quiz.store import MIGRATIONS

    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    db = tmp_path / "progress.sqlite3"
    assert main(["--db", str(db), "db", "restore", str(old)]) == 0
    store = Store.open(db)
    assert store.schema_version == SCHEMA_VERSION
    store.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_refuses_a_newer_schema_and_changes_nothing(tmp_path: Path, lang: str, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "progress.sqlite3"
    store = Store.open(db)
    grade(store, "gan.a")
    store.close()
    newer = tmp_path / "newer.sqlite3"
    assert main(["--db", str(db), "db", "backup", str(newer)]) == 0
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    assert main(["--lang", lang, "--db", str(db), "db", "restore", str(newer)]) == 1
    err = capsys.readouterr().err
    assert f"schema {SCHEMA_VERSION + 1}" in err
    assert ("newer quiz" in err) if lang == "en" else ("更新版本" in err)
    assert db.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name]


def test_refuses_files_that_are_not_quiz_databases(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "progress.sqlite3"
    Store.open(db).close()
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    foreign = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    for path in (text, foreign, tmp_path):
        assert main(["--db", str(db), "db", "restore", str(path)]) == 1
        assert "is not a quiz progress database" in capsys.readouterr().err
    assert main(["--db", str(db), "db", "restore", str(tmp_path / "missing")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["--db", str(db), "db", "restore"]) == 2
    assert main(["--db", str(db), "db", "backup", str(db)]) == 1
    assert "the progress database itself" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "none.sqlite3"), "db", "backup", str(tmp_path / "b")]) == 1
    assert not (tmp_path / "none.sqlite3").exists() and not (tmp_path / "b").exists()


def test_no_traceback_from_the_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    result = subprocess.run([sys.executable, "-m", "quiz", "--db", str(tmp_path / "p.sqlite3"), "db", "restore", str(bad)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr and str(bad) in result.stderr
