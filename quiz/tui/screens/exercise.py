"""One coding exercise: statement, code editor, live checks, pictures and help, in tabs.

The code is the user's workspace copy (created from the starter when missing).
``ctrl+s`` saves and checks; ``e`` hands the terminal to ``$EDITOR``; any save on
disk is noticed (watch mode, :mod:`watchfiles`) and re-checked after a short
debounce. Checks run in a child process (:class:`quiz.exercises.runner.CheckRun`)
driven from a thread worker that posts :class:`quiz.tui.messages.CheckEvent`\\ s;
the screen stays responsive and ``escape``/``x`` kill the child. Each finished
run is recorded in the progress store exactly as ``quiz check`` records it.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (Button, Footer, Markdown, OptionList, ProgressBar, Static, TabbedContent, TabPane,
                             TextArea)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from quiz.exercises import catalog, links, progress, workspace
from quiz.exercises.tracker import RunTracker
from quiz.tui.messages import CheckEvent
from quiz.tui.screens.base import LocalisedScreen
from quiz.tui.widgets.check_results import CheckResults, short_summary
from quiz.tui.widgets.loss_charts import LossCharts
from quiz.tui.widgets.sample_grid import SampleGrid

TABS = ("statement", "code", "results", "pictures", "help")
DEBOUNCE_SECONDS = 0.5
FALLBACK_EDITORS = ("nano", "vim", "vi")
FOCUS_IN_TAB = {"statement": "#ex-statement-scroll", "code": "#ex-editor", "results": "#checks",
                "pictures": "#ex-pictures", "help": "#ex-help"}


class ExerciseScreen(LocalisedScreen):
    """Work on one exercise (``exercise``: a catalog entry)."""

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
        self.path = workspace.workspace_file(exercise.id)
        self.disk_text: str | None = None
        """The file's text as last read or written here (None: it could not be read)."""
        self.tracker: RunTracker | None = None
        self.check_run = None
        self.run_id = 0
        """The current run (events of older runs are ignored)."""
        self.finished_run = 0
        """The last run whose report is fully drawn and recorded."""
        self._started_at: datetime | None = None
        self._clock = 0.0
        self._debounce = None
        self._stop_watch: asyncio.Event | None = None
        self._curves_drawn: list[str] = []

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
                with Vertical(id="ex-code"):
                    yield Static(id="ex-file")
                    yield TextArea.code_editor("", language="python", id="ex-editor")
            with TabPane("", id="results"):
                yield CheckResults(id="ex-results")
            with TabPane("", id="pictures"):
                with VerticalScroll(id="ex-pictures"):
                    yield Static(id="ex-pictures-note")
                    yield LossCharts(id="ex-charts")
                    with Horizontal(id="ex-samples"):
                        yield SampleGrid(id="ex-generated")
                        yield SampleGrid(id="ex-real")
            with TabPane("", id="help"):
                with VerticalScroll(id="ex-help"):
                    yield Static(id="ex-help-keys")
                    yield Markdown(id="ex-hints")
                    yield Static(id="ex-related-title", classes="section-title")
                    yield OptionList(id="ex-related")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ex-progress", ProgressBar).display = False
        self._load_workspace()
        self._watch_file()

    def on_unmount(self) -> None:
        if self.check_run is not None:
            self.check_run.cancel()
        if self._stop_watch is not None:
            self._stop_watch.set()

    # -- language ------------------------------------------------------------

    def apply_language(self) -> None:
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
        self._show_file_state()
        self._show_hints()
        self._show_related()
        self._show_run()
        self.run_worker(self._show_pictures(), group="exercise-pictures", exclusive=True)

    def _statement_markdown(self) -> str:
        text = self.exercise.text("statement", self.lang)
        contract = self.exercise.contract.strip()
        first_def = next((line.strip() for line in contract.splitlines() if line.strip().startswith("def ")), contract)
        if first_def.split("(")[0] not in text:
            text += f"\n\n## {self.tr('ex.contract')}\n\n```python\n{contract}\n```\n"
        return text

    def _summary(self) -> dict | None:
        store = self.ctx.store
        return progress.summaries(store=store).get(self.exercise.id) if store is not None else None

    def _show_title(self) -> None:
        info = self._summary()
        status = self.tr("exs.status." + progress.status_of(info, self.path.exists()))
        if info:
            status += " · " + self.tr("ex.best", passed=info.get("best_passed", 0), total=info.get("total", 0), n=info.get("attempts", 0))
        self.query_one("#ex-title", Static).update(self.tr(
            "ex.status_line", id=self.exercise.id, title=self.exercise.text("title", self.lang), difficulty=self.tr(f"difficulty.{self.exercise.difficulty}"), status=status))

    # -- the workspace file --------------------------------------------------

    @property
    def editor(self) -> TextArea:
        return self.query_one("#ex-editor", TextArea)

    @property
    def dirty(self) -> bool:
        """The editor holds text that is not on disk."""
        return self.disk_text is None or self.editor.text != self.disk_text

    def _load_workspace(self) -> None:
        try:
            self.path = workspace.ensure_started(self.exercise)
        except (OSError, workspace.WorkspaceExists) as exc:
            self._read_only(self.tr("ex.start_failed", ex=self.exercise.id, path=self.path.parent, reason=_reason(exc)))
            return
        text = self._read_disk()
        if text is not None:
            self._set_editor(text)

    def _read_disk(self) -> str | None:
        """The file's text, or None after telling the user why it cannot be read."""
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.notify(self.tr("ex.removed", name=self.path.name), severity="warning", timeout=8)
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self._read_only(self.tr("ex.read_failed", path=self.path, reason=_reason(exc), ex=self.exercise.id))
            return None

    def _read_only(self, message: str) -> None:
        self.disk_text = None
        self.editor.read_only = True
        self.notify(message, severity="error", timeout=15)
        self._show_file_state()

    def _set_editor(self, text: str) -> None:
        editor = self.editor
        cursor = editor.cursor_location
        editor.read_only = False
        editor.load_text(text)
        self.disk_text = text
        row = min(cursor[0], editor.document.line_count - 1)
        editor.move_cursor((row, min(cursor[1], len(editor.document.get_line(row)))))
        self._show_file_state()

    def _show_file_state(self) -> None:
        if not self.is_mounted:
            return
        if self.editor.read_only:
            state, style = self.tr("ex.file.unreadable"), "red"
        elif self.dirty:
            state, style = self.tr("ex.file.modified"), "yellow"
        else:
            state, style = self.tr("ex.file.saved"), "green"
        watching = f" · {self.tr('ex.file.watching')}" if self._stop_watch is not None else ""
        self.query_one("#ex-file", Static).update(f"{_home(self.path)} · [{style}]{state}[/]{watching}")

    @on(TextArea.Changed, "#ex-editor")
    def _edited(self) -> None:
        self._show_file_state()

    def action_save(self) -> None:
        """ctrl+s: write the editor's text to the workspace file, then check it."""
        if self._save():
            self.notify(self.tr("ex.saved", name=self.path.name), timeout=3)
            self.start_check()

    def _save(self) -> bool:
        if self.editor.read_only:
            return False
        text = self.editor.text
        try:
            _write_atomic(self.path, text)
        except OSError as exc:
            self.notify(self.tr("ex.save_failed", path=self.path, reason=_reason(exc)), severity="error", timeout=15)
            return False
        self.disk_text = text
        self._show_file_state()
        return True

    @work(exclusive=True, group="exercise-watch", exit_on_error=False, description="watch the workspace file")
    async def _watch_file(self) -> None:
        """Watch mode: re-check whenever the file changes on disk, whoever saved it."""
        from watchfiles import awatch

        target = self.path.resolve()
        self._stop_watch = asyncio.Event()
        self._show_file_state()
        try:
            async for _changes in awatch(target.parent, watch_filter=lambda _c, p: Path(p).resolve() == target,
                                         stop_event=self._stop_watch, step=50, recursive=False):
                self.file_changed_on_disk()
        except Exception as exc:  # an unusable watcher must not take the screen down
            self._stop_watch = None
            self._show_file_state()
            self.notify(self.tr("ex.watch_off", reason=_reason(exc)), severity="warning", timeout=10)

    def file_changed_on_disk(self) -> None:
        """Reload the editor from disk (asking first over unsaved edits) and re-check, debounced."""
        if not self.is_attached:
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.disk_text = None
            self._show_file_state()
            self.notify(self.tr("ex.removed", name=self.path.name), severity="warning", timeout=8)
            return
        except (OSError, UnicodeDecodeError) as exc:
            self._read_only(self.tr("ex.read_failed", path=self.path, reason=_reason(exc), ex=self.exercise.id))
            return
        if text == self.disk_text:
            return  # our own save, or a touch without a change
        editor = self.editor
        if editor.read_only or not self.dirty or editor.text == text:
            self._set_editor(text)
        else:
            self.disk_text = text
            self._ask_reload(text)
        self.schedule_check()

    def _ask_reload(self, text: str) -> None:
        from quiz.tui.screens.dialogs import ChoiceScreen

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                self._set_editor(self.path.read_text(encoding="utf-8") if self.path.exists() else text)
                self.notify(self.tr("ex.reloaded", name=self.path.name), timeout=3)
            else:
                self._show_file_state()
                self.notify(self.tr("ex.kept"), timeout=5)

        name = self.path.name
        self.app.push_screen(ChoiceScreen(self.tr("ex.changed_title", name=name), self.tr("ex.changed_body"),
                                          [("reload", self.tr("ex.changed_reload")), ("keep", self.tr("ex.changed_keep"))],
                                          primary="keep"), chosen)

    def action_external_editor(self) -> None:
        """Hand the terminal to $VISUAL / $EDITOR on the workspace file; reload and check afterwards."""
        if self.editor.read_only:
            return
        if self.dirty and not self._save():
            return
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        argv = shlex.split(command) if command else []
        if not argv:
            fallback = next((name for name in FALLBACK_EDITORS if shutil.which(name)), None)
            if fallback is None:
                self.notify(self.tr("ex.no_editor"), severity="error", timeout=10)
                return
            argv = [fallback]
        try:
            with self.app.suspend():
                result = subprocess.run([*argv, str(self.path)])
        except SuspendNotSupported:
            self.notify(self.tr("ex.no_suspend"), severity="error", timeout=10)
            return
        except OSError as exc:
            self.notify(self.tr("ex.editor_failed", editor=argv[0], reason=_reason(exc)), severity="error", timeout=10)
            return
        if result.returncode != 0:
            self.notify(self.tr("ex.editor_status", editor=argv[0], code=result.returncode), severity="warning", timeout=8)
        self.file_changed_on_disk()

    # -- checking ------------------------------------------------------------

    def schedule_check(self) -> None:
        """Check after ``debounce_seconds`` of quiet (a burst of saves runs one check)."""
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.debounce_seconds, self.start_check)

    def action_run_checks(self) -> None:
        """F5 / r / the button: save unsaved edits, check, and show the results."""
        if self.dirty and not self.editor.read_only and not self._save():
            return
        self.query_one("#ex-tabs", TabbedContent).active = "results"
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
        if self.check_run is not None:
            self.check_run.cancel()
        self.run_id += 1
        self.tracker = RunTracker()
        try:
            run = CheckRun(self.exercise.id, self.path, command=self.ctx.checker_command)
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
            report = {"exercise": self.exercise.id, "status": "error", "metrics": {},
                      "checks": [{"name": "checker", "status": "error", "message": f"{type(exc).__name__}: {exc}", "seconds": 0.0}]}
            self.post_message(CheckEvent(run_id, {"type": "report", "report": report}))

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

    def _record(self, report: dict) -> None:
        store = self.ctx.store
        if store is None:
            self.notify(self.tr("ex.no_store"), severity="warning", timeout=8)
            return
        progress.record_attempt(self.exercise.id, report, self._started_at, time.monotonic() - self._clock, store=store)
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

    async def _show_pictures(self) -> None:
        metrics = (self.tracker.report or {}).get("metrics", {}) if self.tracker else {}
        labels = {k: self.tr(f"ex.pictures.{k}") for k in ("you", "reference", "step")}
        drawn = await self.query_one("#ex-charts", LossCharts).show(metrics.get("curves"), labels)
        generated, real = metrics.get("samples"), metrics.get("real_samples")
        self.query_one("#ex-generated", SampleGrid).set_images(self.tr("ex.pictures.generated") if generated else "", generated or [])
        self.query_one("#ex-real", SampleGrid).set_images(self.tr("ex.pictures.real") if real else "", real or [])
        self.query_one("#ex-samples").display = bool(generated or real)
        note = self.tr("ex.pictures.curves") if drawn else self.tr("ex.pictures.none")
        self.query_one("#ex-pictures-note", Static).update(note)
        self._curves_drawn = drawn

    # -- help ----------------------------------------------------------------

    def _show_hints(self) -> None:
        ex = self.exercise
        shown = workspace.hints_shown(ex)
        total = len(ex.hints)
        parts = [f"## {self.tr('ex.hints.title')}"]
        if not shown:
            parts.append(self.tr("ex.hints.none", total=total))
        for n, hint in enumerate(ex.hints[:shown], start=1):
            parts.append(f"**{self.tr('ex.hints.item', n=n, total=total)}**: {hint.get(self.lang) or hint['en']}")
        self.query_one("#ex-hints", Markdown).update("\n\n".join(parts))

    def action_hint(self) -> None:
        """Reveal the next hint (remembered, as ``quiz exercise hint`` does) and show the Help tab."""
        number, _hint = workspace.next_hint(self.exercise)
        self._show_hints()
        self.query_one("#ex-tabs", TabbedContent).active = "help"
        if number == len(self.exercise.hints):
            self.notify(self.tr("ex.hints.last"), timeout=5)

    def action_solution(self) -> None:
        """The reference as a diff against the user's code: at once after a pass, else after asking."""
        from quiz.tui.screens.dialogs import ChoiceScreen

        if progress.has_passed(self._summary()):
            self._show_solution()
            return

        def chosen(choice: str | None) -> None:
            if choice == "show":
                self._show_solution()

        self.app.push_screen(ChoiceScreen(self.tr("ex.solution.ask_title"), self.tr("ex.solution.ask_body", ex=self.exercise.id),
                                          [("show", self.tr("ex.solution.show")), ("stay", self.tr("ex.stay"))],
                                          primary="stay"), chosen)

    def _show_solution(self) -> None:
        from quiz.tui.screens.solution import SolutionScreen

        self.app.push_screen(SolutionScreen(self.exercise, self.editor.text))

    def _related_ids(self) -> list[str]:
        return links.related_question_ids(self.exercise, self.ctx.bank.questions)

    def _show_related(self) -> None:
        options = self.query_one("#ex-related", OptionList)
        options.clear_options()
        ids = self._related_ids()
        if not ids:
            options.add_option(Option(self.tr("ex.related.none"), disabled=True))
        for qid in ids:
            options.add_option(Option(self.ctx.bank.questions[qid].prompt.get(self.lang), id=qid))

    @on(OptionList.OptionSelected, "#ex-related")
    def _related_selected(self, event: OptionList.OptionSelected) -> None:
        from quiz.tui.screens.review import ReviewScreen

        if event.option.id:
            self.app.push_screen(ReviewScreen([event.option.id], mode="practice"))

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

        if not self.dirty or self.editor.read_only:
            self.dismiss()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save" and self._save():
                self.dismiss()
            elif choice == "discard":
                self.dismiss()

        self.app.push_screen(ChoiceScreen(self.tr("ex.leave_title"), self.tr("ex.leave_body", name=self.path.name),
                                          [("save", self.tr("ex.leave_save")), ("discard", self.tr("ex.leave_discard")),
                                           ("stay", self.tr("ex.stay"))], primary="save"), chosen)


def _write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a failed write never truncates the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _home(path: Path) -> str:
    """The path with the home folder shown as ~ (shorter in the status line)."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)
