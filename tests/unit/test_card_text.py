"""The card loop's words and grading rules, out of the review screen: plain functions, plain asserts."""

from __future__ import annotations

from quiz.card_text import (PICKED, grade_label, header_deck, key_point_texts, last_action_note, option_texts,
                            phase_hint, revealed_markdown, schedule_key, scope_label)
from quiz.grading import AGAIN, GOOD, HARD, choice_outcome, rubric_outcome


def test_the_scope_names_all_decks_the_chosen_titles_sorted_or_picked_questions(bank) -> None:
    assert scope_label(None, bank.decks, "en") == "All decks"
    assert scope_label(PICKED, bank.decks, "en") == "chosen questions"
    assert scope_label({"mini", "extra"}, bank.decks, "en") == "Extra deck + Mini deck"
    assert scope_label(["mini", "gone"], bank.decks, "zh") == "gone + 小题库"  # a deck no longer in the bank: its id


def test_the_header_names_the_deck_unless_the_session_is_over_that_one_deck(bank) -> None:
    q = bank.questions["mini.open-one"]
    assert header_deck(q, {"mini"}, bank.decks, "en") == ""
    assert header_deck(q, ("mini", "extra"), bank.decks, "en") == "Mini deck"
    assert header_deck(q, None, bank.decks, "zh") == "小题库"
    assert header_deck(q, PICKED, bank.decks, "en") == "Mini deck"  # "picked" is a string, not a deck set


def test_the_schedule_note_says_unchanged_updated_or_nothing_for_a_review() -> None:
    assert schedule_key(False, "practice") == "review.schedule_unchanged"
    assert schedule_key(False, "review") == "review.schedule_unchanged"
    assert schedule_key(True, "practice") == "review.schedule_updated"
    assert schedule_key(True, "review") is None


def test_the_last_action_note_is_true_to_a_grade_or_a_skip() -> None:
    assert last_action_note(("skipped",), "en") == "↷ Skipped: it comes back at the end"
    saved = last_action_note(("saved", GOOD, "3d"), "en")
    assert saved.startswith("✓ ") and "3d" in saved and "Good" in saved
    practice = last_action_note(("saved", AGAIN, None), "en")
    assert practice.startswith("✓ ") and "next in" not in practice and "Again" in practice


def test_the_hint_follows_the_phase_and_drops_a_bug_cards_reveal_key_when_narrow(bank) -> None:
    bug, choice, open_q = bank.questions["mini.bug-one"], bank.questions["mini.choice-one"], bank.questions["mini.open-one"]
    wide = phase_hint("ask", bug, "en", width=200)
    narrow = phase_hint("ask", bug, "en", width=10)
    assert wide.startswith(narrow) and "space ▶" in wide and "space ▶" not in narrow
    assert "2" in phase_hint("ask", choice, "en", width=80)  # names how many options
    assert phase_hint("ask", open_q, "en", width=80).startswith("space ▶")
    tick = phase_hint("tick", open_q, "en", width=80, coverage=2 / 3, suggested=HARD)
    assert "67%" in tick and "Hard" in tick
    assert "%" not in phase_hint("tick", open_q, "en", width=80)
    assert phase_hint("grade", choice, "en", width=80, dont_know=True) != phase_hint("grade", choice, "en", width=80, suggested=AGAIN)
    assert phase_hint("grade", open_q, "en", width=80, suggested=GOOD) != phase_hint("grade", open_q, "en", width=80)


def test_grade_labels_mark_the_suggestion() -> None:
    assert grade_label(GOOD, "en", "3d", GOOD) == "▶ 3 Good · 3d"
    assert grade_label(HARD, "en", "—", GOOD) == "2 Hard · —"


def test_the_revealed_answer_quotes_the_typed_text_and_explains_a_choice(bank) -> None:
    open_q, choice = bank.questions["mini.open-one"], bank.questions["mini.choice-one"]
    plain = revealed_markdown(open_q, "en")
    assert plain.startswith("## Model answer") and "Your answer" not in plain
    typed = revealed_markdown(open_q, "en", typed="two nets")
    assert typed.index("two nets") < typed.index("## Model answer")
    right = revealed_markdown(choice, "en", picked={1})
    assert "**Correct**" in right and "▶ **✓ 2." in right and "Strong gradients early" in right
    assert "**Not right**" in revealed_markdown(choice, "en", picked={0})
    assert "I don't know" in revealed_markdown(choice, "en", dont_know=True)


def test_option_and_key_point_texts_follow_the_language(bank) -> None:
    q = bank.questions["mini.open-one"]
    assert key_point_texts(q, "zh")[0] == "两个网络"
    assert option_texts(bank.questions["mini.choice-one"], "en") == ["log(1 − D(G(z)))", "−log D(G(z))"]
    assert option_texts(q, "en") == []


def test_choice_and_rubric_outcomes_pair_the_rating_with_its_coverage() -> None:
    assert choice_outcome({1}, {1}) == (GOOD, 1.0)
    assert choice_outcome({1}, {1, 2}) == (HARD, 0.5)
    assert choice_outcome({0, 1}, {1}) == (AGAIN, 0.0)
    assert choice_outcome(set(), {1}) == (AGAIN, 0.0)
    assert rubric_outcome({0, 1}, 3) == (2 / 3, HARD)
    assert rubric_outcome({0, 1, 2}, 3) == (1.0, GOOD)
    assert rubric_outcome({5}, 3) == (0.0, AGAIN)  # a tick out of range does not count


def test_a_mocks_time_is_up_when_nothing_is_left() -> None:
    from quiz.mock import time_left

    assert time_left(600, 90.5) == 509.5
    assert time_left(600, 600) == 0
    assert time_left(600, 601) < 0
