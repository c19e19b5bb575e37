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
