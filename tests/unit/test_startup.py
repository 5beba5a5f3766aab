"""quiz.startup: the TUI's start pauses the collector around Textual's import and the app's build."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from quiz import startup
from quiz.config import Config
from quiz.runtime import Runtime


def test_start_app_builds_with_the_collector_paused_then_restores_and_freezes(tmp_path: Path, test_bank_dir: Path, monkeypatch) -> None:
    from quiz.tui import app as app_module

    states = []
    real = app_module.build_app
    monkeypatch.setattr(app_module, "build_app", lambda *a, **kw: states.append(gc.isenabled()) or real(*a, **kw))
    gc.unfreeze()
    app = startup.start_app(Config(lang="en"), [test_bank_dir], Runtime(tmp_path / "p.db"))
    assert states == [False] and gc.isenabled() and gc.get_freeze_count() > 0
    assert len(app.ctx.bank.questions) > 0
    app.ctx.store.close()


def test_start_app_restores_the_collector_when_the_build_fails(monkeypatch) -> None:
    from quiz.tui import app as app_module

    monkeypatch.setattr(app_module, "build_app", lambda *a, **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        startup.start_app(Config(lang="en"))
    assert gc.isenabled()


def test_a_nested_pause_leaves_the_collector_off_until_the_outer_one_ends() -> None:
    with startup.collector_paused():
        with startup.collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
