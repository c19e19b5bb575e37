"""The secretariat's "what needs attention" (the admin index): open actions with no due date left
open long after their meeting are flagged, in a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import ActionStatus
from portal.attention import attention
from tests.meetings.factories import ActionItemFactory, WholeDayMeetingFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


def test_actions_of_january_2024_with_no_due_date_are_flagged_when_still_open(
    client, secretariat_user
):
    january = WholeDayMeetingFactory(first_day=dt.date(2024, 1, 22), title="WP2, January 2024")
    recent = WholeDayMeetingFactory(first_day=TODAY - dt.timedelta(days=60))
    forgotten = ActionItemFactory(meeting=january, code="WP2-1")
    ActionItemFactory(meeting=january, code="WP2-3", due_date=dt.date(2027, 1, 1))  # dated
    done = ActionItemFactory(meeting=january, code="WP2-4")
    done.close(ActionStatus.DONE, note="Done.", on=dt.date(2024, 3, 1))
    ActionItemFactory(meeting=recent, code="SG17-1")  # undated, but its meeting is recent

    shown = attention(TODAY)

    assert [action.code for action in shown["undated"]] == ["WP2-1"]
    assert shown["undated_total"] == 1
    assert shown["undated_months"] == 6
    client.force_login(secretariat_user)
    page = client.get("/admin/").content.decode()
    assert "Open without a due date for over 6 months" in page
    assert f"/admin/meetings/actionitem/{forgotten.pk}/change/" in page
    assert "open since 22 January 2024" in page


def test_the_threshold_is_a_setting(settings):
    settings.ATTENTION_UNDATED_DAYS = 30
    meeting = WholeDayMeetingFactory(first_day=TODAY - dt.timedelta(days=60))
    ActionItemFactory(meeting=meeting, code="SG17-1")
    assert [action.code for action in attention(TODAY)["undated"]] == ["SG17-1"]
    assert attention(TODAY)["undated_months"] == 1


def test_the_attention_page_runs_the_same_queries_for_3_and_40_forgotten_actions():
    meeting = WholeDayMeetingFactory(first_day=dt.date(2024, 1, 22))
    ActionItemFactory.create_batch(3, meeting=meeting)
    with CaptureQueriesContext(connection) as few:
        small = attention(TODAY)
    ActionItemFactory.create_batch(37, meeting=meeting)
    with CaptureQueriesContext(connection) as many:
        large = attention(TODAY)
    assert len(few) == len(many)
    assert (len(small["undated"]), len(large["undated"]), large["undated_total"]) == (3, 15, 40)
