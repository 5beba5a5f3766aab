"""``quiz import``: tables become validated decks; bad rows are named by line and nothing is written."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from quiz import locations
from quiz.__main__ import main
from quiz.bank import load_bank
from quiz.table_import import MAX_ROWS, parse_table, question_id


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_round_trip_csv_export_import_validate(tmp_path: Path, test_bank_dir: Path, bank, capsys: pytest.CaptureFixture) -> None:
    table = tmp_path / "bank.csv"
    assert main(["--bank", str(test_bank_dir), "export", "csv", str(table), "--decks", "mini", "extra", "--lang", "both"]) == 0
    out = tmp_path / "decks"
    assert main(["import", str(table), "--deck", "round-trip", "--out", str(out)]) == 0
    deck_file = out / "round-trip.yaml"
    assert main(["validate", str(deck_file)]) == 0
    imported, errors = load_bank([deck_file])
    assert not errors
    originals = [q for d in ("mini", "extra") for q in bank.decks[d].questions]
    copies = imported.decks["round-trip"].questions
    assert len(copies) == len(originals)
    for original, copy in zip(originals, copies):
        assert copy.id == "round-trip." + original.id.replace(".", "-")
        assert copy.prompt.en.startswith(original.prompt.en) and copy.prompt.zh.startswith(original.prompt.zh)
        assert copy.answer.en.endswith(original.answer.en.strip()) and copy.answer.zh.endswith(original.answer.zh.strip())
        assert copy.key_points == original.key_points
        assert (copy.tags, copy.difficulty, copy.frequency) == (original.tags, original.difficulty, original.frequency)


def test_import_into_the_user_deck_folder_joins_the_bank(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    table = write_csv(tmp_path / "cards.csv", [["Question", "Answer", "Tags"], ["What is a GAN?", "Two networks, one game.", "gan basics"],
                                               ["什么是 VAE？", "变分自编码器。", "vae"]])
    assert main(["import", str(table), "--deck", "my-deck", "--lang", "en"]) == 0
    assert "my-deck" in capsys.readouterr().out
    target = locations.decks_dir() / "my-deck.yaml"
    assert target.is_file()
    assert main(["stats"]) == 0
    assert "my-deck" in capsys.readouterr().out  # loaded with the built-in bank
    deck, _ = load_bank([target])
    q = deck.questions[question_id("my-deck", "What is a GAN?")]
    assert q.key_points == () and q.tags == ("gan", "basics") and q.kind == "open"
    assert q.prompt.en == q.prompt.zh == "What is a GAN?"


def test_ids_are_stable_and_survive_edits_elsewhere(tmp_path: Path) -> None:
    one = parse_table(b"front,back\nWhat is KL?,A divergence\nWhat is ELBO?,A bound\n", "a.csv", "d")
    two = parse_table(b"front,back\nWhat is ELBO?,A lower bound (edited)\nWhat is KL?,A divergence\nNew one?,Yes\n", "a.csv", "d")
    ids_one = {q["prompt"]["en"]: q["id"] for q in one.document["questions"]}
    ids_two = {q["prompt"]["en"]: q["id"] for q in two.document["questions"]}
    assert ids_one["What is KL?"] == ids_two["What is KL?"] and ids_one["What is ELBO?"] == ids_two["What is ELBO?"]
    assert ids_one["What is KL?"].startswith("d.what-is-kl-")


def test_anki_plain_text_export(tmp_path: Path) -> None:
    raw = ("#separator:tab\n#html:true\n#tags column:3\n"
           "What is <b>KL</b>?\tA divergence<br>not symmetric&nbsp;at all\tvae maths::kl\n"
           "\"Multi\nline front\"\tback\t\n").encode()
    table = parse_table(raw, "notes.txt", "anki")
    assert not table.problems
    first, second = table.document["questions"]
    assert first["prompt"]["en"] == "What is KL?"
    assert first["answer"]["en"] == "A divergence\n\nnot symmetric at all"
    assert first["tags"] == ["vae", "maths-kl"]
    assert second["prompt"]["en"] == "Multi\nline front"


def test_anki_export_with_guid_notetype_and_deck_columns() -> None:
    raw = ("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
           "a1b2\tBasic\tML\tFront text\tBack text\tt1 t2\n").encode()
    table = parse_table(raw, "notes.txt", "anki")
    (q,) = table.document["questions"]
    assert (q["prompt"]["en"], q["answer"]["en"], q["tags"]) == ("Front text", "Back text", ["t1", "t2"])


def test_language_detected_or_given_and_second_language_columns() -> None:
    zh = parse_table("front,back\n什么是 GAN？,生成对抗网络\n什么是 VAE？,变分自编码器\n".encode(), "z.csv", "z")
    assert zh.lang == "zh"
    both = parse_table("front,back,front_zh,back_zh,key_points,key_points_zh\nWhat?,This.,什么？,这个。,a;b,甲;乙\n".encode(), "b.csv", "b", lang="en")
    q = both.document["questions"][0]
    assert q["prompt"] == {"en": "What?", "zh": "什么？"} and q["answer"] == {"en": "This.", "zh": "这个。"}
    assert q["key_points"] == [{"en": "a", "zh": "甲"}, {"en": "b", "zh": "乙"}]


def problems_of(tmp_path: Path, capsys: pytest.CaptureFixture, data: bytes, name: str = "bad.csv", status: int = 1) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["import", str(path), "--deck", "bad"]) == status
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert not (locations.decks_dir() / "bad.yaml").exists()  # nothing half-written
    return [line for line in (captured.out + captured.err).splitlines() if line]


def test_bad_rows_are_listed_by_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = ("front,back,key_points,difficulty\n"
            "What is a GAN?,Two nets,,\n"
            ",no front,,\n"
            "\n"
            "what is  a GAN?,duplicate,,\n"
            "\"A front\nover two lines\",,,\n"
            "Rubric?,yes,only one,\n"
            "Hardness?,yes,,extreme\n").encode()
    lines = problems_of(tmp_path, capsys, data)
    path = tmp_path / "bad.csv"
    assert f"{path}:3: the front (question) is empty; fill it or delete the row" in lines
    assert f"{path}:5: the same front as line 2; merge the two rows or delete one" in lines
    assert f"{path}:6: the back (answer) is empty; fill it or delete the row" in lines
    assert any(line.startswith(f"{path}:8: 1 key point(s)") for line in lines)
    assert any(line.startswith(f"{path}:9: difficulty 'extreme'") for line in lines)
    assert lines[-1].startswith("quiz: 5 problem(s)")


def test_wrong_encoding_names_the_line_and_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    lines = problems_of(tmp_path, capsys, "front,back\nok,fine\n你好,世界\n".encode("gbk"))
    assert lines[0].startswith(f"{tmp_path / 'bad.csv'}:3: the file is not UTF-8 text") and "iconv" in lines[0]


def test_missing_columns_and_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    lines = problems_of(tmp_path, capsys, b"term;definition\nx;y\n")
    assert "no 'front' column (found: term, definition)" in lines[0] and ":1:" in lines[0]
    for empty in (b"\n\n", b"front,back\n\n", b"#separator:tab\n"):
        lines = problems_of(tmp_path, capsys, empty)
        assert "the file has no rows" in lines[0]


def test_too_many_rows_is_refused_quickly_with_the_way_out(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    rows = "".join(f"Question {i}?,Answer {i}.\n" for i in range(100_000))
    lines = problems_of(tmp_path, capsys, ("front,back\n" + rows).encode())
    assert f"100,000 rows; a deck holds at most {MAX_ROWS:,} questions" in lines[0] and "Split the file" in lines[0]


@pytest.mark.slow  # seconds of YAML parsing
def test_a_full_size_deck_imports(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = write_csv(tmp_path / "big.tsv", [["front", "back"]] + [[f"Question {i}?", f"Answer {i}."] for i in range(MAX_ROWS)], "\t")
    assert main(["import", str(path), "--deck", "big", "--out", str(tmp_path / "out")]) == 0
    deck, errors = load_bank([tmp_path / "out"])
    assert not errors and len(deck.decks["big"].questions) == MAX_ROWS


def test_existing_deck_and_taken_ids_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    table = write_csv(tmp_path / "t.csv", [["front", "back"], ["Q?", "A."]])
    assert main(["import", str(table), "--deck", "mine"]) == 0
    assert main(["import", str(table), "--deck", "mine"]) == 2
    assert "--replace" in capsys.readouterr().err
    assert main(["import", str(table), "--deck", "mine", "--replace"]) == 0
    assert main(["import", str(table), "--deck", "gan"]) == 2  # a built-in deck
    assert "already used by" in capsys.readouterr().err
    assert main(["import", str(table), "--deck", "Bad_Id"]) == 2
    assert main(["--lang", "zh", "import", str(tmp_path / "missing.csv"), "--deck", "x"]) == 2
    assert "文件不存在" in capsys.readouterr().err


def test_no_traceback_from_the_command(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = subprocess.run([sys.executable, "-m", "quiz", "import", str(path), "--deck", "d"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "not UTF-8" in result.stdout


def test_written_yaml_reads_back_equal() -> None:
    """The import validates the document as data and writes it with the safe dumper: the text must read back the same."""
    from quiz.bank.writer import dump_deck, read_back

    tricky = ["yes", "no", "null", "~", "123", "1e3", "- dash", "# hash", "key: value", "  lead", "trail  ",
              "multi\nline", "multi\nline with trailing  \n", "tab\there", "quote ' \" both", "中文：冒号", "@at", "`tick`", "", "\ufeffbom"]
    document = {"format": 1, "deck": {"id": "d", "title": {"en": "t", "zh": "t"}},
                "questions": [{"id": f"d.q{i}", "prompt": {"en": s, "zh": s}} for i, s in enumerate(tricky)]}
    assert read_back(dump_deck(document)) == document


def test_only_open_questions_may_have_no_key_points(tmp_path: Path) -> None:
    head = "format: 1\ndeck: {id: k, title: {en: K, zh: K}}\nquestions:\n"
    open_q = ("  - id: k.open\n    kind: open\n    difficulty: easy\n    prompt: {en: P, zh: 问}\n"
              "    answer: {en: A, zh: 答}\n    key_points: []\n")
    choice_q = ("  - id: k.choice\n    kind: choice\n    difficulty: easy\n    prompt: {en: P, zh: 问}\n"
                "    answer: {en: A, zh: 答}\n    key_points: []\n    choices:\n"
                "      - {text: {en: a, zh: 甲}, correct: true, why: {en: w, zh: 因}}\n"
                "      - {text: {en: b, zh: 乙}, correct: false, why: {en: w, zh: 因}}\n")
    path = tmp_path / "k.yaml"
    path.write_text(head + open_q + choice_q, encoding="utf-8")
    bank, errors = load_bank([path])
    assert list(bank.questions) == ["k.open"]
    assert len(errors) == 1 and "needs 2 to 6 points, has 0" in str(errors[0]) and ":15:" in str(errors[0])


def test_the_shipped_bank_keeps_a_rubric_on_every_question() -> None:
    bank, errors = load_bank([locations.questions_dir()], cache_dir=locations.cache_dir() / "bank")  # the run's shared parsed-bank cache (tests/conftest.py)
    assert not errors and bank.questions
    assert all(2 <= len(q.key_points) <= 6 for q in bank.questions.values())


@pytest.mark.parametrize("command", [["export", "anki", "x"], ["import", "x", "--deck", "d"], ["serve"], ["db", "backup", "x"]])
def test_new_commands_have_help_with_an_example(command: list[str], capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main([command[0], "--help"])
    assert "example" in capsys.readouterr().out
