"""Text rendering of reports: one line per check, the first failure in full."""

from __future__ import annotations

from quiz.exercises.check_text import ASCII_SYMBOLS, LiveRenderer, render, summary, symbols

REPORT = {
    "exercise": "gan",
    "status": "fail",
    "checks": [
        {"name": "contract", "status": "pass", "message": "imports", "seconds": 0.01},
        {"name": "discriminator_loss", "status": "fail", "seconds": 0.02,
         "message": "discriminator_loss(real=0, fake=0) = 0.693147, expected 2 ln 2 = 1.38629 (chance): the two terms look averaged",
         "expected": "1.38629", "actual": "0.693147", "hint": "sum the two terms"},
        {"name": "generator_loss", "status": "error", "seconds": 0.0, "message": "your code raised ValueError: boom",
         "traceback": '  File "gan.py", line 3, in generator_loss\n    raise ValueError("boom")', "hint": "later hint"},
        {"name": "train_step_updates", "status": "skip", "seconds": 0.0, "message": "skipped: it needs discriminator_loss, which failed"},
    ],
    "metrics": {"seconds": 12.34},
}


def test_render_shows_marks_and_only_the_first_failure_in_full() -> None:
    text = render(REPORT)
    assert "✓ contract" in text and "✗ discriminator_loss" in text and "– train_step_updates" in text
    assert "expected: 1.38629" in text and "actual:   0.693147" in text and "hint:     sum the two terms" in text
    assert "later hint" not in text and "raise ValueError" not in text
    assert text.splitlines()[-1] == "FAIL at discriminator_loss: 1 passed, 1 failed, 1 raised an error, 1 skipped in 12.3 s"


def test_summary_of_a_pass_and_a_timeout() -> None:
    ok = {"status": "pass", "checks": [{"name": "a", "status": "pass"}] * 3, "metrics": {"seconds": 1.0}}
    assert summary(ok) == "PASS: all 3 checks passed in 1.0 s"
    timeout = {"status": "timeout", "checks": [{"name": "a", "status": "error", "message": "time limit of 5 s exceeded"}], "metrics": {}}
    assert summary(timeout).startswith("TIMEOUT: 0 passed")


def test_live_renderer_details_the_first_failure_once() -> None:
    live = LiveRenderer()
    lines = []
    for check in REPORT["checks"]:
        lines += live.lines({"type": "check", "check": check})
    lines += live.lines({"type": "log", "text": "loading TensorFlow"})
    text = "\n".join(lines)
    assert text.count("hint:") == 1 and "traceback" not in text
    assert "… loading TensorFlow" in text


def test_traceback_is_shown_when_it_is_the_first_failure() -> None:
    report = dict(REPORT, checks=REPORT["checks"][2:3])
    assert 'File "gan.py", line 3, in generator_loss' in render(report)


def test_ascii_fallback() -> None:
    assert symbols("ascii") is ASCII_SYMBOLS
    assert "X discriminator_loss" in render(REPORT, symbols("ascii"))
