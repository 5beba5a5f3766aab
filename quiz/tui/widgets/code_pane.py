"""The exercise's code: an editor on the workspace file, saving, ``$EDITOR``, and watch mode.

Owns everything about the file on disk: loading it (read-only with a clear
message when it cannot be read), saving atomically, handing the terminal to
``$VISUAL``/``$EDITOR``, and watching the file (:mod:`watchfiles`) so a save by
any editor reloads the text (asking first over unsaved edits here). It posts
:class:`CodePane.Saved` after ctrl+s and :class:`CodePane.ChangedOnDisk` after
a change from outside; the screen decides when to check.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Selection

from quiz.atomic import write_atomic
from quiz.exercises import workspace
from quiz.exercises.catalog import Exercise
from quiz.i18n import t
from quiz.tui.widgets.code_editor import CodeEditor, EditorPrompt, find, line_number, matches

FALLBACK_EDITORS = ("nano", "vim", "vi")


class CodePane(Vertical):
    """The file's state line, the code editor, and its find / go-to-line bar."""

    BINDINGS = [
        Binding("ctrl+f", "find", "ex.key.find", show=False),
        Binding("ctrl+g", "go_to_line", "ex.key.goto", show=False),
        Binding("f3", "find_again", show=False),
        Binding("shift+f3", "find_again(True)", show=False),
    ]

    @dataclass
    class Saved(Message):
        """The editor's text was written to the workspace file."""

    @dataclass
    class ChangedOnDisk(Message):
        """Another program changed the workspace file."""

    def __init__(self, exercise: Exercise, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.exercise = exercise
        self.path = workspace.workspace_file(exercise.id)
        self.disk_text: str | None = None
        """The file's text as last read or written here (None: it could not be read)."""
        self.watching = False
        """Watch mode is on (the watcher is running)."""
        self._stop_watch: asyncio.Event | None = None
        self.search = ""
        """The last search term (F3 / shift+F3 find it again)."""

    def compose(self) -> ComposeResult:
        yield Static(id="ex-file")
        yield CodeEditor.code_editor("", language="python", id="ex-editor")
        yield EditorPrompt(id="ex-prompt")

    def on_mount(self) -> None:
        self.load()
        self._watch_file()

    def on_unmount(self) -> None:
        if self._stop_watch is not None:
            self._stop_watch.set()

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def tr(self, key: str, **fields: object) -> str:
        return t(key, self.lang, **fields)

    @property
    def editor(self) -> TextArea:
        return self.query_one("#ex-editor", TextArea)

    @property
    def dirty(self) -> bool:
        """The editor holds text that is not on disk."""
        return self.disk_text is None or self.editor.text != self.disk_text

    @property
    def editable(self) -> bool:
        return not self.editor.read_only

    # -- loading and saving --------------------------------------------------

    def load(self) -> None:
        """Create the workspace copy from the starter if missing, then load it into the editor."""
        try:
            self.path = workspace.ensure_started(self.exercise)
        except (OSError, workspace.WorkspaceExists) as exc:
            self._read_only(self.tr("ex.start_failed", ex=self.exercise.id, path=self.path.parent, reason=reason(exc)))
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._read_only(self.tr("ex.read_failed", path=self.path, reason=reason(exc), ex=self.exercise.id))
            return
        self._set_editor(text)

    def _read_only(self, message: str) -> None:
        self.disk_text = None
        self.editor.read_only = True
        self.notify(message, severity="error", timeout=15)
        self.show_state()

    def _set_editor(self, text: str) -> None:
        editor = self.editor
        cursor = editor.cursor_location
        editor.read_only = False
        editor.load_text(text)
        self.disk_text = text
        row = min(cursor[0], editor.document.line_count - 1)
        editor.move_cursor((row, min(cursor[1], len(editor.document.get_line(row)))))
        self.show_state()

    def show_state(self) -> None:
        """Redraw the state line: path, saved / modified / unreadable, watching."""
        if not self.is_mounted:
            return
        if self.editor.read_only:
            state, style = self.tr("ex.file.unreadable"), "red"
        elif self.dirty:
            state, style = self.tr("ex.file.modified"), "yellow"
        else:
            state, style = self.tr("ex.file.saved"), "green"
        watching = f" · {self.tr('ex.file.watching')}" if self.watching else ""
        room = (self.size.width or self.app.size.width) - cell_len(f" · {state}{watching}")
        path = fit_path(_home(self.path), room)
        self.query_one("#ex-file", Static).update(f"{escape(path)} · [{style}]{state}[/]{watching}")

    def on_resize(self) -> None:
        self.show_state()

    @on(TextArea.Changed, "#ex-editor")
    def _edited(self) -> None:
        self.show_state()

    def save(self) -> bool:
        """Write the editor's text to the file; False (after saying why) when it cannot."""
        if self.editor.read_only:
            return False
        text = self.editor.text
        try:
            write_atomic(self.path, text)
        except OSError as exc:
            self.notify(self.tr("ex.save_failed", path=self.path, reason=reason(exc)), severity="error", timeout=15)
            return False
        self.disk_text = text
        self.show_state()
        self.post_message(self.Saved())
        return True

    # -- find and go to line ---------------------------------------------------

    @property
    def prompt(self) -> EditorPrompt:
        return self.query_one("#ex-prompt", EditorPrompt)

    def action_find(self) -> None:
        """ctrl+f: ask for a term (the selected text, else the last term, is offered)."""
        selected = self.editor.selected_text
        term = selected if selected and "\n" not in selected else self.search
        self.prompt.open("find", self.tr("ex.find.label"), self.tr("ex.find.keys"), term)

    def action_find_again(self, backwards: bool = False) -> None:
        """F3 / shift+F3: the next / previous match of the last term (asks for one first)."""
        if not self.search:
            self.action_find()
            return
        self._find(self.search, backwards)

    def action_go_to_line(self) -> None:
        """ctrl+g: ask for a line number."""
        count = self.editor.document.line_count
        self.prompt.open("line", self.tr("ex.goto.label"), self.tr("ex.goto.keys", n=count))

    @on(EditorPrompt.Find)
    def _find_asked(self, event: EditorPrompt.Find) -> None:
        self._find(event.term, event.backwards)

    def _find(self, term: str, backwards: bool) -> None:
        """Select the next (previous) match after (before) the selection, wrapping round the file."""
        self.search = term
        editor = self.editor
        lines = editor.text.split("\n")
        start = min(editor.selection.start, editor.selection.end)
        found = find(lines, term, start, backwards)
        if found is None:
            self.prompt.say(self.tr("ex.find.none", term=term) if term else self.tr("ex.find.keys"))
            return
        row, column = found
        editor.selection = Selection((row, column), (row, column + len(term)))
        editor.scroll_cursor_visible(center=True, animate=False)
        every = matches(lines, term)
        self.prompt.say(self.tr("ex.find.count", i=every.index(found) + 1, n=len(every)))

    @on(EditorPrompt.GoTo)
    def _go_to(self, event: EditorPrompt.GoTo) -> None:
        count = self.editor.document.line_count
        row = line_number(event.text, count)
        if row is None:
            self.prompt.say(self.tr("ex.goto.bad", n=count))
            return
        self.prompt.action_close()
        self.editor.move_cursor((row, 0), center=True)

    @on(EditorPrompt.Closed)
    def _prompt_closed(self) -> None:
        self.editor.focus()

    # -- changes from outside ------------------------------------------------

    @work(exclusive=True, group="exercise-watch", exit_on_error=False, description="watch the workspace file")
    async def _watch_file(self) -> None:
        """Watch mode: notice every change of the file on disk, whoever saved it."""
        from watchfiles import awatch

        target = self.path.resolve()
        self._stop_watch = asyncio.Event()
        # ``watching`` goes up with no await before awatch's first step, which subscribes
        # (synchronously) before it first yields: whoever sees it set is already watched.
        self.watching = True
        self.show_state()
        try:
            # The folder, not the file: editors that save by renaming replace the file's inode.
            async for _changes in awatch(target.parent, watch_filter=lambda _c, p: Path(p).resolve() == target,
                                         stop_event=self._stop_watch, step=50, recursive=False):
                self.changed_on_disk()
        except Exception as exc:  # an unusable watcher must not take the screen down
            self.notify(self.tr("ex.watch_off", reason=reason(exc)), severity="warning", timeout=10)
        self.watching = False
        self.show_state()

    def changed_on_disk(self) -> None:
        """Reload from disk (asking first over unsaved edits) and tell the screen."""
        if not self.is_attached:
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.disk_text = None
            self.show_state()
            self.notify(self.tr("ex.removed", name=self.path.name), severity="warning", timeout=8)
            return
        except (OSError, UnicodeDecodeError) as exc:
            self._read_only(self.tr("ex.read_failed", path=self.path, reason=reason(exc), ex=self.exercise.id))
            return
        if text == self.disk_text:
            return  # our own save, or a touch without a change
        editor = self.editor
        if editor.read_only or not self.dirty or editor.text == text:
            self._set_editor(text)
        else:
            self.disk_text = text
            self._ask_reload()
        self.post_message(self.ChangedOnDisk())

    def _ask_reload(self) -> None:
        from quiz.tui.screens.dialogs import ChoiceScreen

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                self._set_editor(self.disk_text or "")
                self.notify(self.tr("ex.reloaded", name=self.path.name), timeout=3)
            else:
                self.show_state()
                self.notify(self.tr("ex.kept"), timeout=5)

        self.app.push_screen(ChoiceScreen("ex.changed_title", "ex.changed_body",
                                          [("reload", "ex.changed_reload"), ("keep", "ex.changed_keep")],
                                          fields={"name": self.path.name}, primary="keep"), chosen)

    def external_editor(self) -> None:
        """Hand the terminal to $VISUAL / $EDITOR on the file (saving edits first), then reload."""
        if self.editor.read_only:
            return
        if self.dirty and not self.save():
            return
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        argv = shlex.split(command) if command else []
        if not argv:
            fallback = next((name for name in FALLBACK_EDITORS if shutil.which(name)), None)
            if fallback is None:
                self.notify(self.tr("ex.no_editor"), severity="error", timeout=10)
                return
            argv = [fallback]
        try:
            with self.app.suspend():
                result = subprocess.run([*argv, str(self.path)])
        except SuspendNotSupported:
            self.notify(self.tr("ex.no_suspend"), severity="error", timeout=10)
            return
        except OSError as exc:
            self.notify(self.tr("ex.editor_failed", editor=argv[0], reason=reason(exc)), severity="error", timeout=10)
            return
        if result.returncode != 0:
            self.notify(self.tr("ex.editor_status", editor=argv[0], code=result.returncode), severity="warning", timeout=8)
        self.changed_on_disk()


def reason(exc: BaseException) -> str:
    """An exception as a short reason for a message ("Permission denied", not a repr)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def fit_path(path: str, width: int) -> str:
    """``path`` in ``width`` cells: whole, else its last folders after "…/", else the file name."""
    if cell_len(path) <= width:
        return path
    parts = path.split("/")
    for keep in range(len(parts) - 1, 0, -1):
        short = "…/" + "/".join(parts[-keep:])
        if cell_len(short) <= width:
            return short
    return parts[-1]


def _home(path: Path) -> str:
    """The path with the home folder shown as ~ (shorter in the state line)."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)
