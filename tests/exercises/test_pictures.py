"""The last run's pictures, kept beside the progress store (issue 18: a reopened exercise showed none)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from quiz.exercises import attempts, pictures
from quiz.store import Store

METRICS = {"curves": {"submission": {"d_loss": [1.23456789, float("nan"), 0.5]}}, "samples": [[[0.123456, 1.0]]],
           "seconds": 3.2, "train_steps": 60}


def test_the_pictures_of_a_recorded_run_come_back_with_its_report() -> None:
    store = Store.open()
    started = datetime(2026, 12, 3, 9, 30, 1, 123456, tzinfo=timezone.utc)
    attempts.record(store, "gan", {"status": "fail", "checks": [{"name": "a", "status": "fail"}], "metrics": METRICS}, started, 2.0)
    report = attempts.last_report(store, "gan")
    store.close()
    assert report["metrics"] == {"curves": {"submission": {"d_loss": [1.23, None, 0.5]}}, "samples": [[[0.123, 1.0]]]}
    assert json.loads(pictures.pictures_file("gan").read_text())["started_at"] == started.isoformat()


def test_pictures_of_another_run_or_an_unreadable_file_are_not_shown() -> None:
    started = datetime(2026, 12, 3, 9, 30, tzinfo=timezone.utc)
    pictures.save("vae", started, METRICS)
    assert pictures.load("vae", started)["samples"] == [[[0.123, 1.0]]]
    assert pictures.load("vae", started + timedelta(seconds=1)) == {}, "an older run's pictures are not the last run's"
    assert pictures.load("gan", started) == {}
    pictures.pictures_file("vae").write_text("{not json", encoding="utf-8")
    assert pictures.load("vae", started) == {}
    pictures.pictures_file("vae").write_text("[1, 2]", encoding="utf-8")
    assert pictures.load("vae", started) == {}


def test_a_gan_runs_pictures_stay_small() -> None:
    import random

    rng = random.Random(1)
    image = lambda: [[rng.random() for _ in range(28)] for _ in range(28)]  # noqa: E731
    curve = lambda: [rng.random() * 2 for _ in range(160)]  # noqa: E731
    metrics = {"curves": {side: {"d_loss": curve(), "g_loss": curve()} for side in ("submission", "reference")},
               "samples": [image() for _ in range(16)], "real_samples": [image() for _ in range(16)]}
    started = datetime(2026, 12, 3, tzinfo=timezone.utc)
    pictures.save("gan", started, metrics)
    size = pictures.pictures_file("gan").stat().st_size
    assert size < 200_000, size
    assert len(json.dumps(metrics)) > 2 * size, "rounding keeps it well under the raw report's size"
