"""Fixtures of the unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank import load_bank


@pytest.fixture
def bank(test_bank_dir: Path):
    """The tiny test bank (tests/data/bank), loaded without problems."""
    bank, errors = load_bank([test_bank_dir])
    assert not errors
    return bank


@pytest.fixture
def utc_local_time(monkeypatch: pytest.MonkeyPatch):
    """Local days are UTC days (the plan and readiness tests' dates mean what they say); the zone is put back."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
