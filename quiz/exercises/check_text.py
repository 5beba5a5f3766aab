"""``quiz check``'s text: ✓/✗ per check; the first failure in full.

Pure functions over the events and reports of :mod:`quiz.exercises.protocol` (no
I/O), used by ``quiz check`` both live (one line per check as it finishes) and at
the end.
"""

from __future__ import annotations

from quiz.exercises.protocol import CheckRecord, Report, RunEvent

SYMBOLS = {"pass": "✓", "fail": "✗", "error": "✗", "skip": "–"}
ASCII_SYMBOLS = {"pass": "ok", "fail": "X", "error": "X", "skip": "-"}
NAME_WIDTH = 22


def symbols(encoding: str | None) -> dict[str, str]:
    """✓/✗ when the output encoding can show them, ASCII otherwise."""
    try:
        "✓✗–".encode(encoding or "ascii")
        return SYMBOLS
    except (UnicodeEncodeError, LookupError):
        return ASCII_SYMBOLS


def check_line(check: CheckRecord, marks: dict[str, str] = SYMBOLS) -> str:
    """'  ✓ generator_output        0.3 s  shape (N, 28, 28, 1) …' (the message's first line)."""
    status = check.get("status", "error")
    mark = marks.get(status, "?")
    seconds = check.get("seconds")
    timing = f"{seconds:5.1f} s" if isinstance(seconds, (int, float)) and status != "skip" else " " * 7
    message = (check.get("message") or "").splitlines()[0] if check.get("message") else ""
    return f"  {mark} {check.get('name', '?'):<{NAME_WIDTH}} {timing}  {message}".rstrip()


def failure_details(check: CheckRecord) -> list[str]:
    """The full story of one failing check: message, the submission's traceback, expected/actual, hint."""
    indent = " " * 6
    lines: list[str] = []
    message_lines = (check.get("message") or "").splitlines()
    lines += [indent + line for line in message_lines[1:]]
    if check.get("traceback"):
        lines.append(indent + "traceback (your code):")
        lines += [indent + line for line in check["traceback"].splitlines()]
    for key in ("expected", "actual", "hint"):
        value = check.get(key)
        if value is None or value == "":
            continue
        text = str(value).splitlines() or [""]
        lines.append(f"{indent}{key + ':':<10}{text[0]}")
        lines += [indent + " " * 10 + more for more in text[1:]]
    return lines


def is_failure(check: CheckRecord) -> bool:
    return check.get("status") in ("fail", "error")


def summary(report: Report) -> str:
    """One closing line: the status, the counts, and the time."""
    checks = report.get("checks", [])
    counts = {s: sum(1 for c in checks if c.get("status") == s) for s in ("pass", "fail", "error", "skip")}
    seconds = report.get("metrics", {}).get("seconds")
    took = f" in {seconds:.1f} s" if isinstance(seconds, (int, float)) else ""
    status = report.get("status", "error")
    parts = [f"{counts['pass']} passed"]
    parts += [f"{counts[s]} {word}" for s, word in (("fail", "failed"), ("error", "raised an error"), ("skip", "skipped")) if counts[s]]
    if status == "pass":
        return f"PASS: all {counts['pass']} checks passed{took}"
    first = next((c for c in checks if is_failure(c)), None)
    where = f" at {first['name']}" if first and status in ("fail", "error") else ""
    return f"{status.upper()}{where}: " + ", ".join(parts) + took


def render(report: Report, marks: dict[str, str] = SYMBOLS) -> str:
    """The whole report as text (what ``quiz check`` prints when not streaming)."""
    lines = [f"{report.get('exercise', '?')}:"]
    shown_details = False
    for check in report.get("checks", []):
        lines.append(check_line(check, marks))
        if is_failure(check) and not shown_details:
            lines += failure_details(check)
            shown_details = True
    lines.append(summary(report))
    return "\n".join(lines)


class LiveRenderer:
    """Turns runner events into printable lines as they arrive (first failure in full)."""

    def __init__(self, marks: dict[str, str] = SYMBOLS):
        self.marks = marks
        self.shown_details = False

    def lines(self, event: RunEvent) -> list[str]:
        kind = event.get("type")
        if kind == "check":
            check = event["check"]
            out = [check_line(check, self.marks)]
            if is_failure(check) and not self.shown_details:
                out += failure_details(check)
                self.shown_details = True
            return out
        if kind == "log":
            return [f"    … {event.get('text', '')}"]
        if kind == "report":
            return [summary(event["report"])]
        return []
