"""Helpers for the spreadsheet tests of every kind (core.spreadsheets): export a kind, read it
back, change one cell."""

from __future__ import annotations

import io
from typing import Any

import pytest

from core.exports import csv_writer
from core.spreadsheets import (
    ImportOutcome,
    csv_chunks,
    import_dataset,
    read_dataset,
    spreadsheet_kinds,
    xlsx_file,
)


def export_bytes(kind: str, file_format: str = "csv") -> bytes:
    resource = spreadsheet_kinds.resource(kind)
    queryset = resource._meta.model._default_manager.all()
    if file_format == "csv":
        return "".join(csv_chunks(resource, queryset)).encode("utf-8")
    return xlsx_file(resource, queryset, base_url="http://testserver").read()


def import_bytes(
    kind: str, data: bytes, *, dry_run: bool = False, user: Any = None, file_name: str = "f.csv"
) -> ImportOutcome:
    return import_dataset(
        kind, read_dataset(data), dry_run=dry_run, file_name=file_name, user=user, by="tester"
    )


def csv_bytes(headers: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def with_cell(data: bytes, key_column: str, key: str, column: str, value: Any) -> bytes:
    """The exported `data` (CSV) with one cell changed: `column` of the row whose `key_column`
    is `key`."""
    dataset = read_dataset(data)
    headers = list(dataset.headers)
    rows = [list(row) for row in dataset]
    matches = [row for row in rows if str(row[headers.index(key_column)]) == key]
    assert len(matches) == 1, f"{key} is not one row of the export"
    matches[0][headers.index(column)] = value
    return csv_bytes(headers, rows)


def assert_nothing_changes(kind: str, file_format: str) -> ImportOutcome:
    outcome = import_bytes(kind, export_bytes(kind, file_format), file_name=f"{kind}.{file_format}")
    assert outcome.errors == []
    assert outcome.counts["new"] == 0
    changed = [
        (row.object_repr, row.diff.changed)
        for row in outcome.result.rows
        if row.import_type == "update"
    ]
    assert changed == [], changed
    assert outcome.counts["unchanged"] > 0
    return outcome


@pytest.fixture
def in_process_tasks():
    """Tasks run in-process, as they do without a broker (the tests' settings name Redis): a
    confirmed admin import is imported before the confirm's response."""
    from standards_tracker.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
