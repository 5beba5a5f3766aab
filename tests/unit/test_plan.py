"""The interview plan (quiz/plan.py): never over the cap, everything introduced in time when the
cap allows, an honest "not feasible" when it does not, and bad input named."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import pytest

from quiz.plan import PlanError, check_cap, check_decks, make_plan, parse_interview_date, review_gaps
from quiz.scheduling import make_scheduler

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc)


pytestmark = pytest.mark.usefixtures("utc_local_time")


def new_gaps(days: int = 30) -> list[int]:
    return review_gaps(make_scheduler(0.9, fuzz=False), None, NOW, days)


def random_studied(rng: random.Random, n: int, days: int) -> list[list[int]]:
    """Cards already studied: the first due day anywhere in the span (0: due now), then growing gaps."""
    out = []
    for _ in range(n):
        gaps = [rng.randint(0, days)]
        while sum(gaps) < days:
            gaps.append(max(1, int(gaps[-1] * rng.uniform(1.5, 4)) or 1))
        out.append(gaps)
    return out


def test_new_card_is_shown_on_its_day_then_after_fsrs_first_interval() -> None:
    gaps = new_gaps()
    assert gaps[0] == 0 and gaps[1] >= 1  # learning steps stay on the first day
    assert all(g >= 1 for g in gaps[1:])


@pytest.mark.parametrize("seed", range(12))
def test_workload_never_above_the_cap(seed: int) -> None:
    rng = random.Random(seed)
    days = rng.randint(1, 60)
    cap = rng.randint(1, 80)
    plan = make_plan(today=TODAY, interview=TODAY + timedelta(days=days), cap=cap, to_learn=rng.randint(0, 500),
                     studied=random_studied(rng, rng.randint(0, 300), days), new_gaps=new_gaps(days),
                     introduced_today=rng.randint(0, 5), done_today=rng.randint(0, 5))
    assert len(plan.days) == days
    over = [d for d in plan.days if d.due + d.new + d.done > max(cap, d.done)]
    assert over == []
    assert sum(d.new for d in plan.days) == plan.introduced <= plan.to_learn


@pytest.mark.parametrize("days", [4, 10, 17, 45])
def test_every_question_is_introduced_in_time_when_the_cap_allows(days: int) -> None:
    gaps = new_gaps(days)
    plan = make_plan(today=TODAY, interview=TODAY + timedelta(days=days), cap=200, to_learn=300,
                     studied=random_studied(random.Random(days), 100, days), new_gaps=gaps)
    assert plan.feasible and plan.left_out == 0
    introduced_on = [d.day for d in plan.days for _ in range(d.new)]
    assert len(introduced_on) == 300
    # each is introduced early enough for its first review to come before the interview day
    assert max(introduced_on) + timedelta(days=gaps[1]) < plan.interview
    assert plan.last_intro == TODAY + timedelta(days=days - 1 - gaps[1])


def test_new_cards_are_spread_evenly_not_crammed_on_the_first_day() -> None:
    plan = make_plan(today=TODAY, interview=TODAY + timedelta(days=20), cap=1000, to_learn=170, studied=[], new_gaps=new_gaps(20))
    window = (plan.last_intro - TODAY).days + 1
    assert plan.needed_per_day == -(-170 // window)
    assert max(d.new for d in plan.days) == plan.needed_per_day


def test_not_feasible_says_how_many_new_per_day_are_needed() -> None:
    days, to_learn, cap = 10, 400, 30
    plan = make_plan(today=TODAY, interview=TODAY + timedelta(days=days), cap=cap, to_learn=to_learn, studied=[],
                     new_gaps=new_gaps(days))
    window = days - new_gaps(days)[1]
    assert not plan.feasible
    assert plan.needed_per_day == -(-to_learn // window) > cap
    assert plan.left_out == to_learn - sum(d.new for d in plan.days) > 0


def test_cap_needed_is_the_smallest_cap_that_fits() -> None:
    from quiz.plan import cap_needed

    args = dict(today=TODAY, interview=TODAY + timedelta(days=14), cap=20, to_learn=300, studied=[], new_gaps=new_gaps(14))
    cap = cap_needed(args)
    assert cap is not None
    assert make_plan(**{**args, "cap": cap}).feasible
    assert not make_plan(**{**args, "cap": cap - 1}).feasible


def test_reviews_over_the_cap_wait_for_the_next_day() -> None:
    plan = make_plan(today=TODAY, interview=TODAY + timedelta(days=5), cap=10, to_learn=0,
                     studied=[[0]] * 25, new_gaps=new_gaps(5))
    assert [d.due for d in plan.days] == [10, 10, 5, 0, 0]


def test_todays_introductions_count_towards_todays_share() -> None:
    base = dict(today=TODAY, interview=TODAY + timedelta(days=12), cap=100, studied=[], new_gaps=new_gaps(12))
    fresh = make_plan(to_learn=100, **base)
    later = make_plan(to_learn=100 - 6, introduced_today=6, **base)
    assert later.today.new == fresh.today.new - 6
    assert later.today.done == 6


def test_interview_today_leaves_no_study_day() -> None:
    plan = make_plan(today=TODAY, interview=TODAY, cap=40, to_learn=5, studied=[], new_gaps=new_gaps(1))
    assert plan.days == () and plan.today is None and not plan.feasible and plan.last_intro is None


@pytest.mark.parametrize("text, key", [("2026-12-01", "plan.error.past"), ("next week", "plan.error.date"),
                                       ("2026-13-01", "plan.error.date"), ("2031-01-01", "plan.error.far")])
def test_bad_dates_are_named(text: str, key: str) -> None:
    with pytest.raises(PlanError) as info:
        parse_interview_date(text, TODAY)
    assert info.value.key == key
    assert text.split("-")[0] in info.value.text("en") or key == "plan.error.past"
    assert info.value.text("zh") != info.value.text("en")


def test_today_and_later_dates_are_accepted() -> None:
    assert parse_interview_date(" 2026-12-03 ", TODAY) == TODAY
    assert parse_interview_date("2026-12-20", TODAY) == date(2026, 12, 20)


def test_unknown_decks_and_bad_caps_are_named() -> None:
    assert check_decks(["gan", "vae", "gan"], ["gan", "vae", "rl"]) == ("gan", "vae")
    with pytest.raises(PlanError, match="No deck nope.*gan, vae"):
        check_decks(["nope"], ["gan", "vae"])
    assert check_cap("25") == 25
    for bad in ("0", "-3", "lots", "1001"):
        with pytest.raises(PlanError):
            check_cap(bad)


def test_review_gaps_follow_fsrs_good_answers() -> None:
    from fsrs import Card, Rating

    scheduler = make_scheduler(0.9, fuzz=False)
    card, _ = scheduler.review_card(Card(card_id=1, due=NOW - timedelta(days=3)), Rating.Good, NOW - timedelta(days=3))
    card, _ = scheduler.review_card(card, Rating.Good, card.due)  # out of learning: due in days
    gaps = review_gaps(scheduler, card.to_dict(), NOW, 60)
    expected, current, at = [], card, card.due
    while (current.due.date() - TODAY).days <= 60:
        expected.append(max((current.due.date() - TODAY).days, 0 if current.due <= NOW else 1))
        current, _ = scheduler.review_card(current, Rating.Good, max(current.due, NOW))
    assert [sum(gaps[:i + 1]) for i in range(len(gaps))] == expected
    assert review_gaps(scheduler, card.to_dict(), NOW, 0) == ([0] if card.due <= NOW else [])
