"""``quiz check`` and ``quiz exercise …`` through the real ``quiz`` parser (fake checker, no TensorFlow)."""

from __future__ import annotations

import io
import json
import os
import re
from datetime import datetime, timezone

import pytest

from quiz.__main__ import main
from quiz.exercises import availability
from quiz.exercises.catalog import get_exercise
from quiz.runtime import Runtime
from tests.exercises.conftest import fake


@pytest.fixture(autouse=True)
def tensorflow_present(monkeypatch):
    """These tests are about the commands, with a fake checker that needs no TensorFlow: they
    run the same whether or not it is installed (its absence: tests/integration/test_without_tensorflow.py)."""
    monkeypatch.setattr(availability, "missing", lambda exercise: [])


@pytest.fixture
def fake_checker():
    """The runtime to pass to ``main`` so that ``quiz check`` runs the fake child acting out ``behaviour``."""

    def use(behaviour: str) -> Runtime:
        return Runtime(checker_command=tuple(fake(behaviour)))

    return use


def test_exercise_list(capsys) -> None:
    assert main(["exercise", "list"]) == 0
    out = capsys.readouterr().out
    for ex_id in ("gan", "vae", "gan-debug", "vae-debug", "sampling", "attention", "attention-debug", "wgan-gp", "ddpm", "ddpm-debug"):
        assert ex_id in out
    assert out.count("not started") == 10
    assert "Implement a simple GAN" in out
    assert main(["--lang", "zh", "exercise", "list"]) == 0
    assert "实现一个简单的 GAN" in capsys.readouterr().out


def test_start_prints_the_path_and_protects_work(capsys) -> None:
    assert main(["exercise", "start", "gan"]) == 0
    path = capsys.readouterr().out.strip()
    assert path.endswith("gan.py")
    with open(path, "a") as handle:
        handle.write("# my work\n")
    assert main(["exercise", "start", "gan"]) == 0  # the work is there: say where, change nothing
    out, err = capsys.readouterr()
    assert out.strip() == path and "# my work" in open(path).read()
    assert "kept" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert main(["--lang", "zh", "exercise", "start", "gan"]) == 0
    assert "原样保留" in capsys.readouterr().err
    assert main(["exercise", "start", "gan", "--force"]) == 0
    assert main(["exercise", "list"]) == 0
    assert "started" in capsys.readouterr().out


def test_reset_and_unknown_ids(capsys) -> None:
    assert main(["exercise", "reset", "vae"]) == 0
    assert capsys.readouterr().out.strip().endswith("vae.py")
    assert main(["exercise", "reset", "nope"]) == 2
    assert "unknown exercise 'nope'" in capsys.readouterr().err


def test_hints_in_both_languages(capsys) -> None:
    gan = get_exercise("gan")
    assert main(["exercise", "hint", "gan"]) == 0
    assert capsys.readouterr().out.startswith(f"Hint 1 of {len(gan.hints)}: {gan.hints[0].en}")
    assert main(["--lang", "zh", "exercise", "hint", "gan"]) == 0
    assert capsys.readouterr().out.startswith(f"提示 2/{len(gan.hints)}: {gan.hints[1].zh}")


def test_solution_asks_before_a_pass(capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["exercise", "solution", "gan"]) == 1
    captured = capsys.readouterr()
    assert "not passed gan yet" in captured.err and captured.out == ""
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["exercise", "solution", "gan"]) == 0
    assert "def train_step" in capsys.readouterr().out
    assert main(["exercise", "solution", "vae", "--yes"]) == 0
    assert "def sample_latent" in capsys.readouterr().out


def test_solution_shown_without_asking_after_a_pass(capsys, monkeypatch) -> None:
    from quiz.store import Store

    store = Store.open()
    store.record_attempt("vae-debug", datetime.now(timezone.utc), 1.0, "pass", [{"name": "contract", "status": "pass"}])
    store.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["exercise", "solution", "vae-debug"]) == 0
    assert "FIX" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["check", "nope"], "unknown exercise 'nope'"),
        (["check", "gan"], "no workspace copy of gan yet: run `quiz exercise start gan`"),
        (["check", "gan", "x.py", "--time-limit", "0"], "--time-limit must be a positive"),
        (["check", "gan", "x.py", "--data", "/no/such.npz"], "--data: no such file"),
        (["check", "gan", "x.py", "--reference"], "either FILE or --reference"),
    ],
)
def test_check_usage_errors(capsys, argv, message) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_check_help_has_an_example(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--help"])
    assert exit_info.value.code == 0
    assert "quiz check gan" in capsys.readouterr().out
    for sub in ("list", "start", "reset", "hint", "solution"):
        with pytest.raises(SystemExit):
            main(["exercise", sub, "--help"])
        assert "example" in capsys.readouterr().out


def test_check_prints_marks_details_and_records_the_attempt(capsys, fake_checker) -> None:
    from quiz.store import Store

    runtime = fake_checker("forge")
    assert main(["exercise", "start", "gan"]) == 0
    capsys.readouterr()
    assert main(["check", "gan"], runtime) == 1
    out = capsys.readouterr().out
    assert "✓ contract" in out and "✗ a" in out and "– b" in out
    assert out.strip().splitlines()[-1].startswith("FAIL at a: 1 passed, 1 failed, 1 skipped")
    store = Store.open()
    attempts = store.attempts("gan")
    store.close()
    assert len(attempts) == 1 and attempts[0]["status"] == "fail"
    assert [c["status"] for c in attempts[0]["checks"]] == ["pass", "fail", "skip"]


def test_ctrl_c_during_a_check_says_cancelled_in_both_languages(capsys, fake_checker, monkeypatch) -> None:
    """Issue 18: a cancelled check says "cancelled" (not an error), in the session's language, and is not recorded."""
    from quiz.exercises.runner import CheckRun
    from quiz.store import Store

    def interrupted(self):
        yield {"type": "plan", "checks": ["contract", "a"]}
        raise KeyboardInterrupt

    monkeypatch.setattr(CheckRun, "events", interrupted)
    assert main(["exercise", "start", "gan"]) == 0
    for argv, said in ((["check", "gan"], "quiz: cancelled (ctrl+c): this run is not recorded"),
                       (["--lang", "zh", "check", "gan"], "已取消（ctrl+c）：本次运行不记录")):
        capsys.readouterr()
        assert main(argv, fake_checker("pass")) == 1
        err = capsys.readouterr().err
        assert said in err and "error" not in err, err
    store = Store.open()
    assert store.attempts("gan") == []
    store.close()


def test_check_json_and_exit_status_on_pass(capsys, fake_checker, write) -> None:
    path = write("mine.py", "x = 1\n")
    assert main(["check", "vae", str(path), "--json"], fake_checker("pass")) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "pass" and report["exercise"] == "vae"
    assert {"name", "status", "message", "seconds"} <= set(report["checks"][0])


def test_check_reference_is_not_recorded(capsys, fake_checker) -> None:
    from quiz.store import Store

    assert main(["check", "gan", "--reference", "--json"], fake_checker("pass")) == 0
    store = Store.open()
    assert store.attempts("gan") == []
    store.close()


def test_check_of_an_empty_file_needs_no_checker(capsys, write) -> None:
    path = write("empty.py", "")
    assert main(["check", "gan", str(path)]) == 1
    out = capsys.readouterr().out
    assert "✗ contract" in out and "empty.py is empty" in out and out.strip().splitlines()[-1].startswith("ERROR")


def test_check_records_in_the_db_given_by_option_without_touching_the_environment(capsys, fake_checker, tmp_path) -> None:
    """``--db`` is passed down to the code that records the attempt, not written into os.environ."""
    from quiz.store import Store

    other = tmp_path / "other.sqlite3"
    assert main(["exercise", "start", "gan"]) == 0
    environ = dict(os.environ)
    assert main(["--db", str(other), "check", "gan"], fake_checker("forge")) == 1
    assert dict(os.environ) == environ
    store = Store.open(other)
    assert [a["status"] for a in store.attempts("gan")] == ["fail"]
    store.close()
    store = Store.open()  # the default store saw nothing
    assert store.attempts("gan") == []
    store.close()
    capsys.readouterr()
    assert main(["--db", str(other), "exercise", "list"]) == 0
    assert "failing (runs 1, best 1/3)" in capsys.readouterr().out


def test_every_command_takes_its_language_from_the_config_file(capsys, tmp_path) -> None:
    """``quiz stats`` and ``quiz exercise hint`` resolve the language the same way: --lang, config.toml, locale."""
    (tmp_path / "config.toml").write_text('lang = "zh"\n', encoding="utf-8")  # QUIZ_CONFIG points here
    gan = get_exercise("gan")
    assert main(["exercise", "hint", "gan"]) == 0
    assert capsys.readouterr().out.startswith(f"提示 1/{len(gan.hints)}: {gan.hints[0].zh}")
    assert main(["--lang", "en", "exercise", "hint", "gan"]) == 0
    assert capsys.readouterr().out.startswith(f"Hint 2 of {len(gan.hints)}")
    assert main(["exercise", "list"]) == 0
    assert "实现一个简单的 GAN" in capsys.readouterr().out


def test_check_in_chinese_whichever_way_the_language_is_chosen(capsys, fake_checker, write, tmp_path, monkeypatch) -> None:
    """Check names, messages, expected values and hints in Chinese: `--lang` before or after the
    command, or the config file (one resolution for every command); English stays as it was."""
    path = write("mine.py", "x = 1\n")
    runtime = fake_checker("keyed")
    config = tmp_path / "config.toml"
    config.write_text('lang = "zh"\n', encoding="utf-8")
    outputs = []
    for argv, env in ((["check", "gan", str(path), "--lang", "zh"], {}), (["--lang", "zh", "check", "gan", str(path)], {}),
                      (["check", "gan", str(path)], {"QUIZ_CONFIG": str(config)})):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert main(argv, runtime) == 1
        outputs.append(capsys.readouterr().out)
        monkeypatch.delenv("QUIZ_CONFIG", raising=False)
    untimed = [re.sub(r"用时 [0-9.]+ 秒", "", out) for out in outputs]  # the run's wall time varies
    assert untimed[0] == untimed[1] == untimed[2]
    out = outputs[0]
    assert "正在检查 gan：" in out and "    … 正在构建参考实现的模型" in out
    assert "  ✗ 判别器输出" in out and "判别器的输出从不为负（在 5 个差异很大的批次上范围为 [0, 168]）" in out
    assert "期望：    有正有负的原始 logits" in out and "提示：    让判别器以 layers.Dense(1) 结尾，不加激活函数。" in out
    assert "已跳过：它依赖 判别器输出，而该检查未通过" in out
    assert out.strip().splitlines()[-1].startswith("未通过，位于 判别器输出：1 项通过，1 项失败，1 项跳过")
    assert main(["check", "gan", str(path), "--lang", "en"], runtime) == 1
    english = capsys.readouterr().out
    assert "✗ discriminator_output" in english and "hint:     End the discriminator with layers.Dense(1)" in english


def test_check_json_keeps_stable_keys_beside_the_rendered_text(capsys, fake_checker, write) -> None:
    path = write("mine.py", "x = 1\n")
    assert main(["check", "gan", str(path), "--json", "--lang", "zh"], fake_checker("keyed")) == 1
    failing = json.loads(capsys.readouterr().out)["checks"][1]
    assert failing["name"] == "discriminator_output" and failing["title"] == "判别器输出"
    assert failing["message"].startswith("判别器的输出从不为负") and failing["hint"].startswith("让判别器")
    assert failing["i18n"]["message"] == {"key": "gan.discriminator_output.discrimina_outputs_never",
                                          "params": {"values_min": "0", "values_max": "168"}}
    assert main(["check", "gan", str(path), "--json"], fake_checker("keyed")) == 1
    english = json.loads(capsys.readouterr().out)["checks"][1]
    assert english["title"] == "discriminator_output" and english["message"].startswith("discriminator outputs are never negative")
    assert english["i18n"] == failing["i18n"]
