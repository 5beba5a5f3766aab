"""Every use of a private Textual or Rich API, in one place.

Two remain, each because no public API does the job:

- :func:`set_word_pattern`: Rich breaks lines only at whitespace; its word
  pattern lives in the private ``rich._wrap`` (Rich 13-15). Chinese line breaking
  (:mod:`quiz.tui.cjk_wrap`) replaces it.
- :func:`bindings_of`: a node's own bindings map (``DOMNode._bindings``, Textual 8),
  whose descriptions :mod:`quiz.tui.i18n_bindings` rewrites when the language changes
  (Textual has no public way to relabel a binding).

``tests/unit/test_private_api.py`` pins the versions these were checked against.
"""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.dom import DOMNode


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
