"""The write rules of meetings and action items live in the model; the admin and the API only
call them: a meeting's local dates and times (`Meeting.enter_local_times`) with its contribution
deadline (`Meeting.clean`), and closing an action (`ActionItem.close`).

Each rule is tested on its own (no HTTP), then through both interfaces: the same message on the
field the user filled in, and nothing saved when it is refused."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, ActionStatus, Meeting
from tests.meetings.factories import ActionItemFactory, MeetingFactory, WholeDayMeetingFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")


# --- a meeting's local dates and times, without HTTP --------------------------------------------


def test_local_times_are_read_in_the_meetings_own_time_zone_and_stored_in_utc():
    meeting = Meeting()
    meeting.enter_local_times(
        time_zone="Asia/Shanghai",
        starts_at=dt.datetime(2023, 7, 7, 9, 0),
        ends_at=dt.datetime(2023, 7, 7, 16, 35),
    )
    assert (meeting.time_zone, meeting.all_day) == ("Asia/Shanghai", False)
    assert meeting.starts_at == dt.datetime(2023, 7, 7, 1, 0, tzinfo=UTC)
    assert meeting.ends_at == dt.datetime(2023, 7, 7, 8, 35, tzinfo=UTC)


def test_whole_days_run_from_local_midnight_to_midnight_after_the_last_day():
    meeting = Meeting(time_zone="Europe/Zurich")
    meeting.enter_local_times(start_date=dt.date(2024, 1, 22), end_date=dt.date(2024, 1, 26))
    assert meeting.all_day
    assert meeting.starts_at == dt.datetime(2024, 1, 21, 23, 0, tzinfo=UTC)
    assert (meeting.start_date, meeting.end_date) == (dt.date(2024, 1, 22), dt.date(2024, 1, 26))


def test_a_time_with_an_offset_is_kept_as_that_instant():
    meeting = Meeting(time_zone="Europe/Zurich")
    meeting.enter_local_times(
        starts_at=dt.datetime(2024, 9, 10, 11, 0, tzinfo=UTC),
        ends_at=dt.datetime(2024, 9, 10, 12, 30, tzinfo=UTC),
    )
    assert meeting.local_start.hour == 13


def test_a_new_end_keeps_the_start_and_a_corrected_zone_keeps_the_local_hours():
    meeting = MeetingFactory.build(local_start=dt.datetime(2024, 3, 5, 13, 0))
    meeting.enter_local_times(ends_at=dt.datetime(2024, 3, 5, 16, 0))
    assert (meeting.local_start.hour, meeting.local_end.hour) == (13, 16)
    meeting.enter_local_times(time_zone="Asia/Shanghai")
    assert (meeting.local_start.hour, meeting.local_end.hour) == (13, 16)
    assert meeting.starts_at == dt.datetime(2024, 3, 5, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("entered", "field"),
    [
        ({"start_date": dt.date(2024, 1, 26), "end_date": dt.date(2024, 1, 22)}, "end_date"),
        ({"start_date": dt.date(2024, 1, 22)}, "end_date"),
        ({"starts_at": dt.datetime(2024, 1, 22, 9, 0)}, "ends_at"),
        (
            {
                "start_date": dt.date(2024, 1, 22),
                "end_date": dt.date(2024, 1, 22),
                "starts_at": dt.datetime(2024, 1, 22, 9, 0),
            },
            "start_date",
        ),
        ({}, "starts_at"),
        ({"time_zone": "Europe/Atlantis", "start_date": dt.date(2024, 1, 22)}, "time_zone"),
    ],
)
def test_refused_times_name_the_field_entered_and_change_nothing(entered, field):
    meeting = Meeting(time_zone="Europe/Zurich")
    with pytest.raises(ValidationError) as refused:
        meeting.enter_local_times(**entered)
    assert field in refused.value.message_dict
    assert (meeting.time_zone, meeting.starts_at, meeting.ends_at) == ("Europe/Zurich", None, None)


def test_the_deadline_is_checked_against_the_first_day_in_the_meetings_own_zone():
    # 1 a.m. in Shanghai on 7 July is still 6 July in UTC: the 6th is allowed, the 7th is not.
    meeting = Meeting(code="forum", title="Forum", kind="forum")
    meeting.enter_local_times(
        time_zone="Asia/Shanghai",
        starts_at=dt.datetime(2023, 7, 7, 1, 0),
        ends_at=dt.datetime(2023, 7, 7, 9, 0),
    )
    meeting.contribution_deadline = dt.date(2023, 7, 6)
    meeting.full_clean()
    meeting.contribution_deadline = dt.date(2023, 7, 7)
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert list(refused.value.message_dict) == ["contribution_deadline"]


# --- the same rules through the admin and the API -----------------------------------------------


def admin_meeting(**fields) -> dict:
    return {
        "code": "rg-iem-2024-09-10",
        "title": "RG-IEM interim virtual meeting",
        "kind": "rapporteur_group",
        "format": "virtual",
        "time_zone": "Europe/Zurich",
        "start_date": "2024-09-10",
        "start_time": "13:00",
        "end_date": "2024-09-10",
        "end_time": "14:30",
        "contribution_deadline": "2024-09-02",
        "venue": "",
        "host": "",
        "organisers": "",
        "url": "",
        "objectives": "",
        "outcome": "",
        **{
            f"{prefix}-{key}": value
            for prefix in ("sessions", "documents")
            for key, value in (
                ("TOTAL_FORMS", "0"),
                ("INITIAL_FORMS", "0"),
                ("MIN_NUM_FORMS", "0"),
                ("MAX_NUM_FORMS", "1000"),
            )
        },
        **fields,
    }


def api_meeting(**fields) -> dict:
    payload = {
        "code": "rg-iem-2024-09-10",
        "title": "RG-IEM interim virtual meeting",
        "kind": "rapporteur_group",
        "format": "virtual",
        "time_zone": "Europe/Zurich",
        "starts_at": "2024-09-10T13:00",
        "ends_at": "2024-09-10T14:30",
        "contribution_deadline": "2024-09-02",
        **fields,
    }
    return {key: value for key, value in payload.items() if value is not None}


WHOLE_DAYS_ADMIN = {"all_day": "on", "start_time": "", "end_time": ""}
WHOLE_DAYS_API = {"starts_at": None, "ends_at": None, "start_date": "2024-09-10"}


@pytest.mark.parametrize(
    ("problem", "admin_fields", "admin_field", "api_fields", "api_field"),
    [
        (
            "deadline on the first day",
            {"contribution_deadline": "2024-09-10"},
            "contribution_deadline",
            {"contribution_deadline": "2024-09-10"},
            "contribution_deadline",
        ),
        (
            "deadline on the first day of a whole-day meeting",
            {**WHOLE_DAYS_ADMIN, "contribution_deadline": "2024-09-10"},
            "contribution_deadline",
            {**WHOLE_DAYS_API, "end_date": "2024-09-10", "contribution_deadline": "2024-09-10"},
            "contribution_deadline",
        ),
        (
            "end before start",
            {"end_time": "12:00"},
            "end_time",
            {"ends_at": "2024-09-10T12:00"},
            "ends_at",
        ),
        (
            "last day before the first",
            {**WHOLE_DAYS_ADMIN, "end_date": "2024-09-09"},
            "end_date",
            {**WHOLE_DAYS_API, "end_date": "2024-09-09"},
            "end_date",
        ),
    ],
)
def test_admin_and_api_refuse_bad_times_with_the_models_message_and_save_nothing(
    admin_client, secretariat_client, problem, admin_fields, admin_field, api_fields, api_field
):
    response = admin_client.post(
        reverse("admin:meetings_meeting_add"), admin_meeting(**admin_fields)
    )
    assert response.status_code == 200, problem
    admin_messages = response.context["adminform"].form.errors[admin_field]

    response = secretariat_client.post(
        reverse("meeting-list"), api_meeting(**api_fields), format="json"
    )
    assert response.status_code == 400, problem
    assert response.json()[api_field] == admin_messages, problem
    assert not Meeting.objects.exists(), problem


def test_admin_and_api_enter_the_same_local_times(admin_client, secretariat_client):
    response = admin_client.post(
        reverse("admin:meetings_meeting_add"), admin_meeting(code="by-admin")
    )
    assert response.status_code == 302
    response = secretariat_client.post(
        reverse("meeting-list"), api_meeting(code="by-api"), format="json"
    )
    assert response.status_code == 201, response.content
    by_admin, by_api = Meeting.objects.get(code="by-admin"), Meeting.objects.get(code="by-api")
    assert (by_admin.starts_at, by_admin.ends_at) == (by_api.starts_at, by_api.ends_at)
    assert by_admin.starts_at == dt.datetime(2024, 9, 10, 11, 0, tzinfo=UTC)


def test_both_interfaces_go_through_enter_local_times(
    admin_client, secretariat_client, monkeypatch
):
    calls = []
    original = Meeting.enter_local_times

    def spy(self, **entered):
        calls.append(sorted(entered))
        return original(self, **entered)

    monkeypatch.setattr(Meeting, "enter_local_times", spy)
    admin_client.post(reverse("admin:meetings_meeting_add"), admin_meeting(code="by-admin"))
    secretariat_client.post(reverse("meeting-list"), api_meeting(code="by-api"), format="json")
    assert calls == [["ends_at", "starts_at", "time_zone"]] * 2


# --- closing an action ----------------------------------------------------------------------


@pytest.fixture
def wp2_9() -> ActionItem:
    meeting = WholeDayMeetingFactory(code="wp2-tsag-2024-01", first_day=dt.date(2024, 1, 22))
    return ActionItemFactory(code="WP2-9", meeting=meeting, text="Send the liaison statement.")


def test_closing_without_a_day_closes_today_keeping_the_note(wp2_9):
    wp2_9.close(ActionStatus.DONE, note="Sent.")
    wp2_9.refresh_from_db()
    assert (wp2_9.status, wp2_9.closing_note, wp2_9.closed_on) == (
        "done",
        "Sent.",
        timezone.localdate(),
    )


def test_closing_without_commit_validates_but_leaves_the_saving_to_the_caller(wp2_9):
    wp2_9.close(ActionStatus.DROPPED, commit=False)
    assert wp2_9.status == "dropped"
    assert ActionItem.objects.get(pk=wp2_9.pk).status == "open"


def test_a_refused_closing_changes_nothing(wp2_9):
    with pytest.raises(ValidationError) as refused:
        wp2_9.close(ActionStatus.DONE, note="Sent.", on=dt.date(2023, 12, 31))
    assert list(refused.value.message_dict) == ["closed_on"]
    assert (wp2_9.status, wp2_9.closing_note, wp2_9.closed_on) == ("open", "", None)


def admin_action(item: ActionItem, **fields) -> dict:
    return {
        "meeting": str(item.meeting.pk),
        "code": item.code,
        "position": str(item.position),
        "text": item.text,
        "group": "",
        "responsible_group": "",
        "responsible_person": "",
        "responsible_note": "",
        "due_date": "",
        "status": "open",
        "closing_note": "",
        "closed_on": "",
        **fields,
    }


def api_action_url(item: ActionItem) -> str:
    return reverse("action-item-detail", kwargs={"meeting": item.meeting.code, "code": item.code})


def test_closing_in_the_admin_form_and_by_an_api_edit_go_through_close(
    admin_client, secretariat_client, wp2_9, monkeypatch
):
    other = ActionItemFactory(code="WP2-10", meeting=wp2_9.meeting)
    calls = []
    original = ActionItem.close

    def spy(self, status, note="", on=None, *, commit=True):
        calls.append((self.code, status, note))
        return original(self, status, note, on, commit=commit)

    monkeypatch.setattr(ActionItem, "close", spy)
    response = admin_client.post(
        reverse("admin:meetings_actionitem_change", args=[wp2_9.pk]),
        admin_action(wp2_9, status="done", closing_note="Sent."),
    )
    assert response.status_code == 302
    response = secretariat_client.patch(
        api_action_url(other), {"status": "dropped", "closing_note": "Overtaken."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert calls == [("WP2-9", "done", "Sent."), ("WP2-10", "dropped", "Overtaken.")]
    closed = {item.code: item for item in ActionItem.objects.all()}
    assert closed["WP2-9"].closed_on == closed["WP2-10"].closed_on == timezone.localdate()
    assert closed["WP2-9"].history.count() == 2  # created, then closed: one change, not two


def test_admin_and_api_refuse_a_closing_before_the_meeting_alike_and_save_nothing(
    admin_client, secretariat_client, wp2_9
):
    response = admin_client.post(
        reverse("admin:meetings_actionitem_change", args=[wp2_9.pk]),
        admin_action(wp2_9, status="done", closing_note="Sent.", closed_on="2023-12-31"),
    )
    assert response.status_code == 200
    admin_messages = response.context["adminform"].form.errors["closed_on"]
    response = secretariat_client.patch(
        api_action_url(wp2_9),
        {"status": "done", "closing_note": "Sent.", "closed_on": "2023-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["closed_on"] == admin_messages
    wp2_9.refresh_from_db()
    assert (wp2_9.status, wp2_9.closing_note, wp2_9.closed_on) == ("open", "", None)


# --- questions the pages ask, as QuerySet methods ---------------------------------------------


def test_meetings_with_actions_and_the_groups_meeting_each_listed_once():
    from tests.deliverables.factories import GroupFactory

    iem, dt_group = GroupFactory(code="RG-IEM"), GroupFactory(code="RG-DT")
    GroupFactory(code="TSAG")
    first = MeetingFactory(code="first", groups=[iem, dt_group])
    MeetingFactory(code="second", groups=[iem])
    ActionItemFactory.create_batch(2, meeting=first)
    assert list(Meeting.objects.with_action_items().values_list("code", flat=True)) == ["first"]
    assert list(Meeting.objects.groups_meeting().values_list("code", flat=True)) == [
        "RG-DT",
        "RG-IEM",
    ]
