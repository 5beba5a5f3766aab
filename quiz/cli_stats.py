"""Plain-text reports for the CLI (the TUI draws the same figures as widgets)."""

from __future__ import annotations

from datetime import datetime

from quiz.bank.model import Bank
from quiz.i18n import t
from quiz.stats import deck_stats, forecast, retention, streak
from quiz.store import Store


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def stats_text(bank: Bank, store: Store, now: datetime, lang: str = "en") -> str:
    """The ``quiz stats`` table: per deck questions, new, due, reviews, retention, mastery."""
    cards = store.cards()
    reviews = store.reviews()
    rows = deck_stats(bank, cards, reviews, now)
    head = [t("home.col.deck", lang), t("home.col.questions", lang), t("home.col.new", lang), t("home.col.due", lang),
            t("stats.col.reviews", lang), t("stats.col.retention", lang), t("home.col.mastery", lang)]
    table = [head]
    for s in rows:
        title = bank.decks[s.deck].title.get(lang)
        table.append([title, str(s.total), str(s.new), str(s.due), str(s.reviews), _pct(s.retention), _pct(s.mastery)])
    total = sum(s.total for s in rows)
    learned = sum(s.learned for s in rows)
    table.append([t("stats.total", lang), str(total), str(sum(s.new for s in rows)), str(sum(s.due for s in rows)),
                  str(len(reviews)), _pct(retention(reviews)), _pct(learned / total if total else 0.0)])
    widths = [max(_width(r[i]) for r in table) for i in range(len(head))]
    lines = []
    for n, row in enumerate(table):
        cells = [_pad(row[0], widths[0])] + [_pad(c, w, right=True) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if n == 0 or n == len(table) - 2:
            lines.append("  ".join("─" * w for w in widths))
    lines.append("")
    lines.append(t("stats.streak", lang, n=streak((r.reviewed_at for r in reviews), now)))
    lines.append(t("stats.forecast", lang, days=" ".join(str(n) for n in forecast(cards, now))))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two cells."""
    return sum(2 if ord(ch) >= 0x1100 and _wide(ch) else 1 for ch in text)


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap
