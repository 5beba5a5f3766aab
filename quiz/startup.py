"""The ``quiz`` command's start: imports, Textual, the app and the bank, built with the
garbage collector paused.

Importing the command line, Textual and the app allocates tens of thousands of
objects that live for the whole run, and the collections those allocations set
off (about 140 before the first card, ~30 ms of CPU here) find almost nothing to
free (~570 unreachable objects). So :func:`cli`, the console script, imports the
command line with the collector paused, and :func:`start_app` pauses it again
before Textual is imported (which is why this module is apart from
:mod:`quiz.tui.app`). What was built is frozen on the way out of each pause, so
later collections, one of which can land on any key press, never walk it again.
Only the command's start does this; library calls (``load_bank``, ``build_app``
used by tests) leave the collector alone or restore it.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.config import Config
    from quiz.runtime import Runtime
    from quiz.tui.app import QuizApp


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while long-lived objects are built, then
    freeze them out of its sight.

    Nested uses are fine: only the outermost turns the collector back on. The
    collector is restored even on error (nothing is frozen then).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


def cli() -> None:
    """The ``quiz`` console script: the command line imported with the collector paused, then run."""
    with collector_paused():
        from quiz import __main__ as command_line

    command_line.cli()


def start_app(config: Config, extra_banks: Sequence[Path] = (), runtime: Runtime | None = None) -> QuizApp:
    """What ``quiz`` does before its first frame: import Textual and the app, load the
    bank, open the store, build the app, all with the collector paused."""
    with collector_paused():
        from quiz.tui.app import build_app

        return build_app(config, extra_banks, runtime)


def run(config: Config, extra_banks: Sequence[Path] = (), runtime: Runtime | None = None) -> int:
    """Start the app and run it; returns the exit status."""
    from quiz.i18n import t

    app = start_app(config, extra_banks, runtime)
    ctx = app.ctx
    result = app.run()
    if ctx.store is not None:
        ctx.store.close()
    if ctx.bank_errors:
        print("quiz: " + t("home.bank_problems", app.lang, n=len(ctx.bank_errors)), file=sys.stderr)
    return int(result or 0) if isinstance(result, int) else 0
