"""Pure pieces behind the TUI's exercise screen: the run tracker, links, status, the solution diff."""

from __future__ import annotations

from types import SimpleNamespace

from quiz.exercises import attempts, catalog, links, workspace
from quiz.exercises.tracker import RunTracker


def _check(name: str, status: str = "pass") -> dict:
    return {"type": "check", "check": {"name": name, "status": status, "message": f"{name} {status}", "seconds": 0.1}}


def test_tracker_follows_a_run_from_plan_to_report() -> None:
    tracker = RunTracker()
    assert tracker.status == "running" and tracker.total == 0
    tracker.take({"type": "plan", "checks": ["contract", "a", "b"]})
    assert [(r.name, r.state) for r in tracker.rows] == [("contract", "pending"), ("a", "pending"), ("b", "pending")]
    tracker.take({"type": "check_started", "name": "contract"})
    assert tracker.running == "contract"
    tracker.take(_check("contract"))
    tracker.take({"type": "check_started", "name": "a"})
    tracker.take(_check("a", "fail"))
    tracker.take({"type": "log", "text": "training"})
    assert (tracker.done, tracker.total, tracker.log) == (2, 3, "training")
    assert tracker.first_problem().name == "a"
    tracker.take(_check("b"))
    assert tracker.log is None, "a progress note lasts until the next check ends"
    tracker.take({"type": "log", "text": "training"})
    tracker.take({"type": "report", "report": {"status": "fail", "checks": [], "metrics": {}}})
    assert tracker.status == "fail" and tracker.log is None
    assert tracker.counts() == {"pass": 2, "fail": 1, "error": 0, "skip": 0}


def test_a_check_never_run_is_settled_when_the_report_arrives() -> None:
    tracker = RunTracker()
    tracker.take({"type": "plan", "checks": ["contract", "a"]})
    tracker.take(_check("contract"))
    tracker.take({"type": "report", "report": {"status": "fail", "checks": [], "metrics": {}}})
    assert [(r.name, r.state) for r in tracker.rows] == [("contract", "pass"), ("a", "skip")]


def test_tracker_takes_the_reports_checks_as_the_truth() -> None:
    tracker = RunTracker()
    tracker.take({"type": "plan", "checks": ["contract", "a"]})
    tracker.take({"type": "check_started", "name": "contract"})
    report = {"status": "cancelled", "checks": [{"name": "contract", "status": "error", "message": "cancelled"},
                                                {"name": "a", "status": "skip", "message": "skipped"}]}
    tracker.take({"type": "report", "report": report})
    assert [(r.name, r.state) for r in tracker.rows] == [("contract", "error"), ("a", "skip")]
    assert tracker.status == "cancelled" and tracker.running is None


def test_related_questions_come_from_both_directions_without_repeats() -> None:
    ex = catalog.get_exercise("gan")
    questions = {ex.related[0]: SimpleNamespace(exercise="gan"), "x.other": SimpleNamespace(exercise=None),
                 "x.points-here": SimpleNamespace(exercise="gan"), "x.vae": SimpleNamespace(exercise="vae")}
    assert links.related_question_ids(ex, questions) == [ex.related[0], "x.points-here"]


def test_status_words_shared_by_the_cli_and_the_tui() -> None:
    assert attempts.status_of(None, False) == "not started"
    assert attempts.status_of(None, True) == "started"
    assert attempts.status_of({"status": "failing"}, True) == "failing"
    assert not attempts.has_passed(None) and not attempts.has_passed({"status": "failing", "ever_passed": False})
    assert attempts.has_passed({"status": "failing", "ever_passed": True})
    assert attempts.best_text(None) == "—" and attempts.best_text({"best_passed": 3, "total": 8}) == "3/8"


def test_solution_diff_and_starting_a_workspace() -> None:
    ex = catalog.get_exercise("gan")
    path = workspace.ensure_started(ex)
    assert path.read_bytes() == ex.starter.read_bytes()
    path.write_text("# my work\n", encoding="utf-8")
    assert workspace.ensure_started(ex) == path and path.read_text(encoding="utf-8") == "# my work\n", "never replaced"
    diff = workspace.solution_diff(ex, "# my work\n").splitlines()
    assert diff[:2] == ["--- gan.py (yours)", "+++ gan/solution.py (reference)"] and "-# my work" in diff
    assert workspace.solution_diff(ex, workspace.solution_text(ex)) == ""
