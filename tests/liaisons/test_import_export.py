"""Spreadsheets of liaison statements: read back unchanged, one cell changed."""

import pytest

from liaisons.models import LiaisonStatement
from tests.spreadsheets import assert_nothing_changes, export_bytes, import_bytes, with_cell

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_data")]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_read_back_changes_nothing(seed_data, file_format):
    assert_nothing_changes("liaisons", file_format)


def test_a_changed_reply_deadline_changes_only_that_with_history(seed_data):
    statement = LiaisonStatement.objects.order_by("code").first()
    data = with_cell(
        export_bytes("liaisons"), "code", statement.code, "reply_deadline", "2026-06-30"
    )
    outcome = import_bytes("liaisons", data, file_name="ls.csv")
    assert outcome.errors == []
    assert outcome.counts["changed"] == 1
    statement.refresh_from_db()
    assert str(statement.reply_deadline) == "2026-06-30"
    latest = statement.history.latest()
    assert latest.history_change_reason == "imported from ls.csv by tester"
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["reply_deadline"]


def test_an_unknown_recipient_group_is_named_and_nothing_changes(seed_data):
    statement = LiaisonStatement.objects.order_by("code").first()
    data = with_cell(export_bytes("liaisons"), "code", statement.code, "to_groups", "SG16, SG77")
    outcome = import_bytes("liaisons", data)
    assert any(
        "column to_groups, value “SG16, SG77”: No group has the code “SG77”." in line
        for line in outcome.errors
    ), outcome.errors


def approved_statement():
    """A seed statement approved at a meeting, and two actions of that meeting; a third meeting's
    action has the same code as the first."""
    from meetings.models import Meeting
    from tests.meetings.factories import ActionItemFactory

    statement = LiaisonStatement.objects.filter(approved_at__isnull=False).order_by("code").first()
    meeting = statement.approved_at
    first = ActionItemFactory(meeting=meeting, code="WP2-901")
    second = ActionItemFactory(meeting=meeting, code="WP2-902")
    other = Meeting.objects.exclude(pk=meeting.pk).order_by("code").first()
    ActionItemFactory(meeting=other, code="WP2-901")
    return statement, first, second


def test_the_approving_action_is_a_column_read_at_the_approving_meeting(seed_data):
    statement, first, second = approved_statement()
    statement.approved_by_action = first
    statement.save()
    exported = export_bytes("liaisons")
    assert_nothing_changes("liaisons", "csv")

    data = with_cell(exported, "code", statement.code, "approved_by_action", "WP2-902")
    outcome = import_bytes("liaisons", data)
    assert outcome.errors == []
    assert outcome.counts["changed"] == 1
    statement.refresh_from_db()
    assert statement.approved_by_action == second
    latest = statement.history.latest()
    changes = [c.field for c in latest.diff_against(latest.prev_record).changes]
    assert changes == ["approved_by_action"]


def test_an_action_code_of_two_meetings_needs_the_meeting(seed_data):
    statement, _, _ = approved_statement()
    before = statement.approved_by_action_id
    data = with_cell(export_bytes("liaisons"), "code", statement.code, "approved_at", "")
    data = with_cell(data, "code", statement.code, "approved_by_action", "WP2-901")
    outcome = import_bytes("liaisons", data)
    assert any(
        "column approved_by_action, value “WP2-901”: Several meetings have an action “WP2-901”"
        in line
        for line in outcome.errors
    ), outcome.errors
    statement.refresh_from_db()
    assert statement.approved_by_action_id == before


def test_an_action_the_approving_meeting_lacks_is_named(seed_data):
    statement, _, _ = approved_statement()
    data = with_cell(export_bytes("liaisons"), "code", statement.code, "approved_by_action", "X-1")
    outcome = import_bytes("liaisons", data)
    meeting = statement.approved_at.code
    assert any(
        f"value “X-1”: The meeting “{meeting}” has no action “X-1”." in line
        for line in outcome.errors
    ), outcome.errors
