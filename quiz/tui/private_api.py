"""Every use of a private Textual or Rich API, in one place.

Three remain, each because no public API does the job:

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

``tests/unit/test_private_api.py`` pins the versions these were checked against.
"""

from __future__ import annotations

import re

from textual._compositor import Compositor
from textual.binding import Binding
from textual.dom import DOMNode
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
