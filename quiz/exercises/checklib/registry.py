"""Checks, suites, and the outcomes a check can raise.

A suite is an ordered list of checks, cheap to expensive. Each check is a function
``check(ctx) -> str | None`` (the optional string is its pass message) that raises
:class:`CheckFailed` when the submission misbehaves. ``needs`` names the checks it
depends on: when one of them did not pass, the engine skips this one and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


class CheckFailed(Exception):
    """The submission ran but did the wrong thing.

    ``message`` is one specific sentence ("discriminator_loss(0, 0) = 0.693, expected
    2 ln 2 = 1.386: the two terms look averaged, not summed"); ``expected`` and
    ``actual`` are short strings for the report; ``hint`` says what to change. ``symptom`` is
    the message without its diagnosis ("discriminator_loss(0, 0) = 0.693, expected 2 ln 2 =
    1.386"): what a debug exercise shows instead (:mod:`quiz.exercises.checklib.teach`).
    """

    def __init__(self, message: str, *, expected: Any = None, actual: Any = None, hint: str | None = None,
                 symptom: str | None = None):
        super().__init__(message)
        self.message = message
        self.symptom = symptom
        self.expected = expected
        self.actual = actual
        self.hint = hint


class SubmissionError(Exception):
    """The submission's code raised (or exited) while a check ran it.

    ``message`` names what was being called and the exception; ``trace`` is the
    traceback trimmed to the submission's own frames.
    """

    def __init__(self, message: str, *, trace: str = "", hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.trace = trace
        self.hint = hint


@dataclass(frozen=True)
class Check:
    """One named check of a suite."""

    name: str
    func: Callable[[Any], str | None]
    needs: tuple[str, ...] = ()
    description: str = ""


@dataclass
class Suite:
    """An ordered, named list of checks (the order is the run order: cheap first)."""

    name: str
    checks: list[Check] = field(default_factory=list)

    def check(self, name: str, *, needs: tuple[str, ...] | list[str] = ()) -> Callable:
        """Decorator registering ``func`` as the next check; ``needs`` must already exist."""
        known = {c.name for c in self.checks}
        missing = [n for n in needs if n not in known]
        if missing:
            raise ValueError(f"check {name!r} needs unknown or later checks {missing}")
        if name in known:
            raise ValueError(f"duplicate check name {name!r}")

        def register(func: Callable) -> Callable:
            doc = (func.__doc__ or "").strip().splitlines()
            self.checks.append(Check(name, func, tuple(needs), doc[0] if doc else ""))
            return func

        return register

    def names(self) -> list[str]:
        return [c.name for c in self.checks]
