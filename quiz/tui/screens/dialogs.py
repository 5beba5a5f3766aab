"""Small modal screens: help, the database error with its way out, and "terminal too small"."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from quiz.i18n import HELP_TEXT, t


class HelpScreen(ModalScreen[None]):
    """Every key, in the current language."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        from quiz.tui.widgets.markdown_text import MarkdownText  # imported when help first opens

        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield MarkdownText(HELP_TEXT[self.app.lang])

    async def action_dismiss(self, result=None) -> None:
        self.dismiss()


class DbErrorScreen(ModalScreen[str]):
    """The progress store cannot be opened: say why; offer to move the file aside (kept) or quit."""

    BINDINGS = [Binding("m", "choose('move')", show=False), Binding("q,escape", "choose('quit')", show=False)]

    def __init__(self, message: str, damaged: bool) -> None:
        super().__init__()
        self.message = message
        self.damaged = damaged

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(id="db-dialog", classes="dialog"):
            yield Label(t("db.error.title", lang), classes="dialog-title")
            yield Static(self.message, id="db-message")
            with Horizontal(classes="dialog-buttons"):
                if self.damaged:
                    yield Button(f"{t('db.error.move', lang)} [m]", id="db-move", variant="warning")
                yield Button(f"{t('db.error.quit', lang)} [q]", id="db-quit")

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


class TooSmallScreen(ModalScreen[None]):
    """Shown while the terminal is below the minimum size; closes itself when it grows."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.update_size()

    def update_size(self, size: tuple[int, int] | None = None) -> None:
        w, h = size or self.app.size
        self.query_one("#too-small", Static).update(t("too_small", self.app.lang, w=w, h=h))


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a few answers as buttons; dismisses with the chosen key, or None on escape."""

    BINDINGS = [Binding("escape", "choose_none", show=False)]

    def __init__(self, title: str, message: str, choices: list[tuple[str, str]], *, primary: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices
        self.primary = primary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="choice-message")
            with Horizontal(classes="dialog-buttons"):
                for key, label in self.choices:
                    yield Button(label, id=f"choice-{key}", variant="primary" if key == self.primary else "default")

    def on_mount(self) -> None:
        if self.primary:
            self.query_one(f"#choice-{self.primary}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removeprefix("choice-"))

    def action_choose_none(self) -> None:
        self.dismiss(None)
