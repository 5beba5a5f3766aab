"""``quiz stats`` as plain text: the figures the TUI's home and stats screens draw as widgets.

The rules (deck rows, the totals row, today's allowance, percentages) are the
core's (:mod:`quiz.stats`, :mod:`quiz.session`, :mod:`quiz.formats`); this module
only lays them out in columns.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from quiz.bank.model import Bank
from quiz.formats import percent
from quiz.i18n import t
from quiz.session import new_cards_left
from quiz.stats import deck_stats, forecast, streak, totals
from quiz.store import Store


def stats_text(bank: Bank, store: Store, now: datetime, lang: str = "en", *, new_per_day: int = 10) -> str:
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
    widths = [max(_width(r[i]) for r in table) for i in range(len(head))]
    lines = []
    for n, row in enumerate(table):
        cells = [_pad(row[0], widths[0])] + [_pad(c, w, right=True) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if n == 0 or n == len(table) - 2:
            lines.append("  ".join("─" * w for w in widths))
    lines.append("")
    total = table[-1]
    lines.append(t("home.summary", lang, due=total[3], new=new_cards_left(store, new_per_day, now),
                   total=len(bank.questions), streak=streak((r.reviewed_at for r in reviews), now)))
    lines.append(t("stats.forecast", lang, days=" ".join(str(n) for n in forecast(cards, now))))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: wide (CJK) characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap
