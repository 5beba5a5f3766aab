"""Every use of a private Textual or Rich API, in one place.

Five remain, each because no public API does the job:

- :func:`set_word_pattern`: Rich breaks lines only at whitespace; its word
  pattern lives in the private ``rich._wrap`` (Rich 13-15). Chinese line breaking
  (:mod:`quiz.tui.cjk_wrap`) replaces it.
- :func:`bindings_of`: a node's own bindings map (``DOMNode._bindings``, Textual 8),
  whose descriptions :mod:`quiz.tui.i18n_bindings` rewrites when the language changes
  (Textual has no public way to relabel a binding).
- :func:`keep_wide_characters_whole`: Textual's compositor cuts every screen line at
  the edge of every widget on it, hidden ones included, and Rich turns a wide
  character split by a cut into spaces. Over a dropdown or a toast, Chinese text lost
  characters wherever an edge of a widget underneath fell inside one ("7 天  答"
  for "7 天内答错"; Textual issue 6357). The replacement cuts a widget's line only
  where the widget stops being the one on top.
- :func:`set_breakpoint_classes`: Textual gives a screen its breakpoint classes
  (``-wide``, ``-short``...) only on a Resize, which arrives after the screen's first
  layout and render: every class that changes then restyles, lays out and draws the
  whole screen a second time (~20 ms on home's first frame). Setting them as the
  screen mounts, with the rule Textual's resize handler uses
  (``Screen._get_breakpoint_classes``), makes that Resize a no-op.
- :func:`add_screen_css`: a screen's ``CSS_PATH`` is Textual's way to give a screen its own
  stylesheet, but ``App._load_screen_css`` then re-parses every stylesheet of the app
  and restyles every widget. The quiz's screens keep their rules in their own files
  (``screens/*.tcss``) so the start parses only app.tcss; :class:`~quiz.tui.app.QuizApp`
  overrides that method with this one, which adds a screen's file to the stylesheet
  (parsed once, on the next style pass: the new screen's widgets are styled after it).

``tests/unit/test_private_api.py`` pins the versions these were checked against.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from textual._compositor import Compositor
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip

_EMPTY = Strip([], 0)


def set_word_pattern(pattern: re.Pattern[str]) -> bool:
    """Make Rich's line wrapping split words with ``pattern``; False when this Rich has no such hook."""
    try:
        from rich import _wrap
    except ImportError:  # pragma: no cover - Rich reorganised
        return False
    if not hasattr(_wrap, "re_word"):  # pragma: no cover - Rich reorganised
        return False
    _wrap.re_word = pattern
    return True


def bindings_of(node: DOMNode) -> dict[str, list[Binding]]:
    """``node``'s own bindings, key → bindings, editable in place."""
    return node._bindings.key_to_bindings


def set_breakpoint_classes(screen: Screen, size: Size) -> None:
    """Give ``screen`` the breakpoint classes Textual's ``Screen._on_resize`` would give it at
    ``size``, without restyling (the screen's first style pass, still to come, applies them)."""
    horizontal = (screen.app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None else screen.HORIZONTAL_BREAKPOINTS) or []
    vertical = (screen.app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None else screen.VERTICAL_BREAKPOINTS) or []
    if not (horizontal or vertical):
        return
    classes = dict.fromkeys((name for _, name in horizontal + vertical), False)
    for name in screen._get_breakpoint_classes(size.width, horizontal) | screen._get_breakpoint_classes(size.height, vertical):
        classes[name] = True
    screen.update_classes(classes, update=False)


def add_screen_css(app: App, screen: Screen) -> bool:
    """Add ``screen``'s ``CSS_PATH`` files to ``app``'s stylesheet without re-parsing the rest;
    False (nothing done) for a screen with inline ``CSS``, which Textual's own method handles."""
    if screen.CSS:
        return False
    if app.css_monitor is not None:  # textual run --dev: watch the file as Textual would
        app.css_monitor.add_paths(screen.css_path)
    stylesheet = app.stylesheet
    for path in screen.css_path:
        location = (os.path.abspath(path), "")
        if not stylesheet.has_source(*location):
            stylesheet.add_source(Path(path).read_text(encoding="utf-8"), read_from=location)
    return True


def _render_chops(self: Compositor, crop, is_rendered_line):  # noqa: ANN001, ANN202 - Textual's signature
    """Compositor._render_chops (Textual 8.2), cutting each widget's line only where the widget stops
    or starts being the one on top: a run of cut slots it wins gets one whole piece in its first slot
    (the rest get an empty strip, so nothing beneath claims them), and a wide character inside the
    run stays whole."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            free = [line.get(cut) is None for cut in final_cuts[:-1]]
            if not free:
                continue
            edges = [final_cuts[i] for i in range(1, len(free)) if free[i] != free[i - 1]] + [final_cuts[-1]]
            pieces = iter(strip.divide([edge - render_x for edge in edges]))
            start = 0
            while start < len(free):
                end = start
                while end + 1 < len(free) and free[end + 1] == free[start]:
                    end += 1
                piece = next(pieces)
                if free[start]:
                    line[final_cuts[start]] = piece
                    for k in range(start + 1, end + 1):
                        line[final_cuts[k]] = _EMPTY
                start = end + 1
    return chops


TEXTUAL_RENDER_CHOPS = Compositor._render_chops
"""Textual's own method, kept before :func:`keep_wide_characters_whole` replaces it (tests compare the two)."""


def keep_wide_characters_whole() -> None:
    """Install :func:`_render_chops` on Textual's compositor (see the module's docstring)."""
    Compositor._render_chops = _render_chops
