"""Practice focus (missed, unseen, due soon) and the tag filter's counts: pure selection logic."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from quiz.bank.model import Bank, Deck, Question, Text
from quiz.focus import FOCUSES, Activity, activity_of, counts, select
from quiz.store import Store

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)


def _q(qid: str, tags: tuple[str, ...] = ()) -> Question:
    text = Text(qid, qid)
    return Question(qid, "d", "open", "easy", text, text, (text,), tags=tags)


def _card(due: datetime) -> dict:
    return {"due": due.isoformat(), "state": 2, "stability": 5.0}


QUESTIONS = [_q(f"d.{name}") for name in ("again-today", "again-old", "good", "practised", "unseen", "due-later")]
CARDS = {
    "d.again-today": _card(NOW + timedelta(minutes=10)),
    "d.again-old": _card(NOW + timedelta(days=2, hours=23)),   # due inside the 3-day window
    "d.good": _card(NOW - timedelta(days=1)),                   # overdue: due soon too
    "d.due-later": _card(NOW + timedelta(days=3, minutes=1)),  # just past the window
}
RECENT = [
    ("d.again-today", 1, NOW - timedelta(hours=1)),
    ("d.again-old", 1, NOW - timedelta(days=7, minutes=1)),    # Again, but before the week
    ("d.good", 3, NOW - timedelta(days=2)),
    ("d.practised", 1, NOW - timedelta(days=6, hours=23)),      # practice without the schedule: no card
]
REVIEWED = {"d.again-today", "d.again-old", "d.good", "d.practised", "d.due-later"}


def _activity() -> Activity:
    return Activity.build(CARDS, RECENT, REVIEWED, NOW)


def _ids(questions) -> list[str]:
    return [q.id.removeprefix("d.") for q in questions]


def test_missed_is_graded_again_within_the_last_seven_days_in_any_mode() -> None:
    assert _ids(select(QUESTIONS, "missed", _activity())) == ["again-today", "practised"]


def test_unseen_has_neither_card_nor_review() -> None:
    assert _ids(select(QUESTIONS, "unseen", _activity())) == ["unseen"]
    # a review alone (practice that left the schedule alone) makes a question seen
    assert "practised" not in _ids(select(QUESTIONS, "unseen", _activity()))


def test_due_soon_is_due_now_or_within_three_days() -> None:
    assert _ids(select(QUESTIONS, "due_soon", _activity())) == ["again-today", "again-old", "good"]


def test_any_keeps_everything_in_order_and_counts_agree_with_select() -> None:
    activity = _activity()
    assert select(QUESTIONS, "any", activity) == QUESTIONS
    assert counts(QUESTIONS, activity) == {f: len(select(QUESTIONS, f, activity)) for f in FOCUSES}
    assert counts(QUESTIONS, activity) == {"any": 6, "missed": 2, "unseen": 1, "due_soon": 3}


def test_windows_are_parameters() -> None:
    wide = Activity.build(CARDS, RECENT, REVIEWED, NOW, missed_days=8, due_days=4)
    assert _ids(select(QUESTIONS, "missed", wide)) == ["again-today", "again-old", "practised"]
    assert "due-later" in _ids(select(QUESTIONS, "due_soon", wide))


def test_an_unknown_focus_is_named() -> None:
    with pytest.raises(ValueError, match="unknown practice focus 'weak'"):
        select(QUESTIONS, "weak", _activity())


def test_activity_from_the_store_reads_reviews_in_every_mode(tmp_path) -> None:
    store = Store.open(tmp_path / "p.db")
    store.record_review("d.practised", rating=1, reviewed_at=NOW - timedelta(days=1), duration_ms=1, mode="practice")
    store.record_review("d.old", rating=1, reviewed_at=NOW - timedelta(days=9), duration_ms=1, mode="review",
                        card_after=_card(NOW + timedelta(days=30)))
    store.record_review("d.good", rating=3, reviewed_at=NOW - timedelta(hours=2), duration_ms=1, mode="review",
                        card_after=_card(NOW + timedelta(days=1)))
    activity = activity_of(store, NOW)
    store.close()
    assert activity.missed == {"d.practised"}
    assert activity.seen == {"d.practised", "d.old", "d.good"}
    assert activity.due_soon == {"d.good"}


def test_tag_counts_list_most_used_first_then_alphabetically() -> None:
    bank = Bank()
    bank.add(Deck("d", Text("D", "D"), None, (_q("d.1", ("gan", "loss")), _q("d.2", ("loss", "vae")), _q("d.3", ("loss", "gan")),
                                         _q("d.4", ("attention",)))))
    assert bank.tag_counts() == [("loss", 3), ("gan", 2), ("attention", 1), ("vae", 1)]


def test_due_status_of_a_list_row() -> None:
    from quiz.focus import due_status

    assert due_status(None, NOW) == ("new", None)
    assert due_status(_card(NOW), NOW) == ("due", None)
    assert due_status(_card(NOW - timedelta(days=2)), NOW) == ("due", None)
    assert due_status(_card(NOW + timedelta(days=3)), NOW) == ("later", timedelta(days=3))
