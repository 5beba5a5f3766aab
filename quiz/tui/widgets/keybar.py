"""KeyBar: the footer of key hints, drawn as one line by one widget.

Textual's ``Footer`` recomposes a widget per key every time the bindings may
have changed (focus moves, ``refresh_bindings``), and each new widget runs the
stylesheet: measured at ~30 ms per recompose here, 14 recomposes between the
home screen and the first review card, and one per graded card. KeyBar keeps the
same look (key in bold, description beside it, the command palette key docked
right behind a thin rule, disabled keys dimmed, the hovered key highlighted,
click a key to press it) but only repaints, and only when the list of keys
actually changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget


@dataclass(frozen=True)
class KeyHint:
    """One key shown in the bar."""

    key: str
    display: str
    description: str
    enabled: bool
    essential: bool = False
    """The way out (Esc, quit) or help: kept on a bar too narrow for every key."""


#: Actions whose key is always shown: how to leave, and how to learn the rest (the help lists every key).
ESSENTIAL_ACTIONS = frozenset({"quit", "app.quit", "help", "app.help"})


class KeyBar(Widget):
    """One-line footer listing the active key bindings of the screen."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--hover", "keybar--rule"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--hover {
            background: $block-hover-background;
        }
        .keybar--rule {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self._hints: tuple[KeyHint, ...] | None = None
        self._palette: KeyHint | None = None
        self._spans: list[tuple[int, int, KeyHint]] = []
        self._hover: str | None = None
        """The key of the hint under the mouse, highlighted."""
        self._pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen) -> None:
        # Bindings change in bursts (a screen's mount and resume, a focus move, a
        # redraw): read them once, after the burst, instead of once per signal.
        if screen is self.screen and not self._pending:
            self._pending = True
            self.call_later(self._update_hints)

    def _update_hints(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        hints, palette = self.collect()
        if (hints, palette) != (self._hints, self._palette):
            self._hints, self._palette = hints, palette
            self.refresh()

    @property
    def hints(self) -> tuple[KeyHint, ...]:
        """The keys currently shown (the command palette key apart)."""
        if self._hints is None:
            self._hints, self._palette = self.collect()
        return self._hints

    def collect(self) -> tuple[tuple[KeyHint, ...], KeyHint | None]:
        """Read the screen's active bindings: one hint per action, as Textual's Footer does."""
        app = self.app
        active = self.screen.active_bindings
        seen: set[str] = set()
        hints = []
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            essential = binding.key == "escape" or binding.action in ESSENTIAL_ACTIONS
            hints.append(KeyHint(binding.key, app.get_key_display(binding), binding.description, enabled, essential))
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = KeyHint(binding.key, app.get_key_display(binding), binding.description, enabled)
        return tuple(hints), palette

    def _segment(self, hint: KeyHint) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        desc_style = self.get_component_rich_style("keybar--description")
        text = Text.assemble((f" {hint.display} ", key_style), (f"{hint.description} " if hint.description else "", desc_style))
        if not hint.enabled:
            text.stylize(Style(dim=True))
        if hint.key == self._hover and hint.enabled:
            text.stylize(self.get_component_rich_style("keybar--hover", partial=True))
        return text

    def render(self) -> Text:
        width = self.size.width
        hints = self.hints
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, KeyHint]] = []
        right = Text(end="")
        if self._palette is not None:
            palette = self._palette
            right = Text.assemble(
                ("▏", self.get_component_rich_style("keybar--rule")),
                (palette.display, self.get_component_rich_style("keybar--key")),
                (f" {palette.description} ", self.get_component_rich_style("keybar--description")),
            )
        segments = [(hint, self._segment(hint)) for hint in hints]
        shown, with_palette = fit_hints([(hint, segment.cell_len) for hint, segment in segments], width, right.cell_len)
        if not with_palette:  # the palette key yields to the screen's (the help names it)
            right = Text(end="")
        for hint, segment in segments:
            if hint in shown:
                spans.append((line.cell_len, line.cell_len + segment.cell_len, hint))
                line.append_text(segment)
        if right.cell_len and width >= right.cell_len:
            line.append(" " * (width - line.cell_len - right.cell_len))
            if self._palette is not None and right.cell_len:
                start = width - right.cell_len
                spans.append((start, width, self._palette))
            line.append_text(right)
        self._spans = spans
        return line

    def _hint_at(self, x: int) -> KeyHint | None:
        for start, end, hint in self._spans:
            if start <= x < end:
                return hint
        return None

    def on_click(self, event: events.Click) -> None:
        hint = self._hint_at(event.x)
        if hint is None:
            return
        event.stop()
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hint = self._hint_at(event.x)
        key = hint.key if hint is not None else None
        if key != self._hover:
            self._hover = key
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()


def fit_hints(hints: list[tuple[KeyHint, int]], width: int, palette: int) -> tuple[set[KeyHint], bool]:
    """The hints to show on a bar ``width`` cells wide, given each hint's width and the palette
    key's; and whether the palette key is shown.

    Every hint and the palette key when they fit. Otherwise the essential hints
    (the way out and help) first, then the others in order while they fit, and no
    palette key: a narrow bar keeps what gets the user out and to the full list.
    """
    if sum(w for _hint, w in hints) + palette <= width:
        return {hint for hint, _w in hints}, True
    shown = {hint for hint, _w in hints if hint.essential}
    room = width - sum(w for hint, w in hints if hint in shown)
    for hint, w in hints:
        if hint in shown:
            continue
        if w > room:
            break
        shown.add(hint)
        room -= w
    return shown, False
