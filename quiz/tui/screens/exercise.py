"""One coding exercise: statement, code editor, live checks, pictures and help, in tabs.

The code is the user's workspace copy (created from the starter when missing).
``ctrl+s`` saves and checks; ``e`` hands the terminal to ``$EDITOR``; any save on
disk is noticed (watch mode, :mod:`watchfiles`) and re-checked after a short
debounce. Checks run in a child process (:class:`quiz.exercises.runner.CheckRun`),
started ahead of time when the screen opens (:class:`quiz.exercises.warm.WarmChecker`:
TensorFlow is loaded before the save, and a fresh process waits for the next run),
driven from a thread worker that posts :class:`quiz.tui.messages.CheckEvent` messages;
the screen stays responsive and ``escape``/``x`` kill the child. Each finished
run is recorded in the progress store exactly as ``quiz check`` records it.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (Button, Label, ListItem, ListView, Markdown, ProgressBar, Static, TabbedContent, TabPane,
                             TextArea)
from textual.worker import get_current_worker

from quiz.exercises import attempts, availability, catalog, links, workspace
from quiz.exercises.protocol import Report, broken_run, report_event
from quiz.exercises.tracker import RunTracker
from quiz.render import fold_code, inline_plain, join_cjk_lines
from quiz.tui.messages import CheckEvent
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.check_results import CheckResults, detail, short_summary, summary
from quiz.tui.widgets.code_pane import CodePane, reason
from quiz.tui.widgets.distribution_bars import DistributionBars
from quiz.tui.widgets.sample_scatter import SampleScatter
from quiz.tui.widgets.loss_charts import LossCharts
from quiz.tui.widgets.sample_grid import SampleGrid
from quiz.tui.widgets.keybar import KeyBar

TABS = ("statement", "code", "results", "pictures", "help")
WIDE_COLUMNS = 150
"""From this width the Code tab shows the failing check beside the code (below it: tabs only)."""
DEBOUNCE_SECONDS = 0.5
FOCUS_IN_TAB = {"statement": "#ex-statement-scroll", "code": "#ex-editor", "results": "#checks",
                "pictures": "#ex-pictures", "help": "#ex-help"}


class ExerciseScreen(LocalisedScreen):
    """Work on one exercise (``exercise``: a catalog entry)."""

    CSS_PATH = "exercise.tcss"  # loaded when the screen first opens (QuizApp._load_screen_css)

    BINDINGS = [
        Binding("ctrl+s", "save", "ex.key.save", priority=True),
        Binding("f5", "run_checks", "ex.key.run"),
        Binding("r", "run_checks", "ex.key.run", show=False),
        Binding("e", "external_editor", "ex.key.editor"),
        Binding("h", "hint", "ex.key.hint"),
        Binding("s", "solution", "ex.key.solution"),
        Binding("p", "practise_related", "ex.key.related", show=False),
        Binding("x", "cancel", "ex.key.cancel", show=False),
        Binding("escape", "cancel_or_back", "key.back"),
        *[Binding(str(i + 1), f"tab('{tab}')", show=False) for i, tab in enumerate(TABS)],
    ]

    debounce_seconds = DEBOUNCE_SECONDS
    """Quiet time after a change on disk before the checks re-run."""

    def __init__(self, exercise: catalog.Exercise) -> None:
        super().__init__()
        self.exercise = exercise
        self.tracker: RunTracker | None = None
        self.check_run = None
        self.run_id = 0
        """The current run (events of older runs are ignored)."""
        self.finished_run = 0
        """The last run whose report is fully drawn and recorded."""
        self._started_at: datetime | None = None
        self._clock = 0.0
        self._debounce = None
        self.warm = None
        """The next run's checker process, started ahead of the save (:class:`quiz.exercises.warm.WarmChecker`)."""

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="ex-title")
        with Horizontal(id="ex-runbar"):
            yield Button("", id="ex-run", compact=True, variant="primary")
            yield Static(id="ex-summary")
            yield ProgressBar(id="ex-progress", show_eta=False, show_percentage=False)
        with TabbedContent(id="ex-tabs"):
            with TabPane("", id="statement"):
                with VerticalScroll(id="ex-statement-scroll"):
                    yield Markdown(id="ex-statement")
            with TabPane("", id="code"):
                with Horizontal(id="ex-code-row"):
                    yield CodePane(self.exercise, id="ex-code")
                    # Wide screens only (``-wide``): the run and its first failing check beside the code.
                    with VerticalScroll(id="ex-side"):
                        yield Static(id="ex-side-summary")
                        yield Static(id="ex-side-detail")
            with TabPane("", id="results"):
                yield CheckResults(id="ex-results")
            with TabPane("", id="pictures"):
                with VerticalScroll(id="ex-pictures"):
                    yield Static(id="ex-pictures-note")
                    yield LossCharts(id="ex-charts")
                    yield SampleScatter(id="ex-scatter")
                    yield DistributionBars(id="ex-distributions")
                    with Horizontal(id="ex-samples"):
                        yield SampleGrid(id="ex-generated")
                        yield SampleGrid(id="ex-real")
            with TabPane("", id="help"):
                with VerticalScroll(id="ex-help"):
                    yield Static(id="ex-help-keys")
                    yield Markdown(id="ex-hints")
                    yield Static(id="ex-related-title", classes="section-title")
                    # Not scrollable itself: the tab scrolls as one (one scrollbar), and the highlighted
                    # question is brought into the tab's view (see _related_highlighted).
                    yield ListView(id="ex-related")
        yield KeyBar()

    @property
    def wide(self) -> bool:
        """The code and the failing check sit side by side (the screen is at least WIDE_COLUMNS wide)."""
        return self.has_class("-wide")

    def on_mount(self) -> None:
        self.set_class(self.size.width >= WIDE_COLUMNS, "-wide")
        self.query_one("#ex-progress", ProgressBar).display = False
        last = attempts.last_report(self.ctx.store, self.exercise.id)
        if last is not None:  # reopened: the last run's results, as the header's status says
            self.tracker = RunTracker()
            self.tracker.take({"type": "report", "report": last})
            self.call_after_refresh(self.query_one("#ex-results", CheckResults).focus_first_problem)
        if availability.unavailable_reason(self.exercise) is None:
            from quiz.exercises.warm import WarmChecker

            self.warm = WarmChecker(self.exercise.id, command=self.ctx.runtime.checker_command)
            self.warm.prepare()

    def on_unmount(self) -> None:
        if self.check_run is not None:
            self.check_run.cancel()
        if self.warm is not None:
            self.warm.close()

    # -- language ------------------------------------------------------------

    def refresh_view(self) -> None:
        ex, lang = self.exercise, self.lang
        self.title = ex.text("title", lang)
        tabs = self.query_one("#ex-tabs", TabbedContent)
        for tab in TABS:
            tabs.get_tab(tab).label = f"{TABS.index(tab) + 1} {self.tr('ex.tab.' + tab)}"
        self.query_one("#ex-run", Button).label = f"▶ {self.tr('ex.run')}"
        self.query_one("#ex-statement", Markdown).update(self._statement_markdown())
        self.query_one("#ex-help-keys", Static).update(self.tr("ex.help.keys"))
        self.query_one("#ex-related-title", Static).update(self.tr("ex.related.title"))
        self._show_title()
        self.code_pane.show_state()
        self._show_hints()
        self._show_related()
        self._show_run()
        self.run_worker(self._show_pictures(), group="exercise-pictures", exclusive=True)

    def _statement_markdown(self) -> str:
        text = join_cjk_lines(self.exercise.text("statement", self.lang))
        contract = self.exercise.contract.strip()
        first_def = next((line.strip() for line in contract.splitlines() if line.strip().startswith("def ")), contract)
        if first_def.split("(")[0] not in text:
            text += f"\n\n## {self.tr('ex.contract')}\n\n```python\n{contract}\n```\n"
        return fold_code(text, self._code_width())

    def _code_width(self) -> int:
        """Cells a statement code line may take: the statement's width less its padding (2 a side)
        and the code block's (2 a side); before the first layout, the screen's less the frame."""
        width = self.query_one("#ex-statement", Markdown).size.width or self.app.size.width - 4
        return max(30, width - 8)

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE_COLUMNS, "-wide")
        width = self._code_width()
        if getattr(self, "_statement_width", width) != width:
            self.query_one("#ex-statement", Markdown).update(self._statement_markdown())
        self._statement_width = width

    def _summary(self) -> dict | None:
        return attempts.summaries(self.ctx.store).get(self.exercise.id)

    def _show_title(self) -> None:
        info = self._summary()
        status = self.tr("exs.status." + attempts.status_of(info, workspace.has_work(self.exercise)))
        if info:
            status += " · " + self.tr("ex.best", passed=info.get("best_passed", 0), total=info.get("total", 0), n=info.get("attempts", 0))
        self.query_one("#ex-title", Static).update(self.tr(
            "ex.status_line", id=self.exercise.id, title=self.exercise.text("title", self.lang), difficulty=self.tr(f"difficulty.{self.exercise.difficulty}"), status=status))

    # -- the code ------------------------------------------------------------

    @property
    def code_pane(self) -> CodePane:
        return self.query_one("#ex-code", CodePane)

    @property
    def editor(self) -> TextArea:
        return self.code_pane.editor

    @property
    def dirty(self) -> bool:
        """The editor holds text that is not on disk."""
        return self.code_pane.dirty

    def action_save(self) -> None:
        """ctrl+s: write the editor's text to the workspace file (the check follows, see below)."""
        self.code_pane.save()

    @on(CodePane.Saved)
    def _saved(self) -> None:
        self.notify(self.tr("ex.saved", name=self.code_pane.path.name), timeout=3)
        self.start_check()

    @on(CodePane.ChangedOnDisk)
    def _changed_on_disk(self) -> None:
        self.schedule_check()

    def action_external_editor(self) -> None:
        """Edit in $EDITOR; its save is noticed and checked like any other."""
        self.code_pane.external_editor()

    # -- checking ------------------------------------------------------------

    def schedule_check(self) -> None:
        """Check after ``debounce_seconds`` of quiet (a burst of saves runs one check)."""
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.debounce_seconds, self.start_check)

    def action_run_checks(self) -> None:
        """F5 / r / the button: save unsaved edits, check, and show the results."""
        if self.dirty and self.code_pane.editable and not self.code_pane.save():
            return
        tabs = self.query_one("#ex-tabs", TabbedContent)
        if not (self.wide and tabs.active == "code"):  # wide: the results show beside the code
            tabs.active = "results"
        self.start_check()

    @on(Button.Pressed, "#ex-run")
    def _run_pressed(self) -> None:
        self.action_run_checks()

    def start_check(self) -> None:
        """Start a run on the file on disk (a run in progress is cancelled first)."""
        from quiz.exercises.runner import CheckRun

        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        reason = availability.unavailable_reason(self.exercise)
        if reason is not None:  # say why instead of recording a run the environment, not the code, failed
            self.notify(reason.text(self.lang), title=self.tr("exs.status.unavailable"), severity="warning", timeout=20)
            return
        if self.check_run is not None:
            self.check_run.cancel()
        self.run_id += 1
        self.tracker = RunTracker()
        try:
            if self.warm is not None:
                run = self.warm.run(self.code_pane.path)
            else:
                run = CheckRun(self.exercise.id, self.code_pane.path, command=self.ctx.runtime.checker_command)
        except catalog.CatalogError as exc:
            self.tracker = None
            self.notify(self.tr("ex.checker_crashed", error=exc), severity="error", timeout=10)
            return
        self.check_run = run
        self._started_at, self._clock = datetime.now(timezone.utc), time.monotonic()
        self._show_run()
        self._check_worker(run, self.run_id)

    @work(thread=True, exclusive=True, group="exercise-check", exit_on_error=False, description="run the exercise checks")
    def _check_worker(self, run, run_id: int) -> None:
        """Stream the run's events to the screen; a cancelled worker kills the child and drains the rest."""
        worker = get_current_worker()
        try:
            for event in run.events():
                if worker.is_cancelled:
                    run.cancel()
                self.post_message(CheckEvent(run_id, event))
        except Exception as exc:  # the runner itself broke: report it like a checker error
            self.post_message(CheckEvent(run_id, report_event(broken_run(self.exercise.id, f"{type(exc).__name__}: {exc}"))))

    async def on_check_event(self, message: CheckEvent) -> None:
        if message.run_id != self.run_id or self.tracker is None:
            return  # a run that was replaced or cancelled by a newer one
        self.tracker.take(message.event)
        if message.event.get("type") != "report":
            self._show_run()
            return
        self.check_run = None
        report = self.tracker.report
        self._show_run()
        self.query_one("#ex-results", CheckResults).focus_first_problem()
        if report.get("status") != "cancelled":
            self._record(report)
        await self._show_pictures()
        self.finished_run = message.run_id

    def _record(self, report: Report) -> None:
        store = self.ctx.store
        if store is None:
            self.notify(self.tr("ex.no_store"), severity="warning", timeout=8)
            return
        attempts.record(store, self.exercise.id, report, self._started_at, time.monotonic() - self._clock)
        self._show_title()

    def action_cancel(self) -> None:
        if self.check_run is None:
            self.notify(self.tr("ex.nothing_running"), timeout=2)
            return
        self.check_run.cancel()
        self.query_one("#ex-summary", Static).update(self.tr("ex.cancelling"))

    def action_cancel_or_back(self) -> None:
        if self.check_run is not None:
            self.action_cancel()
        else:
            self._leave()

    def _show_run(self) -> None:
        tracker = self.tracker
        self.query_one("#ex-summary", Static).update(short_summary(tracker, self.lang))
        bar = self.query_one("#ex-progress", ProgressBar)
        bar.display = tracker is not None
        if tracker is not None:
            bar.update(total=tracker.total or None, progress=tracker.done)
        self.query_one("#ex-results", CheckResults).show(tracker, self.lang)
        self.query_one("#ex-side-summary", Static).update(summary(tracker, self.lang))
        problem = tracker.first_problem() if tracker is not None else None
        self.query_one("#ex-side-detail", Static).update(detail(problem, self.lang) if problem else "")

    async def _show_pictures(self) -> None:
        metrics = (self.tracker.report or {}).get("metrics", {}) if self.tracker else {}
        labels = {k: self.tr(f"ex.pictures.{k}") for k in ("you", "reference", "step")}
        drawn = await self.query_one("#ex-charts", LossCharts).show(metrics.get("curves"), labels)
        scattered = self.query_one("#ex-scatter", SampleScatter).show(
            metrics.get("scatter"), {k: self.tr(f"ex.pictures.scatter_{k}") for k in ("title", "data", "reference", "submission")})
        generated, real = metrics.get("samples"), metrics.get("real_samples")
        self.query_one("#ex-generated", SampleGrid).set_images(self.tr("ex.pictures.generated") if generated else "", generated or [])
        self.query_one("#ex-real", SampleGrid).set_images(self.tr("ex.pictures.real") if real else "", real or [])
        self.query_one("#ex-samples").display = bool(generated or real)
        bars = self.query_one("#ex-distributions", DistributionBars).show(
            metrics.get("distributions"), {k: self.tr(f"ex.pictures.{k}") for k in ("you", "expected", "token")})
        if drawn and scattered:
            note = self.tr("ex.pictures.curves_scatter")
        elif drawn:
            note = self.tr("ex.pictures.curves")
        elif bars:
            note = self.tr("ex.pictures.distributions")
        else:
            note = self.tr("ex.pictures.none_distributions" if self.exercise.checks == "sampling" else "ex.pictures.none")
        self.query_one("#ex-pictures-note", Static).update(note)

    # -- help ----------------------------------------------------------------

    def _show_hints(self) -> None:
        ex = self.exercise
        shown = workspace.hints_shown(ex)
        total = len(ex.hints)
        parts = [f"## {self.tr('ex.hints.title')}"]
        if not shown:
            parts.append(self.tr("ex.hints.none", total=total))
        for n, hint in enumerate(ex.hints[:shown], start=1):
            parts.append(self.tr("ex.hints.item", n=n, total=total, text=join_cjk_lines(hint.get(self.lang))))
        self.query_one("#ex-hints", Markdown).update("\n\n".join(parts))

    def action_hint(self) -> None:
        """Reveal the next hint (remembered, as ``quiz exercise hint`` does) and show the Help tab."""
        try:
            number, _hint = workspace.next_hint(self.exercise)
        except OSError as exc:
            self.notify(self.tr("ex.hint_failed", path=workspace.hints_file(), reason=reason(exc)), severity="error", timeout=10)
            return
        self._show_hints()
        self.query_one("#ex-tabs", TabbedContent).active = "help"
        if number == len(self.exercise.hints):
            self.notify(self.tr("ex.hints.last"), timeout=5)

    def action_solution(self) -> None:
        """The reference as a diff against the user's code: at once after a pass, else after asking."""
        from quiz.tui.screens.dialogs import ChoiceScreen

        if attempts.has_passed(self._summary()):
            self._show_solution()
            return

        def chosen(choice: str | None) -> None:
            if choice == "show":
                self._show_solution()

        self.app.push_screen(ChoiceScreen("ex.solution.ask_title", "ex.solution.ask_body",
                                          [("show", "ex.solution.show"), ("stay", "ex.stay")],
                                          fields={"ex": self.exercise.id}, primary="stay"), chosen)

    def _show_solution(self) -> None:
        from quiz.tui.screens.solution import SolutionScreen

        self.app.push_screen(SolutionScreen(self.exercise, self.editor.text))

    def _related_ids(self) -> list[str]:
        return links.related_question_ids(self.exercise, self.ctx.bank.questions)

    def _show_related(self) -> None:
        related = self.query_one("#ex-related", ListView)
        related.clear()
        ids = self._related_ids()
        if not ids:
            related.append(ListItem(Label(self.tr("ex.related.none")), disabled=True))
        for qid in ids:  # plain Text: question text is not markup (x[t] must stay)
            related.append(ListItem(Label(Text(inline_plain(self.ctx.bank.questions[qid].prompt.get(self.lang)))), name=qid))

    @on(ListView.Highlighted, "#ex-related")
    def _related_highlighted(self, event: ListView.Highlighted) -> None:
        if event.item is not None:
            event.item.scroll_visible(animate=False)

    @on(ListView.Selected, "#ex-related")
    def _related_selected(self, event: ListView.Selected) -> None:
        from quiz.tui.screens.review import ReviewScreen

        if event.item.name:
            self.app.push_screen(ReviewScreen([event.item.name], mode="practice"))

    def action_practise_related(self) -> None:
        """A practice session over the related questions (schedule untouched)."""
        from quiz.tui.screens.review import ReviewScreen

        ids = self._related_ids()
        if ids:
            self.app.push_screen(ReviewScreen(ids, mode="practice"))
        else:
            self.notify(self.tr("ex.related.none"), timeout=4)

    # -- navigation ----------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#ex-tabs", TabbedContent).active = tab

    @on(TabbedContent.TabActivated, "#ex-tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # Focus what the tab is for: typing in Code, moving through the checks in
        # Results, scrolling elsewhere (so the arrow and page keys work at once).
        if event.pane.id == "code" and self.editor.read_only:
            return
        self.query_one(FOCUS_IN_TAB[event.pane.id]).focus()

    def _leave(self) -> None:
        from quiz.tui.screens.dialogs import ChoiceScreen

        if not self.dirty or not self.code_pane.editable:
            self.dismiss()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save" and self.code_pane.save():
                self.dismiss()
            elif choice == "discard":
                self.dismiss()

        self.app.push_screen(ChoiceScreen("ex.leave_title", "ex.leave_body",
                                          [("save", "ex.leave_save"), ("discard", "ex.leave_discard"), ("stay", "ex.stay")],
                                          fields={"name": self.code_pane.path.name}, primary="save"), chosen)

