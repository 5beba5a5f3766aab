"""How figures are written, the same on every screen and in the CLI: percentages and clocks."""

from __future__ import annotations

NONE = "—"


def percent(value: float | None) -> str:
    """A share as a whole percentage ("75%"); "—" when there is nothing to measure."""
    return NONE if value is None else f"{value * 100:.0f}%"


def clock(seconds: float) -> str:
    """Elapsed or remaining time as minutes:seconds ("3:07"); never negative."""
    seconds = max(int(seconds), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"
