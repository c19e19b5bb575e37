"""The secretariat's admin pages for meetings, sessions, documents and action items: what only
these models do (the contract every admin keeps is in tests/test_admin_contract.py)."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, ActionStatus, Document, Meeting, Session
from tests.deliverables.factories import DeliverableFactory, PersonFactory
from tests.meetings.factories import (
    ActionItemFactory,
    DocumentFactory,
    MeetingFactory,
    SessionFactory,
    WholeDayMeetingFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """POST data of an inline formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def meeting_post(sessions=(), documents=(), **fields) -> dict:
    data = {
        "code": "itu-forum-metaverse-2023-07-07",
        "title": "2nd ITU Forum on metaverse",
        "kind": "forum",
        "format": "hybrid",
        "time_zone": "Asia/Shanghai",
        "start_date": "2023-07-07",
        "start_time": "09:00",
        "end_date": "2023-07-07",
        "end_time": "16:35",
        "contribution_deadline": "",
        "venue": "Zhangjiang Science Hall, Shanghai, China",
        "host": "",
        "organisers": "",
        "url": "",
        "objectives": "",
        "outcome": "",
        **fields,
    }
    data.update(inline("sessions", list(sessions)))
    data.update(inline("documents", list(documents)))
    return data


def errors_of(response) -> dict:
    assert response.status_code == 200, "the form was accepted"
    form = response.context["adminform"].form
    return form.errors


# --- changelists ---------------------------------------------------------------------------


def test_meeting_changelist_shows_local_times(admin_client):
    MeetingFactory(
        title="Forum",
        time_zone="Asia/Shanghai",
        local_start=dt.datetime(2023, 7, 7, 9, 0),
        duration=dt.timedelta(hours=7, minutes=35),
    )
    WholeDayMeetingFactory(
        title="WP2", first_day=dt.date(2024, 1, 22), last_day=dt.date(2024, 1, 26)
    )
    page = admin_client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert "7 July 2023, 09:00–16:35 (Asia/Shanghai)" in page
    assert "22–26 January 2024" in page


def test_overdue_filter_lists_open_actions_past_their_due_date(admin_client):
    late = ActionItemFactory(due_date=dt.date(2000, 1, 1))
    ActionItemFactory(due_date=dt.date(2999, 1, 1))
    response = admin_client.get(reverse("admin:meetings_actionitem_changelist"), {"overdue": "yes"})
    assert list(response.context["cl"].result_list) == [late]


def test_document_search_finds_a_cited_revision(admin_client):
    DocumentFactory(number="TD480", revision=0)
    r1 = DocumentFactory(number="TD480", revision=1)
    response = admin_client.get(reverse("admin:meetings_document_changelist"), {"q": "TD480-R1"})
    assert list(response.context["cl"].result_list) == [r1]


# --- meetings: add, change, errors ---------------------------------------------------------


def test_add_meeting_with_sessions_in_its_own_time_zone(admin_client):
    moderator = PersonFactory(slug="zhiqin-wang")
    data = meeting_post(
        sessions=[
            {
                "title": "Opening Ceremony",
                "starts_at_0": "2023-07-07",
                "starts_at_1": "09:00",
                "ends_at_0": "2023-07-07",
                "ends_at_1": "09:30",
                "description": "",
                "moderators": [str(moderator.pk)],
            }
        ],
        documents=[{"number": "TD401", "revision": "0", "title": "Report", "kind": "report"}],
    )
    response = admin_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302, errors_of(response)
    forum = Meeting.objects.get(code="itu-forum-metaverse-2023-07-07")
    assert forum.starts_at == dt.datetime(2023, 7, 7, 1, 0, tzinfo=UTC)
    assert forum.ends_at == dt.datetime(2023, 7, 7, 8, 35, tzinfo=UTC)
    assert not forum.all_day
    session = forum.sessions.get()
    assert session.starts_at == dt.datetime(2023, 7, 7, 9, 0, tzinfo=SHANGHAI)
    assert list(session.moderators.all()) == [moderator]
    assert forum.documents.get().code == "TD401"


def test_add_whole_day_meeting_from_dates(admin_client):
    data = meeting_post(
        code="wp2-tsag-2024-01",
        kind="working_party",
        time_zone="Europe/Zurich",
        all_day="on",
        start_date="2024-01-22",
        start_time="",
        end_date="2024-01-26",
        end_time="",
        contribution_deadline="2024-01-12",
    )
    response = admin_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get(code="wp2-tsag-2024-01")
    assert meeting.all_day
    assert (meeting.start_date, meeting.end_date) == (dt.date(2024, 1, 22), dt.date(2024, 1, 26))
    assert meeting.starts_at == dt.datetime(2024, 1, 21, 23, 0, tzinfo=UTC)


def test_change_form_shows_the_local_date_and_hours(admin_client):
    meeting = MeetingFactory(time_zone="Asia/Shanghai", local_start=dt.datetime(2023, 7, 7, 9, 0))
    SessionFactory(meeting=meeting, title="Opening")
    response = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    form = response.context["adminform"].form
    assert form.initial["start_date"] == dt.date(2023, 7, 7)
    assert form.initial["start_time"] == dt.time(9, 0)
    assert form.initial["time_zone"] == "Asia/Shanghai"
    page = response.content.decode()
    assert 'value="09:00:00"' in page  # the inline session's time, in Shanghai time


def test_change_meeting_time_zone_keeps_the_local_hours_entered(admin_client):
    meeting = MeetingFactory(code="forum", local_start=dt.datetime(2023, 7, 7, 9, 0))
    data = meeting_post(
        code="forum", time_zone="Asia/Shanghai", end_time="11:00", contribution_deadline=""
    )
    response = admin_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302, errors_of(response)
    meeting.refresh_from_db()
    assert meeting.starts_at == dt.datetime(2023, 7, 7, 1, 0, tzinfo=UTC)
    assert meeting.history.first().history_type == "~"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contribution_deadline": "2023-07-08"}, "contribution_deadline"),
        ({"contribution_deadline": "2023-07-07"}, "contribution_deadline"),
        ({"time_zone": "Asia/Atlantis"}, "time_zone"),
        ({"end_time": "08:00"}, "end_time"),
        ({"end_date": "2023-07-06"}, "end_time"),
        ({"all_day": "on"}, "start_time"),
        ({"all_day": "on", "start_time": "", "end_time": "", "end_date": "2023-07-06"}, "end_date"),
        ({"start_time": ""}, "start_time"),
        ({"code": "not a slug"}, "code"),
    ],
)
def test_bad_meeting_input_is_a_form_error_and_saves_nothing(admin_client, changes, field):
    response = admin_client.post(reverse("admin:meetings_meeting_add"), meeting_post(**changes))
    assert field in errors_of(response)
    assert not Meeting.objects.exists()


def test_session_outside_its_meeting_is_a_form_error(admin_client):
    data = meeting_post(
        sessions=[
            {
                "title": "Too late",
                "starts_at_0": "2023-07-07",
                "starts_at_1": "17:00",
                "ends_at_0": "2023-07-07",
                "ends_at_1": "18:00",
            }
        ]
    )
    response = admin_client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["starts_at"]
    assert not Meeting.objects.exists()
    assert not Session.objects.exists()


# --- action items ----------------------------------------------------------------------------


def action_post(meeting, **fields) -> dict:
    return {
        "meeting": str(meeting.pk),
        "code": "WP2-9",
        "position": "13",
        "text": "Approve Liaison Statement on metaverse [to all ITU-T SGs] – TD480-R1",
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


def test_add_action_with_documents_and_deliverables(admin_client):
    meeting = WholeDayMeetingFactory(first_day=dt.date(2024, 1, 22))
    td480 = DocumentFactory(number="TD480", revision=1)
    deliverable = DeliverableFactory(code="FGMV-04")
    data = action_post(meeting, documents=[str(td480.pk)], deliverables=[str(deliverable.pk)])
    response = admin_client.post(reverse("admin:meetings_actionitem_add"), data)
    assert response.status_code == 302, errors_of(response)
    item = ActionItem.objects.get(code="WP2-9")
    assert [d.code for d in item.documents.all()] == ["TD480-R1"]
    assert list(item.deliverables.all()) == [deliverable]


def test_duplicate_action_code_in_one_meeting_is_a_form_error(admin_client):
    existing = ActionItemFactory(code="WP2-9")
    response = admin_client.post(
        reverse("admin:meetings_actionitem_add"), action_post(existing.meeting)
    )
    assert "code" in errors_of(response)
    assert ActionItem.objects.count() == 1


def test_closing_in_the_form_without_a_date_closes_today(admin_client):
    item = ActionItemFactory(code="WP2-9")
    data = action_post(item.meeting, status="done", closing_note="Sent.")
    response = admin_client.post(reverse("admin:meetings_actionitem_change", args=[item.pk]), data)
    assert response.status_code == 302, errors_of(response)
    item.refresh_from_db()
    assert (item.status, item.closed_on) == ("done", timezone.localdate())


def bulk(admin_client, action: str, items, note: str | None = "Closed at the meeting.") -> object:
    """The bulk action as the secretariat runs it: chosen on the list, then its note given on
    the page that asks for it (`note=None`: only the first step)."""
    data = {"action": action, "_selected_action": [str(item.pk) for item in items]}
    url = reverse("admin:meetings_actionitem_changelist")
    if note is None:
        return admin_client.post(url, data)
    return admin_client.post(url, {**data, "apply": "1", "note": note, "on": ""}, follow=True)


def test_bulk_mark_done_closes_each_action_and_records_its_history(admin_client, admin_user):
    items = ActionItemFactory.create_batch(3)
    already = ActionItemFactory()
    already.close(ActionStatus.DROPPED, on=dt.date(2024, 2, 1))
    response = bulk(admin_client, "mark_done", [*items, already])
    assert response.status_code == 200
    for item in items:
        item.refresh_from_db()
        assert (item.status, item.closed_on) == ("done", timezone.localdate())
        latest = item.history.first()
        assert latest.status == "done"
        assert latest.history_user == admin_user
        assert latest.history_change_reason == "Bulk action: done"
    already.refresh_from_db()
    assert (already.status, already.closed_on) == ("dropped", dt.date(2024, 2, 1))
    notes = [str(m) for m in response.context["messages"]]
    assert any("3 actions marked done" in note for note in notes)
    assert any(f"1 action already closed, left as it was: {already.code}" in n for n in notes)
    assert items[0].closing_note == "Closed at the meeting."


def test_bulk_closing_asks_for_the_note_first_and_changes_nothing_without_it(admin_client):
    items = ActionItemFactory.create_batch(2)
    page = bulk(admin_client, "mark_done", items, note=None)
    assert page.status_code == 200
    assert page.context["form"]["note"].label == "Closing note"
    # In the order of the minutes (position), not the text of the codes: WP2-9 before WP2-10.
    in_order = ActionItem.objects.order_by("position", "code").values_list("code", flat=True)
    assert [item.code for item in page.context["items"]] == list(in_order)
    refused = bulk(admin_client, "mark_done", items, note="")
    assert "Say how the actions were closed" in str(refused.context["form"].errors["note"])
    assert set(ActionItem.objects.values_list("status", flat=True)) == {"open"}


def test_bulk_drop(admin_client):
    items = ActionItemFactory.create_batch(2)
    bulk(admin_client, "drop", items)
    assert set(ActionItem.objects.values_list("status", flat=True)) == {"dropped"}


def test_bulk_close_that_breaks_a_rule_changes_nothing(admin_client):
    good = ActionItemFactory()
    future = ActionItemFactory(meeting=WholeDayMeetingFactory(first_day=dt.date(2999, 1, 4)))
    response = bulk(admin_client, "mark_done", [good, future])
    assert set(ActionItem.objects.values_list("status", flat=True)) == {"open"}
    assert any("Nothing was changed" in str(m) for m in response.context["messages"])


# --- history ----------------------------------------------------------------------------------


def test_session_change_form_reads_times_in_the_meetings_time_zone(admin_client):
    meeting = MeetingFactory(time_zone="Asia/Shanghai", local_start=dt.datetime(2023, 7, 7, 9, 0))
    session = SessionFactory(meeting=meeting)
    data = {
        "meeting": str(meeting.pk),
        "title": "Keynote",
        "starts_at_0": "2023-07-07",
        "starts_at_1": "09:30",
        "ends_at_0": "2023-07-07",
        "ends_at_1": "09:45",
        "description": "",
    }
    response = admin_client.post(reverse("admin:meetings_session_change", args=[session.pk]), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2023, 7, 7, 9, 30, tzinfo=SHANGHAI)
    assert Document.objects.count() == 0


def test_closing_an_action_in_its_form_asks_for_a_note(admin_client):
    item = ActionItemFactory(code="WP2-9")
    data = action_post(item.meeting, status="done", closing_note="")
    response = admin_client.post(reverse("admin:meetings_actionitem_change", args=[item.pk]), data)
    assert response.status_code == 200
    assert "Say how the action was closed" in str(errors_of(response)["closing_note"])
    item.refresh_from_db()
    assert item.status == "open"
