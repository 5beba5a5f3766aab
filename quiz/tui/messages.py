"""Messages that carry background work back to the screens (posted from worker threads)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from quiz.exercises.protocol import RunEvent


@dataclass
class CheckEvent(Message):
    """One event of an exercise check run (see :mod:`quiz.exercises.runner`), tagged with its run."""

    run_id: int
    event: RunEvent
