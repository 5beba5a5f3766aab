"""Practice setup: the focus filters (missed, unseen, due soon) with a live count, the
checkbox that shows its state without colour, tags by use, and a header that tells the truth."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Select

from quiz.scheduling import preview
from quiz.store import utcnow
from quiz.tui.screens.review import ReviewScreen


def _count(dialog) -> str:
    return str(dialog.query_one("#p-count").render())


def _seed_history(app) -> None:
    """mini.open-one graded Again yesterday (practice: no card); extra.kl-value reviewed and due
    tomorrow; mini.choice-one reviewed and due in a month; the other two never seen."""
    store, now = app.ctx.store, utcnow()
    store.record_review("mini.open-one", rating=1, reviewed_at=now - timedelta(days=1), duration_ms=1, mode="practice")
    for qid, days in (("extra.kl-value", 1), ("mini.choice-one", 30)):
        card = {**preview(app.ctx.scheduler, qid, None, now)[3].card, "due": (now + timedelta(days=days)).isoformat()}
        store.record_review(qid, rating=3, reviewed_at=now - timedelta(days=2), duration_ms=1, mode="review", card_after=card)


async def _open_setup(pilot):
    await pilot.press("p")
    await pilot.pause()
    return pilot.app.screen


SLOW = pytest.mark.slow(tensorflow=False)  # the same dialog path again; each focus is unit-tested in tests/unit/test_focus.py


@pytest.mark.parametrize(("focus", "expected"), [("missed", {"mini.open-one"}),
                                                  pytest.param("unseen", {"mini.bug-one", "extra.choice-multi"}, marks=SLOW),
                                                  pytest.param("due_soon", {"extra.kl-value"}, marks=SLOW)])
async def test_focus_narrows_the_count_and_the_session(make_app, focus: str, expected: set[str]) -> None:
    app = make_app()
    _seed_history(app)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_setup(pilot)
        assert "5 questions match" in _count(dialog)
        dialog.query_one("#p-focus", Select).value = focus
        await pilot.pause()
        assert f"{len(expected)} questions match" in _count(dialog)  # live, before starting
        await pilot.click("#p-start")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert set(screen.queue_ids) == expected


async def test_focus_combines_with_the_other_filters_and_an_empty_match_disables_start(make_app) -> None:
    app = make_app()
    _seed_history(app)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_setup(pilot)
        dialog.query_one("#p-focus", Select).value = "unseen"
        dialog.query_one("#p-deck", Select).value = "mini"
        await pilot.pause()
        assert "1 questions match" in _count(dialog)  # mini.bug-one
        dialog.query_one("#p-kind", Select).value = "open"
        await pilot.pause()
        assert "0 questions match" in _count(dialog)
        assert dialog.query_one("#p-start").disabled


@pytest.mark.parametrize("lang", [pytest.param("en", marks=pytest.mark.slow(tensorflow=False)), "zh"])  # en: in the full suite (the box is the same in both languages; the English dialog: the other tests here)
async def test_the_schedule_checkbox_shows_its_state_without_colour(make_app, lang: str) -> None:
    """Textual's Checkbox draws the same X ticked or not (colour only): a monochrome terminal showed no state."""
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_setup(pilot)
        box = dialog.query_one("#p-schedule")
        off = box.render().plain
        box.value = True
        await pilot.pause()
        on = box.render().plain
        assert off.startswith("▐ ▌") and on.startswith("▐✓▌"), (off, on)


@pytest.mark.parametrize(("tick", "en", "zh"), [pytest.param(False, "schedule unchanged", "不影响复习计划", marks=SLOW),  # the default: in the full suite
                                         (True, "schedule updated", "更新复习计划")])
async def test_the_practice_header_says_what_happens_to_the_schedule(make_app, tick: bool, en: str, zh: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        dialog = await _open_setup(pilot)
        dialog.query_one("#p-schedule").value = tick
        await pilot.click("#p-start")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.session.schedule is tick
        meta = str(screen.query_one("#review-meta").render())
        assert en in meta and ("unchanged" in meta) is not tick, meta
        app.lang = "zh"
        await pilot.pause()
        assert zh in str(screen.query_one("#review-meta").render())


async def test_tags_list_their_counts_most_used_first_in_practice_and_browse(make_app, tmp_path) -> None:
    deck = tmp_path / "tags.yaml"
    questions = []
    for i, tags in enumerate([["rare", "gan"], ["gan", "loss"], ["gan"], ["loss"]]):
        questions.append(f"""  - id: tags.q{i}
    kind: open
    difficulty: easy
    tags: [{", ".join(tags)}]
    prompt: {{en: "Q{i}?", zh: "问题{i}？"}}
    answer: {{en: "A{i}.", zh: "答{i}。"}}
    key_points:
      - {{en: "P{i}", zh: "点{i}"}}
      - {{en: "R{i}", zh: "点二{i}"}}
""")
    deck.write_text("format: 1\ndeck:\n  id: tags\n  title: {en: Tags, zh: 标签}\nquestions:\n" + "".join(questions), encoding="utf-8")
    app = make_app(banks=[tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open_setup(pilot)
        expected = [("gan (3)", "gan"), ("loss (2)", "loss"), ("rare (1)", "rare")]
        assert [(str(label), value) for label, value in dialog.query_one("#p-tag", Select)._options[1:]] == expected
        await pilot.press("escape", "b")
        await pilot.pause()
        browse = app.screen
        assert [(str(label), value) for label, value in browse.query_one("#f-tag", Select)._options[1:]] == expected
