"""``quiz export``, ``quiz import``, ``quiz db backup|restore`` and ``quiz serve``: thin fronts.

:func:`register` adds the commands to the main parser; ``quiz db`` lives in
``quiz/__main__.py`` and hands its ``backup`` and ``restore`` actions to
:func:`cmd_db_copy`. The work is done by :mod:`quiz.anki_export`,
:mod:`quiz.table_export`, :mod:`quiz.table_import`, :mod:`quiz.backup` and
:mod:`quiz.serve`; here the arguments are checked, files written atomically
(nothing half-written) and every message printed in the user's language.
Exit statuses: see :mod:`quiz.exit_codes`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.exit_codes import ExitStatus
from quiz.i18n import t
from quiz.runtime import Runtime

_RAW = argparse.RawDescriptionHelpFormatter

_EXPORT_EPILOG = """\
examples:
  quiz export anki ~/quiz.apkg                       every deck, in your language
  quiz export anki gan.apkg --decks gan vae --lang both
  quiz export csv my.csv --decks gan --lang both     a table `quiz import` reads back

exit status: 0 written; 1 the file cannot be written; 2 bad usage (a deck that does not exist).
"""
_IMPORT_EPILOG = """\
examples:
  quiz import notes.txt --deck ml-basics             Anki's "Notes in Plain Text" export
  quiz import cards.csv --deck my-deck --lang zh     a CSV with a header row (front,back,...)
  quiz import cards.tsv --deck my-deck --out ~/decks --replace

The deck is written to your deck folder (`quiz paths`), which is always part of
the bank, unless --out says otherwise. Columns: front and back (or question and
answer) are required; key_points (one per line or separated by ;), tags,
difficulty, frequency, id and language-specific ones (front_zh, back_en, ...) are
optional. Rows with problems are listed as file:line: message and nothing is written.

exit status: 0 imported; 1 problems in the file (listed), nothing written; 2 bad usage.
"""
_SERVE_EPILOG = """\
examples:
  quiz serve                       then open http://127.0.0.1:8000
  quiz serve --port 8080 --lang zh

exit status: 0 stopped with Ctrl+C; 1 the port is in use or cannot be used.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``export``, ``import`` and ``serve`` to ``subparsers``."""
    p = subparsers.add_parser(
        "export", help="export decks to Anki (.apkg) or CSV",
        description="Write decks as an Anki package (one note per question; re-importing updates the notes) or as a CSV table.",
        epilog=_EXPORT_EPILOG, formatter_class=_RAW,
    )
    p.add_argument("format", choices=("anki", "csv"), help="anki: an .apkg package; csv: a table for spreadsheets and `quiz import`")
    p.add_argument("file", type=Path, metavar="FILE", help="the file to write (replaced whole if it exists)")
    p.add_argument("--decks", nargs="+", metavar="DECK", help="deck ids to export (default: all)")
    p.add_argument("--lang", dest="export_lang", choices=("en", "zh", "both"), help="language of the cards (default: yours)")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser(
        "import", help="turn a CSV/TSV or Anki text export into a deck",
        description="Turn a front/back table into a validated YAML deck in your bank.",
        epilog=_IMPORT_EPILOG, formatter_class=_RAW,
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a .csv, .tsv or Anki .txt file (UTF-8)")
    p.add_argument("--deck", required=True, help="id of the new deck (lower-case letters, digits, dashes)")
    p.add_argument("--title", help="the deck's title (default: its id)")
    p.add_argument("--out", type=Path, metavar="DIR", help="folder to write DECK.yaml into (default: your deck folder)")
    p.add_argument("--lang", dest="table_lang", choices=("en", "zh"), help="language of the table's text (default: detected)")
    p.add_argument("--replace", action="store_true", help="overwrite an existing DECK.yaml")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser(
        "serve", help="open the app in a web browser",
        description="Serve the app as a web page (textual-serve), on 127.0.0.1 unless --host says otherwise.",
        epilog=_SERVE_EPILOG, formatter_class=_RAW,
    )
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.set_defaults(func=cmd_serve)


def _lang(args: argparse.Namespace) -> str:
    from quiz.config import load_config

    return load_config(lang=args.lang).lang


def _say(message: str) -> None:
    print(message)


def _fail(message: str, status: ExitStatus = ExitStatus.FAILED) -> int:
    print(f"quiz: {message}", file=sys.stderr)
    return status


def _write(path: Path, data: str | bytes, lang: str, ext: str) -> int | None:
    """Write ``data`` to ``path`` all at once; an exit status on failure, None on success."""
    from quiz.atomic import write_atomic

    if path.is_dir():
        return _fail(t("io.is_dir", lang, path=path, ext=ext), ExitStatus.USAGE)
    try:
        write_atomic(path, data)
    except OSError as exc:
        return _fail(t("io.cannot_write", lang, path=path, error=exc.strerror or exc))
    return None


def cmd_export(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz.cli_text import warn
    from quiz.config import load_config
    from quiz.library import load_user_bank

    config = load_config(lang=args.lang)
    lang = config.lang
    bank, errors = load_user_bank(config, args.bank)
    warn(errors, lang)
    wanted = args.decks or list(bank.decks)
    unknown = [d for d in wanted if d not in bank.decks]
    if unknown:
        return _fail(t("io.unknown_decks", lang, decks=", ".join(unknown), known=", ".join(bank.decks)), ExitStatus.USAGE)
    decks = [bank.decks[d] for d in dict.fromkeys(wanted)]
    questions = [q for deck in decks for q in deck.questions]
    if not questions:
        return _fail(t("io.no_questions", lang), ExitStatus.USAGE)
    card_lang = args.export_lang or lang
    if args.format == "anki":
        from quiz.anki_export import apkg_bytes

        status = _write(args.file, apkg_bytes(decks, card_lang), lang, "apkg")
    else:
        from quiz.table_export import csv_text

        status = _write(args.file, csv_text(questions, card_lang), lang, "csv")
    if status is not None:
        return status
    _say(t("io.export.done", lang, n=len(questions), decks=len(decks), path=args.file, language=card_lang))
    if args.format == "anki":
        _say(t("io.export.anki_hint", lang))
    return ExitStatus.OK


def cmd_import(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz import locations
    from quiz.config import load_config
    from quiz.library import bank_paths, load_user_bank
    from quiz.table_import import parse_table

    config = load_config(lang=args.lang)
    lang = config.lang
    try:
        raw = args.file.read_bytes()
    except FileNotFoundError:
        return _fail(t("io.import.no_file", lang, path=args.file), ExitStatus.USAGE)
    except OSError as exc:
        return _fail(t("io.import.unreadable", lang, path=args.file, error=exc.strerror or exc), ExitStatus.USAGE)
    folder = args.out or locations.decks_dir()
    target = folder / f"{args.deck}.yaml"
    if target.exists() and not args.replace:  # before reading a large table for nothing
        return _fail(t("io.import.exists", lang, path=target), ExitStatus.USAGE)
    table = parse_table(raw, args.file.name, args.deck, lang=args.table_lang, title=args.title)
    if table.problems:
        first = table.problems[0]
        if first.key == "io.import.bad_deck_id":  # the option, not the file, is wrong
            return _fail(t(first.key, lang, **first.fields), ExitStatus.USAGE)
        for problem in table.problems:
            print(problem.text(args.file, lang))
        return _fail(t("io.import.failed", lang, n=len(table.problems), path=args.file))
    bank, _errors = load_user_bank(config, args.bank)
    taken = bank.decks.get(args.deck)
    if taken is not None and (taken.source is None or not target.exists() or taken.source.resolve() != target.resolve()):
        return _fail(t("io.import.deck_taken", lang, deck=args.deck, path=taken.source), ExitStatus.USAGE)
    text, error = _checked_yaml(table.document, target)
    if error:
        return _fail(t("io.import.invalid", lang, path=args.file, error=error))
    status = _write(target, text, lang, "yaml")
    if status is not None:
        return status
    _say(t("io.import.done", lang, n=len(table.document["questions"]), language=table.lang, deck=args.deck, path=target))
    known = {p.resolve() for p in bank_paths(config, args.bank)} | {locations.decks_dir().resolve()}
    if folder.resolve() not in known:
        _say(t("io.import.outside", lang, folder=folder))
    else:
        _say(t("io.import.next", lang))
    return ExitStatus.OK


def _checked_yaml(document: dict, target: Path) -> tuple[str, str]:
    """The deck as YAML, once the loader's validator passes it (an empty error when it does).

    The document is validated as plain data; the safe dumper writes plain data that
    reads back equal (tests/unit/test_table_import.py holds it), so the ~2 s of
    parsing a 10,000-row deck again are not spent."""
    from quiz.bank.validate import Problems, validate_document
    from quiz.bank.writer import dump_deck

    problems = Problems()
    validate_document(document, target, problems)
    if problems.items:
        return "", "; ".join(message for _path, message in problems.items[:3])
    return dump_deck(document), ""


def cmd_db_copy(args: argparse.Namespace, runtime: Runtime) -> int:
    """``quiz db backup FILE`` and ``quiz db restore FILE``."""
    from quiz import backup

    lang = _lang(args)
    if args.file is None:
        return _fail(t("io.db.need_file", lang, action=args.action), ExitStatus.USAGE)
    db = runtime.store_path
    try:
        if args.action == "backup":
            summary = backup.backup(db, args.file)
            _say(t("io.db.backed_up", lang, path=db, target=args.file, cards=summary.cards, reviews=summary.reviews))
        else:
            summary, kept = backup.restore(args.file, db)
            _say(t("io.db.restored", lang, source=args.file, path=db, cards=summary.cards, reviews=summary.reviews))
            if kept is not None:
                _say(t("io.db.kept", lang, kept=kept))
    except backup.CopyError as exc:
        return _fail(t(exc.key, lang, **exc.fields))
    return ExitStatus.OK


def cmd_serve(args: argparse.Namespace, runtime: Runtime) -> int:
    from quiz import serve

    lang = _lang(args)
    problem = serve.port_problem(args.host, args.port) if 0 < args.port < 65536 else "denied"
    if problem is not None:
        return _fail(t(f"io.serve.{problem}", lang, host=args.host, port=args.port, next=args.port + 1))
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(t("io.serve.public", lang, host=args.host), file=sys.stderr)
    command = serve.app_command(lang=args.lang, banks=args.bank, db=runtime.db_path)
    _say(t("io.serve.open", lang, host=args.host, port=args.port))
    try:
        serve.serve(command, args.host, args.port)
    except OSError:  # lost the port between the check and the start
        return _fail(t("io.serve.in_use", lang, host=args.host, port=args.port, next=args.port + 1))
    return ExitStatus.OK
