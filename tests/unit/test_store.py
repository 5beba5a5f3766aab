"""The progress store: schema and migrations, WAL, undo, and every way it can fail without losing data."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.store import SCHEMA_VERSION, Store, StoreError, move_aside

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
CARD = {"card_id": 1, "state": 2, "step": None, "stability": 30.0, "difficulty": 5.0,
        "due": (NOW + timedelta(days=3)).isoformat(), "last_review": NOW.isoformat()}


def test_new_store_has_schema_version_and_wal(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    assert store.schema_version == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_two_processes_creating_the_same_new_store_at_once_both_open_it(tmp_path: Path, monkeypatch) -> None:
    """The second to take the write lock finds the first one's tables ("table cards already exists" before)."""
    path = tmp_path / "p.db"
    real = Store._transaction
    others: list[Store] = []

    def another_quiz_gets_there_first(self):
        if not others:  # between this process reading the empty file and taking the lock
            monkeypatch.setattr(Store, "_transaction", real)
            others.append(Store.open(path))
            monkeypatch.setattr(Store, "_transaction", another_quiz_gets_there_first)
        return real(self)

    monkeypatch.setattr(Store, "_transaction", another_quiz_gets_there_first)
    store = Store.open(path)
    assert others and others[0].schema_version == store.schema_version == SCHEMA_VERSION
    store.record_attempt("gan", NOW, 1.5, "pass", [])
    assert len(others[0].conn.execute("SELECT * FROM attempts").fetchall()) == 1


def test_migrates_a_version_1_store_and_keeps_its_data(tmp_path: Path) -> None:
    from quiz.store import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO reviews (question_id, reviewed_at, rating, mode) VALUES ('a.b', ?, 3, 'review')", (NOW.isoformat(),))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert store.schema_version == SCHEMA_VERSION
    assert [r.question_id for r in store.reviews()] == ["a.b"]
    store.record_attempt("gan", NOW, 1.5, "fail", [{"name": "x", "status": "fail"}])
    assert store.exercise_summaries()["gan"]["status"] == "failing"


def test_newer_schema_is_refused_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer quiz"):
        Store.open(path)
    assert path.read_bytes() == before


def test_review_is_committed_and_undo_restores_the_card(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    store = Store.open(path)
    first = store.record_review("d.q", rating=3, reviewed_at=NOW, duration_ms=1200, mode="review", card_after=CARD)
    other = sqlite3.connect(path)  # a second connection sees it at once: it is committed
    assert other.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1
    later = dict(CARD, stability=60.0, due=(NOW + timedelta(days=40)).isoformat())
    second = store.record_review("d.q", rating=4, reviewed_at=NOW, duration_ms=800, mode="review", card_before=CARD, card_after=later)
    assert store.card("d.q")["stability"] == 60.0
    store.undo_review(second)
    assert store.card("d.q") == CARD
    store.undo_review(first)
    assert store.card("d.q") is None
    assert store.reviews() == []


def test_practice_review_leaves_the_schedule_alone(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    store.record_review("d.q", rating=1, reviewed_at=NOW, duration_ms=100, mode="practice")
    assert store.card("d.q") is None and len(store.reviews()) == 1


def test_corrupt_database_is_reported_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.damaged
    assert "damaged" in str(info.value) and str(path) in str(info.value) and "move-aside" in str(info.value)
    assert path.read_bytes() == before
    kept = move_aside(path)
    assert kept.read_bytes() == before and not path.exists()
    assert Store.open(path).schema_version == SCHEMA_VERSION


def test_locked_database_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import quiz.store as store_mod

    path = tmp_path / "p.db"
    Store.open(path).close()
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            Store.open(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_data_directory(tmp_path: Path) -> None:  # pragma: no cover - CI runs as root
    locked = tmp_path / "ro"
    locked.mkdir(mode=0o500)
    with pytest.raises(StoreError, match="QUIZ_DATA_DIR"):
        Store.open(locked / "sub" / "p.db")


def test_unwritable_data_directory_even_as_root(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the data directory"):
        Store.open(blocker / "sub" / "p.db")


def test_exercise_summaries(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    store.record_attempt("gan", NOW, 10.0, "fail", [{"name": "a", "status": "pass"}, {"name": "b", "status": "fail"}])
    store.record_attempt("gan", NOW, 12.0, "pass", [{"name": "a", "status": "pass"}, {"name": "b", "status": "pass"}])
    s = store.exercise_summaries()["gan"]
    assert (s["status"], s["attempts"], s["best_passed"], s["total"]) == ("passing", 2, 2, 2)
    assert len(store.attempts("gan")) == 2
