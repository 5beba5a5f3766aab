"""A screen that follows the app's language: footer labels and texts refresh on toggle."""

from __future__ import annotations

from textual.screen import Screen

from quiz.i18n import t
from quiz.tui.i18n_bindings import localise_bindings


class LocalisedScreen(Screen):
    """Calls :meth:`apply_language` on mount, on resume and when the language changes."""

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    @property
    def ctx(self):
        return self.app.ctx  # type: ignore[attr-defined]

    def tr(self, key: str, **fields: object) -> str:
        """The interface string ``key`` in the current language."""
        return t(key, self.lang, **fields)

    _drawn_lang: str | None = None

    _suspended = False

    def on_mount(self) -> None:
        self._relabel()

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        # A screen coming back may have missed a language switch or new progress. The
        # resume that follows the first mount is not a coming back: it is already drawn.
        if self._suspended and self._drawn_lang is not None:
            self._relabel()
        self._suspended = False

    def _relabel(self) -> None:
        self._drawn_lang = self.lang
        localise_bindings(self, self.lang)
        self.apply_language()
        self.refresh_bindings()

    def apply_language(self) -> None:
        """Redraw every text that depends on the language (override)."""
