"""The ``quiz`` command: bare ``quiz`` opens the TUI; subcommands are thin fronts over the library.

Every handler takes the parsed arguments and the run's :class:`~quiz.runtime.Runtime`
(built here from ``--db``; tests pass their own to :func:`main`), and resolves the
language the same way (``--lang``, config.toml, the locale: :func:`quiz.config.load_config`).
Imports are deferred into the handlers so ``quiz --help`` and ``quiz validate``
start fast and never touch Textual or TensorFlow.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from quiz import __version__
from quiz.exit_codes import ExitStatus
from quiz.runtime import Runtime

EPILOG = """\
examples:
  quiz                          open the trainer (TUI)
  quiz --lang zh                open it in Chinese
  quiz --bank ~/my-decks        add your own decks to the built-in bank
  quiz validate questions/      check bank files; errors as file:line:col: message
  quiz stats                    due cards, reviews and retention per deck
  quiz plan 2026-12-20          plan the days up to an interview (see: quiz plan --help)
  quiz check gan                check your GAN exercise (see: quiz exercise --help)
  quiz export anki ~/quiz.apkg  your decks as an Anki package (or: export csv)
  quiz import notes.csv --deck my-deck   a CSV/TSV or Anki text export becomes a deck
  quiz db backup ~/quiz.bak     copy your progress (restore: quiz db restore ~/quiz.bak)
  quiz serve                    the app in your browser at http://127.0.0.1:8000

exit status: 0 success, 1 failure (invalid bank, failed check, unusable store), 2 bad usage,
3 the exercise needs TensorFlow, which this environment lacks.

data: progress in the user data directory (override with --db or QUIZ_DB / QUIZ_DATA_DIR);
settings in config.toml (QUIZ_CONFIG). Run `quiz paths` to see where.
"""


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The whole command line, its help in ``lang`` and at most 80 columns wide (:mod:`quiz.cli_text`)."""
    from quiz.cli_io import register as register_io_commands
    from quiz.cli_plan import register as register_plan_command
    from quiz.cli_text import localise_parser
    from quiz.exercises.cli import register as register_exercise_commands

    parser = argparse.ArgumentParser(  # exits with status 2 and a one-line reason on bad usage
        prog="quiz",
        description="A terminal trainer for generative-AI interviews: flashcards with FSRS review, and coding exercises (GAN, VAE, attention, decoding strategies) checked against reference solutions.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "validate", help="check question bank files",
        description="Check bank files (or folders of them) against the format; print each problem as file:line:col: message.",
        epilog="example:\n  quiz validate questions/ ~/my-decks/ml.yaml\n\nwith no PATH: the built-in bank plus --bank folders and the config's bank_dirs.\n"
        "Given files, links to other questions are resolved against the whole bank.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "stats", help="print progress per deck",
        description="Print due cards, reviews, retention and mastery per deck.",
        epilog="example:\n  quiz stats\n  quiz --db /tmp/other.sqlite3 stats",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser(
        "paths", help="show where data, settings and the bank live",
        description="Show the files and folders quiz reads and writes.",
        epilog="example:\n  quiz paths",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=_cmd_paths)

    p = sub.add_parser(
        "db", help="progress database maintenance",
        description="Maintenance of the progress database.",
        epilog="examples:\n  quiz db move-aside    keep a damaged database under a new name and start a fresh one\n"
        "  quiz db backup ~/quiz-backup.sqlite3    copy your progress (safe while the app runs)\n"
        "  quiz db restore ~/quiz-backup.sqlite3   bring it back (the current database is kept aside)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("action", choices=("check", "move-aside", "backup", "restore"),
                   help="check: open and verify it; move-aside: rename it (kept) so a fresh one starts; "
                   "backup FILE: copy it (safe while the app runs); restore FILE: replace it with a backup (the current one is kept)")
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the backup to write or restore")
    p.set_defaults(func=_cmd_db)

    register_exercise_commands(sub)
    register_io_commands(sub)
    register_plan_command(sub)
    _accept_global_options_after_command(sub)
    localise_parser(parser, lang)
    return parser


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """``--lang``, ``--bank`` and ``--db``: the options of ``quiz`` itself (the TUI) and of every command."""
    parser.add_argument("--lang", choices=("en", "zh"), help="language of the questions and the interface (default: config, then locale)")
    parser.add_argument("--bank", action="append", type=Path, default=[], metavar="DIR", help="an extra folder (or file) of YAML decks; repeatable")
    parser.add_argument("--db", type=Path, metavar="FILE", help="the progress database to use (default: in the user data directory)")


def tui_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a bare ``quiz`` (the TUI), read without building the whole command line.

    Building every command's parser and importing their modules costs ~30 ms of a
    start; the TUI needs only the global options. ``argv`` holding nothing else
    (a complete ``--lang en|zh``, ``--bank DIR``, ``--db FILE``, as ``--opt value`` or
    ``--opt=value``) is read here, to what the whole parser would make of it; anything
    else (a command, help, an abbreviation, a bad or missing value) is None, and the
    whole parser reads it and reports what is wrong.
    """
    parser = argparse.ArgumentParser(prog="quiz", add_help=False, allow_abbrev=False, exit_on_error=False)
    add_global_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def _accept_global_options_after_command(subparsers: argparse._SubParsersAction) -> None:
    """``quiz stats --db x.sqlite3 --lang zh`` as well as ``quiz --db x.sqlite3 --lang zh stats``:
    every command takes the global options too, and leaves the main options' values alone when
    not given (one resolution: :func:`quiz.config.load_config`, :func:`main`). ``--bank`` after the
    command adds to the folders given before it. A command with a ``--lang`` of its own
    (``export``: the cards' language) keeps it."""
    for parser in set(subparsers.choices.values()):
        options = parser._option_string_actions
        if "--lang" not in options:
            parser.add_argument("--lang", choices=("en", "zh"), default=argparse.SUPPRESS,
                                help="language of the output (default: config, then locale)")
        if "--db" not in options:
            parser.add_argument("--db", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                                help="the progress database to use (default: in the user data directory)")
        if "--bank" not in options:
            parser.add_argument("--bank", dest="bank_after_command", action="append", type=Path, metavar="DIR",
                                default=argparse.SUPPRESS, help="an extra folder (or file) of YAML decks; repeatable")
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_global_options_after_command(action)


def _fail(message: str) -> int:
    print(f"quiz: {message}", file=sys.stderr)
    return ExitStatus.FAILED


def _config(args: argparse.Namespace):
    from quiz.config import load_config

    return load_config(lang=args.lang)


def _cmd_validate(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz.bank import load_bank
    from quiz.i18n import t
    from quiz.library import exercise_ids, load_user_bank

    config = _config(args)
    lang = config.lang
    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        for p in missing:
            print(t("cli.validate.missing", lang, path=p), file=sys.stderr)
        # links from the files may point anywhere in the bank they belong to: resolve them against all of it
        whole, _whole_errors = load_user_bank(config, args.bank)
        bank, errors = load_bank([p for p in args.paths if p.exists()], exercise_ids=exercise_ids(),
                                 known_ids=set(whole.questions))
        failed = bool(missing)
    else:
        bank, errors = load_user_bank(config, args.bank)
        failed = False
    for error in errors:
        print(error.text(lang))
    print(t("cli.validate.summary", lang, decks=len(bank.decks), questions=len(bank.questions), problems=len(errors)),
          file=sys.stderr)
    return ExitStatus.FAILED if errors or failed else ExitStatus.OK


def _cmd_stats(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz.library import load_user_bank
    from quiz.cli_plan import stats_lines
    from quiz.cli_stats import fit, stats_text
    from quiz.cli_text import warn
    from quiz.store import utcnow

    config = _config(args)
    bank, errors = load_user_bank(config, args.bank)
    warn(errors, config.lang)
    store = runtime.open_store()
    try:
        now = utcnow()
        print(stats_text(bank, store, config, now, config.lang))
        print("\n" + fit(stats_lines(bank, store, config, now, config.lang)))
    finally:
        store.close()
    return ExitStatus.OK


def _cmd_paths(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz import locations
    from quiz.cli_text import columns
    from quiz.i18n import t

    lang = _config(args).lang
    rows = [
        ("db", runtime.store_path),
        ("config", locations.config_path()),
        ("workspace", locations.workspace_dir()),
        ("cache", locations.cache_dir()),
        ("questions", locations.questions_dir()),
        ("decks", locations.decks_dir()),
        ("exercises", locations.exercises_dir()),
    ]
    for line in columns([[t(f"cli.paths.{key}", lang), str(path)] for key, path in rows], left=2):
        print(line)
    return ExitStatus.OK


def _cmd_db(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz.store import StoreError, move_aside

    if args.action in ("backup", "restore"):
        from quiz.cli_io import cmd_db_copy

        return cmd_db_copy(args, runtime)
    path = runtime.store_path
    if args.action == "move-aside":
        if not path.exists():
            return _fail(f"there is no database at {path}; nothing to move")
        target = move_aside(path)
        print(f"moved {path} to {target}; a fresh database starts on the next run")
        return ExitStatus.OK
    try:
        store = runtime.open_store()
    except StoreError as exc:
        return _fail(str(exc))
    print(f"{path}: ok (schema {store.schema_version}, {len(store.cards())} cards, {len(store.reviews())} reviews)")
    store.close()
    return ExitStatus.OK


def _cmd_tui(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz.startup import run

    return run(_config(args), extra_banks=args.bank, runtime=runtime)


def main(argv: list[str] | None = None, runtime: Runtime | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit status.

    ``runtime``: the store and checker to use (tests inject theirs); ``--db`` overrides its store.
    """
    from quiz.config import ConfigError
    from quiz.store import StoreError

    argv = sys.argv[1:] if argv is None else argv
    args = tui_arguments(argv)
    if args is None:  # a command, help, or a mistake: the whole command line reads it
        from quiz.cli_text import argparse_language, lang_of

        lang = lang_of(argv)
        parser = build_parser(lang)
        with argparse_language(lang):
            args = parser.parse_args(argv)
    args.bank = [*args.bank, *getattr(args, "bank_after_command", [])]
    runtime = runtime or Runtime()
    if args.db:
        runtime = replace(runtime, db_path=args.db)
    func = getattr(args, "func", _cmd_tui)
    try:
        return int(func(args, runtime))
    except (ConfigError, StoreError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`quiz stats | head`): nothing more to say
        _silence_stdout()
        return ExitStatus.OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush meets no closed pipe."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test's capture): nothing will be flushed to a pipe
        pass


def cli() -> None:
    """Console-script entry point."""
    status = main()
    try:
        sys.stdout.flush()  # what is still buffered meets a closed pipe here, not at exit
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(status)


if __name__ == "__main__":
    cli()
