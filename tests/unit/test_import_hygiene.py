"""TensorFlow never loads on the quiz path (design.md): import, --help, and a whole headless session."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from pathlib import Path

HEAVY = ("tensorflow", "keras")


def run_python(code: str, tmp_path: Path) -> str:
    env = {"QUIZ_DATA_DIR": str(tmp_path / "d"), "QUIZ_CACHE_DIR": str(tmp_path / "c"), "QUIZ_CONFIG": str(tmp_path / "none.toml"),
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_import_and_help_do_not_load_tensorflow(tmp_path: Path) -> None:
    out = run_python(
        """
        import sys, contextlib, io
        import quiz, quiz.tui.app, quiz.exercises
        from quiz.__main__ import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main(["--help"])
            except SystemExit:
                pass
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras")))
        """,
        tmp_path,
    )
    assert out.strip() == "[]"


@pytest.mark.slow  # a whole headless session in a fresh interpreter
def test_full_headless_session_does_not_load_tensorflow(tmp_path: Path, test_bank_dir: Path) -> None:
    out = run_python(
        f"""
        import asyncio, sys
        from pathlib import Path
        from quiz.config import Config
        from quiz.runtime import Runtime
        from quiz.tui.context import AppContext
        from quiz.tui.app import QuizApp

        async def main():
            ctx = AppContext.build(Config(lang="en"), [Path({str(test_bank_dir)!r})], Runtime(Path({str(tmp_path / 'p.db')!r})))
            app = QuizApp(ctx)
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.press("r")
                for _ in range(4):
                    await pilot.pause()
                    screen = app.screen
                    q = screen.session.current
                    if q is None:
                        break
                    if q.kind == "choice":
                        await pilot.press("1", "enter", "enter")
                    else:
                        await pilot.press("space", "1", "enter", "3")
                await pilot.press("escape")
                await pilot.press("b")
                await pilot.press("s")
                await pilot.press("escape", "s")
                await pilot.pause()
            print(len(ctx.store.reviews()))
            print(sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras")))

        asyncio.run(main())
        """,
        tmp_path,
    )
    reviews, modules = out.strip().splitlines()[-2:]
    assert int(reviews) >= 3
    assert modules == "[]"


@pytest.mark.slow(tensorflow=False)  # a fresh interpreter
def test_the_console_script_imports_the_command_line_without_a_collection(tmp_path: Path) -> None:
    """``quiz`` (quiz.startup.cli, the console script) imports the command line with the collector
    paused: no collection starts while quiz.__main__ is being imported (the control, a plain
    import, runs some), and the command still runs (``quiz --version``)."""
    count = """
        import gc, sys
        during = []  # collections started while quiz.__main__ was importing (in sys.modules, cli not defined yet)
        def seen(phase, info):
            module = sys.modules.get("quiz.__main__")
            if phase == "start" and module is not None and not hasattr(module, "cli"):
                during.append(1)
        gc.callbacks.append(seen)
        import quiz.startup
        sys.argv = ["quiz", "--version"]
        try:
            {run}
        except SystemExit as exit:
            print("exit", exit.code)
        print("during", len(during), gc.isenabled())
        """
    paused = run_python(count.format(run="quiz.startup.cli()"), tmp_path)
    assert "quiz 0." in paused and "exit 0" in paused and paused.split()[-2:] == ["0", "True"]
    control = run_python(count.format(run="import quiz.__main__; quiz.__main__.cli()"), tmp_path)
    assert int(control.split()[-2]) > 0


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: the app started in a fresh interpreter
def test_quiz_imports_textual_and_builds_the_app_without_a_single_collection(tmp_path: Path) -> None:
    """quiz.startup.start_app pauses the collector before Textual is imported: none of the
    ~140 collections that importing and building would set off runs (the control, the same
    imports with the collector on, shows they do), and the collector is on again afterwards
    with what was built frozen."""
    count = """
        import gc, sys
        runs = []
        gc.callbacks.append(lambda phase, info: runs.append(1) if phase == "start" else None)
        from quiz.config import Config
        {entry}
        assert "textual" not in sys.modules
        before = len(runs)
        {start}
        print(len(runs) - before, "textual.app" in sys.modules, gc.isenabled(), gc.get_freeze_count() > 0)
        app.ctx.store.close()
        """
    paused = run_python(count.format(entry="from quiz.startup import start_app", start="app = start_app(Config(lang='en'))"), tmp_path)
    assert paused.split() == ["0", "True", "True", "True"]
    control = run_python(count.format(entry="", start="import quiz.tui.app; app = quiz.tui.app.build_app(Config(lang='en'))"), tmp_path)
    assert int(control.split()[0]) > 10


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: the app started in a fresh interpreter
def test_a_start_on_a_warm_bank_cache_imports_neither_yaml_nor_the_other_screens(tmp_path: Path) -> None:
    code = """
        import sys
        from quiz.config import Config
        from quiz.tui.app import build_app
        build_app(Config(lang="en"))
        print(sorted(m for m in sys.modules if m == "yaml" or m in (
            "quiz.tui.screens.browse", "quiz.tui.screens.stats", "quiz.tui.screens.exercises", "plotext")))
        """
    first = run_python(code, tmp_path)  # parses the YAML and fills the cache
    assert "'yaml'" in first
    assert run_python(code, tmp_path).strip() == "[]"


@pytest.mark.slow(tensorflow=False)  # seconds of CPU: the app started in a fresh interpreter
def test_the_first_plain_card_is_drawn_without_the_markdown_parser_or_the_dialogs(tmp_path: Path, test_bank_dir: Path) -> None:
    """Start-up pays only for what the first card needs: a plain prompt is drawn as
    Text, so markdown-it and pygments load later (for the answer, while the user
    reads), and the dialogs load when one opens."""
    out = run_python(
        f"""
        import asyncio, sys
        from pathlib import Path
        from quiz.config import Config
        from quiz.runtime import Runtime
        from quiz.tui.app import build_app
        from quiz.tui.screens.review import ReviewScreen

        heavy = ("markdown_it", "rich.markdown", "pygments", "quiz.tui.screens.dialogs", "tomllib")
        seen = {{}}
        app = build_app(Config(lang="en"), [Path({str(test_bank_dir)!r})], Runtime(Path({str(tmp_path / 'p.db')!r})))
        real = ReviewScreen.show_card
        def show_card(self, *args, **kwargs):  # the card's renderables are built here, before its frame
            real(self, *args, **kwargs)
            seen.setdefault("card", sorted(m for m in sys.modules if m in heavy))
        ReviewScreen.show_card = show_card

        async def main():
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.press("r")
                await pilot.pause()
                from quiz.render import prompt_markdown
                from quiz.tui.widgets.markdown_text import is_plain
                print(is_plain(prompt_markdown(app.screen.session.current, "en")))
                print(seen["card"])
        asyncio.run(main())
        """,
        tmp_path,
    )
    plain, loaded = out.strip().splitlines()[-2:]
    assert plain == "True"  # the first new card of the shipped bank has a plain prompt
    assert loaded == "[]"
