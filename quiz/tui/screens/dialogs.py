"""Small modal screens: the database error with its way out, "terminal too small", and a choice.

Each is a :class:`~quiz.tui.screens.base.LocalisedModal`: its texts are drawn by
``refresh_view`` from interface keys, so a language switch relabels it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from quiz.tui.screens.base import LocalisedModal


class DbErrorScreen(LocalisedModal[str]):
    """The progress store cannot be opened: say why; offer to move the file aside (kept) or quit."""

    BINDINGS = [Binding("m", "choose('move')", show=False), Binding("q,escape", "choose('quit')", show=False)]

    def __init__(self, message: str, damaged: bool) -> None:
        super().__init__()
        self.message = message
        self.damaged = damaged

    def compose(self) -> ComposeResult:
        with Vertical(id="db-dialog", classes="dialog"):
            yield Label(classes="dialog-title", id="db-title")
            yield Static(self.message, id="db-message")
            with Horizontal(classes="dialog-buttons"):
                if self.damaged:
                    yield Button(id="db-move", variant="warning")
                yield Button(id="db-quit")

    def refresh_view(self) -> None:
        self.query_one("#db-title", Label).update(self.tr("db.error.title"))
        if self.damaged:
            self.query_one("#db-move", Button).label = f"{self.tr('db.error.move')} [m]"
        self.query_one("#db-quit", Button).label = f"{self.tr('db.error.quit')} [q]"

    @on(Button.Pressed, "#db-move")
    def _move(self) -> None:
        self.action_choose("move")

    @on(Button.Pressed, "#db-quit")
    def _quit(self) -> None:
        self.action_choose("quit")

    def action_choose(self, choice: str) -> None:
        if choice == "move" and not self.damaged:
            return
        self.dismiss(choice)


class TooSmallScreen(LocalisedModal[None]):
    """Shown while the terminal is below the minimum size; closes itself when it grows."""

    _size: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def refresh_view(self) -> None:
        w, h = self._size or self.app.size
        self.query_one("#too-small", Static).update(self.tr("too_small", w=w, h=h))

    def update_size(self, size: tuple[int, int] | None = None) -> None:
        self._size = size
        self.refresh_view()


class ChoiceScreen(LocalisedModal[str | None]):
    """A question with a few answers as buttons; dismisses with the chosen key, or None on escape.

    ``title`` and ``message`` are interface keys, formatted with ``fields``;
    ``choices`` pairs each answer's key with the interface key of its label.
    """

    BINDINGS = [Binding("escape", "choose_none", show=False)]

    def __init__(self, title: str, message: str, choices: list[tuple[str, str]], *,
                 fields: dict[str, object] | None = None, primary: str | None = None) -> None:
        super().__init__()
        self.title_key = title
        self.message_key = message
        self.choices = choices
        self.fields = fields or {}
        self.primary = primary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice-dialog"):
            yield Label(classes="dialog-title", id="choice-title")
            yield Static(classes="choice-message", id="choice-message")
            with Horizontal(classes="dialog-buttons"):
                for key, _label in self.choices:
                    yield Button(id=f"choice-{key}", variant="primary" if key == self.primary else "default")

    def on_mount(self) -> None:
        if self.primary:
            self.query_one(f"#choice-{self.primary}", Button).focus()

    def refresh_view(self) -> None:
        self.query_one("#choice-title", Label).update(self.tr(self.title_key, **self.fields))
        self.query_one("#choice-message", Static).update(self.tr(self.message_key, **self.fields))
        for key, label in self.choices:
            self.query_one(f"#choice-{key}", Button).label = self.tr(label)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removeprefix("choice-"))

    def action_choose_none(self) -> None:
        self.dismiss(None)
