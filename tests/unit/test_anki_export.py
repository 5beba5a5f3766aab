"""``quiz export anki``: the .apkg is a zip holding Anki's SQLite collection; notes, fields and GUIDs are read back from it."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from quiz.__main__ import main
from quiz.anki_export import FIELDS, MODEL_ID, note_guid

FIELD_SEPARATOR = "\x1f"  # Anki joins a note's fields with the unit separator


def read_apkg(path: Path, tmp_path: Path) -> dict:
    """The notes of an .apkg by GUID: fields (by name), tags, and the note type's field names."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        collection = tmp_path / f"{path.stem}.anki2"
        collection.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(collection)
    try:
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        rows = conn.execute("SELECT guid, mid, flds, tags FROM notes").fetchall()
        cards = conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    finally:
        conn.close()
    model = models[str(MODEL_ID)]
    names = [f["name"] for f in model["flds"]]
    notes = {guid: {"fields": dict(zip(names, flds.split(FIELD_SEPARATOR))), "tags": tags.split(), "mid": mid}
             for guid, mid, flds, tags in rows}
    return {"notes": notes, "names": names, "cards": cards, "decks": {d["name"] for d in decks.values()}}


def export(tmp_path: Path, bank_dir: Path, name: str, *extra: str) -> Path:
    out = tmp_path / name
    assert main(["--bank", str(bank_dir), "export", "anki", str(out), "--decks", "mini", "extra", *extra]) == 0
    return out


def test_notes_fields_and_guids_from_question_ids(tmp_path: Path, test_bank_dir: Path, bank) -> None:
    apkg = read_apkg(export(tmp_path, test_bank_dir, "a.apkg", "--lang", "en"), tmp_path)
    questions = [q for deck in ("mini", "extra") for q in bank.decks[deck].questions]
    assert apkg["names"] == list(FIELDS)
    assert set(apkg["notes"]) == {note_guid(q.id) for q in questions}
    assert apkg["cards"] == len(questions)
    assert {"quiz::Mini deck", "quiz::Extra deck"} <= apkg["decks"]
    for q in questions:
        note = apkg["notes"][note_guid(q.id)]
        assert note["mid"] == MODEL_ID
        fields = note["fields"]
        assert fields["Id"] == q.id
        assert q.prompt.en.split()[0] in fields["Prompt"]
        assert "lang-zh" not in fields["Prompt"]
        assert f"quiz::{q.deck}" in note["tags"]
        for point in q.key_points:
            assert point.en.split()[0] in fields["KeyPoints"]
        if q.kind == "choice":
            assert fields["Choices"].count("<li>") == len(q.choices)
            assert fields["Answer"].count("✓") == len(q.correct_choices)
        if q.kind == "bug":
            assert "<pre><code" in fields["Code"] and "style=" in fields["Code"]  # highlighted inline
        else:
            assert fields["Code"] == ""


def test_guids_are_stable_across_exports_and_languages(tmp_path: Path, test_bank_dir: Path) -> None:
    first = read_apkg(export(tmp_path, test_bank_dir, "1.apkg", "--lang", "en"), tmp_path)
    second = read_apkg(export(tmp_path, test_bank_dir, "2.apkg", "--lang", "both"), tmp_path)
    assert set(first["notes"]) == set(second["notes"]) and first["notes"]
    for guid, note in second["notes"].items():
        assert note["fields"]["Id"] == first["notes"][guid]["fields"]["Id"]
        assert 'lang="en"' in note["fields"]["Prompt"] and 'lang="zh"' in note["fields"]["Prompt"]


def test_edited_text_keeps_the_guid(tmp_path: Path, test_bank_dir: Path) -> None:
    edited = tmp_path / "bank"
    edited.mkdir()
    for path in test_bank_dir.glob("*.yaml"):
        (edited / path.name).write_text(path.read_text(encoding="utf-8").replace("KL(N(1, 1)", "KL(N(2, 1)"), encoding="utf-8")
    before = read_apkg(export(tmp_path, test_bank_dir, "before.apkg", "--lang", "en"), tmp_path)
    after = read_apkg(export(tmp_path, edited, "after.apkg", "--lang", "en"), tmp_path)
    guid = note_guid("extra.kl-value")
    assert "N(1, 1)" in before["notes"][guid]["fields"]["Prompt"]
    assert "N(2, 1)" in after["notes"][guid]["fields"]["Prompt"]


def test_chinese_export(tmp_path: Path, test_bank_dir: Path, bank) -> None:
    apkg = read_apkg(export(tmp_path, test_bank_dir, "zh.apkg", "--lang", "zh"), tmp_path)
    q = bank.questions["extra.kl-value"]
    fields = apkg["notes"][note_guid(q.id)]["fields"]
    assert q.prompt.zh[:4] in fields["Prompt"] and "要点" in fields["KeyPoints"]


def test_unknown_deck_is_bad_usage_and_writes_nothing(tmp_path: Path, test_bank_dir: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "x.apkg"
    assert main(["--bank", str(test_bank_dir), "export", "anki", str(out), "--decks", "mini", "nope"]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "mini" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["--lang", "zh", "--bank", str(test_bank_dir), "export", "anki", str(out), "--decks", "nope"]) == 2
    assert "没有名为 nope 的题库" in capsys.readouterr().err


def test_unwritable_path_is_reported_and_an_old_file_survives(tmp_path: Path, test_bank_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--bank", str(test_bank_dir), "export", "anki", str(tmp_path), "--decks", "mini"]) == 2
    assert "is a folder" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--bank", str(test_bank_dir), "export", "anki", str(blocker / "x.apkg"), "--decks", "mini"]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, test_bank_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture) -> None:
    """The disk fills up as the export is put in place: the previous export stays whole, no temporary file is left."""
    import errno
    import os

    import quiz.atomic

    folder = tmp_path / "exports"
    folder.mkdir()
    old = folder / "old.apkg"
    old.write_bytes(b"previous export")

    def full(*_args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(quiz.atomic.os, "replace", full)
    assert main(["--bank", str(test_bank_dir), "export", "anki", str(old), "--decks", "mini"]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert old.read_bytes() == b"previous export"
    assert [p.name for p in folder.iterdir()] == ["old.apkg"]
