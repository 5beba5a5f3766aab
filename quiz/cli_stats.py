"""``quiz stats`` as plain text: the figures the TUI's home and stats screens draw as widgets.

The rules (deck rows, the totals row, today's counts, percentages) are the core's
(:mod:`quiz.stats`, :func:`quiz.study.today_summary`, :mod:`quiz.formats`); this
module only lays them out, at most :data:`~quiz.cli_text.WIDTH` columns wide: a deck
title too long for the room left by the figures wraps within its column.
"""

from __future__ import annotations

from datetime import datetime

from quiz.bank.model import Bank
from quiz.cli_text import WIDTH, column_widths, fitted_rows, wrap
from quiz.config import Config
from quiz.formats import percent
from quiz.i18n import t
from quiz.stats import deck_stats, totals
from quiz.store import Store
from quiz.study import today_summary

GAP = "  "


def stats_text(bank: Bank, store: Store, config: Config, now: datetime, lang: str = "en", width: int = WIDTH) -> str:
    """The ``quiz stats`` table (per deck questions, new, due, reviews, retention, mastery; a totals
    row), then today's summary as home shows it and the coming week's load."""
    cards = store.cards()
    reviews = store.reviews()
    rows = deck_stats(bank, cards, reviews, now)
    head = [t("home.col.deck", lang), t("home.col.questions", lang), t("home.col.new", lang), t("home.col.due", lang),
            t("stats.col.reviews", lang), t("stats.col.retention", lang), t("home.col.mastery", lang)]
    table = [head]
    for s in [*rows, totals(rows, reviews)]:
        title = bank.decks[s.deck].title.get(lang) if s.deck else t("stats.total", lang)
        table.append([title, str(s.total), str(s.new), str(s.due), str(s.reviews), percent(s.retention), percent(s.mastery)])
    widths = column_widths(table, gap=GAP, width=width)
    fitted = fitted_rows(table, widths, gap=GAP)
    rule = GAP.join("─" * w for w in widths)
    lines = [*fitted[0], rule, *(line for row in fitted[1:-1] for line in row), rule, *fitted[-1]]
    today = today_summary(store, bank, config, now, cards=cards, rows=rows)
    lines.append("")
    lines += wrap(today.text(lang), width, hang="  ")
    lines += wrap(today.forecast_text(lang), width, hang="  ")
    return "\n".join(lines)


def fit(text: str, width: int = WIDTH) -> str:
    """Each line of ``text`` wrapped to ``width`` cells on its own, continuing indented."""
    return "\n".join(out for line in text.splitlines() for out in (wrap(line, width, hang="  ") or [""]))
