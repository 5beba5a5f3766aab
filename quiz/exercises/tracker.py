"""The live state of one check run, built from the runner's events (pure, no I/O).

The TUI's results table and progress bar draw from it: every planned check with
its state (``pending`` → ``running`` → ``pass | fail | error | skip``), how many
have finished, the last progress note, and the report once it arrives. Events
are those of :mod:`quiz.exercises.protocol`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.exercises.protocol import CHECK_STATUSES, CheckRecord, LogEvent, Report, RunEvent

PENDING, RUNNING = "pending", "running"
FINISHED = CHECK_STATUSES


@dataclass
class Row:
    """One check: its name, state and (once finished) the runner's check record."""

    name: str
    state: str = PENDING
    check: CheckRecord = field(default_factory=dict)  # type: ignore[assignment]


class RunTracker:
    """Feed it events with :meth:`take`; read :attr:`rows`, :attr:`done`, :attr:`total`, :attr:`report`."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.report: Report | None = None
        self.log: str | None = None
        """The last progress note while the run lasts (e.g. "training the reference solution…")."""
        self.log_event: LogEvent | None = None
        """The event that brought :attr:`log` (its message key renders it in the reader's language)."""

    def _row(self, name: str) -> Row:
        for row in self.rows:
            if row.name == name:
                return row
        row = Row(name)
        self.rows.append(row)
        return row

    def take(self, event: RunEvent) -> None:
        """Record one runner event."""
        kind = event.get("type")
        if kind == "plan":
            for name in event.get("checks") or []:
                self._row(str(name))
        elif kind == "check_started":
            row = self._row(str(event.get("name")))
            if row.state == PENDING:
                row.state = RUNNING
        elif kind == "check" and isinstance(event.get("check"), dict):
            check = event["check"]
            row = self._row(str(check.get("name", "?")))
            row.state = check.get("status") if check.get("status") in FINISHED else "error"
            row.check = check
            self.log = self.log_event = None  # a note is about the work before a check ends
        elif kind == "log":
            self.log = str(event.get("text", ""))
            self.log_event = event  # type: ignore[assignment]
        elif kind == "report" and isinstance(event.get("report"), dict):
            self.report = event["report"]
            self.log = self.log_event = None
            # The report is the truth: checks it lists but no event announced, and
            # rows still running when it arrived (the run was stopped), are settled.
            for check in self.report.get("checks", []):
                row = self._row(str(check.get("name", "?")))
                row.state = check.get("status") if check.get("status") in FINISHED else "error"
                row.check = check
            for row in self.rows:
                if row.state in (PENDING, RUNNING):
                    row.state = "skip"

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.state in FINISHED)

    @property
    def running(self) -> str | None:
        """The check running now, if any."""
        return next((row.name for row in self.rows if row.state == RUNNING), None)

    @property
    def status(self) -> str:
        """``running`` until the report; then its status (pass, fail, error, timeout, cancelled)."""
        return self.report.get("status", "error") if self.report else RUNNING

    def counts(self) -> dict[str, int]:
        """Finished checks by status."""
        return {s: sum(1 for row in self.rows if row.state == s) for s in FINISHED}

    def first_problem(self) -> Row | None:
        """The first failing or erroring check (the one to explain)."""
        return next((row for row in self.rows if row.state in ("fail", "error")), None)
