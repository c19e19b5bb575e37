"""The iCalendar feeds, read back with the icalendar library as a calendar app would."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import MeetingFormat, MeetingKind
from tests.deliverables.factories import GroupFactory
from tests.meetings.factories import MeetingFactory, WholeDayMeetingFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
SITE = "https://tracker.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def fetch(client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(UTC)


@pytest.fixture
def rg_iem():
    group = GroupFactory(code="RG-IEM")
    meeting = MeetingFactory(
        code="rg-iem-2024-05-07",
        title="RG-IEM interim virtual meeting",
        groups=[group],
        local_start=dt.datetime(2024, 5, 7, 13, 0),
        duration=dt.timedelta(minutes=90),
        contribution_deadline=dt.date(2024, 4, 30),
        objectives="Workshop results",
    )
    return group, meeting


def test_timed_meeting_has_local_times_with_a_vtimezone_calendar_apps_can_read(client, rg_iem):
    calendar = fetch(client, "/groups/RG-IEM/calendar.ics")
    event = events_by_uid(calendar)["meeting-rg-iem-2024-05-07@tracker.example.org"]
    start, end = event["DTSTART"], event["DTEND"]
    assert start.params["TZID"] == "Europe/Zurich"
    assert (start.dt.hour, start.dt.minute) == (13, 0)
    assert utc(start.dt) == dt.datetime(2024, 5, 7, 11, 0, tzinfo=UTC)  # summer time
    assert utc(end.dt) == dt.datetime(2024, 5, 7, 12, 30, tzinfo=UTC)
    zones = [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/Zurich"]
    assert str(event["SUMMARY"]) == "RG-IEM interim virtual meeting"
    assert str(event["URL"]) == f"{SITE}/meetings/rg-iem-2024-05-07/"
    assert "Workshop results" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Online"
    assert isinstance(event["DTSTAMP"].dt, dt.datetime)


def test_vtimezone_gives_the_right_offsets_in_winter_and_summer(client, rg_iem):
    calendar = fetch(client, "/calendar.ics")
    (zone,) = calendar.walk("VTIMEZONE")
    tz = zone.to_tz()
    assert tz.utcoffset(dt.datetime(2024, 2, 20, 13, 0)) == dt.timedelta(hours=1)
    assert tz.utcoffset(dt.datetime(2024, 5, 7, 13, 0)) == dt.timedelta(hours=2)


def test_contribution_deadline_is_its_own_whole_day_event(client, rg_iem):
    event = events_by_uid(fetch(client, "/groups/RG-IEM/calendar.ics"))[
        "deadline-rg-iem-2024-05-07@tracker.example.org"
    ]
    assert str(event["SUMMARY"]) == "Contribution deadline: RG-IEM interim virtual meeting"
    assert event["DTSTART"].dt == dt.date(2024, 4, 30)
    assert not isinstance(event["DTSTART"].dt, dt.datetime)
    assert event["DTEND"].dt == dt.date(2024, 5, 1)
    assert event["DTSTART"].to_ical() == b"20240430"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["URL"]) == f"{SITE}/meetings/rg-iem-2024-05-07/"


def test_whole_day_meeting_is_dates_with_an_exclusive_end(client):
    WholeDayMeetingFactory(
        code="fg-mv-2023-07",
        title="2nd meeting of the ITU-T Focus Group on metaverse",
        time_zone="Asia/Shanghai",
        first_day=dt.date(2023, 7, 4),
        last_day=dt.date(2023, 7, 6),
        format=MeetingFormat.HYBRID,
        venue="Zhangjiang Science Hall, Shanghai, China",
        contribution_deadline=None,
    )
    calendar = fetch(client, "/calendar.ics")
    event = events_by_uid(calendar)["meeting-fg-mv-2023-07@tracker.example.org"]
    assert event["DTSTART"].dt == dt.date(2023, 7, 4)
    assert event["DTEND"].dt == dt.date(2023, 7, 7)
    assert "TZID" not in event["DTSTART"].params
    assert str(event["LOCATION"]) == "Zhangjiang Science Hall, Shanghai, China (and online)"
    assert calendar.walk("VTIMEZONE") == []
    assert "deadline-fg-mv-2023-07@tracker.example.org" not in events_by_uid(calendar)


def test_a_second_fetch_gives_the_same_uids(client, rg_iem):
    first = events_by_uid(fetch(client, "/calendar.ics"))
    second = events_by_uid(fetch(client, "/calendar.ics"))
    assert (
        set(first)
        == set(second)
        == {
            "meeting-rg-iem-2024-05-07@tracker.example.org",
            "deadline-rg-iem-2024-05-07@tracker.example.org",
        }
    )


def test_calendar_has_a_name_and_the_required_properties(client, rg_iem):
    calendar = fetch(client, reverse("group-calendar-feed", args=["RG-IEM"]))
    assert str(calendar["VERSION"]) == "2.0"
    assert "Standards Tracker" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "RG-IEM: meetings and deadlines"
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)


def test_group_feed_holds_only_that_groups_meetings(client, rg_iem):
    other = GroupFactory(code="RG-DT")
    MeetingFactory(code="rg-dt-2024-03-05", groups=[other])
    WholeDayMeetingFactory(code="plenary", kind=MeetingKind.PLENARY, contribution_deadline=None)
    group_uids = set(events_by_uid(fetch(client, "/groups/RG-IEM/calendar.ics")))
    all_uids = set(events_by_uid(fetch(client, "/calendar.ics")))
    assert group_uids == {
        "meeting-rg-iem-2024-05-07@tracker.example.org",
        "deadline-rg-iem-2024-05-07@tracker.example.org",
    }
    assert len(all_uids) == 5
    assert "meeting-plenary@tracker.example.org" in all_uids


def test_unknown_group_feed_is_404(client):
    assert client.get("/groups/RG-NOPE/calendar.ics").status_code == 404


def test_feeds_run_the_same_queries_at_few_and_many_meetings(client, django_assert_num_queries):
    group = GroupFactory(code="RG-DT")
    MeetingFactory.create_batch(3, groups=[group])
    for url in ("/calendar.ics", "/groups/RG-DT/calendar.ics"):
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        MeetingFactory.create_batch(30, groups=[group])
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(url)


RG_IEM_SCHEDULE = [
    # (meeting UTC start, UTC end, deadline) — 13:00–14:30 Geneva time, CET then CEST.
    (dt.datetime(2024, 2, 20, 12, 0), dt.datetime(2024, 2, 20, 13, 30), dt.date(2024, 2, 12)),
    (dt.datetime(2024, 3, 19, 12, 0), dt.datetime(2024, 3, 19, 13, 30), dt.date(2024, 3, 11)),
    (dt.datetime(2024, 5, 7, 11, 0), dt.datetime(2024, 5, 7, 12, 30), dt.date(2024, 4, 30)),
    (dt.datetime(2024, 6, 11, 11, 0), dt.datetime(2024, 6, 11, 12, 30), dt.date(2024, 6, 3)),
]


def test_subscribed_rg_iem_calendar_shows_the_four_e_meetings_at_1300_geneva_time(
    client, seed_data_for_this_test
):
    calendar = fetch(client, "/groups/RG-IEM/calendar.ics")
    events = calendar.walk("VEVENT")
    meetings = sorted(
        (e for e in events if str(e["UID"]).startswith("meeting-rg-iem-")),
        key=lambda e: e["DTSTART"].dt,
    )
    deadlines = sorted(
        (e for e in events if str(e["UID"]).startswith("deadline-rg-iem-")),
        key=lambda e: e["DTSTART"].dt,
    )
    assert [(utc(e["DTSTART"].dt), utc(e["DTEND"].dt)) for e in meetings] == [
        (start.replace(tzinfo=UTC), end.replace(tzinfo=UTC)) for start, end, _ in RG_IEM_SCHEDULE
    ]
    geneva = zoneinfo.ZoneInfo("Europe/Zurich")
    for event in meetings:
        assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
        local = event["DTSTART"].dt.astimezone(geneva)
        assert (local.hour, local.minute) == (13, 0)
    assert [e["DTSTART"].dt for e in deadlines] == [day for _, _, day in RG_IEM_SCHEDULE]
    assert all(not isinstance(e["DTSTART"].dt, dt.datetime) for e in deadlines)
    # The Industry Engagement Workshop (RG-IEM and TSAG) is in the feed as a whole day.
    workshop = [e for e in events if "industry-engagement" in str(e["UID"])]
    assert [e["DTSTART"].dt for e in workshop] == [dt.date(2024, 4, 19)]

    again = fetch(client, "/groups/RG-IEM/calendar.ics")
    assert set(events_by_uid(again)) == set(events_by_uid(calendar))
