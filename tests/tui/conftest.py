"""An app built from the tiny test bank, with its own store."""

from __future__ import annotations

from pathlib import Path

import pytest

import quiz.locations
from quiz.exercises import availability
from quiz.config import Config
from quiz.runtime import Runtime
from quiz.tui.app import QuizApp
from quiz.tui.context import AppContext


@pytest.fixture(autouse=True, scope="session")
def stylesheets_parsed_once():
    """Every app parses its stylesheet again (app.tcss and each widget's DEFAULT_CSS: ~20 %
    of a short Pilot test's CPU), since Textual keeps its parse cache per app. The same CSS
    with the same variables parses to the same rules, which Textual treats as read-only (an
    app reuses them on every re-parse), so the tests share one parse per source and set of
    variables; a source with errors still raises in every app that reads it."""
    from textual.css.stylesheet import Stylesheet

    parse = Stylesheet._parse_rules
    parsed: dict[tuple, list] = {}

    def parse_rules(self, *args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())), tuple(sorted(self._variables.items())))
        if key not in parsed:
            parsed[key] = parse(self, *args, **kwargs)
        return parsed[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "_parse_rules", parse_rules)
        yield


@pytest.fixture(autouse=True)
def cjk_line_breaking(process_wide_patches_restored: None) -> None:
    """What the app's start-up does once per process (``build_app``): Chinese line
    breaking for Rich, installed for each test (and restored after it by the root conftest)."""
    from quiz.tui import cjk_wrap

    cjk_wrap.install()


@pytest.fixture
def make_app(tmp_path: Path, test_bank_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """A factory: ``make_app(lang="en")`` → QuizApp over tests/data/bank only
    (``banks=[...]``: instead of it; the shipped bank is never loaded)."""
    empty = tmp_path / "no-builtin"
    empty.mkdir()
    monkeypatch.setattr(quiz.locations, "questions_dir", lambda: empty)

    def factory(lang: str = "en", db: Path | None = None, banks: list[Path] | None = None,
                checker: tuple[str, ...] | None = None) -> QuizApp:
        runtime = Runtime(db_path=db or tmp_path / "p.db", checker_command=checker)
        return QuizApp(AppContext.build(Config(lang=lang), banks or [test_bank_dir], runtime))

    return factory


FAKE_CHECKER = Path(__file__).parent / "fake_checker.py"


def fake_checker(behaviour: str = "judge") -> tuple[str, ...]:
    """The argv of the TUI's fake checker child (tests/tui/fake_checker.py) acting out ``behaviour``."""
    import sys

    return (sys.executable, str(FAKE_CHECKER), behaviour)


@pytest.fixture
def exercise_app(make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A factory: ``exercise_app(lang, behaviour)`` → QuizApp whose checker is the fake (runs logged to tmp_path/runs.log)."""
    monkeypatch.setenv("FAKE_RUN_LOG", str(tmp_path / "runs.log"))
    # The fake checker needs no TensorFlow: the exercises are available whether or not it is installed
    # (its absence: tests/integration/test_without_tensorflow.py).
    monkeypatch.setattr(availability, "missing", lambda exercise: [])

    def factory(lang: str = "en", behaviour: str = "judge") -> QuizApp:
        return make_app(lang, checker=fake_checker(behaviour))

    return factory
