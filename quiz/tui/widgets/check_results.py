"""The checks of a run as a live table, and the full story of the highlighted one.

Draws from a :class:`quiz.exercises.tracker.RunTracker`: each check's state
(waiting → running → pass/fail/error/skip), time and message; below the table the
highlighted check's message, expected and actual values, traceback and hint.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from quiz.exercises.messages import check_title, localize, log_text
from quiz.exercises.tracker import PENDING, RUNNING, Row, RunTracker
from quiz.i18n import t

MARKS = {"pass": ("✓", "green"), "fail": ("✗", "red"), "error": ("✗", "red"), "skip": ("–", "dim"),
         PENDING: ("·", "dim"), RUNNING: ("▶", "yellow")}
STATUS_STYLES = {"pass": "bold green", "fail": "bold red", "error": "bold red", "timeout": "bold red",
                 "cancelled": "bold yellow", RUNNING: "yellow"}


def summary(tracker: RunTracker | None, lang: str) -> Text:
    """One line: idle, progress while running, or the outcome with counts and time."""
    if tracker is None:
        return Text(t("ex.idle", lang), style="dim")
    report = tracker.report
    if report is None:
        # the checker's progress note: long steps do not look stuck
        note = f" · {log_text(tracker.log_event, lang)}" if tracker.log_event else ""
        if not tracker.rows:
            return Text(t("ex.starting", lang) + note, style=STATUS_STYLES[RUNNING])
        current = tracker.running
        current = f" · {check_title(current, lang)}" if current else ""
        return Text(t("ex.running", lang, done=tracker.done, total=tracker.total, current=current) + note,
                    style=STATUS_STYLES[RUNNING])
    counts = tracker.counts()
    parts = [t(f"ex.count.{s}", lang, n=counts[s]) for s in ("pass", "fail", "error", "skip") if counts[s] or s == "pass"]
    seconds = (report.get("metrics") or {}).get("seconds")
    took = t("ex.took", lang, s=seconds) if isinstance(seconds, (int, float)) else ""
    status = report.get("status", "error")
    problem = tracker.first_problem()
    key = status if status in ("pass", "fail", "error", "timeout", "cancelled") else "error"
    text = t(f"ex.result.{key}", lang, passed=counts["pass"], name=check_title(problem.name, lang) if problem else "?",
             counts=t("check.summary.sep", lang).join(parts), took=took)
    mark = "✓ " if status == "pass" else ("■ " if status == "cancelled" else "✗ ")
    return Text(mark + text, style=STATUS_STYLES.get(status, "bold red"))


def short_summary(tracker: RunTracker | None, lang: str) -> Text:
    """The outcome in a few words, for the run bar above the tabs."""
    if tracker is None or tracker.report is None:
        return summary(tracker, lang)
    status = tracker.report.get("status", "error")
    key = status if status in ("pass", "fail", "error", "timeout", "cancelled") else "error"
    problem = tracker.first_problem()
    text = t(f"ex.short.{key}", lang, passed=tracker.counts()["pass"], total=tracker.total,
             name=check_title(problem.name, lang) if problem else "?")
    return Text(text, style=STATUS_STYLES.get(status, "bold red"))


def detail(row: Row | None, lang: str) -> Text:
    """The whole story of one check: status, message, traceback, expected, actual, hint."""
    if row is None:
        return Text(t("ex.detail.none", lang), style="dim")
    mark, style = MARKS.get(row.state, ("?", ""))
    check = localize(row.check, lang) if row.check else row.check
    title = check_title(row.name, lang)
    out = Text()
    out.append(f"{mark} {title}", style=f"bold {style}")
    if title != row.name:
        out.append(f" ({row.name})", style="dim")
    if not check:
        out.append(f"  {t('ex.state.' + row.state, lang) if row.state in (PENDING, RUNNING) else ''}", style="dim")
        return out
    seconds = check.get("seconds")
    if isinstance(seconds, (int, float)) and row.state != "skip":
        out.append(f"  {seconds:.1f} s", style="dim")
    if check.get("message"):
        out.append("\n" + str(check["message"]))
    if check.get("traceback"):
        out.append(f"\n{t('ex.detail.traceback', lang)}{t('check.label_end', lang)}\n", style="bold")
        out.append(str(check["traceback"]).rstrip(), style="dim")
    for key, style in (("expected", "green"), ("actual", "red"), ("hint", "cyan")):
        value = check.get(key)
        if value is None or value == "":
            continue
        out.append(f"\n{t('ex.detail.' + key, lang)}{t('check.label_end', lang)} ", style=f"bold {style}")
        out.append(str(value))
    return out


def shorten(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole words, then "…" when something was left out
    (a first word longer than the width is cut, with the "…")."""
    if cell_len(text) <= width:
        return text
    cut = ""
    for ch in text:
        if cell_len(cut + ch) > width - 1:
            break
        cut += ch
    space = cut.rfind(" ")
    if space > width // 3 and cell_len(cut[-1]) == 1 and text[len(cut)] != " ":  # Chinese breaks between any characters
        cut = cut[:space]
    return cut.rstrip(" ,;:·(") + "…"


def cells(row: Row, lang: str) -> tuple[Text, str, str, Text]:
    """The table cells of one check: mark, name (in ``lang``), time, first line of the message."""
    mark, style = MARKS.get(row.state, ("?", ""))
    seconds = row.check.get("seconds")
    took = f"{seconds:.1f} s" if isinstance(seconds, (int, float)) and row.state not in ("skip", PENDING, RUNNING) else ""
    if row.state in (PENDING, RUNNING):
        message = Text(t(f"ex.state.{row.state}", lang), style="dim" if row.state == PENDING else "yellow")
    else:
        first = (str(localize(row.check, lang).get("message") or "").splitlines() or [""])[0]
        message = Text(first, style="dim" if row.state == "skip" else "")
    return Text(mark, style=style), check_title(row.name, lang), took, message


class ChecksTable(DataTable):
    """The checks table: on every change of its size it scrolls the least that shows the cursor row."""

    def on_resize(self) -> None:
        self.call_after_refresh(self.reveal_cursor)

    def reveal_cursor(self) -> None:
        """Scroll the least that shows the cursor row (rows are one line high). A scroll made while
        the table was still being laid out (a few lines high) would leave the row at the top of a
        page on which it fits lower down; this puts it back once the table has its real size."""
        visible = self.scrollable_content_region.height - (self.header_height if self.show_header else 0)
        if not self.row_count or visible <= 0:
            return
        self.scroll_to(y=max(0, self.cursor_row + 1 - visible), animate=False, immediate=True)


class CheckResults(Vertical):
    """The summary line, the table of checks and the highlighted check's details.

    The table fits its width: a message longer than its column ends in "…" at a word
    (the details below show it whole), so nothing is hidden off the right edge."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tracker: RunTracker | None = None
        self.lang = "en"

    def compose(self) -> ComposeResult:
        yield Static(id="result-summary")
        yield ChecksTable(id="checks", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="check-detail-scroll"):
            yield Static(id="check-detail")

    def show(self, tracker: RunTracker | None, lang: str) -> None:
        """Redraw everything from ``tracker`` (None: nothing run yet) in ``lang``."""
        self.tracker, self.lang = tracker, lang
        self.query_one("#result-summary", Static).update(summary(tracker, lang))
        table = self.query_one("#checks", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        rows = tracker.rows if tracker else []
        drawn = [cells(row, lang) for row in rows]
        # Widths from the content: the table's auto-width does not follow a full redraw.
        check_label, result_label = t("ex.col.check", lang), t("ex.col.result", lang)
        table.add_column("", key="mark", width=1)
        table.add_column(check_label, key="check", width=max([cell_len(check_label)] + [cell_len(c[1]) for c in drawn]))
        table.add_column(t("ex.col.time", lang), key="time", width=7)
        check_width = max([cell_len(check_label)] + [cell_len(c[1]) for c in drawn])
        room = self._message_room(check_width)
        message_width = min(max([cell_len(result_label)] + [c[3].cell_len for c in drawn]), room)
        table.add_column(result_label, key="message", width=max(message_width, cell_len(result_label)))
        for row, (mark, name, took, message) in zip(rows, drawn):
            short = Text(shorten(message.plain, message_width), style=message.style)
            table.add_row(mark, name, took, short, key=row.name)
        if rows:
            table.move_cursor(row=min(max(cursor, 0), len(rows) - 1), animate=False)
        self._show_detail()

    def _message_room(self, check_width: int) -> int:
        """Cells left for the message column: the width less the other columns, the cell padding
        (one each side of every column) and the scrollbar."""
        width = self.size.width or self.app.size.width - 4
        return max(12, width - (1 + check_width + 7) - 4 * 2 - 2)

    def on_resize(self) -> None:
        if self.tracker is not None:
            self.show(self.tracker, self.lang)

    def on_show(self) -> None:
        """Bring the cursor row into view when the results become visible: a run that ends while
        its tab is hidden moves the cursor in a table of zero height, which cannot scroll."""
        table = self.query_one("#checks", ChecksTable)
        table.call_after_refresh(table.reveal_cursor)

    def focus_first_problem(self) -> None:
        """Move the cursor to the first failing check (after a run ends)."""
        if self.tracker is None:
            return
        problem = self.tracker.first_problem()
        if problem is not None:
            index = self.tracker.rows.index(problem)
            self.query_one("#checks", DataTable).move_cursor(row=index, animate=False)
            self._show_detail()

    def highlighted(self) -> Row | None:
        rows = self.tracker.rows if self.tracker else []
        index = self.query_one("#checks", DataTable).cursor_row
        return rows[index] if 0 <= index < len(rows) else None

    def _show_detail(self) -> None:
        self.query_one("#check-detail", Static).update(detail(self.highlighted(), self.lang))

    @on(DataTable.RowHighlighted, "#checks")
    def _row_highlighted(self) -> None:
        self._show_detail()
