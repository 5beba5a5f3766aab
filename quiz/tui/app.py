"""The Textual application: configuration, modes and app-wide keys; the screens do the work."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen

from quiz.config import Config
from quiz.runtime import Runtime
from quiz.startup import collector_paused
from quiz.i18n import t
from quiz.tui import cjk_wrap
from quiz.tui.context import AppContext
from quiz.tui.i18n_bindings import localise_bindings
from quiz.tui.private_api import add_screen_css
from quiz.tui.screens.home import HomeScreen

MIN_WIDTH, MIN_HEIGHT = 60, 18


def _screen_on_first_use(module: str, name: str) -> Callable[[], Screen]:
    """A MODES entry that imports its screen only when the mode is first opened."""

    def make() -> Screen:
        return getattr(import_module(module), name)()

    return make


class QuizApp(App):
    """quiz: flashcards with FSRS review, browse, mock interviews, stats and coding exercises."""

    CSS_PATH = "app.tcss"  # what every start needs; other screens bring their own (screens/*.tcss)
    TITLE = "quiz"
    # Screens other than home are imported on first use. Home is the default screen rather
    # than a MODES entry (Textual re-parses every stylesheet when it opens a MODES screen);
    # on_mount registers "home" as a mode over the screen already open, so
    # switch_mode("home") returns to it.
    MODES = {
        "browse": _screen_on_first_use("quiz.tui.screens.browse", "BrowseScreen"),
        "stats": _screen_on_first_use("quiz.tui.screens.stats", "StatsScreen"),  # plotext loads only here
        "exercises": _screen_on_first_use("quiz.tui.screens.exercises", "ExercisesScreen"),
    }
    DEFAULT_MODE = "home"
    COMMANDS = {lambda: import_module("quiz.tui.commands").AppCommands}  # the palette's source, loaded when it opens
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    """Every screen gets ``-wide`` from 140 columns: home sets its modes beside the decks,
    the review hint is centred under the card's reading column (app.tcss)."""
    BINDINGS = [
        Binding("ctrl+l", "toggle_lang", "key.lang", priority=True),
        Binding("question_mark", "help", "key.help"),  # not while typing: ? is then a character
        Binding("f1", "help", "key.help", show=False, priority=True),  # everywhere, dialogs and text boxes too
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
        Binding("ctrl+q", "quit", "key.quit", priority=True, show=False),
    ]

    lang: reactive[str] = reactive("en")
    """Language of the content and the interface: ``en`` or ``zh``."""

    def __init__(self, ctx: AppContext, *, lang: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.set_reactive(QuizApp.lang, lang or ctx.config.lang)

    def _load_screen_css(self, screen: Screen) -> None:
        """A screen's own stylesheet (``CSS_PATH``), added without re-parsing the app's (quiz.tui.private_api)."""
        if not add_screen_css(self, screen):
            super()._load_screen_css(screen)

    def get_default_screen(self) -> Screen:
        """The one home screen (the palette starts sessions from it)."""
        self.home_screen = HomeScreen()
        return self.home_screen

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette's entries: the app's own, in the current language (quiz/tui/commands.py)."""
        from quiz.tui.commands import app_commands

        return app_commands(self, screen)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.placeholder", self.lang)))

    def on_mount(self) -> None:
        self.add_mode("home", HomeScreen)  # the default mode's screen is already on its stack: no second home
        localise_bindings(self, self.lang)
        if self.ctx.store_error is not None:
            error = self.ctx.store_error
            from quiz.tui.screens.dialogs import DbErrorScreen  # dialogs load when one is needed

            self.push_screen(DbErrorScreen(str(error), error.damaged), self._store_choice)
        if self.ctx.bank_errors:
            self.notify(t("home.bank_problems", self.lang, n=len(self.ctx.bank_errors)), severity="warning", timeout=8)
        self._check_size()

    def _store_choice(self, choice: str | None) -> None:
        from quiz.store import Store, StoreError, move_aside

        if choice != "move":
            self.exit(1)
            return
        error = self.ctx.store_error
        try:
            kept = move_aside(error.path)
            self.ctx.store = Store.open(error.path)
        except (OSError, StoreError) as exc:
            self.ctx.store_error = exc if isinstance(exc, StoreError) else StoreError(str(exc), error.path)
            from quiz.tui.screens.dialogs import DbErrorScreen

            self.push_screen(DbErrorScreen(str(exc), False), self._store_choice)
            return
        self.ctx.store_error = None
        self.notify(t("db.moved", self.lang, path=kept), timeout=10)  # home recounts as it comes back

    def watch_lang(self, lang: str) -> None:
        localise_bindings(self, lang)
        self.refresh_bindings()  # each screen redraws itself from its own watch on lang (screens/base.py)

    def action_toggle_lang(self) -> None:
        self.lang = "zh" if self.lang == "en" else "en"
        self.notify(t("lang.switched", self.lang), timeout=2)

    def action_help(self) -> None:
        """Help for the screen in front: its keys (quiz/tui/screens/help.py)."""
        from textual.command import CommandPalette

        from quiz.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):  # F1 again closes it (the app's F1 comes first)
            self.screen.dismiss()
        elif not isinstance(self.screen, CommandPalette):
            self.push_screen(HelpScreen(self.screen))

    def open_exercise(self, exercise_id: str) -> None:
        """Open the exercise screen on top of the current one (from the list, or a question's link)."""
        from quiz.exercises import catalog
        from quiz.tui.screens.exercise import ExerciseScreen

        try:
            exercise = catalog.get_exercise(exercise_id)
        except catalog.CatalogError as exc:
            self.notify(t("ex.unknown", self.lang, ex=exercise_id, error=exc), severity="error", timeout=10)
            return
        self.push_screen(ExerciseScreen(exercise))

    def on_resize(self, event: events.Resize) -> None:
        # This handler runs before Textual's own, which is what updates self.size: use the event's
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        size = size or self.size
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        top = self.screen
        dialogs = sys.modules.get("quiz.tui.screens.dialogs")  # not imported yet: no notice can be showing
        showing = dialogs is not None and isinstance(top, dialogs.TooSmallScreen)
        if small and not showing:
            from quiz.tui.screens.dialogs import TooSmallScreen

            self.push_screen(TooSmallScreen())
        elif small:
            top.update_size(size)
        elif showing:
            self.pop_screen()


def build_app(config: Config, extra_banks: Sequence[Path] = (), runtime: Runtime | None = None) -> QuizApp:
    """The app of a real run: the process-wide settings, then the bank, the store and the app.

    Process-wide, once: Chinese line breaking for Rich (:mod:`quiz.tui.cjk_wrap`;
    English wraps the same with it), and everything loaded here, which lives for
    the whole run, built with the collector paused and then frozen out of its
    way. ``quiz`` calls it through :func:`quiz.startup.start_app`, which pauses
    the collector before Textual is imported. Tests build :class:`QuizApp` from a
    context directly and leave the process alone.
    """
    cjk_wrap.install()
    with collector_paused():
        return QuizApp(AppContext.build(config, extra_banks, runtime))

