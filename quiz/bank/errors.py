"""Errors found in bank files, located by file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class Message(str):
    """A problem's text in English (``str()`` of it, what logs and tests read) that also knows its Chinese."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Message:
        message = super().__new__(cls, en)
        message.zh = zh
        return message

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else str(self)


def text_of(message: str, lang: str) -> str:
    """``message`` in ``lang`` when it is a :class:`Message`, else as it is."""
    return message.text(lang) if isinstance(message, Message) else str(message)


@dataclass(frozen=True)
class BankError:
    """One problem in one bank file; ``line`` and ``column`` are 1-based (0 = unknown)."""

    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """``path:line:column: message`` with the message in ``lang``."""
        message = text_of(self.message, lang)
        if self.line:
            return f"{self.path}:{self.line}:{self.column}: {message}"
        return f"{self.path}: {message}"
