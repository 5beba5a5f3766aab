"""Immutable data model of the question bank (decks, questions, bilingual text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

LANGS = ("en", "zh")
KINDS = ("open", "choice", "bug")
DIFFICULTIES = ("easy", "medium", "hard")


class Text(NamedTuple):
    """A text in both languages (a named tuple: a bank holds ~10 per question,
    and a tuple is built in a third less time than a frozen dataclass)."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``en`` or ``zh``)."""
        return self.zh if lang == "zh" else self.en

    def contains(self, needle_lower: str) -> bool:
        """Case-insensitive substring test over both languages."""
        return needle_lower in self.en.lower() or needle_lower in self.zh.lower()


@dataclass(frozen=True)
class Choice:
    """One option of a choice question."""

    text: Text
    correct: bool
    why: Text


@dataclass(frozen=True)
class Question:
    """One question of the bank; progress is keyed by ``id``."""

    id: str
    deck: str
    kind: str
    difficulty: str
    prompt: Text
    answer: Text
    key_points: tuple[Text, ...]
    frequency: int | None = None
    tags: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    code: str | None = None
    related: tuple[str, ...] = ()
    exercise: str | None = None
    references: tuple[str, ...] = ()
    source: Path | None = field(default=None, compare=False)

    @property
    def correct_choices(self) -> frozenset[int]:
        """Indices of the correct options (empty unless ``kind == 'choice'``)."""
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)

    def matches(self, needle_lower: str) -> bool:
        """Whether a lower-cased search string occurs anywhere in the question, in either language."""
        if needle_lower in self.id or any(needle_lower in t for t in self.tags):
            return True
        texts = [self.prompt, self.answer, *self.key_points]
        texts += [c.text for c in self.choices]
        if any(t.contains(needle_lower) for t in texts):
            return True
        return bool(self.code) and needle_lower in self.code.lower()


@dataclass(frozen=True)
class Deck:
    """A deck: one YAML file of questions on one topic."""

    id: str
    title: Text
    description: Text | None
    questions: tuple[Question, ...]
    source: Path | None = field(default=None, compare=False)


@dataclass
class Bank:
    """Every loaded deck, with questions indexed by id."""

    decks: dict[str, Deck] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)

    def add(self, deck: Deck) -> None:
        """Add ``deck`` (the loader has already rejected duplicate ids)."""
        self.decks[deck.id] = deck
        for q in deck.questions:
            self.questions[q.id] = q

    @property
    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted({t for q in self.questions.values() for t in q.tags})

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag in use with its number of questions, most used first (ties alphabetical):
        the order the tag filters list them in."""
        counts: dict[str, int] = {}
        for q in self.questions.values():
            for tag in q.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def filter(
        self,
        *,
        decks: set[str] | None = None,
        tags: set[str] | None = None,
        difficulties: set[str] | None = None,
        kinds: set[str] | None = None,
        search: str = "",
    ) -> list[Question]:
        """Questions passing every given filter, in bank order (None = no filter)."""
        needle = search.strip().lower()
        out = []
        for q in self.questions.values():
            if decks and q.deck not in decks:
                continue
            if tags and not tags.intersection(q.tags):
                continue
            if difficulties and q.difficulty not in difficulties:
                continue
            if kinds and q.kind not in kinds:
                continue
            if needle and not q.matches(needle):
                continue
            out.append(q)
        return out
