"""Spreadsheets of the work programme: groups, people, roles, deliverables with distribution."""

import pytest

from deliverables.models import Deliverable, Distribution, Group, Person, Role
from tests.spreadsheets import assert_nothing_changes, export_bytes, import_bytes, with_cell

pytestmark = pytest.mark.usefixtures("seed_data")

KINDS = ["groups", "people", "roles", "deliverables"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_export_read_back_changes_nothing(seed_data, kind, file_format):
    assert_nothing_changes(kind, file_format)


def test_one_changed_title_changes_that_title_and_its_history_says_imported(
    seed_data, secretariat_user
):
    data = with_cell(export_bytes("deliverables"), "code", "FGMV-04", "title", "A new title")
    outcome = import_bytes("deliverables", data, user=secretariat_user, file_name="plan.csv")
    assert outcome.errors == []
    assert outcome.counts["changed"] == 1
    deliverable = Deliverable.objects.get(code="FGMV-04")
    assert deliverable.title == "A new title"
    latest = deliverable.history.latest()
    assert latest.history_change_reason == f"imported from plan.csv by {secretariat_user.username}"
    assert latest.history_user == secretariat_user
    changed = [change.field for change in latest.diff_against(latest.prev_record).changes]
    assert changed == ["title"]
