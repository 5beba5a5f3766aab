"""The pictures of an exercise's last recorded run, kept so a reopened exercise shows them.

The progress store keeps each run's status and checks; the data behind the Pictures
tab (loss curves, generated and real samples, the 2-D scatter, token distributions)
is larger and only the last run's is worth keeping, so it lives in one small JSON
file per exercise under the data dir (``locations.data_dir()/exercise_pictures/``),
written atomically beside the store's record and tagged with the run's start time:
a file that does not belong to the last recorded run is not shown. Numbers are
rounded to 3 significant digits (the charts and the half-block samples cannot show
more): measured on a GAN run's pictures (two 160-step curves a side, 2 × 16 samples),
156 kB kept against 523 kB in the report. No TensorFlow here.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

from quiz import locations
from quiz.atomic import write_atomic

FORMAT = 1
KEYS = ("curves", "samples", "real_samples", "scatter", "distributions")
"""The report metrics the Pictures tab draws."""
DIGITS = 3


def pictures_file(exercise_id: str) -> Path:
    return locations.data_dir() / "exercise_pictures" / f"{exercise_id}.json"


def of_metrics(metrics: object) -> dict[str, Any]:
    """The picture data of a report's metrics, numbers rounded (NaN and infinities become None)."""
    if not isinstance(metrics, dict):
        return {}
    return {key: _rounded(metrics[key]) for key in KEYS if metrics.get(key) is not None}


def _rounded(value: object) -> object:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return None
        return value if isinstance(value, int) else float(f"{value:.{DIGITS}g}")
    if isinstance(value, dict):
        return {str(k): _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return None


def save(exercise_id: str, started_at: datetime, metrics: object) -> None:
    """Keep the pictures of the run started at ``started_at`` (replacing the previous run's).
    Raises OSError when the file cannot be written."""
    data = {"format": FORMAT, "started_at": started_at.isoformat(), "metrics": of_metrics(metrics)}
    write_atomic(pictures_file(exercise_id), json.dumps(data, separators=(",", ":"), allow_nan=False))


def load(exercise_id: str, started_at: datetime) -> dict[str, Any]:
    """The kept pictures of the run started at ``started_at``; empty when there are none for that
    run (never kept, an older run's, or an unreadable file)."""
    try:
        data = json.loads(pictures_file(exercise_id).read_text(encoding="utf-8"))
        kept_at = datetime.fromisoformat(data["started_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or kept_at != started_at:
        return {}
    metrics = data.get("metrics")
    return {k: v for k, v in metrics.items() if k in KEYS} if isinstance(metrics, dict) else {}
