"""The mock interview core (quiz/mock.py): setup, drawing, the record and its stored form."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from quiz import mock
from quiz.config import ConfigError, load_config
from quiz.session import Graded

FINISHED = datetime(2026, 12, 3, 9, 30, tzinfo=timezone.utc)


def test_every_deck_ticked_means_all_decks_and_some_means_those_in_bank_order(bank) -> None:
    everything = mock.parse_setup(["extra", "mini"], bank, "6", "25")
    assert everything == mock.MockSetup(None, 6, 25)  # decks added to the bank later are included too
    assert mock.parse_setup(["mini"], bank, 3, 10) == mock.MockSetup(("mini",), 3, 10)
    assert mock.parse_setup({"mini", "extra", "gone"}, bank, " 2 ", "1").decks is None  # an unknown id is ignored


@pytest.mark.parametrize(("ticked", "questions", "minutes", "key"), [
    ([], "6", "25", "mock.error.no_topics"),
    (["mini"], "0", "25", "mock.error.questions"),
    (["mini"], str(mock.MAX_QUESTIONS + 1), "25", "mock.error.questions"),
    (["mini"], "", "25", "mock.error.questions"),
    (["mini"], "six", "25", "mock.error.questions"),
    (["mini"], "6", "0", "mock.error.minutes"),
    (["mini"], "6", str(mock.MAX_MINUTES + 1), "mock.error.minutes"),
    (["mini"], "6", "-5", "mock.error.minutes"),
])
def test_a_setup_that_cannot_start_names_the_field_in_both_languages(bank, ticked, questions, minutes, key) -> None:
    with pytest.raises(mock.SetupError) as caught:
        mock.parse_setup(ticked, bank, questions, minutes)
    assert caught.value.key == key
    assert caught.value.text("en") == str(caught.value) != caught.value.text("zh")
    if not key.endswith("topics"):  # the bound is named in both languages
        bound = str(mock.MAX_QUESTIONS if "questions" in key else mock.MAX_MINUTES)
        assert bound in caught.value.text("en") and bound in caught.value.text("zh")


def test_a_deck_of_only_choice_questions_has_nothing_to_ask(bank, tmp_path: Path) -> None:
    from quiz.bank import load_bank

    (tmp_path / "c.yaml").write_text(CHOICE_ONLY, encoding="utf-8")
    both, errors = load_bank([Path(__file__).parents[1] / "data" / "bank", tmp_path])
    assert not errors
    assert mock.pool_sizes(both)["quizzy"] == 0
    with pytest.raises(mock.SetupError) as caught:
        mock.parse_setup(["quizzy"], both, "3", "10")
    assert caught.value.key == "mock.error.empty"
    # every deck that has something to ask is ticked: still "all decks"
    assert mock.parse_setup(["mini", "extra"], both, "3", "10").decks is None


def test_pool_sizes_and_available_count_open_and_bug_questions(bank) -> None:
    sizes = mock.pool_sizes(bank)
    expected = {d: sum(1 for q in bank.questions.values() if q.deck == d and q.kind != "choice") for d in bank.decks}
    assert sizes == expected and sizes["mini"] == 2 and sizes["extra"] == 1
    assert mock.available(bank, None) == 3 and mock.available(bank, ("extra",)) == 1


def test_draw_asks_only_the_chosen_decks_and_as_many_as_they_hold(bank) -> None:
    only_mini = mock.draw(bank, mock.MockSetup(("mini",), 5, 10), seed=1)
    assert sorted(only_mini) == ["mini.bug-one", "mini.open-one"]  # five asked, two held
    two = mock.draw(bank, mock.MockSetup(None, 2, 10), seed=1)
    assert len(two) == 2 and all(bank.questions[q].kind != "choice" for q in two)


def test_config_bounds_are_the_setup_bounds(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"mock_questions = {mock.MAX_QUESTIONS}\nmock_minutes = {mock.MAX_MINUTES}\n", encoding="utf-8")
    assert load_config(path).mock_questions == mock.MAX_QUESTIONS
    for line in (f"mock_questions = {mock.MAX_QUESTIONS + 1}", f"mock_minutes = {mock.MAX_MINUTES + 1}"):
        path.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(ConfigError):
            load_config(path)


QUEUE = ["a", "b", "c", "d"]
GRADED = [Graded("a", 3, 4000, 1.0), Graded("b", 1, 2000, 0.25), Graded("b", 2, 2500, 0.5)]  # b graded twice: the last counts


def _record(**extra) -> mock.MockRecord:
    fields = dict(finished_at=FINISHED, elapsed=61.5, decks=["mini"], minutes=25, unfinished="c")
    fields.update(extra)
    return mock.make_record(QUEUE, GRADED, {"a": "  two nets\nplay a game \n", "c": "half"}, **fields)


def test_the_record_keeps_each_question_in_order_with_its_last_grade_and_typed_text() -> None:
    record = _record()
    assert record.queue == QUEUE
    assert record.answers[0] == mock.Answer("a", 3, 1.0, 4000, "two nets\nplay a game")  # line breaks kept, ends trimmed
    assert record.answers[1] == mock.Answer("b", 2, 0.5, 2500, "")
    assert record.answers[2] == mock.Answer("c", typed="half")  # cut short by the time-out: typed, not graded
    assert record.answers[3] == mock.Answer("d")
    assert record.score == mock.score(QUEUE, GRADED) == mock.MockScore((1.0 + 0.5) / 4, 1, 4)
    assert record.review_next == tuple(mock.review_next(QUEUE, GRADED)) == ("b", "c", "d")
    assert (record.decks, record.minutes, record.unfinished, record.elapsed, record.id) == (("mini",), 25, "c", 61.5, None)
    assert record.answer("b").rating == 2 and record.answer("zzz") is None


def test_the_stored_form_round_trips_through_json_exactly() -> None:
    for record in (_record(), _record(decks=None, minutes=None, unfinished=None)):
        data = json.loads(json.dumps(mock.to_dict(record)))
        assert mock.from_dict(data, record_id=7) == mock.MockRecord(**{**record.__dict__, "id": 7})


def test_a_damaged_stored_record_is_a_value_error_not_a_crash() -> None:
    good = mock.to_dict(_record())
    for broken in ({}, {**good, "format": 99}, {**good, "score": None}, {k: v for k, v in good.items() if k != "answers"},
                   {**good, "answers": [{"rating": 3}]}, {**good, "finished_at": "yesterday"}):
        with pytest.raises(ValueError):
            mock.from_dict(broken)


def test_an_interview_left_without_a_word_is_not_worth_keeping() -> None:
    assert mock.worth_keeping(_record())
    assert not mock.worth_keeping(mock.make_record(QUEUE, [], {}, finished_at=FINISHED, elapsed=3))
    assert mock.worth_keeping(mock.make_record(QUEUE, [], {"b": "an idea"}, finished_at=FINISHED, elapsed=3))
    assert not mock.worth_keeping(mock.make_record(QUEUE, [], {"b": "   "}, finished_at=FINISHED, elapsed=3))


CHOICE_ONLY = """\
format: 1
deck: {id: quizzy, title: {en: Quizzy, zh: 测验}}
questions:
  - id: quizzy.pick
    kind: choice
    difficulty: easy
    prompt: {en: "Pick one.", zh: "选一个。"}
    answer: {en: "A.", zh: "A。"}
    key_points: [{en: one, zh: 一}, {en: two, zh: 二}]
    choices:
      - {text: {en: A, zh: A}, correct: true, why: {en: "Yes.", zh: "是。"}}
      - {text: {en: B, zh: B}, correct: false, why: {en: "No.", zh: "否。"}}
"""
