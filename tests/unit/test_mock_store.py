"""Finished mock interviews in the progress store: schema 4, its migration, and reading them back."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz import mock, mock_reports
from quiz.session import Graded
from quiz.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=timezone.utc)
CARD = {"card_id": 1, "state": 2, "step": None, "stability": 30.0, "difficulty": 5.0,
        "due": (NOW + timedelta(days=3)).isoformat(), "last_review": NOW.isoformat()}


def _record(finished_at: datetime = NOW, typed: str = "two nets") -> mock.MockRecord:
    return mock.make_record(["mini.open-one", "mini.bug-one"], [Graded("mini.open-one", 1, 3000, 0.0)],
                            {"mini.open-one": typed}, finished_at=finished_at, elapsed=42.0, decks=None, minutes=25)


def _schema_3_store(path: Path) -> None:
    """A database as quiz wrote it at schema 3, with a row in every table."""
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:3]:
        conn.executescript(migration)
    conn.execute("INSERT INTO cards VALUES ('mini.open-one', ?, ?, 2, ?)", (json.dumps(CARD), CARD["due"], NOW.isoformat()))
    conn.execute("INSERT INTO reviews (question_id, reviewed_at, rating, duration_ms, mode, card_after) VALUES ('mini.open-one', ?, 3, 1200, 'review', ?)",
                 (NOW.isoformat(), json.dumps(CARD)))
    conn.execute("INSERT INTO attempts (exercise_id, started_at, duration, status, passed, total, checks_json) VALUES ('gan', ?, 2.5, 'pass', 11, 11, '[]')",
                 (NOW.isoformat(),))
    conn.execute("INSERT INTO study_plan VALUES (1, '2026-12-20', '[\"gan\"]', 60, ?)", (NOW.isoformat(),))
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


def test_schema_4_adds_mock_reports_to_a_schema_3_store_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_3_store(path)
    store = Store.open(path)
    assert SCHEMA_VERSION == 4 and store.schema_version == 4
    assert store.card("mini.open-one") == CARD
    assert [(r.question_id, r.rating, r.duration_ms) for r in store.reviews()] == [("mini.open-one", 3, 1200)]
    assert store.exercise_summaries()["gan"]["best_passed"] == 11
    assert store.study_plan()["daily_cap"] == 60
    assert store.mock_reports() == []
    rid = store.record_mock(NOW, {"format": 1, "x": "模拟"})
    store.close()
    reopened = Store.open(path)  # opening again migrates nothing and keeps the new row
    assert reopened.schema_version == 4 and reopened.mock_reports() == [(rid, {"format": 1, "x": "模拟"})]


def test_a_failed_migration_leaves_the_schema_3_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_3_store(path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE mock_reports (x)")  # in the way of the migration
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="mock_reports"):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3  # rolled back: still schema 3, data intact
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1
    conn.close()


def test_saved_records_come_back_newest_first_and_equal(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    older = mock_reports.save(store, _record(NOW - timedelta(days=1), typed="第一次"))
    newer = mock_reports.save(store, _record(NOW))
    assert older.id is not None and newer.id is not None and older.id != newer.id
    records, damaged = mock_reports.history(store)
    assert records == [newer, older] and damaged == 0
    assert records[1].answers[0].typed == "第一次"


def test_an_empty_interview_is_not_stored_and_a_damaged_row_is_counted_not_dropped(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.db")
    empty = mock.make_record(["mini.open-one"], [], {}, finished_at=NOW, elapsed=2.0)
    assert mock_reports.save(store, empty).id is None and store.mock_reports() == []
    assert mock_reports.save(None, _record()).id is None  # no store (a damaged database refused): the report still shows
    kept = mock_reports.save(store, _record())
    store.conn.execute("INSERT INTO mock_reports (finished_at, report_json) VALUES (?, 'not json')", (NOW.isoformat(),))
    store.conn.execute("INSERT INTO mock_reports (finished_at, report_json) VALUES (?, '{\"format\": 1}')", (NOW.isoformat(),))
    records, damaged = mock_reports.history(store)
    assert records == [kept] and damaged == 2
    assert store.conn.execute("SELECT COUNT(*) FROM mock_reports").fetchone()[0] == 3  # nothing deleted
