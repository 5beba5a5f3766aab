"""The card loop as a user meets it (issue 18, "The card loop" and the end-of-session summary).

Each test drives the review screen with keys and checks what is on screen or in the store.
"""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll

from quiz.tui.screens.review import ReviewScreen
from quiz.tui.widgets.checklist import CheckList
from quiz.tui.widgets.markdown_text import MarkdownText
from tests.tui.drive import practise, record_notifications

LONG = """\
format: 1
deck: {id: long, title: {en: Long deck, zh: 长题库}}
questions:
  - id: long.open
    kind: open
    difficulty: medium
    frequency: 4
    prompt: {en: "Explain the whole of diffusion training.", zh: "讲讲扩散模型的训练。"}
    answer:
      en: |
%(answer_en)s
      zh: |
%(answer_zh)s
    key_points:
%(points)s
  - id: long.bug
    kind: bug
    difficulty: medium
    prompt: {en: "Find the bug.", zh: "找出 bug。"}
    code: |
%(code)s
    answer: {en: "Line 21 adds the noise twice.", zh: "第 21 行加了两次噪声。"}
    key_points: [{en: one, zh: 一}, {en: two, zh: 二}]
""" % {
    "answer_en": "\n\n".join(f"        Paragraph {i}: the forward process adds Gaussian noise step by step, and the network learns to predict it." for i in range(12)),
    "answer_zh": "\n\n".join(f"        第 {i} 段：前向过程逐步加入高斯噪声，网络学习预测这些噪声。" for i in range(12)),
    "points": "\n".join(f"      - {{en: 'Key point number {i}, which says something worth ticking', zh: '第 {i} 个要点，值得勾选'}}" for i in range(1, 6)),
    "code": "\n".join(f"      x{i} = step({i})" for i in range(1, 30))
    + "\n      loss = discriminator_loss(real_logits, fake_logits) + generator_loss(fake_logits) * weight_of_the_adversarial_term",
}


@pytest.fixture
def long_app(make_app, tmp_path, test_bank_dir):
    (tmp_path / "long").mkdir()
    (tmp_path / "long" / "long.yaml").write_text(LONG, encoding="utf-8")
    return lambda lang="en": make_app(lang, banks=[test_bank_dir, tmp_path / "long"])


def lines_of(widget) -> list[str]:
    """What ``widget`` draws, one string per row of its whole height (scrolled out or not)."""
    return ["".join(seg.text for seg in widget.render_line(y)) for y in range(widget.size.height)]


def on_screen(screen, widget) -> bool:
    """``widget`` is drawn at least partly inside the visible part of the screen."""
    region = widget.region
    return region.height > 0 and screen.region.contains_region(region)


@pytest.mark.parametrize("lang", ["en", pytest.param("zh", marks=pytest.mark.slow(tensorflow=False))])  # zh: in the full suite
async def test_after_reveal_the_rubric_and_the_answer_are_both_in_view_at_80x24(long_app, lang) -> None:
    app = long_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await practise(pilot, "long.open")
        await pilot.press("space")
        await pilot.pause()
        await pilot.pause()
        rows = [row for row in screen.query("#keypoints CheckRow") if row.display]
        assert len(rows) == 5
        assert all(on_screen(screen, row) for row in rows), [row.region for row in rows]
        answer = screen.query_one("#answer")
        card = screen.query_one("#card", VerticalScroll)
        assert card.region.height >= 5 and answer.region.y < card.region.bottom  # the answer shows too
        await pilot.press("1", "3")
        card.scroll_to(y=6, animate=False)
        await pilot.pause()
        before = card.scroll_y
        assert before > 0
        await pilot.press("enter")  # done ticking: the answer stays where the user scrolled it
        await pilot.pause()
        await pilot.pause()
        assert screen.phase == "grade" and card.scroll_y == before
        assert all(on_screen(screen, row) for row in rows)


async def test_a_bug_listing_is_numbered_and_its_long_line_is_folded_with_a_mark(long_app) -> None:
    app = long_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await practise(pilot, "long.bug")
        drawn = lines_of(screen.query_one("#prompt", MarkdownText))
        assert any(row.lstrip().startswith("21 x21 = step(21)") for row in drawn), drawn
        last = next(i for i, row in enumerate(drawn) if row.lstrip().startswith("30 "))
        assert drawn[last + 1].lstrip().startswith("↪")  # the 30th line goes on, marked, not wrapped to column 0


async def test_a_typed_answer_keeps_its_line_breaks_and_is_shown_once(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await practise(pilot, "mini.open-one")
        await pilot.press("a", *"two nets", "enter", *"minimax", "escape", "space")
        await pilot.pause()
        await pilot.pause()
        assert not screen.query_one("#typed").display  # the box goes: the quote below shows the answer
        drawn = [row.strip() for row in lines_of(screen.query_one("#answer", MarkdownText))]
        assert "▌ two nets" in drawn and "▌ minimax" in drawn


async def test_undo_brings_the_card_back_revealed_with_its_ticks_and_typed_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await practise(pilot, "mini.open-one", "extra.kl-value")
        toasts = record_notifications(app)
        await pilot.press("a", *"two nets", "escape", "space", "1", "3", "enter")
        await pilot.pause()
        await pilot.press("3")  # graded Good
        await pilot.pause()
        assert screen.session.current.id == "extra.kl-value"
        await pilot.press("u")
        await pilot.pause()
        await pilot.pause()
        assert screen.session.current.id == "mini.open-one"
        assert screen.phase == "grade" and screen.query_one("#revealed").display
        assert screen.query_one("#keypoints", CheckList).checked == {0, 2}
        assert screen.query_one("#typed").text == "two nets"
        assert "> two nets" in screen.query_one("#answer", MarkdownText).source
        assert ("Undone: What is a GAN?", "information") in toasts
        assert screen.suggested == 2  # two of three key points: Hard, as suggested before
        await pilot.press("enter")
        await pilot.pause()
        assert [r.rating for r in app.ctx.store.reviews()] == [2]


async def test_a_skip_says_skipped_not_the_previous_saved(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await practise(pilot, "mini.open-one", "extra.kl-value", "mini.bug-one")
        await pilot.press("space", "enter", "3")
        await pilot.pause()
        hint = screen.query_one("#hint")
        assert "Saved: Good" in str(hint.render())
        await pilot.press("s")
        await pilot.pause()
        assert "Skipped" in str(hint.render()) and "Saved" not in str(hint.render())
        assert screen.session.current.id == "mini.bug-one"


async def test_the_header_count_does_not_grow_and_shows_the_again_cards_apart(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        header = screen.query_one("#review-meta")
        planned = screen.session.planned
        assert f"Review 1/{planned}" in str(header.render())
        q = screen.session.current
        if q.kind == "choice":
            await pilot.press("d", "enter")  # I don't know: Again
        else:
            await pilot.press("space", "enter", "1")  # Again: the card comes back within the session
        await pilot.pause()
        text = str(header.render())
        assert f"Review 2/{planned}" in text and "+1 again" in text, text
        await pilot.press("escape")  # the summary's resume line splits the cards as its counts do
        await pilot.pause()
        summary = " ".join(" ".join(lines_of(w)) for w in app.screen.query("Static"))
        left = planned - 1
        assert f"1 graded · {left} left · +1 again" in summary, summary
        assert f"resume the {left} left and 1 again" in summary, summary  # it read "resume the {planned} left"


async def test_choice_cards_offer_i_dont_know_and_lock_their_options(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await practise(pilot, "extra.choice-multi", "mini.choice-one")
        assert "d I don't know" in str(screen.query_one("#hint").render())
        await pilot.press("d")
        await pilot.pause()
        assert screen.phase == "grade" and screen.suggested == 1 and screen.query_one("#revealed").display
        options = [" ".join(lines_of(row)).strip() for row in screen.query("#choices CheckRow") if row.display]
        assert not any("[ ]" in row for row in options), options  # nothing looks tickable any more
        assert any(row.startswith("! 1.") for row in options)  # the right options the user missed
        await pilot.press("enter")
        await pilot.pause()
        assert [(r.question_id, r.rating) for r in app.ctx.store.reviews()] == [("extra.choice-multi", 1)]
        await pilot.press("2", "enter")  # a right pick, submitted
        await pilot.pause()
        options = [" ".join(lines_of(row)).strip() for row in screen.query("#choices CheckRow") if row.display]
        assert options == ["1. log(1 − D(G(z)))", "✓ 2. −log D(G(z))"], options


async def test_the_header_names_the_deck_and_says_how_often_it_is_asked(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await practise(pilot, "mini.open-one")
        text = str(screen.query_one("#review-meta").render())
        assert "Mini deck" in text and "asked very often (5/5)" in text and "· mini ·" not in text, text


@pytest.mark.parametrize("lang", ["en", pytest.param("zh", marks=pytest.mark.slow(tensorflow=False))])  # zh: in the full suite
async def test_leaving_early_shows_a_summary_that_fits_and_can_resume(make_app, lang) -> None:
    from quiz.tui.screens.session_summary import SessionSummary

    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        toasts = record_notifications(app)
        screen = await practise(pilot, "mini.open-one", "extra.kl-value", "mini.bug-one")
        await pilot.press("space", "enter", "1")
        await pilot.pause()
        await pilot.press("s", "escape")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SessionSummary)
        text = "\n".join(" ".join(" ".join(lines_of(w)).split()) for w in summary.query("Static"))
        if lang == "en":
            assert "Practice ended early" in text and "1 graded · 2 left" in text and "Skipped: 1" in text, text
            assert "Again" in text and "Due next" in text
            assert "r: resume the 2 left" in text, text
        else:
            assert "练习提前结束" in text and "已评分 1 张 · 剩余 2 张" in text and "跳过：1 张" in text, text
            assert "继续剩下的 2 张" in text, text
        assert not any("complete" in message.lower() for message, _ in toasts)
        for widget in summary.query("Static"):
            if widget.display and str(widget.render()).strip():
                assert summary.region.contains_region(widget.region), (widget.id, widget.region)
        await pilot.press("r")  # resume: back on the card after the skipped one
        await pilot.pause()
        assert app.screen is screen and screen.session.current.id == "mini.bug-one"
        await pilot.press("space", "enter", "3")
        await pilot.pause()
        await pilot.press("space", "enter", "3")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SessionSummary)
        text = "\n".join(" ".join(" ".join(lines_of(w)).split()) for w in summary.query("Static"))
        assert ("Practice complete" if lang == "en" else "练习完成") in text, text
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, (SessionSummary, ReviewScreen))


async def test_leaving_before_any_grade_goes_straight_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await practise(pilot, "mini.open-one", "extra.kl-value")
        await pilot.press("escape")
        await pilot.pause()
        from quiz.tui.screens.home import HomeScreen

        assert isinstance(app.screen, HomeScreen)


@pytest.mark.slow(tensorflow=False)  # a whole session walked through (seconds)
async def test_home_shows_readiness_moving_while_mastery_stays_at_zero(make_app) -> None:
    from quiz.tui.widgets.row_table import RowTable

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#decks", RowTable)
        header = [c.label for c in table._columns]
        assert "Ready now" in header and header.index("Ready now") == header.index("Mastery") + 1
        col = header.index("Ready now")
        row = next(cells for key, cells in table._rows if key == "mini")
        assert row[col] == "0%"
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        while screen.session.current is not None and screen.session.current.deck != "mini":
            await pilot.press("s")
            await pilot.pause()
        q = screen.session.current
        await pilot.press(*(["2", "enter"] if q.kind == "choice" else ["space", "1", "2", "3", "enter"]), "3")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # close the summary
        await pilot.pause()
        row = next(cells for key, cells in table._rows if key == "mini")
        mastery = header.index("Mastery")
        assert row[mastery] == "0%" and row[col] != "0%", row


async def test_ticking_a_key_point_below_the_pinned_pane_scrolls_it_into_view(make_app, tmp_path, test_bank_dir) -> None:
    points = "\n".join(f"      - {{en: 'Point {i}: a long key point that wraps onto a second line at eighty columns for sure, yes', zh: '要点 {i}'}}"
                       for i in range(1, 7))
    head = LONG.split("  - id: long.bug")[0].split("    key_points:\n")[0]
    bank = tmp_path / "many"
    bank.mkdir()
    (bank / "many.yaml").write_text(f"{head}    key_points:\n{points}\n", encoding="utf-8")  # long.open with six long points
    app = make_app(banks=[test_bank_dir, bank])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await practise(pilot, "long.open")
        await pilot.press("space")
        await pilot.pause()
        pane = screen.query_one("#rubric")
        rows = [row for row in screen.query("#keypoints CheckRow") if row.display]
        assert len(rows) == 6
        assert not pane.region.contains_region(rows[5].region)  # the pane is full: the last point is below it
        await pilot.press("6")
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one("#keypoints", CheckList).checked == {5}
        assert pane.region.contains_region(rows[5].region), (pane.region, rows[5].region)
