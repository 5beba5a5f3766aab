"""Errors found in bank files, located by file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BankError:
    """One problem in one bank file; ``line`` and ``column`` are 1-based (0 = unknown)."""

    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{self.path}: {self.message}"
