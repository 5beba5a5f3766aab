"""The card loop's words, in one language: pure functions (no Textual) behind the review screen.

What the session covers ("All decks", deck titles, "chosen questions"), which deck
a card's header names, the hint line for each phase, the note on what the last
action did, the grade buttons' labels and the Markdown shown once a card is
revealed. The screen (``quiz/tui/screens/review*.py``) only places them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from rich.cells import cell_len

from quiz.bank.model import Deck, Question
from quiz.grading import grade_choice
from quiz.i18n import t
from quiz.render import answer_markdown, choices_explained_markdown, quote_typed

PICKED = "picked"
"""The ``decks`` of a session over questions picked one by one (from browse, an exercise, a report)."""

Scope = Collection[str] | None | str
"""A session's scope: deck ids, None for all decks, or :data:`PICKED`."""


def option_texts(q: Question, lang: str) -> list[str]:
    """A choice card's options, as its checklist lists them."""
    return [c.text.get(lang) for c in q.choices]


def key_point_texts(q: Question, lang: str) -> list[str]:
    """A card's key points, as its rubric lists them."""
    return [p.get(lang) for p in q.key_points]


def deck_title(deck_id: str, decks: Mapping[str, Deck], lang: str) -> str:
    """A deck's title in ``lang``; its id when the bank does not hold it."""
    return decks[deck_id].title.get(lang) if deck_id in decks else deck_id


def scope_label(scope: Scope, decks: Mapping[str, Deck], lang: str) -> str:
    """What a session covers, for its header: "All decks", the chosen decks' titles, or "chosen questions"."""
    if scope == PICKED:
        return t("review.scope.picked", lang)
    if scope is None:
        return t("home.all_decks", lang)
    return " + ".join(deck_title(d, decks, lang) for d in sorted(scope))


def header_deck(q: Question, scope: Scope, decks: Mapping[str, Deck], lang: str) -> str:
    """The deck named in a card's header: "" when the session is over that one deck (named once, in the scope)."""
    one_deck = isinstance(scope, (set, frozenset, list, tuple)) and set(scope) == {q.deck}
    return "" if one_deck else deck_title(q.deck, decks, lang)


def schedule_key(schedule: bool, mode: str) -> str | None:
    """The i18n key saying what grading does to the schedule: unchanged, updated (practice with
    "Also update the review schedule" ticked), or nothing to say (a review updates it)."""
    if not schedule:
        return "review.schedule_unchanged"
    return "review.schedule_updated" if mode != "review" else None


def last_action_note(note: tuple, lang: str) -> str:
    """What the last action did, for the next card's hint: ``("saved", rating, interval or None)``
    (interval None when the schedule is not changed) or ``("skipped",)``."""
    if note[0] == "skipped":
        return f"↷ {t('review.skipped', lang)}"
    _what, rating, interval = note
    grade = t(f"grade.{rating}", lang)
    return "✓ " + (t("review.saved", lang, grade=grade, interval=interval) if interval else t("review.saved_practice", lang, grade=grade))


def phase_hint(phase: str, q: Question, lang: str, *, width: int, coverage: float | None = None,
               suggested: int | None = None, dont_know: bool = False) -> str:
    """The hint line under a card in ``phase`` (ask | tick | grade), in at most ``width`` cells
    where it can be shortened (a bug card's reveal key; the key bar names it too)."""
    if phase == "ask":
        if q.kind == "choice":
            return t("review.choice_hint", lang, n=len(q.choices))
        if q.kind == "bug":
            hint = t("review.bug_hint", lang)
            reveal = f" · space ▶ {t('review.reveal', lang)}"
            return hint + reveal if cell_len(hint + reveal) <= width else hint
        return f"space ▶ {t('review.reveal', lang)} · a ▶ {t('key.type', lang)}"
    if phase == "tick":
        hint = t("review.tick_hint", lang, n=len(q.key_points))
        if coverage is not None:
            hint += " · " + t("review.suggested", lang, pct=round(coverage * 100), grade=t(f"grade.{suggested}", lang))
        return hint
    if phase == "grade":
        return t("review.dont_know", lang) if dont_know else t("review.grade_hint" if suggested else "review.grade_hint_plain", lang)
    return ""


def grade_label(rating: int, lang: str, when: str, suggested: int | None) -> str:
    """A grade button's label: the rating, its name and ``when`` (the interval it would schedule,
    or "—" when the schedule is not changed); the suggestion marked ▶ (it shows without colour too)."""
    mark = "▶ " if rating == suggested else ""
    return f"{mark}{rating} {t(f'grade.{rating}', lang)} · {when}"


def revealed_markdown(q: Question, lang: str, *, picked: Collection[int] = (), dont_know: bool = False, typed: str = "") -> str:
    """The Markdown under the prompt once revealed: the typed answer, the verdict and every
    option explained (choice, with its key points to read), then the model answer."""
    text = answer_markdown(q, lang)
    if q.kind == "choice":
        verdict = t("key.dont_know", lang) if dont_know else t("review.choice." + grade_choice(picked, q.correct_choices)[1], lang)
        text = f"**{verdict}**\n\n" + choices_explained_markdown(q, lang, set(picked)) + "\n\n---\n\n" + text
        if q.key_points:  # nothing to tick on a choice card: the key points are read with the answer
            points = "\n".join(f"{i + 1}. {p.get(lang)}" for i, p in enumerate(q.key_points))
            text += f"\n\n**{t('review.key_points_done', lang)}**\n\n{points}"
    mine = f"**{t('review.your_answer', lang)}**\n\n{quote_typed(typed)}\n\n" if typed else ""
    return f"{mine}## {t('review.answer', lang)}\n\n{text}"
