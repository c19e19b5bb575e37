"""The iCalendar feeds, read back with the icalendar library as a calendar app would."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from meetings.feeds import months_before
from meetings.models import Meeting, MeetingFormat, MeetingKind, Session
from tests.deliverables.factories import GroupFactory
from tests.meetings.factories import MeetingFactory, SessionFactory, WholeDayMeetingFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
SITE = "https://tracker.example.org"
# The fixtures' meetings are in 2023–2024: these tests ask for the widest window (ten years).
WIDE = "?months=120"


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
    calendar = fetch(client, "/groups/RG-IEM/calendar.ics" + WIDE)
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
    calendar = fetch(client, "/calendar.ics" + WIDE)
    (zone,) = calendar.walk("VTIMEZONE")
    tz = zone.to_tz()
    assert tz.utcoffset(dt.datetime(2024, 2, 20, 13, 0)) == dt.timedelta(hours=1)
    assert tz.utcoffset(dt.datetime(2024, 5, 7, 13, 0)) == dt.timedelta(hours=2)


def test_contribution_deadline_is_a_timed_event_at_its_cut_off_in_the_meetings_zone(client, rg_iem):
    event = events_by_uid(fetch(client, "/groups/RG-IEM/calendar.ics" + WIDE))[
        "deadline-rg-iem-2024-05-07@tracker.example.org"
    ]
    assert str(event["SUMMARY"]) == "Contribution deadline: RG-IEM interim virtual meeting"
    # 23:59 in Geneva, as ITU announces them: 21:59 UTC in summer time.
    assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert event["DTSTART"].to_ical() == b"20240430T235900"
    assert utc(event["DTSTART"].dt) == dt.datetime(2024, 4, 30, 21, 59, tzinfo=UTC)
    assert "close at 23:59 Europe/Zurich on 30 April 2024" in str(event["DESCRIPTION"])
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["URL"]) == f"{SITE}/meetings/rg-iem-2024-05-07/"


def test_an_announced_cut_off_time_replaces_23_59(client, rg_iem):
    _group, meeting = rg_iem
    meeting.contribution_deadline_time = dt.time(12, 0)
    meeting.save()
    event = events_by_uid(fetch(client, "/groups/RG-IEM/calendar.ics" + WIDE))[
        "deadline-rg-iem-2024-05-07@tracker.example.org"
    ]
    assert utc(event["DTSTART"].dt) == dt.datetime(2024, 4, 30, 10, 0, tzinfo=UTC)


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
    calendar = fetch(client, "/calendar.ics" + WIDE)
    event = events_by_uid(calendar)["meeting-fg-mv-2023-07@tracker.example.org"]
    assert event["DTSTART"].dt == dt.date(2023, 7, 4)
    assert event["DTEND"].dt == dt.date(2023, 7, 7)
    assert "TZID" not in event["DTSTART"].params
    assert str(event["LOCATION"]) == "Zhangjiang Science Hall, Shanghai, China (and online)"
    assert calendar.walk("VTIMEZONE") == []
    assert "deadline-fg-mv-2023-07@tracker.example.org" not in events_by_uid(calendar)


def test_a_second_fetch_gives_the_same_uids(client, rg_iem):
    first = events_by_uid(fetch(client, "/calendar.ics" + WIDE))
    second = events_by_uid(fetch(client, "/calendar.ics" + WIDE))
    assert (
        set(first)
        == set(second)
        == {
            "meeting-rg-iem-2024-05-07@tracker.example.org",
            "deadline-rg-iem-2024-05-07@tracker.example.org",
        }
    )


def test_calendar_has_a_name_and_the_required_properties(client, rg_iem):
    calendar = fetch(client, reverse("group-calendar-feed", args=["RG-IEM"]) + WIDE)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Standards Tracker" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "RG-IEM: meetings and deadlines"
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)


def test_group_feed_holds_only_that_groups_meetings(client, rg_iem):
    other = GroupFactory(code="RG-DT")
    MeetingFactory(code="rg-dt-2024-03-05", groups=[other])
    WholeDayMeetingFactory(code="plenary", kind=MeetingKind.PLENARY, contribution_deadline=None)
    group_uids = set(events_by_uid(fetch(client, "/groups/RG-IEM/calendar.ics" + WIDE)))
    all_uids = set(events_by_uid(fetch(client, "/calendar.ics" + WIDE)))
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
    for url in ("/calendar.ics" + WIDE, "/groups/RG-DT/calendar.ics" + WIDE):
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
    calendar = fetch(client, "/groups/RG-IEM/calendar.ics" + WIDE)
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
    assert [e["DTSTART"].dt.date() for e in deadlines] == [day for _, _, day in RG_IEM_SCHEDULE]
    assert {e["DTSTART"].dt.strftime("%H:%M") for e in deadlines} == {"23:59"}
    # The Industry Engagement Workshop (RG-IEM and TSAG) is in the feed as a whole day.
    workshop = [e for e in events if "industry-engagement" in str(e["UID"])]
    assert [e["DTSTART"].dt for e in workshop] == [dt.date(2024, 4, 19)]

    again = fetch(client, "/groups/RG-IEM/calendar.ics" + WIDE)
    assert set(events_by_uid(again)) == set(events_by_uid(calendar))


# The window and conditional GETs.


def days_from_today(days: int) -> dt.datetime:
    """13:00 local time, `days` days from today (negative: in the past)."""
    return dt.datetime.combine(timezone.now().date() + dt.timedelta(days=days), dt.time(13, 0))


@pytest.fixture
def window():
    group = GroupFactory(code="RG-WIN")
    return {
        "old": MeetingFactory(
            code="two-years-ago", groups=[group], local_start=days_from_today(-730)
        ),
        "recent": MeetingFactory(
            code="half-a-year-ago", groups=[group], local_start=days_from_today(-180)
        ),
        "ahead": MeetingFactory(code="next-month", groups=[group], local_start=days_from_today(30)),
        "far": MeetingFactory(
            code="in-three-years", groups=[group], local_start=days_from_today(1100)
        ),
    }


def reads(queries: CaptureQueriesContext) -> list[str]:
    """The queries a request ran, without the savepoints of its transaction."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


def codes_in(calendar: icalendar.Calendar) -> set[str]:
    return {str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize("url", ["/calendar.ics", "/groups/RG-WIN/calendar.ics"])
def test_a_feed_holds_the_last_twelve_months_and_everything_ahead(client, window, url):
    events = codes_in(fetch(client, url))
    assert events == {
        f"{kind}-{code}"
        for kind in ("meeting", "deadline")
        for code in ("half-a-year-ago", "next-month", "in-three-years")
    }
    wider = codes_in(fetch(client, url + "?months=36"))
    assert {"meeting-two-years-ago", "deadline-two-years-ago"} <= wider
    assert wider - events == {"meeting-two-years-ago", "deadline-two-years-ago"}


def test_the_window_starts_on_the_same_day_months_ago_by_when_meetings_end(client):
    today = timezone.now().date()
    start = months_before(today, 12)
    ended_the_day_before = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(10, 0))
    ended_on_the_day = dt.datetime.combine(start, dt.time(10, 0))
    MeetingFactory(code="just-out", time_zone="UTC", local_start=ended_the_day_before)
    MeetingFactory(code="just-in", time_zone="UTC", local_start=ended_on_the_day)
    assert {c for c in codes_in(fetch(client, "/calendar.ics")) if c.startswith("meeting-")} == {
        "meeting-just-in"
    }


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(dt.date(2026, 12, 3), 12) == dt.date(2025, 12, 3)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 120) == dt.date(2016, 1, 15)


def test_meetings_come_in_time_order(client, window):
    calendar = fetch(client, "/calendar.ics?months=36")
    meetings = [
        str(e["UID"]) for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("meeting-")
    ]
    assert [uid.split("@")[0] for uid in meetings] == [
        "meeting-two-years-ago",
        "meeting-half-a-year-ago",
        "meeting-next-month",
        "meeting-in-three-years",
    ]


@pytest.mark.parametrize("value", ["0", "121", "-3", "twelve", "1.5", "12abc"])
@pytest.mark.parametrize("url", ["/calendar.ics", "/groups/RG-WIN/calendar.ics"])
def test_a_bad_window_is_a_400_naming_the_range(client, window, url, value):
    response = client.get(url, {"months": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "from 1 to 120" in response.content.decode()
    assert "ETag" not in response


@pytest.mark.parametrize("value", ["1", "120"])
def test_the_bounds_of_the_window_are_allowed(client, window, value):
    assert client.get("/calendar.ics", {"months": value}).status_code == 200


# A group's feed also asks the entries other apps add to it (core.calendars: work items' last
# calls and timings) for their state: one aggregate more.
GROUP_FEED_STATE_READS = 2


@pytest.mark.parametrize(
    ("url", "state_reads"),
    [("/calendar.ics", 1), ("/groups/RG-WIN/calendar.ics", GROUP_FEED_STATE_READS)],
)
def test_a_matching_etag_is_a_304_in_one_query(client, window, url, state_reads):
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert len(reads(queries)) == state_reads
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


@pytest.mark.parametrize(
    ("url", "state_reads"),
    [("/calendar.ics", 1), ("/groups/RG-WIN/calendar.ics", GROUP_FEED_STATE_READS)],
)
def test_if_modified_since_last_modified_is_a_304(client, window, url, state_reads):
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert len(reads(queries)) == state_reads
    assert again.status_code == 304


def test_last_modified_is_the_newest_change_of_the_windows_meetings_and_sessions(client, window):
    in_window = [window["recent"], window["ahead"], window["far"]]
    newest = max(m.last_updated for m in in_window)
    assert client.get("/calendar.ics")["Last-Modified"] == http_date(newest.timestamp())
    later = newest + dt.timedelta(days=3)
    session = SessionFactory(meeting=window["ahead"])
    Session.objects.filter(pk=session.pk).update(last_updated=later)
    assert client.get("/calendar.ics")["Last-Modified"] == http_date(later.timestamp())
    # A change outside the window is not the feed's.
    Meeting.objects.filter(pk=window["old"].pk).update(last_updated=later + dt.timedelta(days=1))
    assert client.get("/calendar.ics")["Last-Modified"] == http_date(later.timestamp())


@pytest.mark.parametrize("url", ["/calendar.ics", "/groups/RG-WIN/calendar.ics"])
def test_an_edited_meeting_gives_a_200_with_a_new_etag(client, window, url):
    etag = client.get(url)["ETag"]
    meeting = window["ahead"]
    meeting.title = "Renamed meeting"
    meeting.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Renamed meeting" in response.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize(
    ("url", "reads_again"),
    [("/calendar.ics", 1), ("/groups/RG-WIN/calendar.ics", GROUP_FEED_STATE_READS + 1)],
)
def test_a_feed_is_built_once_per_etag_then_served_from_the_cache(client, window, url, reads_again):
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    # The validators' aggregate (and the group): no meeting or session is read again.
    assert len(reads(queries)) == reads_again
    meeting = window["ahead"]
    meeting.title = "Renamed again"
    meeting.save()
    rebuilt = client.get(url)
    assert rebuilt["ETag"] != first["ETag"]
    assert "Renamed again" in rebuilt.content.decode()


def test_a_new_session_a_removed_meeting_or_a_new_meeting_give_a_new_etag(client, window):
    seen = [client.get("/calendar.ics")["ETag"]]
    SessionFactory(meeting=window["ahead"])
    seen.append(client.get("/calendar.ics")["ETag"])
    window["far"].delete()
    seen.append(client.get("/calendar.ics")["ETag"])
    MeetingFactory(code="added", local_start=days_from_today(60))
    seen.append(client.get("/calendar.ics")["ETag"])
    assert len(set(seen)) == 4


def test_a_different_window_has_a_different_etag(client, window):
    default = client.get("/calendar.ics")["ETag"]
    assert client.get("/calendar.ics?months=12")["ETag"] == default
    assert client.get("/calendar.ics?months=36")["ETag"] != default
    assert client.get("/groups/RG-WIN/calendar.ics")["ETag"] != default
    response = client.get("/calendar.ics?months=36", HTTP_IF_NONE_MATCH=default)
    assert response.status_code == 200


def test_the_default_window_runs_the_same_queries_at_few_and_many_meetings(
    client, django_assert_num_queries
):
    group = GroupFactory(code="RG-DT")
    for days in (-100, 10, 40):
        MeetingFactory(groups=[group], local_start=days_from_today(days))
    for url in ("/calendar.ics", "/groups/RG-DT/calendar.ics"):
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        for days in range(-300, 300, 20):
            MeetingFactory(groups=[group], local_start=days_from_today(days))
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(url)
