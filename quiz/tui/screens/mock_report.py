"""The report at the end of a mock interview: coverage, grades, time, and what to review next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.keybar import KeyBar


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class MockReportScreen(LocalisedScreen):
    """Shows one mock interview's results."""

    BINDINGS = [Binding("escape", "close", "key.back"), Binding("enter", "close", "key.back", show=False)]

    def __init__(self, results: list[dict], queue: list[str], elapsed: float) -> None:
        super().__init__()
        self.results = results
        self.queue_ids = queue
        self.elapsed = elapsed

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="mock-report"):
            yield Static(id="mock-title", classes="section-title")
            yield Static(id="mock-score")
            yield DataTable(id="mock-table", cursor_type="none", zebra_stripes=True)
            yield Static(id="mock-next")
        yield KeyBar()

    def refresh_view(self) -> None:
        bank = self.ctx.bank
        n = len(self.queue_ids)
        covs = [r["coverage"] or 0.0 for r in self.results]
        pct = round(100 * sum(covs) / n) if n else 0
        good = sum(1 for r in self.results if r["rating"] >= 3)
        self.query_one("#mock-title", Static).update(self.tr("mock.report"))
        self.query_one("#mock-score", Static).update(self.tr("mock.score", pct=pct, good=good, n=n, time=_clock(self.elapsed)))
        table = self.query_one("#mock-table", DataTable)
        table.clear(columns=True)
        for key in ("mock.col.question", "mock.col.coverage", "mock.col.grade", "mock.col.time"):
            table.add_column(self.tr(key))
        answered = {r["id"]: r for r in self.results}
        for qid in self.queue_ids:
            prompt = bank.questions[qid].prompt.get(self.lang)
            prompt = prompt if len(prompt) <= 48 else prompt[:47] + "…"
            r = answered.get(qid)
            if r is None:
                table.add_row(prompt, "—", "—", "—")
            else:
                table.add_row(prompt, f"{round(100 * (r['coverage'] or 0))}%", self.tr(f"grade.{r['rating']}"), _clock(r["seconds"]))
        weakest = [r["id"] for r in sorted(self.results, key=lambda r: (r["coverage"] or 0, r["rating"]))[:3] if r["rating"] < 3]
        weakest += [qid for qid in self.queue_ids if qid not in answered][: max(0, 3 - len(weakest))]
        self.query_one("#mock-next", Static).update(self.tr("mock.weakest", ids=", ".join(weakest)) if weakest else "")

    def action_close(self) -> None:
        self.dismiss()
