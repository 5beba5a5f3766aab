"""A numbered checklist toggled by number keys (routed by the screen) or by mouse clicks.

Used for the key-point rubric after a reveal and for the options of a choice
question. Long items wrap; each row is one Static so a click toggles it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from quiz.tui.widgets.rendered_once import RenderedOnce


def row_grid(label: str, text: str, style: Style | str = "") -> Table:
    """``label`` then ``text`` wrapped beside it with a hanging indent.

    The text column folds (``overflow="fold"``) rather than taking a table
    column's default ellipsis: Rich strips a wrapped line's trailing space by
    counting characters, not cells, so a Chinese line that fits without its
    trailing space was cut with "…", losing its last character (27-56 key points
    at widths 70-79). Folding only ever trims that space.
    """
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(label, style=style), Text(text, style=style))
    return grid


#: After a choice is submitted (the list has an answer key), each option's mark and
#: component style: a symbol as well as a colour, so a monochrome terminal shows it too.
#: No brackets: a box would still look tickable.
VERDICT_MARKS = {
    "right": ("✓", "check-row--checked"),  # picked and correct
    "wrong": ("✗", "check-row--wrong"),  # picked but not correct
    "missed": ("!", "check-row--missed"),  # correct but not picked
    "other": (" ", ""),  # neither picked nor correct
}


def verdict(index: int, picked: frozenset[int], correct: frozenset[int]) -> str:
    """The key of :data:`VERDICT_MARKS` for option ``index``."""
    if index in picked:
        return "right" if index in correct else "wrong"
    return "missed" if index in correct else "other"


class CheckRow(Static):
    """One row: ``[x] 3. text``.

    A ticked row takes the ``check-row--checked`` component style inside its
    Rich renderable, not a CSS class on the widget: toggling a class restyles
    the node through the stylesheet, ~2 ms a row, on every card and every tick.
    """

    COMPONENT_CLASSES = {"check-row--checked", "check-row--wrong", "check-row--missed"}
    DEFAULT_CSS = """
    CheckRow > .check-row--checked {
        color: $success;
        text-style: bold;
    }
    CheckRow > .check-row--wrong {
        color: $error;
        text-style: bold strike;
    }
    CheckRow > .check-row--missed {
        color: $warning;
        text-style: bold underline;
    }
    """

    def __init__(self, index: int, text: str) -> None:
        super().__init__(classes="check-row")
        self.index = index
        self.text = text

    def render_row(self, checked: bool, mark: str | None = None, component: str | None = None) -> None:
        """Draw ``[✓] 3. text`` with a hanging indent; the text is a plain Text, never
        markup (rubric items say things like ``betas[t]`` and ``E_p[f]``).
        ``mark`` and ``component`` replace the tick box (a submitted choice's verdict)."""
        if mark is None:
            mark, component = ("[✓]", "check-row--checked") if checked else ("[ ]", "")
        style = self.get_component_rich_style(component, partial=True) if component else ""
        self.update(RenderedOnce(row_grid(f"{mark} {self.index + 1}.", self.text, style)))

    def on_click(self) -> None:
        parent = self.parent
        if isinstance(parent, CheckList):
            parent.toggle(self.index)


class CheckList(Vertical):
    """Rows with a set of checked indices; posts :class:`CheckList.Changed` on every toggle."""

    checked: reactive[frozenset[int]] = reactive(frozenset(), init=False)
    """Indices of the ticked rows."""

    locked: reactive[bool] = reactive(False, init=False)
    """When locked, rows cannot be toggled (e.g. after a choice was submitted)."""

    answer_key: reactive[frozenset[int] | None] = reactive(None, init=False)
    """The correct rows of a submitted choice: while set and locked, each row shows
    right, wrong, missed or neither (:data:`VERDICT_MARKS`) instead of its tick."""

    @dataclass
    class Changed(Message):
        """The set of ticked rows changed."""

        checklist: CheckList
        checked: frozenset[int]

        @property
        def control(self) -> CheckList:
            return self.checklist

    def __init__(self, items: list[str] | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._items = list(items or [])

    def compose(self) -> ComposeResult:
        for i, text in enumerate(self._items):
            yield CheckRow(i, text)

    def on_mount(self) -> None:
        self._paint()

    def set_items(self, items: list[str], checked: frozenset[int] = frozenset()) -> None:
        """Replace the rows, reusing the row widgets already mounted: mounting is
        the costly part of drawing the next card, so surplus rows are hidden, not
        removed, and only missing ones are created."""
        self._items = list(items)
        self.set_reactive(CheckList.checked, frozenset(checked))
        rows = self._rows()
        for row, text in zip(rows, self._items):
            row.text = text
            row.display = True
        for row in rows[len(self._items):]:
            row.display = False
        if len(rows) < len(self._items):
            self.mount_all([CheckRow(i, self._items[i]) for i in range(len(rows), len(self._items))])
            self.call_after_refresh(self._paint)
        self._paint()

    def _rows(self) -> list[CheckRow]:
        return [child for child in self.children if isinstance(child, CheckRow)]

    @property
    def count(self) -> int:
        return len(self._items)

    def show_row(self, index: int) -> None:
        """Scroll row ``index`` into view (in whatever container scrolls this list)."""
        rows = self._rows()
        if 0 <= index < min(len(rows), len(self._items)):
            rows[index].scroll_visible(animate=False)

    def toggle(self, index: int) -> None:
        """Tick or untick row ``index`` (ignored when locked or out of range)."""
        if self.locked or not 0 <= index < len(self._items):
            return
        self.checked = self.checked ^ {index}

    def watch_checked(self) -> None:
        self._paint()
        self.post_message(self.Changed(self, self.checked))

    def watch_locked(self, locked: bool) -> None:
        self.set_class(locked, "-locked")  # no hover highlight: a locked row cannot be clicked
        self._paint()

    def watch_answer_key(self) -> None:
        self._paint()

    def _paint(self) -> None:
        key = self.answer_key if self.locked else None
        for row in self._rows()[: len(self._items)]:
            if key is None:
                row.render_row(row.index in self.checked)
            else:
                row.render_row(False, *VERDICT_MARKS[verdict(row.index, self.checked, key)])
