"""``quiz check ID [FILE] --watch``: check again on every save, as rustlings' watch mode does.

For people who edit in their own terminal. Each save (seen by :mod:`watchfiles`)
cancels a run in progress and starts the next on the warm checker
(:class:`quiz.exercises.warm.WarmChecker`: TensorFlow is already loaded); the screen is
cleared and the run streams in with ``quiz check``'s own lines
(:class:`quiz.exercises.check_text.LiveRenderer`: each check as it finishes, the first
failure in full with expected/actual and its hint, the summary), followed by what to do
next. Keys: ``q`` (or Ctrl+C) stops with status 0, ``h`` shows the exercise's next
hint, ``r`` checks again. No TensorFlow here.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from quiz.exercises import catalog, check_text
from quiz.exercises.warm import WarmChecker
from quiz.i18n import t

CLEAR = "\x1b[H\x1b[2J"


class Watch:
    """One ``--watch`` session on ``path`` (see the module docstring)."""

    def __init__(self, warm: WarmChecker, path: Path, lang: str, *, record: Callable[[dict, datetime, float], None],
                 hint: Callable[[], list[str]], out: TextIO = sys.stdout, keys: TextIO | None = sys.stdin):
        self.warm = warm
        self.exercise = warm.exercise
        self.path = Path(path)
        self.lang = lang
        self.record = record
        self.hint = hint
        self.out = out
        self.keys = keys
        self.marks = check_text.symbols(getattr(out, "encoding", None))
        self._inbox: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._run = None
        self._run_id = 0
        self._renderer = check_text.LiveRenderer(self.marks)
        self._started: tuple[datetime, float] | None = None

    def loop(self) -> int:
        """Watch until ``q`` or Ctrl+C; always 0."""
        self.warm.prepare()
        watcher = threading.Thread(target=self._watch_file, daemon=True, name="watch-file")
        watcher.start()
        try:
            with _keys_unbuffered(self.keys):
                self._start()
                while True:
                    key = self._key(0.05)
                    if key == "q":
                        break
                    if key == "h":
                        self._print(*self.hint())
                    elif key == "r":
                        self._start()
                    self._drain()
        except KeyboardInterrupt:
            pass
        finally:
            self._stop.set()
            if self._run is not None:
                self._run.cancel()
            self.warm.close()
            watcher.join(timeout=2)
        self._print(t("watch.bye", self.lang))
        return 0

    # -- inputs --------------------------------------------------------------

    def _watch_file(self) -> None:
        from watchfiles import watch

        target = self.path.resolve()
        try:
            for _changes in watch(target.parent, watch_filter=lambda _c, p: Path(p).resolve() == target,
                                  stop_event=self._stop, step=50, recursive=False, raise_interrupt=False):
                self._inbox.put(("save", None, None))
        except Exception as exc:  # noqa: BLE001 - an unusable watcher: say so, keys still work
            self._inbox.put(("watch_off", None, f"{type(exc).__name__}: {exc}"))

    def _key(self, timeout: float) -> str | None:
        """One key pressed (lower case), or None; stdin at its end is read no more."""
        if self.keys is None:
            time.sleep(timeout)
            return None
        try:
            ready, _, _ = select.select([self.keys], [], [], timeout)
            data = os.read(self.keys.fileno(), 32) if ready else None
        except (OSError, ValueError):
            data = b""
        if data == b"":
            self.keys = None
            return None
        return data.decode("utf-8", "replace")[:1].lower() if data else None

    # -- runs ----------------------------------------------------------------

    def _start(self) -> None:
        """Cancel the run in progress (if any) and check the file now, on the warm process."""
        if self._run is not None:
            self._run.cancel()
        self._run_id += 1
        self._run = self.warm.run(self.path)
        self._renderer = check_text.LiveRenderer(self.marks)
        self._started = (datetime.now(timezone.utc), time.monotonic())
        clear = CLEAR if _is_tty(self.out) else ""
        self._print(clear + t("watch.header", self.lang, id=self.exercise.id, path=self.path),
                    t("watch.keys", self.lang), "")
        threading.Thread(target=self._pump, args=(self._run, self._run_id), daemon=True, name="watch-run").start()

    def _pump(self, run, run_id: int) -> None:
        try:
            for event in run.events():
                self._inbox.put(("event", run_id, event))
        except Exception as exc:  # noqa: BLE001 - the runner itself broke: report it like a checker error
            from quiz.exercises.protocol import broken_run, report_event

            self._inbox.put(("event", run_id, report_event(broken_run(self.exercise.id, f"{type(exc).__name__}: {exc}"))))

    def _drain(self) -> None:
        while True:
            try:
                kind, run_id, payload = self._inbox.get_nowait()
            except queue.Empty:
                return
            if kind == "save":
                self._start()
            elif kind == "watch_off":
                self._print(t("watch.watch_off", self.lang, reason=payload))
            elif run_id == self._run_id:
                self._show(payload)

    def _show(self, event: dict) -> None:
        self._print(*self._renderer.lines(event))
        if event.get("type") != "report":
            return
        report = event["report"]
        self._run = None
        if report.get("status") == "cancelled":
            return
        started_at, clock = self._started
        self.record(report, started_at, time.monotonic() - clock)
        self._print("", *self._next_steps(report), t("watch.waiting", self.lang))

    def _next_steps(self, report: dict) -> list[str]:
        """After a pass, what to try next; after a failure, how to go on."""
        ex = self.exercise
        if report.get("status") == "pass":
            ids = [e.id for e in catalog.list_exercises()]
            following = ids[(ids.index(ex.id) + 1) % len(ids)] if ex.id in ids else ex.id
            return [t("watch.pass_next", self.lang, id=ex.id, next=following)]
        from quiz.exercises import workspace

        return [t("watch.fail_next", self.lang, shown=workspace.hints_shown(ex), total=len(ex.hints))]

    def _print(self, *lines: str) -> None:
        for line in lines:
            self.out.write(line + "\n")
        self.out.flush()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def _keys_unbuffered(stream: TextIO | None) -> Iterator[None]:
    """Keys arrive one at a time (no Enter needed) while watching; Ctrl+C still interrupts."""
    if stream is None or not _is_tty(stream):
        yield
        return
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
