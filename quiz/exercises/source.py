"""Reading a submission's source: the failures that need no Python import to find.

Used by the runner before it starts the checker (a missing, empty, binary or
unparsable file is reported at once, without paying for TensorFlow) and by the
child when it imports the file. No TensorFlow here.
"""

from __future__ import annotations

from pathlib import Path
from types import CodeType


class SourceError(ValueError):
    """A submission file that cannot be a Python module, with the reason and a hint."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_source(path: Path) -> str:
    """The file's text; :class:`SourceError` if it is missing, unreadable, empty or binary."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"file not found: {path}", "Check the path, or run `quiz exercise start ID`.") from None
    except IsADirectoryError:
        raise SourceError(f"{path} is a directory, not a Python file") from None
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}", "Check the file's permissions.") from None
    if not data.strip():
        raise SourceError(f"{path.name} is empty", "Start from the starter: `quiz exercise reset ID`.")
    if b"\x00" in data:
        raise SourceError(f"{path.name} is not a Python source file (it contains binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path.name} is not a Python source file (not UTF-8 text: bad byte at offset {exc.start})"
        ) from None


def compile_source(path: Path) -> CodeType:
    """Read and compile ``path``; a syntax error becomes a :class:`SourceError` naming the line."""
    path = Path(path).resolve()
    text = read_source(path)
    try:
        return compile(text, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        raise SourceError(syntax_message(exc, path.name), "Fix the syntax error, then check again.") from None
    except ValueError as exc:  # e.g. "source code string cannot contain null bytes"
        raise SourceError(f"{path.name} cannot be compiled: {exc}") from None


def syntax_message(exc: SyntaxError, filename: str) -> str:
    """'syntax error in gan.py, line 12: invalid syntax', the line, and a caret."""
    where = f"line {exc.lineno}" if exc.lineno else "unknown line"
    text = f"syntax error in {filename}, {where}: {exc.msg}"
    if exc.text:
        line = exc.text.rstrip("\n")
        text += f"\n    {line.strip()}"
        if exc.offset:
            indent = len(line) - len(line.lstrip())
            text += "\n    " + " " * max(0, exc.offset - 1 - indent) + "^"
    return text
