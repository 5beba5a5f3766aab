"""Pure core: scheduling wrapper, grading maths, queues, the session and stats."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.grading import coverage, grade_choice, suggest_from_coverage
from quiz.queue import due_queue, mock_queue, practice_queue
from quiz.scheduling import card_id_for, format_interval, make_scheduler, preview
from quiz.session import ReviewSession
from quiz.stats import deck_stats, retention, streak
from quiz.store import Store

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def test_card_ids_are_stable_and_distinct() -> None:
    assert card_id_for("gan.a") == card_id_for("gan.a") != card_id_for("gan.b")


def test_preview_gives_ordered_intervals_and_leaves_input_alone() -> None:
    scheduler = make_scheduler(fuzz=False)
    outcomes = preview(scheduler, "x.y", None, NOW)
    intervals = [outcomes[r].interval for r in (1, 2, 3, 4)]
    assert intervals == sorted(intervals) and intervals[0] < intervals[3]
    card = outcomes[3].card
    again = preview(scheduler, "x.y", card, NOW + timedelta(days=5))
    assert card == outcomes[3].card  # the input dict is not mutated
    assert again[4].interval > again[1].interval


def test_preview_rejects_nothing_for_non_utc_aware_times() -> None:
    from zoneinfo import ZoneInfo

    local = NOW.astimezone(ZoneInfo("Asia/Shanghai"))
    outcomes = preview(make_scheduler(), "x.y", None, local)  # converted to timezone.utc, not rejected
    assert outcomes[1].interval.total_seconds() > 0


@pytest.mark.parametrize(("seconds", "text"), [(30, "<1m"), (600, "10m"), (7200, "2h"), (86400 * 3, "3d"), (86400 * 61, "2mo"), (86400 * 800, "2.2y")])
def test_format_interval(seconds: int, text: str) -> None:
    assert format_interval(timedelta(seconds=seconds)) == text


def test_grading_maths() -> None:
    assert coverage([0, 2], 4) == 0.5 and coverage([9], 3) == 0.0 and coverage([], 0) == 0.0
    assert [suggest_from_coverage(c) for c in (0.0, 0.49, 0.5, 0.74, 0.75, 1.0)] == [1, 1, 2, 2, 3, 3]
    assert grade_choice({0, 1}, {0, 1}) == (3, "correct")
    assert grade_choice({0}, {0, 1}) == (2, "partial")
    assert grade_choice({0, 2}, {0, 1}) == (1, "wrong")
    assert grade_choice(set(), {0}) == (1, "wrong")


def test_due_queue_puts_due_first_then_frequent_new(bank) -> None:
    queue = due_queue(bank, {"extra.kl-value": {}}, ["extra.kl-value"], new_allowed=2, limit=10)
    assert queue[0] == "extra.kl-value"
    assert queue[1] == "mini.open-one"  # frequency 5 first
    assert len(queue) == 3
    assert due_queue(bank, {}, [], new_allowed=0, limit=10) == []
    assert due_queue(bank, {}, ["gone.question"], new_allowed=0, limit=10) == []
    assert all(q.startswith("extra.") for q in due_queue(bank, {}, [], new_allowed=10, limit=10, decks={"extra"}))


def test_practice_and_mock_queues(bank) -> None:
    qs = bank.filter(decks={"mini"})
    assert sorted(practice_queue(qs, limit=10, seed=1)) == sorted(q.id for q in qs)
    assert len(practice_queue(qs, limit=2, seed=1)) == 2
    mock = mock_queue(bank, count=3, seed=4)
    assert len(mock) == 3 and all(bank.questions[q].kind != "choice" for q in mock)


def test_bank_filter_and_search_cover_both_languages(bank) -> None:
    assert [q.id for q in bank.filter(search="极小极大")] == ["mini.open-one"]
    assert [q.id for q in bank.filter(search="KV CACHE")] == ["extra.choice-multi"]
    assert {q.id for q in bank.filter(kinds={"bug"})} == {"mini.bug-one"}
    assert {q.id for q in bank.filter(tags={"maths"}, difficulties={"medium"})} == {"extra.kl-value"}
    assert bank.filter(search="zeros_like")[0].id == "mini.bug-one"  # code is searched too


def test_session_grades_commit_and_undo(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    clock = [NOW]
    session = ReviewSession(store, make_scheduler(), bank, ["mini.open-one", "extra.kl-value"], clock=lambda: clock[0])
    shown = session.outcomes[3].interval
    session.grade(3, coverage=1.0)
    stored = store.card("mini.open-one")
    assert stored is not None and datetime.fromisoformat(stored["due"]) - NOW == shown  # the interval shown is the one applied
    assert session.current.id == "extra.kl-value"
    session.grade(1, coverage=0.0)
    assert len(store.reviews()) == 2
    undone = session.undo()
    assert undone.id == "extra.kl-value" and store.card("extra.kl-value") is None and len(store.reviews()) == 1


def test_learning_cards_come_back_within_the_session(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    session = ReviewSession(store, make_scheduler(), bank, ["mini.open-one"], clock=lambda: NOW)
    session.grade(1)  # Again: due in a minute, so it is shown again
    assert session.current is not None and session.current.id == "mini.open-one"
    session.grade(4)  # Easy: days away, session over
    assert session.finished


def test_practice_session_does_not_touch_schedule(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    session = ReviewSession(store, make_scheduler(), bank, ["mini.open-one"], mode="practice", clock=lambda: NOW)
    session.grade(1)
    assert store.cards() == {} and [r.mode for r in store.reviews()] == ["practice"]
    assert session.finished  # no learning steps in practice


def test_stats(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    session = ReviewSession(store, make_scheduler(fuzz=False), bank, ["mini.open-one"], clock=lambda: NOW)
    session.grade(4)
    rows = {s.deck: s for s in deck_stats(bank, store.cards(), store.reviews(), NOW)}
    assert rows["mini"].new == 2 and rows["mini"].reviews == 1 and rows["mini"].due == 0
    assert rows["extra"].new == 2
    assert retention(store.reviews()) is None  # no review of a card already in Review state yet
    assert streak(store.review_times(), NOW) == 1
    assert store.review_times() == [r.reviewed_at for r in store.reviews()]


def test_deck_stats_without_reviews_and_with_orphan_cards(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    session = ReviewSession(store, make_scheduler(fuzz=False), bank, ["mini.open-one"], clock=lambda: NOW)
    session.grade(1)  # Again: due again within minutes
    cards = store.cards()
    cards["gone.question"] = dict(next(iter(cards.values())))  # progress on a question removed from the bank
    full = {s.deck: s for s in deck_stats(bank, cards, store.reviews(), NOW + timedelta(hours=1))}
    lite = {s.deck: s for s in deck_stats(bank, cards, None, NOW + timedelta(hours=1))}
    for deck in full:
        assert (full[deck].total, full[deck].new, full[deck].due, full[deck].learned) == (
            lite[deck].total, lite[deck].new, lite[deck].due, lite[deck].learned)
        assert lite[deck].reviews == 0 and lite[deck].retention is None
    assert full["mini"].due == 1 and full["mini"].reviews == 1 and full["mini"].new == 2


@pytest.mark.parametrize(("text", "plain"), [
    ("Which pairs are right (the model *generates* the modality)?", "Which pairs are right (the model generates the modality)?"),
    ("哪些对应是正确的（即该模型*生成*这种模态）？", "哪些对应是正确的（即该模型生成这种模态）？"),
    ("Why **not** `ops.exp(z_log_var)`?", "Why not ops.exp(z_log_var)?"),
    ("Compute x * y and z_log_var * 0.5", "Compute x * y and z_log_var * 0.5"),
    ("E_q[log p(x|z)] − KL", "E_q[log p(x|z)] − KL"),
])
def test_inline_plain(text: str, plain: str) -> None:
    from quiz.render import inline_plain

    assert inline_plain(text) == plain


def test_undo_after_a_skip_keeps_every_card(tmp_path: Path, bank) -> None:
    """Grade Again (the card is requeued at the end), skip the next, undo: every card is still there once."""
    store = Store.open(tmp_path / "p.db")
    ids = ["mini.open-one", "extra.kl-value", "mini.bug-one"]
    session = ReviewSession(store, make_scheduler(), bank, list(ids), clock=lambda: NOW)
    session.grade(1)  # Again: requeued behind the others
    assert session.queue.count("mini.open-one") == 2
    session.skip()  # extra.kl-value goes behind the requeued copy
    undone = session.undo()
    assert undone.id == "mini.open-one" and session.current.id == "mini.open-one"
    assert sorted(session.queue[session.index:]) == sorted(ids)  # nothing lost, no requeued copy left
    assert store.card("mini.open-one") is None and store.reviews() == []


def test_chinese_lines_of_a_paragraph_join_without_a_space() -> None:
    from quiz.render import join_cjk_lines

    source = "实现一个生成对抗网络：把\n噪声变成图像，\n以及一个\n先更新一次 D 的训练步。\n\n## 接口\n约定如下\n```python\n# 中文\n# 注释\n```\nEnglish line\nwraps here"
    assert join_cjk_lines(source) == (
        "实现一个生成对抗网络：把噪声变成图像，以及一个先更新一次 D 的训练步。\n\n## 接口\n约定如下\n"
        "```python\n# 中文\n# 注释\n```\nEnglish line\nwraps here")


def test_full_width_punctuation_at_a_line_break_leaves_no_stray_space() -> None:
    """Issue 18: "学习率 2e-4，⏎β₁ = 0.5" read "2e-4， β₁" (Markdown turns the break into a space)."""
    from quiz.render import join_cjk_lines

    source = "Adam，学习率 2e-4，\nβ₁ = 0.5；见 `x`。\n`betas` 和 y\n\n1. **a**：一。\n2. **b**：二，\n   续行\n- 第三\n"
    assert join_cjk_lines(source) == "Adam，学习率 2e-4，β₁ = 0.5；见 `x`。`betas` 和 y\n\n1. **a**：一。\n2. **b**：二，续行\n- 第三\n"


def test_no_chinese_exercise_statement_or_hint_shows_a_stray_space_beside_full_width_punctuation() -> None:
    """What Markdown draws: each remaining line break inside a paragraph becomes a space."""
    import re

    from quiz.exercises import catalog
    from quiz.render import join_cjk_lines

    stray = re.compile(r"[，。；：、）！？] | [，。；：、（！？]")
    for ex in catalog.list_exercises():
        for text in [ex.statement.get("zh"), *(hint.get("zh") for hint in ex.hints)]:
            prose = re.sub(r"```.*?```", "", join_cjk_lines(text), flags=re.S).strip()
            drawn = re.sub(r"\n(?!\n|\s*([-*+]|\d+[.)])\s|#)", " ", prose)  # soft breaks, not new blocks
            assert not stray.search(drawn), (ex.id, drawn[max(0, stray.search(drawn).start() - 30):][:60])


def test_long_code_lines_fold_with_a_hanging_indent_and_prose_is_untouched() -> None:
    from quiz.render import fold_code

    source = ("A long prose line that is much longer than the width stays as it is for Markdown to wrap.\n"
              "```python\ndef f(alpha, beta, gamma, delta) -> dict:\n    \"\"\"Sum: alpha + beta.\"\"\"\nshort\n```\n")
    assert fold_code(source, 24) == (
        "A long prose line that is much longer than the width stays as it is for Markdown to wrap.\n"
        "```python\ndef f(alpha, beta,\n    gamma, delta) ->\n    dict:\n    \"\"\"Sum: alpha +\n        beta.\"\"\"\nshort\n```\n")
    assert fold_code(source, 200) == source


def test_cjk_ranges_match_every_character_the_regular_expressions_they_replace_matched() -> None:
    """render.py compares characters with CJK_RANGES (no regex to compile at import): the same
    characters, over the whole Basic Multilingual Plane, as the character classes it replaced."""
    import re

    from quiz.render import CJK_PUNCT_RANGES, CJK_RANGES, _in

    cjk = re.compile("[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\uffef]")
    punct = re.compile("[\u3000-\u303f\uff00-\uffef]")
    for code in range(0x10000):
        ch = chr(code)
        assert _in(ch, CJK_RANGES) == bool(cjk.fullmatch(ch)), hex(code)
        assert _in(ch, CJK_PUNCT_RANGES) == bool(punct.fullmatch(ch)), hex(code)
