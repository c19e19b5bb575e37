"""Spreadsheets of meetings (times in their own time zone, contribution deadlines), documents
and action items: read back unchanged, one cell changed, bad rows refused."""

import datetime as dt

import pytest

from meetings.models import ActionItem, Meeting
from tests.spreadsheets import assert_nothing_changes, export_bytes, import_bytes, with_cell

pytestmark = pytest.mark.usefixtures("seed_data")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["meetings", "documents", "action-items"])
def test_an_export_read_back_changes_nothing(seed_data, kind, file_format):
    assert_nothing_changes(kind, file_format)


def test_a_changed_contribution_deadline_changes_only_that(seed_data, secretariat_user):
    meeting = Meeting.objects.exclude(contribution_deadline=None).first() or Meeting.objects.first()
    deadline = meeting.local_start.date() - dt.timedelta(days=20)
    data = with_cell(
        export_bytes("meetings"),
        "code",
        meeting.code,
        "contribution_deadline",
        deadline.isoformat(),
    )
    outcome = import_bytes("meetings", data, user=secretariat_user, file_name="meetings.csv")
    assert outcome.errors == []
    assert outcome.counts["changed"] == 1
    meeting.refresh_from_db()
    assert meeting.contribution_deadline == deadline
    latest = meeting.history.latest()
    assert latest.history_change_reason.startswith("imported from meetings.csv by ")
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == [
        "contribution_deadline"
    ]


def test_a_start_is_read_in_the_meetings_own_time_zone(seed_data):
    meeting = Meeting.objects.filter(all_day=False).first()
    local = meeting.local_start.replace(tzinfo=None) - dt.timedelta(hours=1)
    data = with_cell(
        export_bytes("meetings"), "code", meeting.code, "starts_at", local.isoformat(sep=" ")
    )
    outcome = import_bytes("meetings", data)
    assert outcome.errors == []
    meeting.refresh_from_db()
    assert meeting.local_start.replace(tzinfo=None) == local


def test_a_time_the_clocks_skip_is_refused_naming_row_and_column(seed_data):
    meeting = Meeting.objects.filter(all_day=False, time_zone="Europe/Zurich").first()
    data = with_cell(
        export_bytes("meetings"), "code", meeting.code, "starts_at", "2024-03-31 02:30"
    )
    outcome = import_bytes("meetings", data)
    assert any(
        "column starts_at, value “2024-03-31 02:30”" in line and "does not exist" in line
        for line in outcome.errors
    ), outcome.errors


def test_an_action_item_names_unknown_documents_and_changes_nothing(seed_data):
    action = ActionItem.objects.select_related("meeting").first()
    data = with_cell(export_bytes("action-items"), "code", action.code, "documents", "TD99999")
    data = with_cell(data, "code", action.code, "text", "Changed")
    outcome = import_bytes("action-items", data)
    assert any("No document has the code “TD99999”." in line for line in outcome.errors)
    action.refresh_from_db()
    assert action.text != "Changed"
