"""An app built from the tiny test bank, with its own store."""

from __future__ import annotations

from pathlib import Path

import pytest

import quiz.locations
from quiz.config import Config
from quiz.tui.app import QuizApp
from quiz.tui.context import AppContext


@pytest.fixture
def make_app(tmp_path: Path, test_bank_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """A factory: ``make_app(lang="en")`` → QuizApp over tests/data/bank only."""
    empty = tmp_path / "no-builtin"
    empty.mkdir()
    monkeypatch.setattr(quiz.locations, "questions_dir", lambda: empty)

    def factory(lang: str = "en", db: Path | None = None) -> QuizApp:
        ctx = AppContext.build(Config(lang=lang), [test_bank_dir], db or tmp_path / "p.db")
        return QuizApp(ctx)

    return factory
