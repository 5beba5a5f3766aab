"""``quiz --help`` in both languages: every (sub)command's help is translated, and no line is wider
than 80 columns (display width: a Chinese character takes two); global options after the command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from quiz.__main__ import build_parser, main
from quiz.cli_text import WIDTH, all_parsers, fit_lines, width_of, wrap
from quiz.cli_zh import missing


def _commands() -> list[list[str]]:
    """Every command path: [], ["stats"], ["exercise", "start"], …"""
    paths: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        paths.append(path)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])

    walk(build_parser(), [])
    return paths


COMMANDS = _commands()


def test_every_help_text_has_chinese() -> None:
    untranslated = []
    for parser in all_parsers(build_parser()):
        texts = [parser.description, parser.epilog]
        for action in parser._actions:
            texts.append(action.help if action.help is not argparse.SUPPRESS else None)
            if isinstance(action, argparse._SubParsersAction):
                texts += [choice.help for choice in action._choices_actions]
        untranslated += [(parser.prog, p) for text in texts for p in missing(text)]
    assert untranslated == []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "quiz" for c in COMMANDS])
def test_help_fits_80_columns_in_the_language(command: list[str], lang: str, capsys: pytest.CaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: help still stops at 80
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help", "--lang", lang] if command else ["--lang", lang, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    wide = [line for line in out.splitlines() if width_of(line) > WIDTH]
    assert wide == []
    if lang == "zh":
        assert out.startswith("用法：") and "显示本帮助并退出" in out
        assert "show this help" not in out and "usage:" not in out
    else:
        assert out.startswith("usage: ")


def test_argparse_errors_in_chinese_and_english_again_after(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["stats", "--bogus", "--lang", "zh"])
    assert exit_.value.code == 2
    assert "错误：无法识别的参数：--bogus" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["stats", "--bogus", "--lang", "en"])
    assert "error: unrecognized arguments: --bogus" in capsys.readouterr().err  # the hook was put back


def test_wrapping_never_drops_text_and_keeps_example_columns() -> None:
    zh = "在独立进程中对 FILE（默认：你的工作区副本）运行练习 ID 的全部检查，逐项打印 ✓/✗；第一个失败项给出完整说明和提示。"
    lines = wrap(zh, 30)
    assert all(width_of(line) <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == zh.replace(" ", "")
    assert not any(line.startswith(("，", "。", "）", "；")) for line in lines)  # closing marks stay on the line before
    example = "  quiz check gan --watch         check again on every save (q quits, h shows the next hint)"
    out = fit_lines(example, 60).splitlines()
    assert out[0].startswith("  quiz check gan --watch         check") and all(width_of(x) <= 60 for x in out)
    assert all(x.startswith(" " * 33) for x in out[1:])


def test_global_options_after_the_command(tmp_path: Path, test_bank_dir: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "after.sqlite3"
    assert main(["stats", "--db", str(db), "--bank", str(test_bank_dir), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert db.exists() and "合计" in out and "Mini deck" not in out and "小题库" in out
    assert main(["--bank", str(test_bank_dir), "paths", "--db", str(db)]) == 0
    assert str(db) in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_quiz_stats_fits_80_columns_and_keeps_every_deck_title(lang: str, capsys: pytest.CaptureFixture) -> None:
    from quiz.config import Config
    from quiz.library import load_user_bank

    assert main(["stats", "--lang", lang]) == 0  # the shipped bank: its longest titles are 45 columns
    out = capsys.readouterr().out
    assert max(width_of(line) for line in out.splitlines()) <= WIDTH
    # the deck column: each line up to the first gap of two spaces (a wrapped title continues indented)
    flat = "".join("".join(re.split(r"\s{2,}", line.strip())[0].split()) for line in out.splitlines())
    bank, _ = load_user_bank(Config(lang=lang))
    assert all("".join(deck.title.get(lang).split()) in flat for deck in bank.decks.values())
