"""The private Textual and Rich APIs quiz uses (quiz/tui/private_api.py), pinned to the versions checked.

When Textual or Rich moves past these versions, re-check both hooks against the new
source and widen the pins: this test is the reminder.
"""

from __future__ import annotations

import re
from importlib.metadata import version

from rich import _wrap
from textual.app import App
from textual.binding import Binding

from quiz.tui.private_api import bindings_of, set_word_pattern


def test_versions_the_private_hooks_were_checked_against() -> None:
    assert version("textual").split(".")[0] == "8", "re-check quiz/tui/private_api.py against this Textual"
    assert version("rich").split(".")[0] in {"13", "14", "15"}, "re-check quiz/tui/private_api.py against this Rich"


def test_rich_word_pattern_hook(monkeypatch) -> None:
    monkeypatch.setattr(_wrap, "re_word", _wrap.re_word)  # restored after the test
    pattern = re.compile(r"\s*\S+\s*")
    assert set_word_pattern(pattern) and _wrap.re_word is pattern
    assert _wrap.divide_line("aaa bbb", 4) == [4]  # Rich wraps with it


def test_binding_map_hook() -> None:
    class WithKeys(App):
        BINDINGS = [Binding("x", "thing", "Thing")]

    app = WithKeys()
    own = bindings_of(app)
    assert [b.description for b in own["x"]] == ["Thing"]
    own["x"] = [Binding("x", "thing", "Chose")]
    assert [b.description for b in bindings_of(app)["x"]] == ["Chose"]
