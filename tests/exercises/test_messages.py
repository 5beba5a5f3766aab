"""Checker messages in both languages: every key the code uses has a Chinese template with the
same placeholders, no Chinese entry is orphaned, rendering never raises, and the English text
an :class:`M` carries is exactly what the f-string it replaced printed."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from quiz.exercises import check_text, messages
from quiz.exercises.messages import M, localize, placeholders, render

PACKAGE = Path(messages.__file__).parent


def _code_messages() -> dict[str, tuple[str, str]]:
    """Every ``M(key, english, …)`` in the exercise package: key -> (English template, where)."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "messages.py":  # where M is defined (and concatenation made)
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "M"):
                continue
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            assert len(node.args) == 2 and all(isinstance(a, ast.Constant) for a in node.args), \
                f"{where}: M takes a literal key and a literal English template"
            key, english = node.args[0].value, node.args[1].value
            assert key not in found or found[key][0] == english, f"{where}: key {key} has two English texts"
            found[key] = (english, where)
    return found


def _check_names() -> set[str]:
    """Every check registered with ``@suite.check("name", …)`` in the suites."""
    names = set()
    for path in (PACKAGE / "suites").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                names.add(node.args[0].value)
    return names


@pytest.fixture(scope="module")
def code() -> dict[str, tuple[str, str]]:
    """:func:`_code_messages`, read when a test here runs rather than when the module is
    collected: every xdist worker collects it, one runs it (the scan costs ~0.5 s)."""
    return _code_messages()


@pytest.fixture(scope="module")
def zh() -> dict[str, str]:
    return messages.zh_catalog()


def _shape(template: str) -> set[tuple[str, str, str]]:
    return set(placeholders(template))


def _sample(template: str) -> dict[str, object]:
    """A value for every placeholder that its format spec accepts."""
    values: dict[str, object] = {}
    for name, _conversion, spec in placeholders(template):
        kind = spec[-1:] if spec else ""
        values[name] = 0.25 if kind in "efgEFG%" and kind else (3 if kind in ("d", "x") else f"<{name}>")
    return values


def test_the_code_uses_hundreds_of_keyed_messages(code) -> None:
    # The checks of every suite speak through M: a guard against a scan that finds nothing.
    prefixes = {key.split(".")[0] for key in code}
    assert {"lib", "gan", "vae", "attention", "sampling", "ddpm", "wgan_gp"} <= prefixes
    assert len(code) > 500


def test_every_key_has_a_chinese_template_with_the_same_placeholders(code, zh) -> None:
    problems = []
    for key, (english, where) in sorted(code.items()):
        if key not in zh:
            problems.append(f"{where}: no Chinese entry for {key} in quiz/exercises/zh/")
            continue
        en_shape, zh_shape = _shape(english), _shape(zh[key])
        # Placeholders named en_* are English grammar (a plural "s", "is"/"are"): Chinese may leave them out.
        required = {p for p in en_shape if not p[0].startswith("en_")}
        if not required <= zh_shape <= en_shape:
            problems.append(f"{where}: {key}: placeholders {sorted(zh_shape)} in Chinese, {sorted(en_shape)} in English")
    assert not problems, "\n".join(problems)


def test_no_chinese_entry_is_orphaned(code, zh) -> None:
    orphans = sorted(set(zh) - set(code))
    assert not orphans, f"Chinese entries no code uses: {orphans}"


def test_rendering_in_both_languages_never_raises(code, zh) -> None:
    problems = []
    for key, (english, where) in sorted(code.items()):
        message = M(key, english, **_sample(english))
        wire = json.loads(json.dumps(message.wire()))  # what crosses the process boundary
        assert render(wire, str(message), "en") == str(message)
        zh_text = render(wire, str(message), "zh")
        # A Chinese template that does not render falls back to the English text: fine for the
        # user, a bug here (unless the entry is the English itself: code with no words to translate).
        if not zh_text or (zh_text == str(message) and zh.get(key) != english):
            problems.append(f"{where}: {key}: the Chinese template did not render")
    assert not problems, "\n".join(problems)


def test_every_check_has_a_chinese_name_and_no_name_is_orphaned() -> None:
    names, titles = _check_names(), messages.zh_check_titles()
    assert len(names) > 60
    assert sorted(names - set(titles)) == []
    assert sorted(set(titles) - names) == []
    assert all(titles[n].strip() and titles[n] != n for n in names)


def test_m_is_exactly_the_english_the_f_string_printed() -> None:
    values, shape, name = [0.123456, 7.0], (64, 1), "critic"
    message = M("t.k", "{lo:.3g}..{hi:.4f} shape {shape} of {name!r} ×{pct:.0%}",
                lo=values[0], hi=values[1], shape=shape, name=name, pct=0.4)
    assert message == f"{values[0]:.3g}..{values[1]:.4f} shape {shape} of {name!r} ×{0.4:.0%}"
    assert message.params == {"lo": "0.123", "hi": "7.0000", "shape": "(64, 1)", "name": "'critic'", "pct": "40%"}
    with pytest.raises(ValueError):
        M("t.k2", "{x:.2f} and {x:.3f}", x=1.0)  # one name, two formats: the zh template could not say which


def test_parameters_read_the_same_in_chinese_nested_messages_and_terms_are_translated() -> None:
    inner = M("gan.d_candidates.loss_has_wrong", "the loss has the wrong sign")
    outer = M("gan.check_loss.message_named", "{message}: {named}", message="generator_loss(fake=0) = -0.693", named=inner)
    wire = json.loads(json.dumps(outer.wire()))
    assert render(wire, str(outer), "zh") == "generator_loss(fake=0) = -0.693：损失的符号反了"
    hint = M("lib.generators.scores_on_probes.end_layers_dense", "End the {net} with layers.Dense(1) and no activation.",
             net="critic")
    assert render(hint.wire(), str(hint), "zh") == "让评论器以 layers.Dense(1) 结尾，不加激活函数。"


def test_an_unknown_key_or_a_template_that_does_not_fit_falls_back_to_english() -> None:
    assert render({"key": "no.such.key", "params": {}}, "english", "zh") == "english"
    assert render({"key": "lib.numeric.require_finite.what_kind", "params": {"what": "x"}}, "x is NaN", "zh") == "x is NaN"
    assert render(None, "plain", "zh") == "plain"


def _failing_record() -> dict:
    from quiz.exercises.messages import wire_fields

    record = {
        "name": "discriminator_output", "status": "fail", "seconds": 0.4,
        "message": M("gan.discriminator_output.discrimina_outputs_never", (
            "discriminator outputs are never negative (range [{values_min:.3g}, {values_max:.3g}] "
            "over 5 very different batches): it ends in a ReLU or another non-negative activation, "
            "so it can never score an image as fake (a logit below 0)"), values_min=0.0, values_max=3.25),
        "expected": M("gan.discriminator_output.raw_logits_both", "raw logits of both signs"),
        "actual": "[0, 3.25]",
        "hint": M("gan.discriminator_output.end_discrimina_layers", "End the discriminator with layers.Dense(1) and no activation."),
    }
    record["i18n"] = wire_fields(record)
    return json.loads(json.dumps(record))


def test_localize_renders_a_check_record_in_chinese_and_leaves_english_alone() -> None:
    record = _failing_record()
    zh = localize(record, "zh")
    assert zh["title"] == "判别器输出" and zh["name"] == "discriminator_output"
    assert zh["message"].startswith("判别器的输出从不为负（在 5 个差异很大的批次上范围为 [0, 3.25]）")
    assert zh["expected"] == "有正有负的原始 logits" and zh["actual"] == "[0, 3.25]"
    assert zh["hint"] == "让判别器以 layers.Dense(1) 结尾，不加激活函数。"
    assert zh["i18n"] == record["i18n"]  # the stable keys stay for --json readers
    en = localize(record, "en")
    assert {k: en[k] for k in record} == record and en["title"] == "discriminator_output"


def test_quiz_check_text_in_chinese() -> None:
    record = _failing_record()
    report = {"exercise": "gan", "status": "fail", "metrics": {"seconds": 3.0},
              "checks": [{"name": "contract", "status": "pass", "message": "ok", "seconds": 0.1}, record]}
    text = check_text.render(report, lang="zh")
    assert "  ✗ 判别器输出" in text
    assert "      提示：    让判别器以 layers.Dense(1) 结尾，不加激活函数。" in text
    assert text.splitlines()[-1] == "未通过，位于 判别器输出：1 项通过，1 项失败，用时 3.0 秒"
    english = check_text.render(report, lang="en")
    assert english.splitlines()[-1] == "FAIL at discriminator_output: 1 passed, 1 failed in 3.0 s"
    assert "      hint:     End the discriminator with layers.Dense(1) and no activation." in english


def test_a_record_built_by_the_runner_keeps_the_keys_of_its_messages() -> None:
    from quiz.exercises.protocol import check_record

    hint = M("lib.engine.run_one.remove_exit_call", "Remove the exit call; raise an exception or return a value instead.")
    record = check_record("contract", "error", "plain text", hint=hint)
    assert record["i18n"] == {"hint": {"key": "lib.engine.run_one.remove_exit_call", "params": {}}}
    assert localize(record, "zh")["hint"] == "去掉退出调用；改为抛出异常或返回一个值。"
    assert "i18n" not in check_record("contract", "error", "plain text")
