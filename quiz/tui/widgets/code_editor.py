"""The exercise's code editor: Python indentation on Enter, find (next / previous) and go to line.

:class:`CodeEditor` is a Textual ``TextArea`` that keeps the line's indentation on
Enter and adds one level after a line ending in ``:``. :class:`EditorPrompt` is the
one-line bar under it that asks for a search term (``ctrl+f``; Enter or ``↓`` finds
the next match, ``↑`` the previous, ``F3`` / ``shift+F3`` from the editor too) or a
line number (``ctrl+g``). The searching and the indentation rules are plain
functions (:func:`newline_indent`, :func:`find`, :func:`line_number`), tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static, TextArea

INDENT = "    "

Location = tuple[int, int]


# ---------------------------------------------------------------- pure rules

def newline_indent(before_cursor: str, indent: str = INDENT) -> str:
    """The indentation of a new line opened after ``before_cursor`` (the current line up to the
    cursor): the same as that line's, one level more after a ``:`` that ends a block header
    (a trailing comment does not count)."""
    leading = before_cursor[: len(before_cursor) - len(before_cursor.lstrip(" \t"))]
    code = _without_comment(before_cursor).rstrip()
    return leading + indent if code.endswith(":") else leading


def _without_comment(line: str) -> str:
    """``line`` up to a ``#`` that is not inside a string literal."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote and line[i - 1] != "\\":
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


def matches(lines: list[str], term: str) -> list[Location]:
    """Every (row, column) where ``term`` starts, in order; case-insensitive unless ``term`` has a capital."""
    if not term:
        return []
    fold = term == term.lower()
    needle = term.lower() if fold else term
    out = []
    for row, line in enumerate(lines):
        line = line.lower() if fold else line
        at = line.find(needle)
        while at >= 0:
            out.append((row, at))
            at = line.find(needle, at + 1)
    return out


def find(lines: list[str], term: str, start: Location, backwards: bool = False) -> Location | None:
    """The match of ``term`` after ``start`` (before it when ``backwards``), wrapping round the
    end of the file; None when there is none."""
    found = matches(lines, term)
    if not found:
        return None
    if backwards:
        return next((m for m in reversed(found) if m < start), found[-1])
    return next((m for m in found if m > start), found[0])


def line_number(text: str, line_count: int) -> int | None:
    """The 0-based row for a 1-based line number typed by the user; None when it is not a number
    in 1..line_count."""
    text = text.strip()
    if not text.isdigit():
        return None
    number = int(text)
    return number - 1 if 1 <= number <= line_count else None


# ---------------------------------------------------------------- widgets

class CodeEditor(TextArea):
    """A Python code editor: Enter keeps the indentation and indents after a ``:``."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            self._restart_blink()
            start, end = self.selection
            top = min(start, end)
            before = self.document.get_line(top[0])[: top[1]]
            self.replace("\n" + newline_indent(before), start, end, maintain_selection_offset=False)
            return
        await super()._on_key(event)


class EditorPrompt(Horizontal):
    """The bar under the editor that asks for a search term or a line number; hidden until asked."""

    BINDINGS = [
        Binding("escape", "close", show=False),
        Binding("down", "next", show=False),
        Binding("up", "previous", show=False),
    ]

    @dataclass
    class Find(Message):
        """Find ``term`` (the previous match when ``backwards``)."""

        term: str
        backwards: bool = False

    @dataclass
    class GoTo(Message):
        """Go to what the user typed as a line number."""

        text: str

    @dataclass
    class Closed(Message):
        """The bar was closed (the editor takes the focus back)."""

    mode: str = "find"
    """``find`` or ``line``."""

    def compose(self) -> ComposeResult:
        yield Label(id="prompt-label")
        yield Input(id="prompt-input", compact=True)
        yield Static(id="prompt-note")

    def open(self, mode: str, label: str, note: str, value: str = "") -> None:
        """Show the bar asking for ``mode`` (``find`` or ``line``) and focus its input."""
        self.mode = mode
        self.display = True
        self.query_one("#prompt-label", Label).update(label)
        self.say(note)
        field = self.query_one("#prompt-input", Input)
        field.value = value
        field.focus()

    def say(self, note: str) -> None:
        """The note after the input: the keys, the match count, or why nothing happened."""
        self.query_one("#prompt-note", Static).update(note)

    @property
    def value(self) -> str:
        return self.query_one("#prompt-input", Input).value

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.mode == "find":
            self.post_message(self.Find(event.value))
        else:
            self.post_message(self.GoTo(event.value))

    def action_next(self) -> None:
        if self.mode == "find":
            self.post_message(self.Find(self.value))

    def action_previous(self) -> None:
        if self.mode == "find":
            self.post_message(self.Find(self.value, backwards=True))

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())
