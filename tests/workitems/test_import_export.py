"""Spreadsheets of work items: read back unchanged, one cell changed."""

import pytest

from tests.spreadsheets import assert_nothing_changes, export_bytes, import_bytes, with_cell
from workitems.models import WorkItem

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_data")]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_read_back_changes_nothing(seed_data, file_format):
    assert_nothing_changes("work-items", file_format)


def test_a_changed_title_changes_only_that(seed_data):
    item = WorkItem.objects.first()
    data = with_cell(export_bytes("work-items"), "identifier", item.identifier, "title", "Renamed")
    outcome = import_bytes("work-items", data)
    assert outcome.errors == []
    assert outcome.counts["changed"] == 1
    item.refresh_from_db()
    assert item.title == "Renamed"
