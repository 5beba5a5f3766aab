"""Line breaking for Chinese text in Rich and Textual.

Rich (and Textual's ``Content``, which calls Rich's ``divide_line``) breaks lines
only at whitespace. Chinese has no spaces between words, so a sentence becomes
one enormous "word": it is pushed whole onto a new line and then chopped, which
leaves ragged half-empty lines after every embedded English term.

Chinese typesetting may break between any two Han characters, except that a
closing mark (，。：）」…) must not start a line and an opening mark (（「“…)
must not end one. :func:`install` teaches Rich that rule by replacing the word
pattern its wrapper uses: each CJK character, with any opening marks before it
and closing marks after it, is a word of its own; runs of other characters
(English, numbers, code) stay whole words exactly as before, so English text
wraps identically (a test checks that against every English answer in the bank).

The pattern lives in Rich's private ``rich._wrap`` (see :mod:`quiz.tui.private_api`);
if a future Rich drops it, :func:`install` leaves wrapping alone and returns False.
"""

from __future__ import annotations

import re
from functools import cache

#: Marks that must not end a line (they open something).
OPENING = "（［｛「『【〈《〔“‘"
#: Marks that must not start a line (they close or punctuate something).
CLOSING = "）］｝」』】〉》〕、。，．：；？！”’…%％"
#: Scripts without spaces between words: CJK punctuation, kana, Han, full-width forms.
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"

_open = re.escape(OPENING)
_close = re.escape(CLOSING)

#: A word: optional leading spaces, then either [openers] one CJK character [closers]
#: or [openers] a run of non-CJK characters [closers], then trailing spaces. The
#: last alternative (any single non-space) guarantees progress on odd input.
_WORD_SOURCE = rf"\s*(?:[{_open}]*(?:[{_CJK}]|[^\s{_CJK}{_open}]+)[{_close}]*|\S)\s*"


@cache
def word_pattern() -> re.Pattern[str]:
    """The compiled word pattern (compiled once, on first use)."""
    return re.compile(_WORD_SOURCE)


def __getattr__(name: str) -> re.Pattern[str]:
    if name == "WORD":  # the pattern, as a module attribute
        return word_pattern()
    raise AttributeError(name)


def install() -> bool:
    """Make Rich's (and so Textual's) line wrapping break Chinese text between characters."""
    from quiz.tui.private_api import keep_wide_characters_whole, set_word_pattern

    keep_wide_characters_whole()  # overlays (dropdowns, toasts) must not split Chinese characters either
    return set_word_pattern(word_pattern())
