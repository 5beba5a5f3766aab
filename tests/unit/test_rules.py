"""The rules the screens and the CLI share, as plain functions: allowance, totals, mock score, formats."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz import mock
from quiz.formats import clock, percent
from quiz.grading import choice_coverage, grade_choice
from quiz.queue import new_allowance
from quiz.scheduling import make_scheduler
from quiz.session import Graded, ReviewSession, new_cards_left, review_queue
from quiz.stats import DeckStats, deck_stats, totals
from quiz.store import Store

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("value", "text"), [(None, "—"), (0.0, "0%"), (0.5, "50%"), (0.666, "67%"), (1.0, "100%")])
def test_percent(value, text) -> None:
    assert percent(value) == text


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (7.9, "0:07"), (65, "1:05"), (3600, "60:00"), (-3, "0:00")])
def test_clock(seconds, text) -> None:
    assert clock(seconds) == text


def test_choice_rating_maps_to_coverage() -> None:
    assert [choice_coverage(grade_choice(picked, {0, 1})[0]) for picked in ({0, 1}, {0}, {2})] == [1.0, 0.5, 0.0]


def test_new_allowance_never_goes_negative() -> None:
    assert [new_allowance(10, done) for done in (0, 4, 10, 12)] == [10, 6, 0, 0]


def test_todays_review_admits_new_cards_up_to_the_daily_allowance(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    assert new_cards_left(store, 2, NOW) == 2
    queue = review_queue(store, bank, new_per_day=2, limit=30, now=NOW)
    assert len(queue) == 2  # nothing due yet: two new cards
    session = ReviewSession(store, make_scheduler(), bank, queue, clock=lambda: NOW)
    session.grade(4)
    assert new_cards_left(store, 2, NOW) == 1  # one introduced today
    later = NOW + timedelta(minutes=5)
    assert len(review_queue(store, bank, new_per_day=2, limit=30, now=later)) == 1
    assert review_queue(store, bank, new_per_day=2, limit=30, now=later, decks={"none"}) == []


def test_totals_row_sums_the_decks_and_counts_every_review(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    ReviewSession(store, make_scheduler(), bank, ["mini.open-one"], clock=lambda: NOW).grade(1)
    rows = deck_stats(bank, store.cards(), store.reviews(), NOW + timedelta(hours=1))
    total = totals(rows, store.reviews())
    assert (total.deck, total.total, total.new, total.due, total.learned, total.reviews) == (
        "", len(bank.questions), len(bank.questions) - 1, 1, 0, 1)
    assert total.retention is None and total.mastery == 0.0
    assert totals(rows).reviews == 0  # review rows not read: not counted
    assert DeckStats("x", 0, 0, 0, 0, 0, None).mastery is None  # an empty deck has no mastery to show


def test_mock_score_and_review_next() -> None:
    queue = ["a", "b", "c", "d", "e"]
    graded = [Graded("a", 3, 1000, 1.0), Graded("b", 1, 1000, 0.2), Graded("c", 2, 1000, 0.0), Graded("d", 1, 1000, 0.5)]
    result = mock.score(queue, graded)
    assert result.asked == 5 and result.answered_well == 1
    assert result.coverage == pytest.approx((1.0 + 0.2 + 0.0 + 0.5) / 5)  # "e" was not reached: counts as none
    assert mock.review_next(queue, graded) == ["c", "b", "d"]  # weakest first
    assert mock.review_next(queue, graded[:2]) == ["b", "c", "d"]  # then questions not reached, in order
    assert mock.review_next(queue, [Graded(q, 3, 0, 1.0) for q in queue]) == []
    regraded = [Graded("a", 1, 0, 0.0), Graded("a", 4, 0, 1.0)]  # the last grade of a question counts
    assert mock.score(["a"], regraded).answered_well == 1 and mock.review_next(["a"], regraded) == []
