"""HoverTracking: which part of a one-line-of-parts widget the mouse is over.

The KeyBar and the GradeBar draw several clickable parts in one widget. Each
says which part is at a column (:meth:`HoverTracking.part_at`); this mixin keeps
``_hover`` in step with the mouse and repaints when it moves to another part.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual import events


class HoverTracking:
    """Mix into a Widget; implement :meth:`part_at`."""

    _hover: Hashable | None = None

    def part_at(self, x: int) -> Hashable | None:
        """The key of the part drawn at column ``x`` (None: nothing there)."""
        raise NotImplementedError

    def on_mouse_move(self, event: events.MouseMove) -> None:
        part = self.part_at(event.x)
        if part != self._hover:
            self._hover = part
            self.refresh()  # type: ignore[attr-defined]

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()  # type: ignore[attr-defined]
