"""Finished mock interviews kept in the progress store, to reopen their reports later.

Thin: :mod:`quiz.mock` turns a record into data and back, :class:`quiz.store.Store`
keeps the data; the TUI's report and history screens call these two functions.
"""

from __future__ import annotations

from dataclasses import replace

from quiz import mock
from quiz.store import Store


def save(store: Store | None, record: mock.MockRecord) -> mock.MockRecord:
    """Store ``record`` (committed before the report shows) and return it with its id; a record
    with nothing in it (:func:`quiz.mock.worth_keeping`) or no store leaves it unstored."""
    if store is None or not mock.worth_keeping(record):
        return record
    return replace(record, id=store.record_mock(record.finished_at, mock.to_dict(record)))


def history(store: Store | None) -> tuple[list[mock.MockRecord], int]:
    """Every stored mock interview, newest first, and how many stored rows could not be read
    (left in the store untouched)."""
    if store is None:
        return [], 0
    records, damaged = [], 0
    for rid, data in store.mock_reports():
        try:
            records.append(mock.from_dict(data, record_id=rid))
        except ValueError:
            damaged += 1
    return records, damaged
