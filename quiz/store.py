"""The progress store: SQLite (stdlib), WAL, a schema version with migrations.

Holds the FSRS state of each card, every review (with the card as it was before,
so the last grade can be undone), exercise attempts, the interview plan and
finished mock interviews. Every write commits
before it returns: a grade is on disk before the next card is shown.

Progress is keyed by question id, never by position or text, so editing a
question keeps its history.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from quiz import locations

SCHEMA_VERSION = 4
BUSY_TIMEOUT_S = 5.0  # wait this long for another process holding a lock

# Each migration takes the schema from version i to i + 1.
MIGRATIONS: list[str] = [
    # 0 -> 1: cards and reviews
    """
    CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,
        card_json   TEXT NOT NULL,
        due         TEXT NOT NULL,
        state       INTEGER NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX cards_due ON cards(due);
    CREATE TABLE reviews (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id  TEXT NOT NULL,
        reviewed_at  TEXT NOT NULL,
        rating       INTEGER NOT NULL,
        duration_ms  INTEGER,
        mode         TEXT NOT NULL,
        coverage     REAL,
        card_before  TEXT,
        card_after   TEXT,
        log_json     TEXT
    );
    CREATE INDEX reviews_question ON reviews(question_id);
    CREATE INDEX reviews_time ON reviews(reviewed_at);
    """,
    # 1 -> 2: exercise attempts
    """
    CREATE TABLE attempts (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        exercise_id  TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        duration     REAL NOT NULL,
        status       TEXT NOT NULL,
        passed       INTEGER NOT NULL,
        total        INTEGER NOT NULL,
        checks_json  TEXT NOT NULL
    );
    CREATE INDEX attempts_exercise ON attempts(exercise_id);
    """,
    # 2 -> 3: the interview plan (one row: the date, the chosen decks, the daily workload cap)
    """
    CREATE TABLE study_plan (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        interview   TEXT NOT NULL,
        decks_json  TEXT NOT NULL,
        daily_cap   INTEGER NOT NULL,
        set_at      TEXT NOT NULL
    );
    """,
    # 3 -> 4: finished mock interviews, each as its report showed it (quiz/mock.py to_dict), to reopen later
    """
    CREATE TABLE mock_reports (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        finished_at  TEXT NOT NULL,
        report_json  TEXT NOT NULL
    );
    """,
]
assert len(MIGRATIONS) == SCHEMA_VERSION


class StoreError(Exception):
    """The progress store cannot be used; ``str()`` says why and what to do."""

    def __init__(self, message: str, path: Path, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.damaged = damaged


@dataclass(frozen=True)
class ReviewRow:
    """One stored review."""

    id: int
    question_id: str
    reviewed_at: datetime
    rating: int
    duration_ms: int | None
    mode: str
    card_before: dict | None
    card_after: dict | None


def utcnow() -> datetime:
    """Now, as FSRS wants it: aware, with ``timezone.utc`` exactly."""
    return datetime.now(timezone.utc)


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).isoformat()


def _parse(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL files) so a fresh one can start; returns the new name."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


class Store:
    """A connection to the progress database."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """Open (creating and migrating as needed) the store at ``path`` (default: :func:`locations.db_path`).

        Raises :class:`StoreError` with a message that names the file, the problem
        and the way out; the file itself is never modified or deleted on error.
        """
        path = Path(path) if path is not None else locations.db_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data directory {path.parent}: {exc.strerror or exc}. "
                "Point QUIZ_DATA_DIR (or --db) at a writable place.", path) from None
        if path.exists() and not os.access(path, os.W_OK):
            raise StoreError(f"the progress database {path} is read-only. Fix its permissions, or use --db to choose another file.", path)
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the progress database {path}: {exc}. Use --db to choose another file.", path) from None
        store = cls(conn, path)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            store._refuse_newer()  # before anything writes to the file
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":  # pragma: no cover - e.g. some network filesystems
                conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = NORMAL" if mode.lower() == "wal" else "PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            store._migrate()
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"the progress database {path} is locked by another program (is another quiz running?). Close it and try again.", path) from None
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise StoreError(f"the progress database {path} cannot be written. Fix its permissions, or use --db to choose another file.", path) from None
            raise StoreError(f"the progress database {path} cannot be used: {exc}.", path, damaged=True) from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"the progress database {path} is damaged ({exc}). It has been left as it is. "
                "Move it aside and start a fresh one (the app offers this; from the shell: "
                "quiz db move-aside), or use --db to choose another file.", path, damaged=True) from None
        return store

    def _refuse_newer(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self.conn.close()
            raise StoreError(
                f"the progress database {self.path} was written by a newer quiz (schema {version}, "
                f"this one knows {SCHEMA_VERSION}). Upgrade quiz, or use --db to choose another file.", self.path)

    def _migrate(self) -> None:
        """Bring the schema up to :data:`SCHEMA_VERSION`, one migration per transaction.

        The version is read inside each write transaction: two quiz processes opening a new
        file at once both see version 0 before either writes, and the second to get the write
        lock must find the first one's tables made, not create them again."""
        while True:
            with self._transaction():
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    return
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (everything is already committed)."""
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- cards and reviews ---------------------------------------------------

    def card(self, question_id: str) -> dict | None:
        """The stored FSRS card (``Card.to_dict()``) of a question, or None if never reviewed."""
        row = self.conn.execute("SELECT card_json FROM cards WHERE question_id = ?", (question_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def cards(self) -> dict[str, dict]:
        """Every stored card by question id."""
        return {qid: json.loads(js) for qid, js in self.conn.execute("SELECT question_id, card_json FROM cards")}

    def due_ids(self, now: datetime) -> list[str]:
        """Question ids whose card is due at ``now``, most overdue first."""
        rows = self.conn.execute("SELECT question_id FROM cards WHERE due <= ? ORDER BY due", (_iso(now),))
        return [r[0] for r in rows]

    def record_review(
        self,
        question_id: str,
        *,
        rating: int,
        reviewed_at: datetime,
        duration_ms: int | None,
        mode: str,
        coverage: float | None = None,
        card_before: dict | None = None,
        card_after: dict | None = None,
        log: dict | None = None,
    ) -> int:
        """Commit one review; with ``card_after`` also the card's new schedule. Returns the review id."""
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO reviews (question_id, reviewed_at, rating, duration_ms, mode, coverage, card_before, card_after, log_json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (question_id, _iso(reviewed_at), rating, duration_ms, mode, coverage,
                 json.dumps(card_before) if card_before else None,
                 json.dumps(card_after) if card_after else None,
                 json.dumps(log) if log else None),
            )
            if card_after is not None:
                self._put_card(conn, question_id, card_after, reviewed_at)
            return int(cur.lastrowid)

    @staticmethod
    def _put_card(conn: sqlite3.Connection, question_id: str, card: dict, when: datetime) -> None:
        conn.execute(
            "INSERT INTO cards (question_id, card_json, due, state, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(question_id) DO UPDATE SET card_json = excluded.card_json, due = excluded.due,"
            " state = excluded.state, updated_at = excluded.updated_at",
            (question_id, json.dumps(card), _iso(_parse(card["due"])), int(card["state"]), _iso(when)),
        )

    def undo_review(self, review_id: int) -> ReviewRow | None:
        """Delete review ``review_id`` and restore the card as it was before it. Returns the undone review."""
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT id, question_id, reviewed_at, rating, duration_ms, mode, card_before, card_after FROM reviews WHERE id = ?",
                (review_id,),
            ).fetchone()
            if row is None:
                return None
            review = _review_row(row)
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            if review.card_after is not None:
                if review.card_before is None:
                    conn.execute("DELETE FROM cards WHERE question_id = ?", (review.question_id,))
                else:
                    self._put_card(conn, review.question_id, review.card_before, utcnow())
            return review

    def reviews(self, *, since: datetime | None = None, question_id: str | None = None) -> list[ReviewRow]:
        """Stored reviews, oldest first, optionally since a time or for one question."""
        sql = "SELECT id, question_id, reviewed_at, rating, duration_ms, mode, card_before, card_after FROM reviews WHERE 1=1"
        args: list = []
        if since is not None:
            sql += " AND reviewed_at >= ?"
            args.append(_iso(since))
        if question_id is not None:
            sql += " AND question_id = ?"
            args.append(question_id)
        return [_review_row(r) for r in self.conn.execute(sql + " ORDER BY id", args)]

    def reviewed_ids(self) -> set[str]:
        """Every question id with at least one stored review, in any mode (no JSON decoded)."""
        return {row[0] for row in self.conn.execute("SELECT DISTINCT question_id FROM reviews")}

    def review_times(self) -> list[datetime]:
        """When each review happened, oldest first (no card JSON decoded: cheap for a streak)."""
        return [_parse(row[0]) for row in self.conn.execute("SELECT reviewed_at FROM reviews ORDER BY id")]

    def new_cards_since(self, since: datetime) -> int:
        """How many cards had their first scheduled review at or after ``since`` (the daily new-card count)."""
        row = self.conn.execute(
            "SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ? AND card_before IS NULL AND card_after IS NOT NULL",
            (_iso(since),),
        ).fetchone()
        return int(row[0])

    # -- the interview plan --------------------------------------------------

    def study_plan(self) -> dict | None:
        """The stored interview plan as ``{"interview": "YYYY-MM-DD", "decks": [...], "daily_cap": n,
        "set_at": datetime}``, or None when no date is set (:mod:`quiz.plan` gives it meaning)."""
        row = self.conn.execute("SELECT interview, decks_json, daily_cap, set_at FROM study_plan WHERE id = 1").fetchone()
        if row is None:
            return None
        return {"interview": row[0], "decks": json.loads(row[1]), "daily_cap": int(row[2]), "set_at": _parse(row[3])}

    def set_study_plan(self, interview: str, decks: list[str], daily_cap: int, set_at: datetime) -> None:
        """Store the interview plan, replacing any earlier one."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO study_plan (id, interview, decks_json, daily_cap, set_at) VALUES (1, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET interview = excluded.interview, decks_json = excluded.decks_json,"
                " daily_cap = excluded.daily_cap, set_at = excluded.set_at",
                (interview, json.dumps(list(decks)), int(daily_cap), _iso(set_at)),
            )

    def clear_study_plan(self) -> bool:
        """Forget the interview plan (progress is untouched). Returns whether there was one."""
        with self._transaction() as conn:
            return conn.execute("DELETE FROM study_plan WHERE id = 1").rowcount > 0

    # -- exercise attempts ---------------------------------------------------

    def record_attempt(self, exercise_id: str, started_at: datetime, duration: float, status: str, checks: list[dict]) -> None:
        """Commit one exercise check run: when, how long, the overall status and each check's result."""
        passed = sum(1 for c in checks if c.get("status") == "pass")
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO attempts (exercise_id, started_at, duration, status, passed, total, checks_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (exercise_id, _iso(started_at), float(duration), status, passed, len(checks), json.dumps(checks)),
            )

    def attempts(self, exercise_id: str) -> list[dict]:
        """Every attempt at one exercise, oldest first."""
        rows = self.conn.execute(
            "SELECT started_at, duration, status, passed, total, checks_json FROM attempts WHERE exercise_id = ? ORDER BY id",
            (exercise_id,),
        )
        return [
            {"started_at": _parse(s), "duration": d, "status": st, "passed": p, "total": t, "checks": json.loads(c)}
            for s, d, st, p, t, c in rows
        ]

    def exercise_summaries(self) -> dict[str, dict]:
        """Per exercise with attempts: status ("passing" if the last run passed, else "failing"), attempts, best_passed, total, last_at."""
        out: dict[str, dict] = {}
        rows = self.conn.execute(
            "SELECT exercise_id, status, passed, total, started_at FROM attempts ORDER BY id"
        )
        for exercise_id, status, passed, total, started_at in rows:
            s = out.setdefault(exercise_id, {"attempts": 0, "best_passed": 0, "total": total, "ever_passed": False})
            s["attempts"] += 1
            s["status"] = "passing" if status == "pass" else "failing"
            s["ever_passed"] = s["ever_passed"] or status == "pass"
            if passed >= s["best_passed"]:
                s["best_passed"], s["total"] = passed, total
            s["last_at"] = _parse(started_at)
        return out

    # -- mock interviews -----------------------------------------------------

    def record_mock(self, finished_at: datetime, report: dict) -> int:
        """Commit one finished mock interview's report (JSON-ready data); returns its id."""
        with self._transaction() as conn:
            cur = conn.execute("INSERT INTO mock_reports (finished_at, report_json) VALUES (?, ?)",
                               (_iso(finished_at), json.dumps(report, ensure_ascii=False)))
            return int(cur.lastrowid)

    def mock_reports(self) -> list[tuple[int, dict]]:
        """Every stored mock interview report as (id, data), newest first; a row whose JSON
        does not parse comes back as (id, {}) (the caller says so; nothing is deleted)."""
        out = []
        for rid, text in self.conn.execute("SELECT id, report_json FROM mock_reports ORDER BY finished_at DESC, id DESC"):
            try:
                data = json.loads(text)
            except ValueError:
                data = {}
            out.append((int(rid), data if isinstance(data, dict) else {}))
        return out


def _review_row(row: tuple) -> ReviewRow:
    rid, qid, at, rating, duration, mode, before, after = row
    return ReviewRow(
        rid, qid, _parse(at), rating, duration, mode,
        json.loads(before) if before else None,
        json.loads(after) if after else None,
    )
