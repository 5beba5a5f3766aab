"""Nothing is lost: a session killed with SIGKILL keeps every grade whose next card had appeared."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from quiz.config import Config
    from quiz.runtime import Runtime
    from quiz.tui.context import AppContext
    from quiz.tui.app import QuizApp
    from quiz.tui.screens.review import ReviewScreen

    bank, db = Path(sys.argv[1]), Path(sys.argv[2])

    async def main():
        ctx = AppContext.build(Config(lang="en", session_length=50), [bank], Runtime(db))
        app = QuizApp(ctx)
        async with app.run_test(size=(100, 30)) as pilot:
            ids = list(ctx.bank.questions) * 20
            app.push_screen(ReviewScreen(ids, mode="practice"))
            await pilot.pause()
            screen = app.screen
            while True:
                q = screen.session.current
                if q.kind == "choice":
                    await pilot.press("1", "enter", "enter")
                else:
                    await pilot.press("space", "enter", "3")
                await pilot.pause()
                # the next card is on screen now: report the grade that preceded it
                print("graded", screen.session.graded[-1].question_id, len(screen.session.graded), flush=True)

    asyncio.run(main())
    """
)


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: the app in a child process
def test_sigkill_mid_session_loses_no_shown_grade(tmp_path: Path, test_bank_dir: Path) -> None:
    db = tmp_path / "p.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(test_bank_dir), str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    reported = []
    try:
        for line in proc.stdout:
            if line.startswith("graded"):
                reported.append(int(line.split()[2]))
            if len(reported) >= 6:
                break
        os.killpg(proc.pid, signal.SIGKILL)  # no clean-up, no atexit, no flush
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert len(reported) >= 6, proc.stderr.read()[-2000:]
    rows = sqlite3.connect(db).execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    assert rows >= reported[-1]  # every grade whose next card had appeared is in the database
