"""An imported deck (flashcards without key points) reviews in the TUI: reveal, then the user grades."""

from __future__ import annotations

from pathlib import Path

from quiz.__main__ import main
from quiz.tui.screens.review import ReviewScreen
from quiz.tui.widgets.checklist import CheckList


async def test_imported_flashcards_are_graded_without_a_rubric(make_app, tmp_path: Path) -> None:
    table = tmp_path / "cards.csv"
    table.write_text("front,back\nWhat is a GAN?,Two networks in a game.\nWhat is a VAE?,An autoencoder with a prior.\n", encoding="utf-8")
    decks = tmp_path / "decks"
    assert main(["import", str(table), "--deck", "cards", "--out", str(decks)]) == 0
    app = make_app(banks=[decks])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first = screen.session.current
        assert first.deck == "cards" and first.key_points == ()
        await pilot.press("space")
        await pilot.pause()
        assert screen.phase == "grade" and screen.suggested is None  # nothing to tick, nothing suggested
        assert screen.query_one("#keypoints", CheckList).count == 0
        hint = str(screen.query_one("#hint").render())
        assert "Grade: 1 Again" in hint and "suggestion" not in hint
        await pilot.press("enter")  # no suggestion to accept: nothing is graded
        await pilot.pause()
        assert app.ctx.store.reviews() == []
        await pilot.press("3")
        await pilot.pause()
        rows = app.ctx.store.reviews()
        assert [(r.question_id, r.rating) for r in rows] == [(first.id, 3)]
        assert screen.session.current is not None and screen.session.current.id != first.id
