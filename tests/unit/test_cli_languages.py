"""The command line in Chinese everywhere (paths, validate, check, exercise), and ``quiz validate FILE``
resolving links against the whole bank."""

from __future__ import annotations

from pathlib import Path

import pytest

import quiz.locations
from quiz.__main__ import main


@pytest.fixture
def test_bank_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, test_bank_dir: Path) -> Path:
    """The built-in bank is the tiny test bank (mini and extra decks)."""
    monkeypatch.setattr(quiz.locations, "questions_dir", lambda: test_bank_dir)
    return test_bank_dir


def test_validate_one_file_resolves_links_in_the_whole_bank(test_bank_only: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    extra = test_bank_only / "extra.yaml"  # links to mini.open-one, in the other deck
    assert main(["validate", str(extra)]) == 0
    out = capsys.readouterr()
    assert "does not exist" not in out.out and "0 problems" in out.err
    broken = tmp_path / "broken.yaml"
    broken.write_text(extra.read_text(encoding="utf-8").replace("extra.", "broken.").replace("id: extra", "id: broken")
                      .replace("[mini.open-one]", "[mini.open-one, nowhere.at-all]"), encoding="utf-8")
    assert main(["validate", str(broken), "--lang", "zh"]) == 1
    out = capsys.readouterr()
    assert "相关题目 'nowhere.at-all' 不存在" in out.out and "mini.open-one" not in out.out  # the bank's own words in Chinese too
    assert main(["validate", str(broken)]) == 1
    assert "related question 'nowhere.at-all' does not exist" in capsys.readouterr().out
    assert "1 处问题" in out.err


def test_paths_validate_and_exercise_commands_speak_chinese(test_bank_only: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["paths", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "进度数据库" in out and "progress database" not in out
    assert main(["validate", "--lang", "zh"]) == 0
    assert "2 个题库，" in capsys.readouterr().err
    assert main(["validate", "nowhere.yaml", "--lang", "zh"]) == 1
    assert "nowhere.yaml：文件或文件夹不存在" in capsys.readouterr().err
    assert main(["check", "nope", "--lang", "zh"]) == 2
    assert "没有编程题 'nope'" in capsys.readouterr().err
    assert main(["check", "gan", "--lang", "zh"]) == 2
    assert "gan 还没有工作区副本" in capsys.readouterr().err
    assert main(["exercise", "start", "gan", "--lang", "zh"]) == 0
    capsys.readouterr()
    assert main(["check", "gan", "--time-limit", "0", "--lang", "zh"]) == 2
    assert "--time-limit 必须是正的秒数" in capsys.readouterr().err
    assert main(["exercise", "list", "--lang", "zh"]) == 0
    rows = capsys.readouterr().out.splitlines()
    gan = next(r for r in rows if r.startswith("gan "))
    assert "未开始" in gan and "中等" in gan and "not started" not in gan
    assert main(["exercise", "reset", "nope", "--lang", "zh"]) == 2
    assert "没有编程题" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exercise_list_fits_80_columns(lang: str, capsys: pytest.CaptureFixture) -> None:
    from quiz.cli_text import width_of
    from quiz.exercises import catalog

    assert main(["exercise", "list", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert max(width_of(line) for line in out.splitlines()) <= 80  # the WGAN-GP title made it 83
    flat = " ".join(out.split())
    assert all(" ".join(ex.text("title", lang).split()) in flat for ex in catalog.list_exercises())


def test_plan_usage_and_bank_warnings_speak_chinese(test_bank_only: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["plan", "--cap", "5", "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "请先给出面试日期" in err and "give the interview date" not in err
    assert main(["plan", "2099-01-01", "--clear", "--lang", "zh"]) == 2
    assert "--clear 不能与日期" in capsys.readouterr().err
    broken = tmp_path / "mine"
    broken.mkdir()
    (broken / "bad.yaml").write_text("deck: {id: x}\n", encoding="utf-8")
    for command in (["stats"], ["plan"], ["export", "csv", str(tmp_path / "out.csv")]):
        main(["--lang", "zh", *command, "--bank", str(broken)])  # export's own --lang is the cards' language
        err = capsys.readouterr().err
        assert "警告：" in err and "warning:" not in err, command
