"""A local time that a daylight-saving change skips or doubles is refused with a message naming
the possible times, in the API and the admin alike (core.local_times through
Meeting.enter_local_times), never moved silently."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.local_times import aware_local_time
from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory
from tests.meetings.test_admin import errors_of, meeting_post

pytestmark = pytest.mark.django_db

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")
GAP_MESSAGE = (
    "02:30 on 29 March 2026 does not exist in Europe/Zurich: the clocks go forward from 02:00 "
    "to 03:00 that day. Choose a time before 02:00 or from 03:00 on."
)
FOLD_MESSAGE = (
    "02:30 on 25 October 2026 happens twice in Europe/Zurich, the clocks going back that night: "
    "first at UTC+02:00, then again at UTC+01:00. Say which by giving the time with its offset "
    "(2026-10-25T02:30+02:00 or 2026-10-25T02:30+01:00; the API takes either), or choose "
    "another time."
)


def meeting_payload(**times: str) -> dict:
    return {
        "code": "sg17-night-session",
        "title": "SG17 night session",
        "kind": "rapporteur_group",
        "format": "virtual",
        "time_zone": "Europe/Zurich",
        **times,
    }


def test_a_time_in_the_spring_gap_is_refused_naming_the_gap(secretariat_client):
    response = secretariat_client.post(
        reverse("meeting-list"),
        meeting_payload(starts_at="2026-03-29T02:30", ends_at="2026-03-29T04:00"),
    )

    assert response.status_code == 400, response.content
    assert response.json()["starts_at"] == [GAP_MESSAGE]
    assert not Meeting.objects.exists()


def test_a_time_in_the_autumn_fold_is_refused_naming_both_offsets(secretariat_client):
    response = secretariat_client.post(
        reverse("meeting-list"),
        meeting_payload(starts_at="2026-10-25T01:00", ends_at="2026-10-25T02:30"),
    )

    assert response.status_code == 400, response.content
    assert response.json()["ends_at"] == [FOLD_MESSAGE]


def test_a_time_in_the_fold_given_with_its_offset_is_the_one_chosen(secretariat_client):
    response = secretariat_client.post(
        reverse("meeting-list"),
        meeting_payload(starts_at="2026-10-25T01:00", ends_at="2026-10-25T02:30+01:00"),
    )

    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get()
    assert meeting.ends_at == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)
    assert response.json()["ends_at"] == "2026-10-25T02:30:00+01:00"


def test_changing_the_end_keeps_a_start_chosen_in_the_fold(secretariat_client):
    MeetingFactory(code="night", local_start=dt.datetime(2026, 10, 24, 23, 0))
    chosen = secretariat_client.patch(
        reverse("meeting-detail", args=["night"]),
        {"starts_at": "2026-10-25T02:30+02:00", "ends_at": "2026-10-25T04:00"},
    )
    assert chosen.status_code == 200, chosen.content

    response = secretariat_client.patch(
        reverse("meeting-detail", args=["night"]), {"ends_at": "2026-10-25T05:00"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["starts_at"] == "2026-10-25T02:30:00+02:00"


def test_the_admin_refuses_a_gap_time_on_the_start_field(admin_client):
    response = admin_client.post(
        reverse("admin:meetings_meeting_add"),
        meeting_post(
            time_zone="Europe/Zurich",
            start_date="2026-03-29",
            start_time="02:30",
            end_date="2026-03-29",
            end_time="04:00",
        ),
    )

    assert errors_of(response)["start_time"] == [GAP_MESSAGE]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("naive", "expected"),
    [
        (dt.datetime(2026, 3, 29, 1, 59), "2026-03-29T01:59:00+01:00"),
        (dt.datetime(2026, 3, 29, 3, 0), "2026-03-29T03:00:00+02:00"),
        (dt.datetime(2026, 10, 25, 3, 0), "2026-10-25T03:00:00+01:00"),
        (dt.datetime(2026, 7, 1, 2, 30), "2026-07-01T02:30:00+02:00"),
    ],
)
def test_times_around_the_changes_are_read_as_they_are(naive, expected):
    assert aware_local_time(naive, ZURICH).isoformat() == expected


def test_a_gap_of_a_whole_day_names_both_edges_with_their_days():
    with pytest.raises(ValidationError) as caught:
        aware_local_time(dt.datetime(2011, 12, 30, 12, 0), zoneinfo.ZoneInfo("Pacific/Apia"))

    assert "from 00:00 to 00:00 on 31 December 2011" in caught.value.messages[0]


def test_the_admin_refuses_a_session_time_in_the_gap_with_the_same_message(admin_client):
    # Before: Django's "2026-03-29 02:30:00 couldn't be interpreted in time zone Europe/Zurich;
    # it may be ambiguous or it may not exist."
    session = {
        "title": "Night session",
        "starts_at_0": "2026-03-29",
        "starts_at_1": "02:30",
        "ends_at_0": "2026-03-29",
        "ends_at_1": "04:00",
    }
    response = admin_client.post(
        reverse("admin:meetings_meeting_add"),
        meeting_post(
            time_zone="Europe/Zurich",
            start_date="2026-03-29",
            start_time="00:30",
            end_date="2026-03-29",
            end_time="06:00",
            sessions=[session],
        ),
    )

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert errors["starts_at"] == [GAP_MESSAGE]
    assert not Meeting.objects.exists()


def test_the_session_admin_refuses_a_time_in_the_fold_naming_both_offsets(admin_client):
    meeting = MeetingFactory(
        time_zone="Europe/Zurich",
        local_start=dt.datetime(2026, 10, 24, 20, 0),
        duration=dt.timedelta(hours=12),
    )
    response = admin_client.post(
        reverse("admin:meetings_session_add"),
        {
            "meeting": str(meeting.pk),
            "title": "Night session",
            "starts_at_0": "2026-10-25",
            "starts_at_1": "02:30",
            "ends_at_0": "2026-10-25",
            "ends_at_1": "04:00",
            "description": "",
        },
    )

    assert errors_of(response)["starts_at"] == [FOLD_MESSAGE]
    assert not meeting.sessions.exists()


def test_a_whole_day_meeting_on_a_day_whose_midnight_the_clocks_skip_is_taken(secretariat_client):
    # Havana springs forward at midnight: 10 March 2024 begins at 01:00 (UTC−04:00). A whole-day
    # meeting that day runs from that first instant; "midnight" in the rule means the day's start.
    response = secretariat_client.post(
        reverse("meeting-list"),
        {
            **meeting_payload(start_date="2024-03-10", end_date="2024-03-11"),
            "time_zone": "America/Havana",
        },
    )

    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get()
    assert meeting.all_day
    assert meeting.starts_at == dt.datetime(2024, 3, 10, 5, 0, tzinfo=dt.UTC)
    assert meeting.ends_at == dt.datetime(2024, 3, 12, 4, 0, tzinfo=dt.UTC)
    assert (meeting.start_date, meeting.end_date) == (dt.date(2024, 3, 10), dt.date(2024, 3, 11))
    meeting.full_clean()
