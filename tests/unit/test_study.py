"""The plan read from the store (quiz/study.py): its state and words in each case, the day's new-card
allowance it gives due review, and cram's target day."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.bank import load_bank
from quiz.config import Config
from quiz.plan import StudyPlan
from quiz.study import cram, new_per_day, plan_lines, plan_status, save_plan, today_queue

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)


pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture
def setup(tmp_path: Path, test_bank_dir: Path):
    from quiz.store import Store

    bank, _ = load_bank([test_bank_dir])
    return bank, Store.open(tmp_path / "p.db"), Config(lang="en")


def status_for(setup, interview: date, cap: int = 40, decks: tuple[str, ...] = ()):
    bank, store, config = setup
    save_plan(store, StudyPlan(interview, decks, cap), NOW)
    return plan_status(store, bank, config, NOW)


def test_no_plan_says_how_to_set_one(setup) -> None:
    bank, store, config = setup
    assert plan_status(store, bank, config, NOW) is None
    assert plan_lines(None, bank, "en") == {"headline": "No interview date set: i plans to one · c crams your weakest questions"}
    assert new_per_day(None, config) == config.new_per_day


def test_on_track(setup) -> None:
    status = status_for(setup, date(2026, 12, 20))
    assert status.state == "on_track" and status.days_left == 17
    lines = plan_lines(status, setup[0], "en")
    assert lines["headline"] == "Interview 2026-12-20 (in 17 days)"
    assert lines["today"] == f"Today: 0 due + {status.result.today.new} new" and lines["verdict"] == "on track ✓"
    assert lines["readiness"] == "Readiness on the day 0%" and lines["weakest"].startswith("weakest: ")
    assert new_per_day(status, setup[2]) == status.result.today.new


def test_behind_names_the_rate_needed(setup) -> None:
    status = status_for(setup, date(2026, 12, 6), cap=1)
    assert status.state == "behind"
    lines = plan_lines(status, setup[0], "zh")
    assert lines["verdict_short"] == f"无法完成：每天需学 {status.result.needed_per_day} 道新题"
    assert status.cap_needed() is not None


def test_interview_today_and_passed(setup) -> None:
    assert status_for(setup, NOW.date()).state == "today"
    assert "good luck" in plan_lines(status_for(setup, NOW.date()), setup[0], "en")["today"]
    passed = status_for(setup, date(2026, 12, 1))
    assert passed.state == "passed"
    assert plan_lines(passed, setup[0], "en") == {"headline": "The interview date 2026-12-01 has passed: set a new one (i on the home screen, or quiz plan YYYY-MM-DD)."}
    assert new_per_day(passed, setup[2]) == setup[2].new_per_day


def test_due_review_and_cram_keep_to_the_plans_decks(setup) -> None:
    bank, store, config = setup
    status = status_for(setup, date(2026, 12, 20), decks=("mini",))
    queue = today_queue(store, bank, config, NOW, None)
    assert queue and {qid.split(".")[0] for qid in queue} == {"mini"} and len(queue) == status.result.today.new
    assert {qid.split(".")[0] for qid in cram(store, bank, config, NOW)} == {"mini"}
    assert {qid.split(".")[0] for qid in today_queue(store, bank, config, NOW, {"extra"})} == {"extra"}
