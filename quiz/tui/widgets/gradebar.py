"""The four grade buttons, each with the interval it would schedule; the suggested one stands out."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button


class GradeBar(Horizontal):
    """Buttons ``1 Again · 10m`` … ``4 Easy · 8d``; posts :class:`GradeBar.Chosen`."""

    @dataclass
    class Chosen(Message):
        """A grade button was pressed."""

        rating: int

    def compose(self) -> ComposeResult:
        for rating in (1, 2, 3, 4):
            yield Button("", id=f"grade-{rating}", classes=f"grade grade-{rating}")

    def set_labels(self, labels: dict[int, str], suggested: int | None) -> None:
        """Label each button and mark the suggested grade."""
        for rating, label in labels.items():
            button = self.query_one(f"#grade-{rating}", Button)
            button.label = label
            button.set_class(rating == suggested, "-suggested")

    @on(Button.Pressed, ".grade")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Chosen(int(event.button.id.removeprefix("grade-"))))
