"""Workspace copies and hints: work is never overwritten silently."""

from __future__ import annotations

import pytest

from quiz import locations
from quiz.exercises import workspace
from quiz.exercises.catalog import get_exercise


def test_start_copies_the_starter_and_is_idempotent() -> None:
    gan = get_exercise("gan")
    path, written = workspace.start(gan)
    assert written and path == locations.workspace_dir() / "gan.py"
    assert path.read_bytes() == gan.starter.read_bytes()
    assert workspace.start(gan) == (path, False)


def test_start_never_overwrites_work_without_force() -> None:
    gan = get_exercise("gan")
    path, _ = workspace.start(gan)
    path.write_text("my work\n")
    with pytest.raises(workspace.WorkspaceExists):
        workspace.start(gan)
    assert path.read_text() == "my work\n"
    workspace.start(gan, force=True)
    assert path.read_bytes() == gan.starter.read_bytes()
    assert path.with_name("gan.py.bak").read_text() == "my work\n"


def test_reset_keeps_a_backup() -> None:
    vae = get_exercise("vae")
    path, _ = workspace.start(vae)
    path.write_text("half done\n")
    path2, backup = workspace.reset(vae)
    assert path2 == path and backup.read_text() == "half done\n"
    assert workspace.reset(vae)[1] is None  # nothing to keep the second time


def test_hints_are_revealed_one_at_a_time_and_remembered() -> None:
    gan = get_exercise("gan")
    assert workspace.hints_shown(gan) == 0
    seen = [workspace.next_hint(gan) for _ in range(len(gan.hints) + 2)]
    assert [n for n, _ in seen] == list(range(1, len(gan.hints) + 1)) + [len(gan.hints)] * 2
    assert seen[0][1] == gan.hints[0]
    assert workspace.hints_shown(gan) == len(gan.hints)
    assert workspace.hints_shown(get_exercise("vae")) == 0


def test_corrupt_hint_file_starts_over() -> None:
    gan = get_exercise("gan")
    locations.data_dir().mkdir(parents=True, exist_ok=True)
    (locations.data_dir() / "exercise_hints.json").write_text("{not json")
    assert workspace.next_hint(gan)[0] == 1


def test_a_failed_hint_write_raises_and_leaves_no_temporary_file() -> None:
    """The hint state cannot be replaced (here: a folder sits where the file goes): the error
    reaches the caller and the temporary file is removed."""
    gan = get_exercise("gan")
    hints = locations.data_dir() / "exercise_hints.json"
    hints.mkdir(parents=True)
    with pytest.raises(OSError):
        workspace.next_hint(gan)
    assert sorted(p.name for p in locations.data_dir().iterdir()) == ["exercise_hints.json"]


def test_only_a_change_to_the_starter_counts_as_work() -> None:
    """Opening an exercise writes the starter: the exercise is not "started" until the user changes it."""
    gan = get_exercise("gan")
    assert not workspace.has_work(gan)  # no copy at all
    path, _ = workspace.start(gan)
    assert not workspace.has_work(gan)  # the starter, untouched
    path.write_text(path.read_text() + "# my first line\n")
    assert workspace.has_work(gan)


def test_the_exercise_list_says_started_only_after_a_change() -> None:
    from quiz.exercises import attempts

    vae = get_exercise("vae")
    path, _ = workspace.start(vae)
    assert attempts.status_of(None, workspace.has_work(vae)) == "not started"
    path.write_text("half done\n")
    assert attempts.status_of(None, workspace.has_work(vae)) == "started"
