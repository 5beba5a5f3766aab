"""Home and ``quiz stats`` print the same today line (due now, new left today, questions, streak):
one core count (quiz.study.today_summary), even with an interview plan setting the new cards and with
progress left on questions no longer in the bank."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import quiz.store
from quiz.__main__ import main
from quiz.plan import StudyPlan
from quiz.session import new_cards_left
from quiz.stats import forecast
from quiz.study import save_plan, today_summary
from tests.study_history import study
from tests.tui.plan_fixtures import INTERVIEW, NOW, frozen_day  # noqa: F401 (a fixture)


@pytest.mark.parametrize("lang", [pytest.param("en", marks=pytest.mark.slow(tensorflow=False)), "zh"])  # en: in the full suite (English home and stats: many other fast tests; the agreement is the same code in both)
async def test_home_and_quiz_stats_agree_on_today(make_app, frozen_day, tmp_path: Path, test_bank_dir: Path,  # noqa: F811
                                                  capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
                                                  lang: str) -> None:
    db = tmp_path / "shared.sqlite3"
    full = make_app(lang, db=db)  # both test decks studied for 12 days, then a plan with its own new-card share
    study(full.ctx.store, full.ctx.bank, NOW - timedelta(days=12), 12, new_per_day=2)
    save_plan(full.ctx.store, StudyPlan(INTERVIEW, (), 40), NOW - timedelta(days=1))
    full.ctx.store.close()
    mini = test_bank_dir / "mini.yaml"  # the extra deck is gone: its cards are progress on removed questions
    app = make_app(lang, db=db, banks=[mini])
    monkeypatch.setattr(quiz.store, "utcnow", lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        home_line = str(app.screen.query_one("#summary").render())
        store = app.ctx.store
        expected = today_summary(store, app.ctx.bank, app.ctx.config, NOW)
        # what made the two disagree: the config's new cards instead of the plan's, and removed questions' cards
        assert new_cards_left(store, app.ctx.config.new_per_day, NOW) != expected.new
        assert tuple(forecast(store.cards(), NOW)) != expected.forecast
    assert home_line == expected.text(lang)
    assert main(["stats", "--db", str(db), "--bank", str(mini), "--lang", lang]) == 0
    out = capsys.readouterr().out.splitlines()
    assert home_line in out, "quiz stats prints another today line than home"
    assert expected.forecast_text(lang) in out
    # the removed deck's cards count nowhere: not due now, not in the week ahead
    assert sum(expected.forecast) <= len(app.ctx.bank.questions)
