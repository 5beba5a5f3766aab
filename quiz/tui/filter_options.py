"""The choices of the question filters shared by practice setup and browse (one list of each)."""

from __future__ import annotations

from collections.abc import Callable

from quiz.bank.model import DIFFICULTIES, KINDS, Bank
from quiz.focus import FOCUSES

Options = list[tuple[str, str]]


def deck_options(bank: Bank, lang: str) -> Options:
    """Every deck by its title, in bank order."""
    return [(d.title.get(lang), d.id) for d in bank.decks.values()]


def difficulty_options(tr: Callable[[str], str]) -> Options:
    return [(tr(f"difficulty.{d}"), d) for d in DIFFICULTIES]


def kind_options(tr: Callable[[str], str]) -> Options:
    return [(tr(f"kind.{k}"), k) for k in KINDS]


def tag_options(bank: Bank) -> Options:
    """Every tag with its number of questions, most used first: the common tags are at hand
    and the long tail of one-question tags comes last."""
    return [(f"{tag} ({n})", tag) for tag, n in bank.tag_counts()]


def focus_options(tr: Callable[[str], str]) -> Options:
    """The practice focus choices other than "any" (the Select's blank stands for it)."""
    return [(tr(f"focus.{f}"), f) for f in FOCUSES if f != "any"]
