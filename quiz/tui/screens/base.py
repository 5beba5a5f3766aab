"""Screens that follow the app's language and the store: one redraw hook, three causes.

Every screen of the app (full screens and modal dialogs alike) overrides
:meth:`Localised.refresh_view` and nothing else: the base calls it once when the
screen mounts, once when it comes back to the top (it may have missed a language
switch or new progress), and once when the app's ``lang`` changes while the
screen is on the active stack. Textual runs an ``on_*`` handler of every class
in the MRO, so subclasses define their own ``on_mount`` without calling
``super()``; the base's runs after theirs.
"""

from __future__ import annotations

from textual.screen import ModalScreen, Screen, ScreenResultType

from quiz.i18n import t
from quiz.tui.i18n_bindings import localise_bindings
from quiz.tui.private_api import set_breakpoint_classes


class Localised:
    """The redraw machinery shared by :class:`LocalisedScreen` and :class:`LocalisedModal`."""

    _suspended = False

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    @property
    def ctx(self):
        return self.app.ctx  # type: ignore[attr-defined]

    def tr(self, key: str, **fields: object) -> str:
        """The interface string ``key`` in the current language."""
        return t(key, self.lang, **fields)

    def refresh_view(self) -> None:
        """Redraw everything that depends on the language or on stored progress (override)."""

    def on_mount(self) -> None:
        set_breakpoint_classes(self, self.app.size)  # type: ignore[arg-type, attr-defined] # before the first style pass: see private_api
        self.watch(self.app, "lang", self._language_changed, init=False)  # type: ignore[attr-defined]
        self._redraw()

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        # The resume that follows the first mount is not a coming back: it is already drawn.
        if self._suspended:
            self._redraw()
        self._suspended = False

    def _language_changed(self) -> None:
        # A screen on another mode's stack is redrawn when it comes back (it is suspended).
        if self in self.app.screen_stack:  # type: ignore[attr-defined]
            self._redraw()

    def _redraw(self) -> None:
        localise_bindings(self, self.lang)  # type: ignore[arg-type]
        self.refresh_view()
        self.refresh_bindings()  # type: ignore[attr-defined]


class LocalisedScreen(Localised, Screen):
    """A full screen (see the module docstring)."""


class LocalisedModal(Localised, ModalScreen[ScreenResultType]):
    """A modal dialog (see the module docstring)."""
