"""Help for the screen in front of the user (``?`` or F1): the keys that work there, and how to close.

The list is read from the screen's active bindings (the focused widget's, the
screen's, the app's), so it cannot drift from what the keys do. A binding is
listed when its description is an interface key (it is then shown in the current
language) or its action has a text in :data:`ACTION_TEXT` (the number keys, the
exercise tabs, the row cursor); Textual's own widget bindings, described in
English only, are left out. Keys that do the same thing share a row ("F5, r").
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from quiz.i18n import t
from quiz.tui.i18n_bindings import source_key
from quiz.tui.screens.base import LocalisedModal

#: Interface text by action name: for bindings declared without a description (the number
#: keys, the exercise tabs, the row cursors), and where the footer's short label says too little.
ACTION_TEXT = {
    "number": "help.key.number",
    "tab": "help.key.tab",
    "move": "help.key.move",
    "cursor_up": "help.key.move",
    "cursor_down": "help.key.move",
    "jump": "help.key.jump",
    "select": "help.key.select",
    "select_cursor": "help.key.select",
    "help": "help.key.help",
    "toggle_lang": "palette.lang",
    "command_palette": "help.key.palette",
    "toggle_all": "help.key.toggle_all",
}
#: The title of each screen's help, by screen class; others get the generic one.
SCREEN_TITLE = {
    "HomeScreen": "help.screen.home",
    "ReviewScreen": "help.screen.review",
    "BrowseScreen": "home.browse",
    "StatsScreen": "home.stats",
    "ExercisesScreen": "exs.title",
    "ExerciseScreen": "help.screen.exercise",
    "PracticeSetup": "practice.title",
    "PlanSetup": "plan.title",
    "MockReportScreen": "mock.report",
    "MockSetupScreen": "mock.title",
    "MockHistoryScreen": "mock.history.title",
    "SolutionScreen": "ex.key.solution",
    "SessionSummary": "help.screen.summary",
}
#: A few words under a screen's keys on what it shows, by screen class (after the keys: they come first).
SCREEN_NOTE = {
    "HomeScreen": "help.note.home",
}


@dataclass(frozen=True)
class KeyRow:
    """One line of help: the keys and what they do."""

    keys: str
    text: str
    enabled: bool
    everywhere: bool
    """An app-wide key (listed after the screen's own)."""


def key_rows(screen: Screen, lang: str) -> list[KeyRow]:
    """The keys that work on ``screen``, in binding order, keys with the same effect merged."""
    app = screen.app
    merged: dict[tuple[bool, str], tuple[list[str], bool]] = {}
    for node, binding, enabled, _tooltip in screen.active_bindings.values():
        text = _text(node, binding, lang)
        if text is None:
            continue
        slot = merged.setdefault((node is app, text), ([], False))
        display = app.get_key_display(binding)
        if display not in slot[0]:
            slot[0].append(display)
        merged[(node is app, text)] = (slot[0], slot[1] or enabled)
    for (everywhere, text), (keys, _enabled) in list(merged.items()):
        if everywhere and (False, text) in merged:  # "q, ^q Quit": the screen's row takes the app's keys
            merged[(False, text)][0].extend(k for k in keys if k not in merged[(False, text)][0])
            del merged[(everywhere, text)]
    rows = [KeyRow(_keys_text(keys), text, enabled, everywhere) for (everywhere, text), (keys, enabled) in merged.items()]
    return sorted(rows, key=lambda row: row.everywhere)  # stable: binding order within each part


def _text(node, binding: Binding, lang: str) -> str | None:
    key = ACTION_TEXT.get(binding.action.split("(")[0].removeprefix("app.")) or source_key(node, binding)
    return t(key, lang) if key else None


def _keys_text(keys: list[str]) -> str:
    """``1, 2, … 9`` as ``1-9``; other keys joined with commas."""
    if len(keys) > 2 and all(k.isdigit() and len(k) == 1 for k in keys):
        return f"{keys[0]}-{keys[-1]}"
    return ", ".join(keys)


def keys_table(rows: list[KeyRow], lang: str) -> Table:
    """The rows as a two-column table, the app-wide keys under their own heading."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    heading = False
    for row in rows:
        if row.everywhere and not heading:
            heading = True
            table.add_row(Text(t("help.everywhere", lang), style="bold underline"), "")
        table.add_row(row.keys, Text(row.text, style="" if row.enabled else "dim"))
    return table


class HelpScreen(LocalisedModal[None]):
    """The keys of the screen it was opened over, in the current language."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "close", show=False)]

    def __init__(self, over: Screen) -> None:
        super().__init__()
        self.over = over
        """The screen whose keys are listed."""

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Label(id="help-title", classes="dialog-title")
            with VerticalScroll(id="help-body"):  # scrolls on a short terminal; the way out stays in view
                yield Static(id="help-keys")
                yield Static(id="help-note")
            yield Static(id="help-close")

    def refresh_view(self) -> None:
        title_key = SCREEN_TITLE.get(type(self.over).__name__)
        title = self.tr("help.title")
        if title_key:
            title = self.tr("help.title_of", screen=self.tr(title_key))
        self.query_one("#help-title", Label).update(title)
        self.query_one("#help-keys", Static).update(keys_table(key_rows(self.over, self.lang), self.lang))
        note = self.query_one("#help-note", Static)
        note_key = SCREEN_NOTE.get(type(self.over).__name__)
        note.update(self.tr(note_key) if note_key else "")
        note.display = note_key is not None
        self.query_one("#help-close", Static).update(self.tr("help.close"))

    CHROME = 5
    """Rows the dialog needs besides its scrolling body: the border (2), the title, the closing line and its gap."""

    def on_mount(self) -> None:
        self._fit_height()

    def on_resize(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        # An auto-height dialog grows past the screen instead of scrolling its body: cap the body so the
        # way out (the closing line) always shows, and the body scrolls what does not fit.
        self.query_one("#help-body").styles.max_height = max(3, self.app.size.height - self.CHROME)

    def action_close(self) -> None:
        self.dismiss()
