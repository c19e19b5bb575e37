import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Meeting, MeetingKind
from tests.api_contract import APIContract
from tests.deliverables.factories import GroupFactory, PersonFactory
from tests.meetings.factories import (
    ActionItemFactory,
    DocumentFactory,
    MeetingFactory,
    SessionFactory,
    WholeDayMeetingFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


class TestMeetingAPI(APIContract):
    basename = "meeting"
    model = Meeting
    unknown_key = "no-such-meeting"
    # Written as local times, answered with the meeting's offset: see the tests below.
    not_echoed = frozenset({"starts_at", "ends_at"})

    def make_rows(self, n):
        group = GroupFactory(code="RG-IEM")
        moderator, speaker = PersonFactory(), PersonFactory()
        meetings = MeetingFactory.create_batch(n, groups=[group])
        for meeting in meetings:
            SessionFactory(meeting=meeting, moderators=[moderator], speakers=[speaker])
            DocumentFactory(meeting=meeting)
        return meetings

    def create_payload(self):
        GroupFactory(code="RG-IEM")
        return {
            "code": "rg-iem-2024-09-10",
            "title": "RG-IEM interim virtual meeting",
            "kind": "rapporteur_group",
            "format": "virtual",
            "groups": ["RG-IEM"],
            "time_zone": "Europe/Zurich",
            "starts_at": "2024-09-10T13:00",
            "ends_at": "2024-09-10T14:30",
            "contribution_deadline": "2024-09-02",
            "objectives": "Workshop follow-up",
        }

    def update_payload(self, obj):
        return {"title": "Renamed meeting", "venue": "Geneva"}

    def protected_row(self):
        meeting = MeetingFactory()
        return meeting, ActionItemFactory(meeting=meeting)

    def invalid_payloads(self):
        valid = self.create_payload()
        return [
            (
                "deadline on the first day",
                {**valid, "contribution_deadline": "2024-09-10"},
                "contribution_deadline",
            ),
            (
                "deadline after the meeting",
                {**valid, "contribution_deadline": "2024-09-20"},
                "contribution_deadline",
            ),
            ("end before start", {**valid, "ends_at": "2024-09-10T12:00"}, "ends_at"),
            ("unknown time zone", {**valid, "time_zone": "Europe/Atlantis"}, "time_zone"),
            ("duplicate code", {**valid, "code": Meeting.objects.first().code}, "code"),
            ("unknown group", {**valid, "groups": ["RG-NOPE"]}, "groups"),
            ("no times at all", {k: v for k, v in valid.items() if "_at" not in k}, "starts_at"),
            (
                "last day before first day",
                {
                    **{k: v for k, v in valid.items() if "_at" not in k},
                    "start_date": "2024-09-10",
                    "end_date": "2024-09-09",
                },
                "end_date",
            ),
            (
                "dates and times together",
                {**valid, "start_date": "2024-09-10", "end_date": "2024-09-10"},
                "start_date",
            ),
        ]


def test_created_meeting_reads_its_local_times_in_its_own_time_zone(secretariat_client):
    GroupFactory(code="RG-IEM")
    payload = TestMeetingAPI().create_payload()
    response = secretariat_client.post(reverse("meeting-list"), payload)
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get(code="rg-iem-2024-09-10")
    assert meeting.starts_at == dt.datetime(2024, 9, 10, 11, 0, tzinfo=UTC)  # CEST = UTC+2
    assert response.json()["starts_at"] == "2024-09-10T13:00:00+02:00"


def test_datetimes_are_given_with_the_offset_of_the_meetings_own_time_zone(api_client):
    MeetingFactory(code="geneva", local_start=dt.datetime(2024, 2, 20, 13, 0))
    MeetingFactory(
        code="shanghai", time_zone="Asia/Shanghai", local_start=dt.datetime(2023, 7, 7, 9, 0)
    )
    geneva = api_client.get(reverse("meeting-detail", args=["geneva"])).json()
    shanghai = api_client.get(reverse("meeting-detail", args=["shanghai"])).json()
    assert (geneva["starts_at"], geneva["ends_at"], geneva["time_zone"]) == (
        "2024-02-20T13:00:00+01:00",
        "2024-02-20T15:00:00+01:00",
        "Europe/Zurich",
    )
    assert shanghai["starts_at"] == "2023-07-07T09:00:00+08:00"
    assert shanghai["time_zone"] == "Asia/Shanghai"
    assert geneva["all_day"] is False


def test_whole_day_meeting_gives_inclusive_dates_and_no_invented_hours(api_client):
    WholeDayMeetingFactory(
        code="wp2-tsag-2024-01", first_day=dt.date(2024, 1, 22), last_day=dt.date(2024, 1, 26)
    )
    body = api_client.get(reverse("meeting-detail", args=["wp2-tsag-2024-01"])).json()
    assert body["all_day"] is True
    assert (body["start_date"], body["end_date"]) == ("2024-01-22", "2024-01-26")
    assert body["starts_at"] is None
    assert body["ends_at"] is None


def test_secretariat_creates_a_whole_day_meeting_from_dates(secretariat_client):
    response = secretariat_client.post(
        reverse("meeting-list"),
        {
            "code": "fg-mv-2023-07",
            "title": "2nd meeting of the ITU-T Focus Group on metaverse",
            "kind": "focus_group",
            "time_zone": "Asia/Shanghai",
            "start_date": "2023-07-04",
            "end_date": "2023-07-06",
        },
    )
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get(code="fg-mv-2023-07")
    assert meeting.all_day
    assert meeting.starts_at == dt.datetime(2023, 7, 3, 16, 0, tzinfo=UTC)
    assert meeting.ends_at == dt.datetime(2023, 7, 6, 16, 0, tzinfo=UTC)
    assert response.json()["end_date"] == "2023-07-06"


def test_a_written_offset_is_respected(secretariat_client):
    payload = {
        **TestMeetingAPI().create_payload(),
        "starts_at": "2024-09-10T11:00:00Z",
        "ends_at": "2024-09-10T12:30:00Z",
    }
    response = secretariat_client.post(reverse("meeting-list"), payload)
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "2024-09-10T13:00:00+02:00"


def test_correcting_the_time_zone_keeps_the_announced_local_hours(secretariat_client):
    meeting = MeetingFactory(code="forum", local_start=dt.datetime(2023, 7, 7, 9, 0))
    response = secretariat_client.patch(
        reverse("meeting-detail", args=["forum"]), {"time_zone": "Asia/Shanghai"}
    )
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert meeting.starts_at == dt.datetime(2023, 7, 7, 1, 0, tzinfo=UTC)
    assert response.json()["starts_at"] == "2023-07-07T09:00:00+08:00"


def test_patching_only_the_end_time_keeps_the_start(secretariat_client):
    MeetingFactory(code="rg-dt", local_start=dt.datetime(2024, 3, 5, 13, 0))
    response = secretariat_client.patch(
        reverse("meeting-detail", args=["rg-dt"]), {"ends_at": "2024-03-05T16:00"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["starts_at"], body["ends_at"]) == (
        "2024-03-05T13:00:00+01:00",
        "2024-03-05T16:00:00+01:00",
    )


def test_refused_patch_changes_nothing(secretariat_client):
    meeting = MeetingFactory(code="rg-dt", local_start=dt.datetime(2024, 3, 5, 13, 0))
    response = secretariat_client.patch(
        reverse("meeting-detail", args=["rg-dt"]),
        {"title": "Changed", "contribution_deadline": "2024-03-06"},
    )
    assert response.status_code == 400
    assert "contribution_deadline" in response.json()
    meeting.refresh_from_db()
    assert meeting.title != "Changed"


def test_forum_lists_its_sessions_with_moderators_and_speakers_in_local_time(api_client):
    forum = MeetingFactory(
        code="itu-forum",
        kind=MeetingKind.FORUM,
        time_zone="Asia/Shanghai",
        local_start=dt.datetime(2023, 7, 7, 9, 0),
        duration=dt.timedelta(hours=8),
    )
    wang = PersonFactory(slug="zhiqin-wang", name="Zhiqin Wang")
    onoe = PersonFactory(slug="seizo-onoe", name="Seizo Onoe")
    SessionFactory(meeting=forum, title="Opening Ceremony", moderators=[wang], speakers=[onoe])
    DocumentFactory(number="TD401", meeting=forum)
    body = api_client.get(reverse("meeting-detail", args=["itu-forum"])).json()
    (session,) = body["sessions"]
    assert session["title"] == "Opening Ceremony"
    assert session["starts_at"] == "2023-07-07T09:00:00+08:00"
    assert [(p["code"], p["name"]) for p in session["moderators"]] == [
        ("zhiqin-wang", "Zhiqin Wang")
    ]
    assert [p["code"] for p in session["speakers"]] == ["seizo-onoe"]
    assert [d["code"] for d in body["documents"]] == ["TD401"]
    assert body["action_items"].endswith("/api/v1/action-items/?meeting=itu-forum")


def _codes(client, **params):
    response = client.get(reverse("meeting-list"), params)
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.fixture
def schedule():
    iem, dt_group = GroupFactory(code="RG-IEM"), GroupFactory(code="RG-DT")
    MeetingFactory(code="iem-feb", groups=[iem], local_start=dt.datetime(2024, 2, 20, 13, 0))
    MeetingFactory(code="dt-mar", groups=[dt_group], local_start=dt.datetime(2024, 3, 5, 13, 0))
    WholeDayMeetingFactory(
        code="workshop",
        kind=MeetingKind.WORKSHOP,
        groups=[iem],
        first_day=dt.date(2024, 4, 19),
        last_day=dt.date(2024, 4, 19),
        contribution_deadline=None,
    )
    MeetingFactory(code="future", local_start=dt.datetime(2099, 1, 6, 13, 0))


def test_filters_by_group_and_kind(api_client, schedule):
    assert _codes(api_client, group="RG-IEM") == ["iem-feb", "workshop"]
    assert _codes(api_client, kind="workshop") == ["workshop"]
    assert _codes(api_client, kind=["workshop", "rapporteur_group"], group="RG-DT") == ["dt-mar"]


def test_unknown_group_filter_is_a_400_not_an_empty_list(api_client, schedule):
    response = api_client.get(reverse("meeting-list"), {"group": "RG-NOPE"})
    assert response.status_code == 400
    assert "group" in response.json()


def test_upcoming_filter(api_client, schedule):
    assert _codes(api_client, upcoming="true") == ["future"]
    assert _codes(api_client, upcoming="false") == ["iem-feb", "dt-mar", "workshop"]


def test_start_and_deadline_filters_are_inclusive(api_client, schedule):
    assert _codes(api_client, start_after="2024-03-05", start_before="2024-04-19") == [
        "dt-mar",
        "workshop",
    ]
    # iem-feb: deadline 12 February; dt-mar: 26 February.
    assert _codes(api_client, deadline_after="2024-02-12", deadline_before="2024-02-25") == [
        "iem-feb"
    ]
    assert _codes(api_client, deadline_before="2024-02-26") == ["iem-feb", "dt-mar"]


def test_start_filter_reads_the_first_day_in_the_meetings_own_time_zone(api_client):
    # Midnight in Shanghai on 4 July 2023 is 3 July in Geneva and in UTC.
    WholeDayMeetingFactory(code="fg-mv", time_zone="Asia/Shanghai", first_day=dt.date(2023, 7, 4))
    assert _codes(api_client, start_after="2023-07-04") == ["fg-mv"]
    assert _codes(api_client, start_before="2023-07-03") == []


def test_malformed_date_filter_is_a_400(api_client):
    response = api_client.get(reverse("meeting-list"), {"start_after": "next week"})
    assert response.status_code == 400
    assert "start_after" in response.json()


def test_ordering_by_deadline_descending(api_client, schedule):
    assert _codes(api_client, ordering="-deadline", deadline_before="2024-03-01") == [
        "dt-mar",
        "iem-feb",
    ]


def test_contribution_deadline_says_when_it_closes_in_the_meetings_zone(api_client):
    """The deadline's day closes at 23:59 in the meeting's zone unless another time is
    announced; no deadline, no cut-off."""
    MeetingFactory(
        code="shanghai",
        time_zone="Asia/Shanghai",
        local_start=dt.datetime(2023, 7, 7, 9, 0),
        contribution_deadline=dt.date(2023, 6, 26),
    )
    MeetingFactory(
        code="geneva",
        local_start=dt.datetime(2024, 2, 20, 13, 0),
        contribution_deadline=dt.date(2024, 2, 9),
        contribution_deadline_time=dt.time(12, 0),
    )
    MeetingFactory(code="open", contribution_deadline=None)

    def cutoff(code):
        return api_client.get(reverse("meeting-detail", args=[code])).json()[
            "contribution_deadline_cutoff"
        ]

    assert cutoff("shanghai") == "2023-06-26T23:59:00+08:00"
    assert cutoff("geneva") == "2024-02-09T12:00:00+01:00"
    assert cutoff("open") is None
    listed = {
        row["code"]: row["contribution_deadline_cutoff"]
        for row in api_client.get(reverse("meeting-list")).json()["results"]
    }
    assert listed == {
        "shanghai": "2023-06-26T23:59:00+08:00",
        "geneva": "2024-02-09T12:00:00+01:00",
        "open": None,
    }


def test_the_cutoff_cannot_be_written(secretariat_client):
    meeting = MeetingFactory(contribution_deadline=dt.date(2024, 2, 9))
    response = secretariat_client.patch(
        reverse("meeting-detail", args=[meeting.code]),
        {"contribution_deadline_cutoff": "2024-02-10T08:00:00+01:00"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["contribution_deadline_cutoff"] == "2024-02-09T23:59:00+01:00"
