"""A frame hook for the benchmarks: run something at the end of every frame.

Every frame Textual's compositor renders ends in ``App._display``; wrapping it
is the one place that sees the frame the user would see. Imported by the bench
and by its start-up children (so it imports nothing itself).
"""

from __future__ import annotations


def on_frame(app, callback) -> None:
    """Call ``callback()`` after each frame ``app`` renders (batched updates excluded)."""
    real_display = app._display

    def display(screen, renderable) -> None:
        real_display(screen, renderable)
        if renderable is not None and not app._batch_count:
            callback()

    app._display = display
