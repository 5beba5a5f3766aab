"""Readiness (quiz/readiness.py) is FSRS retrievability on the day, frequency-weighted; cram picks the
least-recalled; the charts' data (quiz/history.py) counts what happened; the store keeps the plan."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Card

from quiz.bank import load_bank
from quiz.history import calendar, per_day
from quiz.readiness import cram_queue, history, interview_moment, readiness, weight
from quiz.scheduling import make_scheduler
from quiz.store import MIGRATIONS, SCHEMA_VERSION, Store
from tests.study_history import study

START = datetime(2026, 10, 1, 10, 0, tzinfo=timezone.utc)
NOW = datetime(2026, 11, 15, 12, 0, tzinfo=timezone.utc)


pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture
def studied(tmp_path: Path, test_bank_dir: Path):
    bank, errors = load_bank([test_bank_dir])
    assert not errors
    store = Store.open(tmp_path / "p.db")
    assert study(store, bank, START, 30, new_per_day=2) > 0
    return bank, store


def test_readiness_is_fsrs_retrievability_on_the_day_weighted_by_frequency(studied) -> None:
    bank, store = studied
    scheduler = make_scheduler(0.9)
    cards = store.cards()
    at = interview_moment(date(2026, 12, 20))
    got = readiness(bank, cards, scheduler, at)
    by_deck: dict[str, list[float]] = {}
    for q in bank.questions.values():
        direct = scheduler.get_card_retrievability(Card.from_dict(cards[q.id]), at) if q.id in cards else 0.0
        by_deck.setdefault(q.deck, []).extend([direct * weight(q), weight(q)])
    for deck, values in by_deck.items():
        assert got.by_deck[deck] == pytest.approx(sum(values[0::2]) / sum(values[1::2]))
    assert got.overall == pytest.approx(sum(sum(v[0::2]) for v in by_deck.values()) / sum(sum(v[1::2]) for v in by_deck.values()))
    assert 0 < got.overall < 1


def test_unseen_questions_count_as_not_recalled(test_bank_dir: Path) -> None:
    bank, _ = load_bank([test_bank_dir])
    empty = readiness(bank, {}, make_scheduler(0.9), NOW)
    assert empty.overall == 0 and set(empty.by_deck.values()) == {0.0}


def test_readiness_falls_as_the_interview_moves_away(studied) -> None:
    bank, store = studied
    scheduler, cards = make_scheduler(0.9), store.cards()
    near = readiness(bank, cards, scheduler, interview_moment(date(2026, 11, 16))).overall
    far = readiness(bank, cards, scheduler, interview_moment(date(2027, 6, 1))).overall
    assert near > far


def test_cram_puts_the_likely_forgotten_frequent_questions_first(studied) -> None:
    bank, store = studied
    scheduler, cards = make_scheduler(0.9), store.cards()
    at = interview_moment(date(2026, 12, 20))
    queue = cram_queue(bank, cards, scheduler, at, limit=100)
    risk = {qid: weight(bank.questions[qid]) * (1 - (scheduler.get_card_retrievability(Card.from_dict(cards[qid]), at) if qid in cards else 0))
            for qid in queue}
    assert [risk[q] for q in queue] == sorted(risk.values(), reverse=True)
    assert cram_queue(bank, cards, scheduler, at, decks={"extra"}, limit=100) == [q for q in queue if q.startswith("extra.")]
    assert len(cram_queue(bank, cards, scheduler, at, limit=2)) == 2


def test_readiness_history_rebuilds_the_cards_from_the_reviews(studied) -> None:
    bank, store = studied
    scheduler = make_scheduler(0.9)
    target = date(2026, 12, 20)
    days = [date(2026, 9, 30), date(2026, 10, 10), NOW.date()]
    values = history(bank, store.reviews(), scheduler, days, target=target)
    assert values[0] == 0.0  # before the first review nothing is known
    assert values[-1] == pytest.approx(readiness(bank, store.cards(), scheduler, interview_moment(target)).overall)


def test_calendar_and_per_day_count_the_reviews(studied) -> None:
    _bank, store = studied
    reviews = store.reviews()
    cal = calendar((r.reviewed_at for r in reviews), NOW.date())
    assert cal.total == len(reviews)
    assert len(cal.weeks) == 53 and all(len(w) == 7 for w in cal.weeks)
    assert cal.first_monday.weekday() == 0
    assert cal.weeks[-1][NOW.weekday() + 1:] == [None] * (6 - NOW.weekday())  # the days to come
    assert {cal.shade(c) for w in cal.weeks for c in w if c} <= {1, 2, 3, 4} and cal.shade(0) == 0
    days, counts, minutes = per_day(reviews, NOW.date())
    assert days[-1] == NOW.date() and len(days) == 30
    in_span = [r for r in reviews if r.reviewed_at.date() >= days[0]]
    assert sum(counts) == len(in_span)
    assert sum(minutes) == pytest.approx(sum(r.duration_ms for r in in_span) / 60000)


def test_month_labels_sit_over_the_week_a_month_begins() -> None:
    cal = calendar([], date(2026, 11, 15))
    for col, month in cal.month_starts():
        monday = cal.first_monday + timedelta(weeks=col)
        assert any((monday + timedelta(days=d)).day == 1 and (monday + timedelta(days=d)).month == month for d in range(7))
    assert len(cal.month_starts()) == 12


def test_the_plan_is_stored_and_a_schema_2_store_migrates(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute("INSERT INTO reviews (question_id, reviewed_at, rating, mode) VALUES ('a.b', ?, 3, 'review')", (NOW.isoformat(),))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert store.schema_version == SCHEMA_VERSION >= 3  # all the way to the current schema
    assert [r.question_id for r in store.reviews()] == ["a.b"]
    assert store.study_plan() is None
    store.set_study_plan("2026-12-20", ["gan"], 30, NOW)
    store.set_study_plan("2026-12-21", ["gan", "vae"], 25, NOW)
    assert store.study_plan() == {"interview": "2026-12-21", "decks": ["gan", "vae"], "daily_cap": 25, "set_at": NOW}
    assert store.clear_study_plan() and store.study_plan() is None and not store.clear_study_plan()
    assert [r.question_id for r in store.reviews()] == ["a.b"]
