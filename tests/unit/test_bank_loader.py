"""The bank loader: valid files load; every kind of bad input gives file:line:col and a clear message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quiz.bank import load_bank, load_file

GOOD_Q = """\
  - id: t.q1
    kind: open
    difficulty: easy
    prompt: {en: "P?", zh: "问？"}
    answer: {en: "A.", zh: "答。"}
    key_points:
      - {en: "one", zh: "一"}
      - {en: "two", zh: "二"}
"""
HEADER = """\
format: 1
deck:
  id: t
  title: {en: T, zh: T}
questions:
"""


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(path: Path, **kw) -> list[str]:
    _bank, errors = load_bank([path], **kw)
    return [str(e) for e in errors]


def test_valid_file_loads(test_bank_dir: Path) -> None:
    bank, errors = load_bank([test_bank_dir], exercise_ids={"vae", "gan"})
    assert errors == []
    assert set(bank.decks) == {"mini", "extra"}
    q = bank.questions["extra.choice-multi"]
    assert q.correct_choices == {0, 1}
    assert bank.questions["mini.bug-one"].code.startswith("d_loss")


def test_malformed_yaml_reports_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + GOOD_Q + "    tags: [a, b\n")
    (error,) = errors_of(path)
    assert error.startswith(f"{path}:")
    line, col = error.split(":")[1:3]
    assert int(line) >= 13 and int(col) >= 1
    assert "invalid YAML" in error


@pytest.mark.parametrize(
    ("replace", "with_", "expected"),
    [
        ("kind: open", "kind: essay", "kind 'essay' is not one of open, choice, bug"),
        ("difficulty: easy", "difficulty: extreme", "difficulty 'extreme' is not one of"),
        ('prompt: {en: "P?", zh: "问？"}', 'prompt: {en: "P?"}', "is missing the 'zh' text"),
        ('answer: {en: "A.", zh: "答。"}', 'answer: "A."', "must be a mapping with 'en' and 'zh' texts"),
        ("kind: open", "kind: open\n    frequency: high", "frequency must be a whole number from 1 to 5"),
        ("kind: open", "kind: open\n    keypoints: []", "unknown key 'keypoints'"),
        ("kind: open", "kind: open\n    tags: tagged", "must be a list of strings"),
        ('      - {en: "two", zh: "二"}\n', "", "needs 2 to 6 points, has 1"),
        ("id: t.q1", "id: other.q1", "must look like 't.some-slug'"),
    ],
)
def test_schema_errors_are_named_and_located(tmp_path: Path, replace: str, with_: str, expected: str) -> None:
    text = HEADER + GOOD_Q
    assert replace in text
    path = write(tmp_path, text.replace(replace, with_, 1))
    errors = errors_of(path)
    assert any(expected in e for e in errors), errors
    assert all(e.split(":")[1].isdigit() for e in errors), errors


def test_choice_without_correct_option(tmp_path: Path) -> None:
    q = GOOD_Q.replace("kind: open", "kind: choice") + textwrap.indent(textwrap.dedent("""\
        choices:
          - text: {en: a, zh: 甲}
            correct: false
            why: {en: no, zh: 否}
          - text: {en: b, zh: 乙}
            why: {en: no, zh: 否}
    """), "    ")
    errors = errors_of(write(tmp_path, HEADER + q))
    assert any("no option is marked 'correct: true'" in e for e in errors), errors


def test_bug_question_needs_code(tmp_path: Path) -> None:
    errors = errors_of(write(tmp_path, HEADER + GOOD_Q.replace("kind: open", "kind: bug")))
    assert any("without a 'code' snippet" in e for e in errors), errors


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, HEADER + GOOD_Q, "a.yaml")
    write(tmp_path, HEADER.replace("id: t\n", "id: t2\n").replace("title: {en: T", "title: {en: T2") + GOOD_Q.replace("t.q1", "t2.q1"), "b.yaml")
    write(tmp_path, HEADER.replace("id: t\n", "id: t3\n") + GOOD_Q.replace("t.q1", "t3.q1") + GOOD_Q.replace("t.q1", "t3.q1"), "c.yaml")
    bank, errors = load_bank([tmp_path])
    messages = [str(e) for e in errors]
    assert any("duplicate question id 't3.q1'" in m and "c.yaml:" in m for m in messages), messages
    assert set(bank.questions) == {"t.q1", "t2.q1", "t3.q1"}  # the first definition is kept


def test_duplicate_deck_id_across_files(tmp_path: Path) -> None:
    write(tmp_path, HEADER + GOOD_Q, "a.yaml")
    write(tmp_path, HEADER + GOOD_Q.replace("t.q1", "t.q2"), "b.yaml")
    errors = errors_of(tmp_path)
    assert any("deck id 't' is already used" in e for e in errors), errors


def test_empty_file(tmp_path: Path) -> None:
    (error,) = errors_of(write(tmp_path, ""))
    assert "the file is empty" in error


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes((HEADER + GOOD_Q).encode("utf-8").replace("问".encode(), "问".encode("gb18030")))
    (error,) = errors_of(path)
    assert "not UTF-8" in error
    assert error.split(":")[1] == "9"  # the prompt line


def test_python_tags_are_refused_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, HEADER + GOOD_Q.replace('{en: "P?", zh: "问？"}', f'!!python/object/apply:os.system ["touch {marker}"]'))
    (error,) = errors_of(path)
    assert "not allowed" in error and "python/object/apply" in error
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]")
    text = HEADER.replace("questions:\n", "") + "\n".join(lines) + "\nquestions:\n" + GOOD_Q.replace("tags", "x").replace(
        "    kind: open\n", "    kind: open\n    tags: *a9\n")
    path = write(tmp_path, text)
    errors = errors_of(path)  # 9**10 strings if expanded; must fail fast instead
    assert any("unknown key 'a0'" in e for e in errors)
    assert any("tags" in e for e in errors), errors


def test_deep_nesting_does_not_crash(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + GOOD_Q.replace('{en: "P?", zh: "问？"}', "[" * 5000 + "]" * 5000))
    errors = errors_of(path)
    assert errors and all(isinstance(e, str) for e in errors)


def test_wrong_top_level_type(tmp_path: Path) -> None:
    (error,) = errors_of(write(tmp_path, "- just\n- a list\n"))
    assert "top level must be a mapping" in error


def test_broken_links(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + GOOD_Q + "    related: [t.nowhere]\n    exercise: nope\n")
    errors = errors_of(path, exercise_ids={"gan"})
    assert any("related question 't.nowhere' does not exist" in e for e in errors)
    assert any("exercise 'nope' does not exist (known: gan)" in e for e in errors)


def test_invalid_question_is_dropped_valid_ones_kept(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + GOOD_Q + GOOD_Q.replace("t.q1", "t.q2").replace("kind: open", "kind: nope"))
    bank, errors = load_bank([path])
    assert set(bank.questions) == {"t.q1"} and len(errors) == 1


def test_missing_file_and_directory_as_file(tmp_path: Path) -> None:
    deck, errors = load_file(tmp_path / "absent.yaml")
    assert deck is None and "no such file" in str(errors[0])


def test_cache_round_trip_gives_the_same_bank(tmp_path: Path, test_bank_dir: Path) -> None:
    cache = tmp_path / "bankcache"
    first, _ = load_bank([test_bank_dir], cache_dir=cache)
    assert len(list(cache.glob("*.json"))) == 2
    second, _ = load_bank([test_bank_dir], cache_dir=cache)
    assert first.questions == second.questions


def test_edited_file_is_reparsed_not_served_from_cache(tmp_path: Path) -> None:
    cache = tmp_path / "bankcache"
    path = write(tmp_path, HEADER + GOOD_Q)
    load_bank([path], cache_dir=cache)
    path.write_text((HEADER + GOOD_Q).replace("P?", "Edited?"), encoding="utf-8")
    bank, _ = load_bank([path], cache_dir=cache)
    assert bank.questions["t.q1"].prompt.en == "Edited?"


def test_cache_hit_builds_the_same_bank_as_validation(tmp_path) -> None:
    """The trusted builder used on a cache hit equals full validation, field for field."""
    from quiz import locations
    from quiz.bank.loader import load_bank

    folder = locations.questions_dir()
    validated, errors = load_bank([folder])  # no cache: every file validated
    assert errors == []
    load_bank([folder], cache_dir=tmp_path)  # writes the cache
    assert len(list(tmp_path.glob("*.json"))) == len(list(folder.glob("*.yaml")))
    cached, errors = load_bank([folder], cache_dir=tmp_path)  # every file a cache hit
    assert errors == []
    assert list(cached.questions) == list(validated.questions)
    for qid, q in validated.questions.items():
        assert cached.questions[qid] == q, qid
        assert cached.questions[qid].source == q.source
    assert cached.decks == validated.decks


def test_a_damaged_cache_file_falls_back_to_the_yaml(tmp_path, test_bank_dir) -> None:
    from quiz.bank.loader import load_bank

    fresh, _ = load_bank([test_bank_dir], cache_dir=tmp_path)
    for cached in tmp_path.glob("*.json"):
        cached.write_text('{"format": 1, "deck": {"id": 3}, "questions": [{"id": null}]}', encoding="utf-8")
    again, errors = load_bank([test_bank_dir], cache_dir=tmp_path)
    assert errors == [] and again.questions == fresh.questions


def test_an_aliased_list_is_named_as_an_alias_and_the_file_is_composed_once(tmp_path: Path, monkeypatch) -> None:
    import yaml

    shared = GOOD_Q.replace("    key_points:\n", "    key_points: &kp\n")
    others = "".join(GOOD_Q.replace("t.q1", f"t.q{i}").split("    key_points:\n")[0] + "    key_points: *kp\n" for i in range(2, 40))
    path = write(tmp_path, HEADER + shared + others)
    calls = []
    real = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    errors = errors_of(path)
    assert len(errors) == 38
    assert all("key_points reuses a YAML alias; write it out instead" in e for e in errors), errors[:2]
    assert errors[0].startswith(f"{path}:") and ":19:5:" in errors[0]  # questions[1].key_points: line 19, column 5
    assert len(calls) == 1  # one compose for 38 locations


def test_a_changed_validator_revalidates_cached_files(tmp_path: Path, monkeypatch) -> None:
    """A cache entry means "passed this validator": tightening a rule must not be hidden by it."""
    import shutil

    from quiz.bank import loader

    sources = []
    for source in loader.VALIDATION_SOURCES:
        copy = tmp_path / source.name
        shutil.copy(source, copy)
        sources.append(copy)
    monkeypatch.setattr(loader, "VALIDATION_SOURCES", tuple(sources))
    cache = tmp_path / "bankcache"
    path = write(tmp_path, HEADER + GOOD_Q)
    assert errors_of(path, cache_dir=cache) == []  # valid: cached
    real = loader.validate_document

    def stricter(data, source, problems):
        deck = real(data, source, problems)
        problems.add(("questions", 0, "prompt"), "prompts must end with a full stop")
        return deck

    monkeypatch.setattr(loader, "validate_document", stricter)
    assert errors_of(path, cache_dir=cache) == []  # same validator source: the cached verdict stands
    sources[0].write_text(sources[0].read_text(encoding="utf-8") + "\n# a tightened rule\n", encoding="utf-8")
    (error,) = errors_of(path, cache_dir=cache)
    assert "prompts must end with a full stop" in error and error.startswith(f"{path}:9:5:")  # the prompt's line


def test_loading_leaves_the_garbage_collector_alone(tmp_path: Path) -> None:
    """load_bank is a library call: pausing or freezing the collector is the app's start-up's business."""
    import gc

    gc.unfreeze()
    assert gc.isenabled()
    load_bank([write(tmp_path, HEADER + GOOD_Q)])
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_app_start_up_builds_with_the_collector_paused_and_freezes_what_it_built(tmp_path: Path, test_bank_dir: Path, monkeypatch) -> None:
    import gc

    from quiz.config import Config
    from quiz.runtime import Runtime
    from quiz.tui import app as app_module

    states = []
    real = app_module.AppContext.build
    monkeypatch.setattr(app_module.AppContext, "build", lambda *a, **kw: states.append(gc.isenabled()) or real(*a, **kw))
    gc.unfreeze()
    app = app_module.build_app(Config(lang="en"), [test_bank_dir], Runtime(tmp_path / "p.db"))
    assert states == [False] and gc.isenabled() and gc.get_freeze_count() > 0
    question = next(iter(app.ctx.bank.questions.values()))
    assert not any(question is obj for obj in gc.get_objects())  # frozen objects are not in any generation
    app.ctx.store.close()
    monkeypatch.setattr(app_module.AppContext, "build", lambda *a, **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        app_module.build_app(Config(lang="en"))
    assert gc.isenabled()  # restored on error too


def test_every_problem_also_reads_in_chinese(tmp_path: Path) -> None:
    """Each message the loader and validator write carries its Chinese (`quiz validate --lang zh`)."""
    import re

    from quiz.bank.errors import Message

    base = HEADER + GOOD_Q
    variants = [
        base.replace("kind: open", "kind: essay"), base.replace("difficulty: easy", "difficulty: extreme"),
        base.replace('prompt: {en: "P?", zh: "问？"}', 'prompt: {en: "P?", zh: "", fr: "P"}'),
        base.replace('answer: {en: "A.", zh: "答。"}', 'answer: "A."'),
        base.replace("kind: open", "kind: open\n    frequency: high\n    keypoints: []\n    tags: [ok, 'bad tag', 3]\n    exercise: 5\n    code: x"),
        base.replace('      - {en: "two", zh: "二"}\n', ""), base.replace("id: t.q1", "id: other.q1"),
        base.replace("kind: open", "kind: choice"),
        base.replace("kind: open", "kind: choice\n    choices: [{text: {en: a, zh: 甲}, why: {en: b, zh: 乙}, correct: maybe}]"),
        base.replace("kind: open", "kind: bug"), base.replace("questions:\n", "questions:\n  - just text\n"),
        "", "- a list\n", "format: 2\n", "format: 1\ndeck: nope\n", "format: 1\ndeck: {id: Bad_Id}\n",
        "format: 1\ndeck: {id: t2, title: {en: T, zh: T}}\nquestions: 3\n", "key: [unclosed\n", "x: !!python/object:os.system {}\n",
        HEADER.replace("id: t", "id: t3") + GOOD_Q.replace("t.q1", "t3.q1") + "    related: [t3.q1, nowhere.q]\n    exercise: nope\n",
        HEADER.replace("id: t", "id: t4") + GOOD_Q.replace("t.q1", "t4.q1") * 2,  # the same question id twice
        HEADER.replace("id: t", "id: t5") + GOOD_Q.replace("t.q1", "t5.q1").replace('prompt: {en: "P?", zh: "问？"}', "prompt: &p {en: a, zh: 甲}")
        .replace('answer: {en: "A.", zh: "答。"}', "answer: *p"),
    ]
    for i, text in enumerate(variants):
        write(tmp_path, text, f"v{i:02}.yaml")
    write(tmp_path, base, "dup.yaml")  # the same deck id (and question id) again
    (tmp_path / "latin1.yaml").write_bytes("format: 1\ndeck: caf\xe9\n".encode("latin-1"))
    _bank, errors = load_bank([tmp_path], exercise_ids={"gan"})
    messages = [e.message for e in errors]
    assert len(messages) >= 30, messages
    untranslated = [m for m in messages if not isinstance(m, Message) or not re.search(r"[\u4e00-\u9fff]", m.zh)]
    assert not untranslated, untranslated
    assert all(e.text("zh") != e.text("en") for e in errors)
