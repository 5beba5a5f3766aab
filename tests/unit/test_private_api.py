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

from quiz.tui.private_api import bindings_of, set_breakpoint_classes, set_word_pattern


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


async def test_a_dropdown_over_other_widgets_keeps_its_chinese_characters(monkeypatch) -> None:
    """Textual issue 6357: a line of an overlay is cut at the edges of the widgets beneath it,
    and a wide character across a cut became two spaces ("7 天  答" for "7 天内答错")."""
    from textual._compositor import Compositor
    from textual.app import ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Select, Static

    from quiz.tui.private_api import TEXTUAL_RENDER_CHOPS, keep_wide_characters_whole

    options = [("7 天内答错（忘记）", 1), ("从未做过的题目", 2), ("三天内到期的题目", 3)]

    class Dropdown(App):
        CSS = "Static { width: 3; height: 100%; } Select { width: 30; }"

        def compose(self) -> ComposeResult:
            yield Select(options, id="pick")
            with Horizontal():  # narrow widgets under the open list: their edges cut its lines
                for _ in range(10):
                    yield Static("x")

    async def screen_text() -> str:
        app = Dropdown()
        async with app.run_test(size=(40, 12)) as pilot:
            app.query_one(Select).focus()
            await pilot.press("enter")
            await pilot.pause()
            return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

    # Textual's own method, whatever an earlier test in this process installed; restored after the test
    monkeypatch.setattr(Compositor, "_render_chops", TEXTUAL_RENDER_CHOPS)
    before = await screen_text()
    keep_wide_characters_whole()
    after = await screen_text()
    assert not all(label in before for label, _ in options), before  # the defect, with Textual's own
    for label, _ in options:
        assert label in after, after


async def test_breakpoint_classes_set_at_mount_are_the_ones_textuals_resize_gives() -> None:
    """set_breakpoint_classes gives a screen, before its first style pass, the classes that
    Textual's resize handler gives it afterwards (when they differ, every start draws twice)."""
    from textual.screen import Screen

    class Tall(Screen):
        VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-roomy"), (45, "-tall")]

    class Wide(App):
        HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-mid"), (140, "-wide")]

        def on_mount(self) -> None:
            self.push_screen(Tall())

    for size in [(80, 24), (120, 40), (140, 45), (200, 50), (99, 29)]:
        app = Wide()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            given_by_textual = set(app.screen.classes)
            fresh = Tall()
            set_breakpoint_classes(fresh, app.size)
            assert set(fresh.classes) == given_by_textual, size
            assert len(given_by_textual) == 2, given_by_textual  # one of each: the resize did run
