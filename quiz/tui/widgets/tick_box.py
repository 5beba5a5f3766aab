"""A checkbox whose state shows without colour: a tick when on, blank when off.

Textual's Checkbox draws the same "X" in both states and tells them apart by
colour only, which a monochrome terminal (or NO_COLOR) loses.
"""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A :class:`Checkbox` drawn ``▐✓▌`` when ticked and ``▐ ▌`` when not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual reads it per render
        return "✓" if self.value else " "
