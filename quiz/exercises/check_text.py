"""``quiz check``'s text: ✓/✗ per check; the first failure in full.

Pure functions over the events and reports of :mod:`quiz.exercises.protocol` (no
I/O), used by ``quiz check`` both live (one line per check as it finishes) and at
the end, in the session's language (check names, messages and hints through
:func:`quiz.exercises.messages.localize`).
"""

from __future__ import annotations

from rich.cells import cell_len

from quiz.exercises.messages import localize, log_text
from quiz.exercises.protocol import CheckRecord, Report, RunEvent
from quiz.i18n import t

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


def check_line(check: CheckRecord, marks: dict[str, str] = SYMBOLS, lang: str = "en") -> str:
    """'  ✓ generator_output        0.3 s  shape (N, 28, 28, 1) …' (the message's first line)."""
    check = localize(check, lang)
    status = check.get("status", "error")
    mark = marks.get(status, "?")
    seconds = check.get("seconds")
    timing = f"{seconds:5.1f} s" if isinstance(seconds, (int, float)) and status != "skip" else " " * 7
    message = (check.get("message") or "").splitlines()[0] if check.get("message") else ""
    title = check["title"]
    pad = " " * max(0, NAME_WIDTH - cell_len(title))
    return f"  {mark} {title}{pad} {timing}  {message}".rstrip()


def failure_details(check: CheckRecord, lang: str = "en") -> list[str]:
    """The full story of one failing check: message, the submission's traceback, expected/actual, hint."""
    check = localize(check, lang)
    indent = " " * 6
    lines: list[str] = []
    message_lines = (check.get("message") or "").splitlines()
    lines += [indent + line for line in message_lines[1:]]
    if check.get("traceback"):
        lines.append(indent + t("ex.detail.traceback", lang) + t("check.label_end", lang))
        lines += [indent + line for line in check["traceback"].splitlines()]
    for key in ("expected", "actual", "hint"):
        value = check.get(key)
        if value is None or value == "":
            continue
        text = str(value).splitlines() or [""]
        label = t(f"ex.detail.{key}", lang) + t("check.label_end", lang)
        lines.append(f"{indent}{label}{' ' * max(1, 10 - cell_len(label))}{text[0]}")
        lines += [indent + " " * 10 + more for more in text[1:]]
    return lines


def is_failure(check: CheckRecord) -> bool:
    return check.get("status") in ("fail", "error")


def summary(report: Report, lang: str = "en") -> str:
    """One closing line: the status, the counts, and the time."""
    checks = report.get("checks", [])
    counts = {s: sum(1 for c in checks if c.get("status") == s) for s in ("pass", "fail", "error", "skip")}
    seconds = report.get("metrics", {}).get("seconds")
    took = t("check.took", lang, s=seconds) if isinstance(seconds, (int, float)) else ""
    status = report.get("status", "error")
    parts = [t(f"ex.count.{s}", lang, n=counts[s]) for s in ("pass", "fail", "error", "skip") if counts[s] or s == "pass"]
    if status == "pass":
        return t("check.summary.pass", lang, n=counts["pass"], took=took)
    first = next((c for c in checks if is_failure(c)), None)
    if first and status in ("fail", "error"):
        where = t("check.summary.at", lang, name=localize(first, lang)["title"])
    else:
        where = ""
    status_word = t(f"check.status.{status}", lang) if status in ("fail", "error", "timeout", "cancelled") else status.upper()
    return f"{status_word}{where}{t('check.summary.colon', lang)}" + t("check.summary.sep", lang).join(parts) + took


def render(report: Report, marks: dict[str, str] = SYMBOLS, lang: str = "en") -> str:
    """The whole report as text (what ``quiz check`` prints when not streaming)."""
    lines = [f"{report.get('exercise', '?')}:"]
    shown_details = False
    for check in report.get("checks", []):
        lines.append(check_line(check, marks, lang))
        if is_failure(check) and not shown_details:
            lines += failure_details(check, lang)
            shown_details = True
    lines.append(summary(report, lang))
    return "\n".join(lines)


class LiveRenderer:
    """Turns runner events into printable lines as they arrive (first failure in full)."""

    def __init__(self, marks: dict[str, str] = SYMBOLS, lang: str = "en"):
        self.marks = marks
        self.lang = lang
        self.shown_details = False

    def lines(self, event: RunEvent) -> list[str]:
        kind = event.get("type")
        if kind == "check":
            check = event["check"]
            out = [check_line(check, self.marks, self.lang)]
            if is_failure(check) and not self.shown_details:
                out += failure_details(check, self.lang)
                self.shown_details = True
            return out
        if kind == "log":
            return [f"    … {log_text(event, self.lang)}"]
        if kind == "report":
            return [summary(event["report"], self.lang)]
        return []
