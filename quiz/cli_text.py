"""Plain-text layout for the command line: display width, padding, wrapping, and ``--help`` in the user's language.

Chinese characters take two terminal cells, so every measure here is the display
width (Rich's ``cell_len``), and Chinese wraps between characters (the word pattern
of :mod:`quiz.tui.cjk_wrap`, which keeps closing marks off a line's start).

``--help`` is built by argparse from the English texts beside the code;
:func:`localise_parser` swaps in the Chinese ones (:mod:`quiz.cli_zh`, keyed by the
English paragraph), and :func:`argparse_language` translates argparse's own words
("usage:", "options", its error messages) while a command line is parsed. Every
line of help fits :data:`WIDTH` columns (:class:`HelpFormatter`).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
from collections.abc import Iterator

from rich.cells import cell_len

from quiz.bank.errors import BankError

from quiz.tui.cjk_wrap import CLOSING, word_pattern

WIDTH = 80
"""The widest line the command line prints (help, tables)."""


def width_of(text: str) -> int:
    """Display width: wide (CJK) characters take two cells."""
    return cell_len(text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` cells (on the left when ``right``)."""
    gap = " " * max(0, width - width_of(text))
    return gap + text if right else text + gap


def columns(rows: list[list[str]], gap: str = "  ", left: int = 1) -> list[str]:
    """Rows as aligned columns: the first ``left`` left-aligned (text), the others right-aligned (numbers)."""
    widths = column_widths(rows, gap=gap, width=None)
    return [line for lines in fitted_rows(rows, widths, gap=gap, left=left) for line in lines]


def column_widths(rows: list[list[str]], *, gap: str = "  ", wrap_column: int = 0, width: int | None = WIDTH) -> list[int]:
    """Each column's width: as wide as its widest cell, but for ``wrap_column``, which gives up
    what the others need to stay within ``width`` cells (None: no limit)."""
    widths = [max(width_of(r[i]) for r in rows) for i in range(len(rows[0]))]
    if width is not None:
        room = width - sum(w for i, w in enumerate(widths) if i != wrap_column) - len(gap) * (len(widths) - 1)
        widths[wrap_column] = max(8, min(widths[wrap_column], room))
    return widths


def fitted_rows(rows: list[list[str]], widths: list[int], *, gap: str = "  ", left: int = 1,
                wrap_column: int = 0) -> list[list[str]]:
    """Rows laid out in columns of ``widths``: the first ``left`` left-aligned, the rest right-aligned;
    ``wrap_column``'s text wraps under itself. One list of lines per row."""
    indent = sum(w + len(gap) for w in widths[:wrap_column])
    out = []
    for row in rows:
        text = wrap(row[wrap_column], widths[wrap_column], hang="  ") or [""]
        cells = [text[0] if i == wrap_column else c for i, c in enumerate(row)]
        first = gap.join(pad(c, w, right=i >= left) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
        out.append([first] + [" " * indent + more for more in text[1:]])
    return out


def wrap(text: str, width: int, indent: str = "", hang: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` cells: the first after ``indent``, the rest after ``hang``.

    Breaks at spaces, and between Chinese characters; a word longer than a line
    (a path, a URL) is kept whole rather than cut.
    """
    lines: list[str] = []
    line = indent
    for word in word_pattern().findall(" ".join(text.split())):  # the indent is kept as given
        stem = word.rstrip()
        if line.strip() and width_of(line + stem) > width:
            lines.append(line.rstrip())
            line = hang + word.lstrip()
        else:
            line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fit_lines(text: str, width: int) -> str:
    """``text`` with every line at most ``width`` cells, its layout kept where it fits.

    Prose (unindented lines) that overflows is reflowed as one paragraph; an
    indented line that overflows wraps under its own second column (an example
    ``  quiz x      what it does`` continues under "what it does"), else under its indent.
    """
    out: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if any(width_of(line) > width for line in prose):
            out.extend(wrap(join_lines(prose), width))
        else:
            out.extend(prose)
        prose.clear()

    for line in text.splitlines():
        if line and not line[0].isspace() and not line.rstrip().endswith(":"):
            prose.append(line)
            continue
        flush()
        if width_of(line) <= width:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        column = re.match(r"\s*\S.*?\s{2,}(?=\S)", line)
        wrapped = []
        if column and width_of(column.group(0)) <= width - 20:
            prefix = column.group(0)
            wrapped = wrap(line[len(prefix):], width, prefix, " " * width_of(prefix))
        if not wrapped or any(width_of(w) > width for w in wrapped):  # a long word: less indent
            wrapped = wrap(line.strip(), width, lead, lead + "    ")
        out.extend(wrapped)
    flush()
    return "\n".join(out)


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one: a space between them, none where Chinese meets Chinese."""
    text = ""
    for line in lines:
        line = line.strip()
        if text and line and not (width_of(text[-1]) == 2 and (width_of(line[0]) == 2 or text[-1] in CLOSING)):
            text += " "
        text += line
    return text


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's layout, measured in display cells and never wider than :data:`WIDTH`.

    Descriptions and epilogs keep their line breaks (examples stay aligned); a line
    too long is wrapped under its own indent. Option help wraps as argparse's does.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        width = min(WIDTH, shutil.get_terminal_size().columns) - 1
        super().__init__(prog, indent_increment, max_help_position, width)

    def _format_usage(self, usage, actions, groups, prefix):  # type: ignore[no-untyped-def]
        # argparse measures the prefix in characters: make room for a Chinese one's wider cells
        if prefix is None:
            prefix = argparse._("usage: ")  # type: ignore[attr-defined]
        extra = width_of(prefix) - len(prefix)
        self._width -= extra
        try:
            return super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return fit_lines("".join(indent + line for line in text.splitlines(keepends=True)), width + len(indent))


def all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """``parser`` and every subcommand's parser under it, each once."""
    found: dict[int, argparse.ArgumentParser] = {}

    def walk(p: argparse.ArgumentParser) -> None:
        if id(p) in found:
            return
        found[id(p)] = p
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)

    walk(parser)
    return list(found.values())


def localise_parser(parser: argparse.ArgumentParser, lang: str) -> None:
    """Lay out every (sub)command's help with :class:`HelpFormatter`, and put its texts in
    ``lang`` (English is what the code holds)."""
    for p in all_parsers(parser):
        p.formatter_class = HelpFormatter
    if lang != "zh":
        return
    from quiz.cli_zh import translate

    for p in all_parsers(parser):
        p.description = translate(p.description)
        p.epilog = translate(p.epilog)
        p._positionals.title = translate("positional arguments")
        p._optionals.title = translate("options")
        for action in p._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                action.help = translate(action.help)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    choice.help = translate(choice.help)


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """While parsing, argparse's own words ("usage: ", its error messages) in ``lang``.

    argparse looks them up through the module's gettext function at the moment it
    prints them; that hook is swapped for the span of one parse and put back after.
    """
    if lang != "zh":
        yield
        return
    from quiz.cli_zh import ARGPARSE

    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: ARGPARSE.get(message, original(message))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


def lang_of(argv: list[str]) -> str:
    """The interface language for a command line, before it is parsed (help is built in it):
    ``--lang`` anywhere in ``argv``, else the config, else the locale (:func:`quiz.config.load_config`)."""
    from quiz.config import ConfigError, default_lang, load_config

    chosen = None
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in ("en", "zh"):
            chosen = value
    try:
        return load_config(lang=chosen).lang
    except ConfigError:  # the command itself reports a bad config; help still shows
        return chosen or default_lang()


def warn(errors: list[BankError], lang: str) -> None:
    """Each problem found while loading the bank, as one "warning: …" line on stderr in ``lang``."""
    import sys

    from quiz.i18n import t

    for error in errors:
        print(t("cli.warning", lang, error=error.text(lang)), file=sys.stderr)
