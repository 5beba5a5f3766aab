"""Browser mode in a real browser: ``quiz serve`` in a child process, the system's headless
Chromium loads the page over the DevTools protocol, keys pressed in the page start a
review and grade a card, and a screenshot is taken while the card shows.

Skipped where no Chromium is installed (CI installs Debian's, see .ci/run).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quiz import locations
from quiz.bank import load_bank
from tests.integration import cdp

CHROMIUM = cdp.find_chromium()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)"),
]
ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"quiz serve exited early: {proc.communicate()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"quiz serve did not listen on {port} within {seconds} s")


def reviews(db: Path) -> list[tuple[str, str]]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT question_id, mode FROM reviews").fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []
    finally:
        conn.close()


async def wait_until(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.25)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


async def drive(url: str, devtools_port: int, db: Path, shot: Path) -> str:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        page = await cdp.Page.connect(session, devtools_port)
        try:
            await page.send("Network.enable")
            await page.send("Page.enable")
            await page.send("Page.navigate", url=url)

            def screen() -> str:
                return ANSI.sub("", page.received_text())

            async def home_shown() -> bool:
                return "Review due" in screen()

            await wait_until(home_shown, 90, "the home screen in the page")
            await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            seen = len(screen())
            await page.press("r")

            async def card_shown() -> bool:
                return "Review 1/" in screen()[seen:]

            await wait_until(card_shown, 60, "a review card after pressing r")
            shots: list[bytes] = []

            async def painted() -> bool:  # the page has drawn what it received: two captures in a row alike
                shots.append(await page.screenshot(shot))
                return len(shots) > 1 and shots[-1] == shots[-2]

            await wait_until(painted, 30, "the page to settle on the card (two screenshots alike)")
            png = shots[-1]
            assert png.startswith(b"\x89PNG") and len(png) > 10_000
            await page.press(" ")  # reveal
            await page.press("enter")  # done ticking key points
            await page.press("3")  # grade Good

            async def graded() -> bool:
                return bool(reviews(db))

            await wait_until(graded, 60, "the grade to reach the progress database")
            return screen()
        finally:
            await page.close()


def test_served_app_shows_a_card_and_takes_keys_in_chromium(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "progress.sqlite3"
    env = {**os.environ, "QUIZ_LANG": "en", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    server = subprocess.Popen(
        [sys.executable, "-m", "quiz", "--lang", "en", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
    )
    browser = None
    try:
        wait_for_port(port, server)
        profile = tmp_path / "chromium-profile"
        profile.mkdir()
        browser, devtools_port = cdp.launch(CHROMIUM, profile)
        shot = tmp_path / "card.png"
        text = asyncio.run(drive(f"http://127.0.0.1:{port}/", devtools_port, db, shot))
        (question_id, mode), = reviews(db)
        assert mode == "review"
        bank, _errors = load_bank([locations.questions_dir()])
        prompt = bank.questions[question_id].prompt.en
        assert prompt[:30] in text  # the graded card's question reached the page
        assert shot.stat().st_size > 10_000
    finally:
        if browser is not None:
            os.killpg(browser.pid, signal.SIGTERM)
            browser.wait(timeout=30)
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
