"""Work items in the group calendars: last-call ends and target dates, in the feeds of the study
group and of the item's Questions, within the feed's window, with ETags that change with them."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.deliverables.factories import StudyGroupFactory
from tests.workitems.factories import QuestionFactory, WorkItemEventFactory, WorkItemFactory
from workitems.models import ApprovalTrack, Stage
from workitems.services import record_stage_event

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.org"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.SITE_URL = SITE
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def items():
    sg17 = StudyGroupFactory(code="SG17")
    q1 = QuestionFactory(parent=sg17, code="Q1-17")
    tsca = WorkItemFactory(
        identifier="Q.TSCA",
        title="Digital certificates for signalling security",
        study_group=sg17,
        questions=[q1],
        approval_track=ApprovalTrack.AAP,
        timing=dt.date(2026, 5, 1),
    )
    WorkItemEventFactory(work_item=tsca, stage=Stage.AGREED, date=dt.date(2025, 9, 12))
    WorkItemEventFactory(work_item=tsca, stage=Stage.CONSENTED, date=dt.date(2026, 5, 29))
    WorkItemEventFactory(work_item=tsca, stage=Stage.LAST_CALL, date=dt.date(2026, 6, 5))
    due = WorkItemFactory(identifier="X.1234", study_group=sg17, timing=dt.date(2026, 11, 1))
    WorkItemEventFactory(work_item=due, stage=Stage.AGREED, date=dt.date(2025, 9, 12))
    # Its target fell before the window (12 months back): not in the feed.
    old = WorkItemFactory(identifier="X.1000", study_group=sg17, timing=dt.date(2024, 1, 1))
    WorkItemEventFactory(work_item=old, stage=Stage.AGREED, date=dt.date(2023, 3, 1))
    return {"sg17": sg17, "q1": q1, "tsca": tsca, "due": due}


def entries(client, url: str) -> dict[str, icalendar.Event]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_study_group_calendar_has_last_call_end_and_pending_timings(client, items):
    found = entries(client, "/groups/SG17/calendar.ics")
    last_call = found["Last call ends: Q.TSCA"]
    # Announced on 5 June 2026: four weeks later, 3 July 2026, a whole day.
    assert last_call.decoded("DTSTART") == dt.date(2026, 7, 3)
    assert last_call.decoded("DTEND") == dt.date(2026, 7, 4)
    assert str(last_call["URL"]) == f"{SITE}/work-items/Q.TSCA/"
    assert str(last_call["TRANSP"]) == "TRANSPARENT"
    # X.1234's timing, November 2026, on the month's last day; Q.TSCA, consented, has none.
    assert found["Target: X.1234 (November 2026)"].decoded("DTSTART") == dt.date(2026, 11, 30)
    assert not any(summary.startswith("Target: Q.TSCA") for summary in found)
    assert not any("X.1000" in summary for summary in found)
    # Wider: the old target comes in.
    assert "Target: X.1000 (January 2024)" in entries(client, "/groups/SG17/calendar.ics?months=36")


def test_question_calendar_has_its_items_only(client, items):
    found = entries(client, "/groups/Q1-17/calendar.ics")
    assert set(found) == {"Last call ends: Q.TSCA"}


def test_etag_changes_when_a_stage_is_recorded(client, items):
    first = client.get("/groups/SG17/calendar.ics")
    etag = first["ETag"]
    assert client.get("/groups/SG17/calendar.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # X.1234 is consented: its target leaves the feed, and the ETag changes.
    items["due"].approval_track = ApprovalTrack.AAP
    items["due"].save()
    record_stage_event(items["due"], Stage.CONSENTED, dt.date(2026, 6, 12))
    again = client.get("/groups/SG17/calendar.ics", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert "Target: X.1234" not in again.content.decode()


def test_group_feed_queries_do_not_grow_with_work_items(client, items):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/groups/SG17/calendar.ics").status_code == 200
        return len(captured)

    few = count()
    for n in range(20):
        item = WorkItemFactory(study_group=items["sg17"], timing=dt.date(2026, 12, 1))
        WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 1, 1 + n))
    assert count() == few
