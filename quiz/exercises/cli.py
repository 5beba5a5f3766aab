"""``quiz check`` and ``quiz exercise …``: thin command-line fronts over the exercise engine.

:func:`register` adds both commands to the main parser (``quiz/__main__.py``);
handlers take the parsed arguments and the run's :class:`~quiz.runtime.Runtime`
(the progress store, the checker command), return the exit status (0 all checks
pass, 1 a check failed / error / timeout, 2 bad usage, 3 the exercise needs
TensorFlow and this environment has none) and print user errors to stderr as one
line. No TensorFlow here.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.exercises import attempts, availability, catalog, check_text, workspace
from quiz.exercises.messages import localize_report
from quiz.exit_codes import ExitStatus
from quiz.i18n import t
from quiz.runtime import Runtime

if TYPE_CHECKING:
    from quiz.store import Store

OK, FAILED, USAGE, UNAVAILABLE = ExitStatus.OK, ExitStatus.FAILED, ExitStatus.USAGE, ExitStatus.UNAVAILABLE

_CHECK_EPILOG = """\
examples:
  quiz check gan                 check your workspace copy (see: quiz exercise start gan)
  quiz check vae my_vae.py       check another file
  quiz check gan --json          print the report as one JSON object
  quiz check gan --lang zh       check names, messages and hints in Chinese
  quiz check gan --reference     check the reference solution itself
  quiz check gan --watch         check again on every save (q quits, h shows the next hint)

exit status: 0 every check passed; 1 a check failed, raised, or the run errored or
timed out; 2 bad usage (unknown exercise, no workspace copy, bad option); 3 the
exercise needs TensorFlow, which this environment lacks (the message says why and
what to do).
"""

_EXERCISE_EPILOG = """\
examples:
  quiz exercise list             every exercise and your status on it
  quiz exercise start gan        copy the starter into your workspace and print its path
  quiz exercise hint gan         reveal the next hint
  quiz exercise solution gan     show the reference solution (asks first if you have not passed)
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``check`` and ``exercise`` (list/start/reset/hint/solution) to ``subparsers``."""
    raw = argparse.RawDescriptionHelpFormatter
    p = subparsers.add_parser(
        "check", help="run an exercise's checks on your code",
        description="Run every check of exercise ID on FILE (default: your workspace copy) in a separate "
        "process, and print each check with ✓/✗; the first failure in full with a hint.",
        epilog=_CHECK_EPILOG, formatter_class=raw,
    )
    p.add_argument("exercise", metavar="ID", help="the exercise id (`quiz exercise list` shows them all)")
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the file to check (default: the workspace copy)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument("--reference", action="store_true", help="check the reference solution instead")
    p.add_argument("--data", type=Path, metavar="NPZ", help="train on a local MNIST-format .npz instead of the synthetic digits")
    p.add_argument("--time-limit", type=float, metavar="S", help="seconds for the whole run (default: the exercise's)")
    p.add_argument("--watch", action="store_true",
                   help="check again on every save of FILE, on a checker started ahead of time (q or Ctrl+C stops)")
    p.set_defaults(func=cmd_check)

    p = subparsers.add_parser(
        "exercise", help="coding exercises: list, start, reset, hint, solution",
        description="Manage the coding exercises: your workspace copies, hints and the reference solutions.",
        epilog=_EXERCISE_EPILOG, formatter_class=raw,
    )
    sub = p.add_subparsers(dest="exercise_command", metavar="COMMAND", required=True)
    q = sub.add_parser("list", help="every exercise with your status", description="List the exercises and your status on each: not started, failing, passing.",
                       epilog="example:\n  quiz exercise list", formatter_class=raw)
    q.set_defaults(func=cmd_list)
    q = sub.add_parser("start", help="copy the starter into your workspace", description="Copy the exercise's starter into your workspace and print its path. Never overwrites your work without --force (the old file is then kept as .bak).",
                       epilog="example:\n  quiz exercise start gan\n  $EDITOR \"$(quiz exercise start gan)\"", formatter_class=raw)
    q.add_argument("exercise", metavar="ID")
    q.add_argument("--force", action="store_true", help="replace an existing copy (kept as ID.py.bak)")
    q.set_defaults(func=cmd_start)
    q = sub.add_parser("reset", help="put the starter back (your file is kept as .bak)", description="Replace your workspace copy with the starter; the previous file is kept as ID.py.bak.",
                       epilog="example:\n  quiz exercise reset vae", formatter_class=raw)
    q.add_argument("exercise", metavar="ID")
    q.set_defaults(func=cmd_reset)
    q = sub.add_parser("hint", help="reveal the next hint", description="Reveal the exercise's next hint (they are remembered; after the last, the last is shown again).",
                       epilog="example:\n  quiz exercise hint gan\n  quiz --lang zh exercise hint gan", formatter_class=raw)
    q.add_argument("exercise", metavar="ID")
    q.set_defaults(func=cmd_hint)
    q = sub.add_parser("solution", help="show the reference solution", description="Print the reference solution. Asks for confirmation unless you have passed the exercise.",
                       epilog="example:\n  quiz exercise solution gan\n  quiz exercise solution gan --yes | less", formatter_class=raw)
    q.add_argument("exercise", metavar="ID")
    q.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    q.set_defaults(func=cmd_solution)


# ---------------------------------------------------------------- helpers

def _error(message: str, status: int = USAGE) -> int:
    print(f"quiz: {message}", file=sys.stderr)
    return status


def _exercise(args: argparse.Namespace) -> catalog.Exercise:
    return catalog.get_exercise(args.exercise)


def _catalog_error(exc: catalog.CatalogError, lang: str) -> str:
    """The catalog's problem in ``lang``: an unknown id names the known ones."""
    if isinstance(exc, catalog.UnknownExercise):
        return t("cli.ex.unknown", lang, id=exc.exercise_id, known=", ".join(exc.known) or "—")
    return str(exc)


def _lang(args: argparse.Namespace) -> str:
    """The language every ``quiz`` command uses: ``--lang``, else config.toml, else the locale."""
    from quiz.config import load_config

    return load_config(lang=getattr(args, "lang", None)).lang


@contextlib.contextmanager
def _store(runtime: Runtime, lang: str) -> Iterator[Store | None]:
    """The run's progress store, closed after use; None (with a warning) when it cannot be opened."""
    from quiz.store import StoreError

    try:
        store = runtime.open_store()
    except StoreError as exc:
        print(t("cli.no_progress", lang, error=exc), file=sys.stderr)
        yield None
        return
    try:
        yield store
    finally:
        store.close()


# ---------------------------------------------------------------- commands

def cmd_check(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz.exercises.runner import CheckRun

    lang = _lang(args)
    try:
        exercise = _exercise(args)
    except catalog.CatalogError as exc:
        return _error(_catalog_error(exc, lang))
    reason = availability.unavailable_reason(exercise)
    if reason is not None:
        return _error(t("avail.cannot_check", lang, id=exercise.id, reason=reason.text(lang)), UNAVAILABLE)
    if args.time_limit is not None and args.time_limit <= 0:
        return _error(t("cli.check.time_limit", lang))
    if args.data is not None and not args.data.is_file():
        return _error(t("cli.check.no_data", lang, path=args.data))
    if args.reference and args.file:
        return _error(t("cli.check.file_or_reference", lang))
    if args.watch and (args.json or args.reference):
        return _error(t("cli.check.watch_alone", lang))
    submission = args.file
    if submission is None and not args.reference:
        submission = workspace.workspace_file(exercise.id)
        if not submission.exists():
            return _error(t("cli.check.no_copy", lang, id=exercise.id))
    if args.watch:
        return _watch(args, runtime, exercise, submission)
    run = CheckRun(exercise.id, submission, reference=args.reference, data_npz=args.data, time_limit=args.time_limit,
                   command=runtime.checker_command)
    started_at, clock = datetime.now(timezone.utc), time.monotonic()
    marks = check_text.symbols(getattr(sys.stdout, "encoding", None))
    live = None if args.json else check_text.LiveRenderer(marks, lang)
    if live:
        print(t("check.checking", lang, id=exercise.id, path=run.submission), flush=True)
    result = None
    try:
        for event in run.events():
            if event["type"] == "report":
                result = event["report"]
            if live:
                for line in live.lines(event):
                    print(line, flush=True)
    except KeyboardInterrupt:
        run.cancel()
        return _error(t("check.cancelled", lang), FAILED)
    if args.json:
        print(json.dumps(localize_report(result, lang), ensure_ascii=False))
    if not args.reference:
        with _store(runtime, lang) as store:
            attempts.record(store, exercise.id, result, started_at, time.monotonic() - clock)
    return OK if result["status"] == "pass" else FAILED


def _watch(args: argparse.Namespace, runtime: Runtime, exercise: catalog.Exercise, submission) -> int:
    """``quiz check ID [FILE] --watch`` (see :mod:`quiz.exercises.watch`): each finished run is
    recorded as a one-off check's is."""
    from quiz.exercises.warm import WarmChecker
    from quiz.exercises.watch import Watch

    lang = _lang(args)

    def hint() -> list[str]:
        try:
            line, last = _next_hint(exercise, lang)
        except OSError as exc:
            return [_hint_failure(exc, lang)]
        return [line] + ([last] if last else [])

    warm = WarmChecker(exercise.id, command=runtime.checker_command, data_npz=args.data, time_limit=args.time_limit)
    with _store(runtime, lang) as store:
        def record(report, started_at, seconds) -> None:
            attempts.record(store, exercise.id, report, started_at, seconds)

        return Watch(warm, Path(submission), lang, record=record, hint=hint).loop()


def cmd_list(args: argparse.Namespace, runtime: Runtime) -> int:
    try:
        exercises = catalog.list_exercises()
    except catalog.CatalogError as exc:
        return _error(str(exc), FAILED)
    from quiz.cli_text import column_widths, fitted_rows

    lang = _lang(args)
    with _store(runtime, lang) as store:
        summaries = attempts.summaries(store)
    unavailable = availability.unavailable_here(exercises, lang)
    blocked = {ex_id for ids in unavailable.values() for ex_id in ids}
    rows = []
    for ex in exercises:
        info = summaries.get(ex.id)
        status = t(f"exs.status.{attempts.status_of(info, workspace.has_work(ex))}", lang)
        if info:
            status += t("cli.ex.runs", lang, n=info.get("attempts", 0), best=attempts.best_text(info))
        if ex.id in blocked:
            status = t("exs.status.unavailable", lang)
        rows.append([ex.id, t(f"difficulty.{ex.difficulty}", lang), status, ex.text("title", lang)])
    widths = column_widths(rows, wrap_column=3)  # the title wraps: the list fits 80 columns
    for lines in fitted_rows(rows, widths, left=4, wrap_column=3):
        print("\n".join(lines))
    for reason, ids in unavailable.items():
        print("\n" + t("cli.ex.unavailable", lang, ids=", ".join(ids), reason=reason))
    return OK


def cmd_start(args: argparse.Namespace, runtime: Runtime) -> int:
    lang = _lang(args)
    try:
        exercise = _exercise(args)
        path, written = workspace.start(exercise, force=args.force)
        note = None if written else t("start.still_starter", lang)
    except catalog.CatalogError as exc:
        return _error(_catalog_error(exc, lang))
    except workspace.WorkspaceExists as exc:  # nothing to do: the work is there, say where
        path, note = exc.path, t("start.kept_work", lang, id=args.exercise)
    print(path)
    if note:
        print(note, file=sys.stderr)
    return OK


def cmd_reset(args: argparse.Namespace, runtime: Runtime) -> int:
    lang = _lang(args)
    try:
        exercise = _exercise(args)
    except catalog.CatalogError as exc:
        return _error(_catalog_error(exc, lang))
    path, backup = workspace.reset(exercise)
    print(path)
    if backup:
        print(t("cli.ex.kept", lang, path=backup), file=sys.stderr)
    return OK


def cmd_hint(args: argparse.Namespace, runtime: Runtime) -> int:
    lang = _lang(args)
    try:
        exercise = _exercise(args)
    except catalog.CatalogError as exc:
        return _error(_catalog_error(exc, lang))
    try:
        line, last = _next_hint(exercise, lang)
    except OSError as exc:
        return _error(_hint_failure(exc, lang), FAILED)
    print(line)
    if last:
        print(last, file=sys.stderr)
    return OK


def _next_hint(exercise: catalog.Exercise, lang: str) -> tuple[str, str | None]:
    """Reveal the next hint (remembered): its line, and a note when it was the last (raises OSError)."""
    number, hint = workspace.next_hint(exercise)
    total = len(exercise.hints)
    line = t("hint.line", lang, n=number, total=total, text=hint.get(lang))
    return line, t("hint.last", lang) if number == total else None


def _hint_failure(exc: OSError, lang: str) -> str:
    return t("cli.ex.hint_failed", lang, path=workspace.hints_file(), error=exc.strerror or exc)


def cmd_solution(args: argparse.Namespace, runtime: Runtime) -> int:
    lang = _lang(args)
    try:
        exercise = _exercise(args)
    except catalog.CatalogError as exc:
        return _error(_catalog_error(exc, lang))
    with _store(runtime, lang) as store:
        passed = attempts.has_passed(attempts.summaries(store).get(exercise.id))
    if not (passed or args.yes):
        print(t("cli.ex.solution_ask", lang, id=exercise.id), end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes", "是"):
            print(t("cli.ex.not_shown", lang), file=sys.stderr)
            return FAILED
    print(workspace.solution_text(exercise), end="")
    return OK
