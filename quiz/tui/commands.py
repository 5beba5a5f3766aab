"""The command palette's entries (ctrl+p): the app's own commands, in the current language.

:func:`app_commands` feeds :meth:`QuizApp.get_system_commands`; :class:`AppCommands`
lists them in home's order with an empty search (Textual's own provider sorts them
by title) and finds them by fuzzy match as Textual's does. Each entry does what its key
does: the modes switch as ``b``/``e``/``s`` do; the sessions (review, practice,
mock, cram, plan) start from home as ``r``/``p``/``m``/``c``/``i`` do there, so a
session always returns to home; each exercise has an entry that opens it over
the exercise list. Titles and help come from the same interface strings home
shows, so the palette and home never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from quiz.i18n import t

if TYPE_CHECKING:  # pragma: no cover
    from quiz.tui.app import QuizApp

#: (home action, mode to switch to or None when it starts from home) in home's order.
MODE_COMMANDS: tuple[tuple[str, str | None], ...] = (
    ("review", None), ("practice", None), ("browse", "browse"), ("mock", None),
    ("exercises", "exercises"), ("stats", "stats"), ("plan", None), ("cram", None),
)


def app_commands(app: QuizApp, screen: Screen) -> Iterator[SystemCommand]:
    """Every palette entry for ``screen`` (the one the palette was opened over), in ``app.lang``."""
    lang = app.lang
    for action, mode in MODE_COMMANDS:
        run = partial(app.switch_mode, mode) if mode else partial(run_from_home, app, action)
        yield SystemCommand(t(f"home.{action}", lang), t(f"home.about.{action}", lang), run)
    yield SystemCommand(t("palette.lang", lang), t("palette.lang.help", lang), app.action_toggle_lang)
    yield SystemCommand(t("palette.help", lang), t("palette.help.help", lang), app.action_help)
    yield from exercise_commands(app)
    yield SystemCommand(t("palette.theme", lang), t("palette.theme.help", lang), app.action_change_theme)
    yield SystemCommand(t("key.quit", lang), t("palette.quit.help", lang), app.action_quit)


def exercise_commands(app: QuizApp) -> Iterator[SystemCommand]:
    """One entry per exercise: "Exercise: <title>", opened over the exercise list."""
    from quiz.exercises import catalog

    lang = app.lang
    try:
        exercises = catalog.list_exercises()
    except catalog.CatalogError:  # the list screen says what is wrong; the palette just offers none
        return
    for ex in exercises:
        yield SystemCommand(t("palette.exercise", lang, title=ex.text("title", lang)),
                            f"{ex.id} · {t(f'difficulty.{ex.difficulty}', lang)}",
                            partial(open_exercise_from_list, app, ex.id))


def run_from_home(app: QuizApp, action: str) -> None:
    """Go home and run ``action`` there, as its key would; a session already open there is shown instead."""
    home = app.home_screen
    app.switch_mode("home")
    if app.screen_stack[-1] is home:
        app.call_later(home.run_action, action)
    else:
        app.notify(t("palette.session_open", app.lang), timeout=6)


def open_exercise_from_list(app: QuizApp, exercise_id: str) -> None:
    """Show the exercise list, then the exercise over it (unless it is already the one on top)."""
    app.switch_mode("exercises")
    top = app.screen_stack[-1]
    if getattr(getattr(top, "exercise", None), "id", None) != exercise_id:
        app.call_later(app.open_exercise, exercise_id)



class AppCommands(Provider):
    """The palette's source: :meth:`QuizApp.get_system_commands`, in their order."""

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, _discover in self.app.get_system_commands(self.screen):
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
