"""The card loop's pure core: the session's count, its summary, titles, typed answers, code folding."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.scheduling import make_scheduler
from quiz.session import Graded, ReviewSession
from quiz.store import Store
from quiz.summary import summarize

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def test_the_count_stays_at_the_planned_cards_and_requeued_ones_are_counted_apart(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    session = ReviewSession(store, make_scheduler(), bank, ["mini.open-one", "extra.kl-value", "mini.bug-one"], clock=lambda: NOW)
    assert (session.progress.position, session.progress.planned, session.progress.again) == (1, 3, 0)
    session.grade(1)  # Again: a learning step, re-queued at the end
    assert (session.progress.position, session.progress.planned, session.progress.again) == (2, 3, 1)
    assert session.skip()  # extra.kl-value goes behind the re-queued copy: still a planned card
    assert (session.progress.position, session.progress.planned, session.progress.again) == (2, 3, 1)
    session.grade(4)
    assert session.current.id == "mini.open-one"  # the re-queued copy: the planned ones done so far, one again
    assert (session.progress.position, session.progress.planned, session.progress.again) == (2, 3, 1)
    session.grade(4)
    assert session.current.id == "extra.kl-value" and (session.progress.position, session.progress.again) == (3, 0)
    session.undo()  # back on the re-queued copy
    assert (session.progress.position, session.progress.planned, session.progress.again) == (2, 3, 1)


def test_skips_are_remembered_undone_with_a_grade_and_the_last_card_cannot_be_skipped(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    session = ReviewSession(store, make_scheduler(), bank, ["mini.open-one", "extra.kl-value"], mode="practice", clock=lambda: NOW)
    session.grade(3)
    assert not session.skip()  # one card left: nothing to skip to
    assert session.skipped == [] and session.left == ["extra.kl-value"]
    session.undo()
    assert session.skip() and session.skipped == ["mini.open-one"]
    assert session.left == ["extra.kl-value", "mini.open-one"]


def test_what_is_left_counts_planned_cards_and_the_again_ones_apart(tmp_path: Path, bank) -> None:
    store = Store.open(tmp_path / "p.db")
    session = ReviewSession(store, make_scheduler(), bank, ["mini.open-one", "extra.kl-value"], clock=lambda: NOW)
    session.grade(1)  # Again: re-queued
    assert session.left == ["extra.kl-value"] and session.progress.again == 1


def test_the_summary_counts_grades_skips_what_is_left_and_what_falls_due(tmp_path: Path, bank) -> None:
    graded = [Graded("a", 1, 0, None), Graded("b", 3, 0, None), Graded("a", 3, 0, None)]
    cards = {"a": {"due": (NOW + timedelta(minutes=10)).isoformat()}, "b": {"due": (NOW + timedelta(days=1)).isoformat()},
             "c": {"due": (NOW + timedelta(days=3)).isoformat()}, "d": {"due": (NOW + timedelta(days=30)).isoformat()}}
    summary = summarize(graded, ["c", "c", "d"], ["c", "d", "c"], 0, 125.0, cards, NOW)
    assert summary.by_grade == {1: 1, 2: 0, 3: 2, 4: 0} and summary.graded == 3
    assert summary.skipped == 2 and summary.left == 2 and not summary.finished
    assert (summary.due.today, summary.due.tomorrow, summary.due.week) == (1, 1, 3)
    done = summarize(graded, [], [], 0, -1.0, {}, NOW)
    assert done.finished and done.seconds == 0.0
    assert not summarize(graded, [], [], 1, 1.0, {}, NOW).finished  # a re-queued card still to see


def test_a_question_is_named_by_its_prompt_cut_to_a_width_in_cells(bank) -> None:
    from rich.cells import cell_len

    from quiz.render import question_title

    q = bank.questions["extra.kl-value"]
    assert question_title(q, "en") == "KL(N(1, 1) ‖ N(0, 1)) in one dimension?"
    cut = question_title(q, "zh", width=12)
    assert cut.endswith("…") and cell_len(cut) <= 12 and cut.startswith("一维 KL")


def test_the_header_says_how_often_interviewers_ask_and_names_the_deck(bank) -> None:
    from quiz.render import meta_line

    q = bank.questions["mini.open-one"]
    assert meta_line(q, "en", "Mini deck") == "Mini deck · easy · open · asked very often (5/5)"
    assert meta_line(q, "zh", "") == "简单 · 问答 · 面试高频（5/5）"
    long = "Coding: GANs, VAEs, Attention, Decoding, DDPM"
    fitted = meta_line(q, "en", long, width=60)
    assert 55 <= len(fitted) <= 60 and fitted.startswith("Coding: GANs") and "… · easy · open · asked very often (5/5)" in fitted


def test_a_typed_answer_keeps_its_lines_indentation_and_characters() -> None:
    from rich.console import Console

    from quiz.render import quote_typed
    from quiz.tui.widgets.card_markdown import CardMarkdown

    typed = "two nets:\n  1. G makes *fakes*\n\n# D [judges] them\nloss = -log D(G(z)) & x_1 <b>"
    console = Console(width=60, record=True, color_system=None)
    console.print(CardMarkdown(quote_typed(typed)))
    drawn = [line.removeprefix("▌ ").rstrip().replace("\u00a0", " ") for line in console.export_text().splitlines()]
    assert "\n".join(drawn).strip("\n").splitlines() == typed.splitlines()


def _bank_code_blocks() -> list[str]:
    import re

    from quiz.bank import load_bank
    from quiz.locations import questions_dir

    bank, _errors = load_bank([questions_dir()])
    blocks = [q.code for q in bank.questions.values() if q.code]
    fenced = re.compile(r"^```[a-z]*\n(.*?)^```", re.S | re.M)
    for q in bank.questions.values():
        for lang in ("en", "zh"):
            blocks += fenced.findall(q.answer.get(lang))
    return blocks


@pytest.mark.slow(tensorflow=False)  # every bank listing × 101 widths: seconds of CPU
def test_folding_keeps_every_character_of_every_bank_listing_at_every_width() -> None:
    from rich.cells import cell_len

    from quiz.tui.widgets.code_listing import fold

    blocks = _bank_code_blocks()
    assert len(blocks) > 50
    for width in range(20, 121):
        for block in blocks:
            for line in block.rstrip().split("\n"):
                rows = fold(line, width)
                assert "".join(line[s:e] for s, e, _i in rows) == line
                assert all(cell_len(line[s:e]) + indent <= width for s, e, indent in rows), (width, line)


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_listing_is_numbered_and_a_long_line_continues_with_a_mark(width: int) -> None:
    from rich.console import Console

    from quiz.tui.widgets.code_listing import CONTINUED, CodeListing

    code = "\n".join(f"x{i} = {i}" for i in range(1, 21)) + "\n    loss = discriminator_loss(real_logits, fake_logits) + generator_loss(fake_logits) * weight"
    console = Console(width=width, record=True, color_system=None)
    console.print(CodeListing(code))
    rows = [row.rstrip() for row in console.export_text().splitlines()]
    assert "  7 x7 = 7" in rows and all(len(row) <= width for row in rows)
    last = rows.index(next(r for r in rows if r.startswith(" 21 ")))
    continued = [r for r in rows[last + 1:] if r.strip()]
    assert continued and all(r.startswith(f"  {CONTINUED}") for r in continued)
    joined = "".join(r[4:] for r in [rows[last], *continued])
    assert joined.replace(" ", "") == code.splitlines()[-1].replace(" ", "")  # nothing lost


def test_a_week_of_work_moves_readiness_while_mastery_stays_at_zero(tmp_path: Path, bank) -> None:
    """The home's Readiness column (predicted recall now) beside Mastery (cards stable for 21 days)."""
    from quiz.readiness import readiness
    from quiz.stats import deck_stats

    store = Store.open(tmp_path / "p.db")
    scheduler = make_scheduler(fuzz=False)
    day = [NOW]
    seen = []
    for n in range(7):  # a week: each day the mini deck's cards due (or new), graded Good
        day[0] = NOW + timedelta(days=n)
        due = [qid for qid in ("mini.open-one", "mini.choice-one", "mini.bug-one")
               if store.card(qid) is None or datetime.fromisoformat(store.card(qid)["due"]) <= day[0]]
        session = ReviewSession(store, scheduler, bank, due, clock=lambda: day[0])
        while session.current is not None:
            session.grade(3)
        cards = store.cards()
        mastery = {s.deck: s.mastery for s in deck_stats(bank, cards, None, day[0])}["mini"]
        seen.append((mastery, readiness(bank, cards, scheduler, day[0]).by_deck["mini"]))
    assert all(mastery == 0.0 for mastery, _recall in seen)  # nothing holds 21 days after a week
    assert readiness(bank, {}, scheduler, NOW).by_deck["mini"] == 0.0
    assert all(recall > 0.8 for _mastery, recall in seen), seen  # while recall shows the work at once
