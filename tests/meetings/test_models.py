"""The rules of meetings, documents and action items, in the model and in the database."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import ActionItem, ActionStatus, Document, Meeting
from tests.deliverables.factories import GroupFactory
from tests.meetings.factories import (
    ActionItemFactory,
    DocumentFactory,
    MeetingFactory,
    SessionFactory,
    WholeDayMeetingFactory,
)

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
UTC = dt.UTC

pytestmark = pytest.mark.django_db


def test_local_times_of_a_geneva_e_meeting_are_stored_in_utc_across_summer_time():
    winter = Meeting(time_zone="Europe/Zurich")
    winter.set_local_times(dt.datetime(2024, 2, 20, 13, 0), dt.datetime(2024, 2, 20, 14, 30))
    summer = Meeting(time_zone="Europe/Zurich")
    summer.set_local_times(dt.datetime(2024, 5, 7, 13, 0), dt.datetime(2024, 5, 7, 14, 30))
    assert winter.starts_at.astimezone(UTC) == dt.datetime(2024, 2, 20, 12, 0, tzinfo=UTC)
    assert summer.starts_at.astimezone(UTC) == dt.datetime(2024, 5, 7, 11, 0, tzinfo=UTC)
    assert not winter.all_day


def test_whole_day_meeting_in_shanghai_runs_from_local_midnight_to_midnight_after_last_day():
    meeting = Meeting(time_zone="Asia/Shanghai")
    meeting.set_local_times(dt.date(2023, 7, 4), dt.date(2023, 7, 6))
    assert meeting.all_day
    assert meeting.starts_at.astimezone(UTC) == dt.datetime(2023, 7, 3, 16, 0, tzinfo=UTC)
    assert meeting.ends_at.astimezone(UTC) == dt.datetime(2023, 7, 6, 16, 0, tzinfo=UTC)
    assert (meeting.start_date, meeting.end_date) == (dt.date(2023, 7, 4), dt.date(2023, 7, 6))


def test_contribution_deadline_on_the_first_day_is_refused():
    meeting = MeetingFactory.build(
        local_start=dt.datetime(2024, 2, 20, 13, 0), contribution_deadline=dt.date(2024, 2, 20)
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "contribution_deadline" in error.value.message_dict


def test_contribution_deadline_is_compared_with_the_local_first_day_not_the_utc_one():
    # 00:00 in Shanghai on 4 July is still 3 July in UTC; a deadline of 3 July is fine.
    meeting = WholeDayMeetingFactory.build(
        time_zone="Asia/Shanghai",
        first_day=dt.date(2023, 7, 4),
        contribution_deadline=dt.date(2023, 7, 3),
    )
    meeting.full_clean()
    meeting.contribution_deadline = dt.date(2023, 7, 4)
    with pytest.raises(ValidationError):
        meeting.full_clean()


def test_database_refuses_a_deadline_after_the_meeting_starts():
    meeting = MeetingFactory(local_start=dt.datetime(2024, 2, 20, 13, 0))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Meeting.objects.filter(pk=meeting.pk).update(contribution_deadline=dt.date(2024, 3, 1))


def test_meeting_cannot_end_before_it_starts_in_the_model_and_the_database():
    meeting = MeetingFactory.build(duration=dt.timedelta(hours=-1))
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "ends_at" in error.value.message_dict
    saved = MeetingFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Meeting.objects.filter(pk=saved.pk).update(ends_at=saved.starts_at - dt.timedelta(hours=1))


def test_unknown_time_zone_is_refused():
    meeting = MeetingFactory.build()
    meeting.time_zone = "Europe/Atlantis"
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "time_zone" in error.value.message_dict


def test_whole_day_meeting_with_invented_hours_is_refused():
    meeting = WholeDayMeetingFactory.build()
    meeting.starts_at += dt.timedelta(hours=9)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "all_day" in error.value.message_dict


def test_session_must_fall_within_its_meeting():
    session = SessionFactory()
    session.full_clean()
    session.ends_at = session.meeting.ends_at + dt.timedelta(hours=1)
    with pytest.raises(ValidationError):
        session.full_clean()


def test_td480_and_td480_r1_resolve_to_the_same_latest_revision():
    DocumentFactory(number="TD480", revision=0)
    r1 = DocumentFactory(number="TD480", revision=1)
    assert r1.code == "TD480-R1"
    assert Document.objects.resolve("TD480") == r1
    assert Document.objects.resolve("TD480-R1") == r1
    assert Document.objects.resolve("td480r1") == r1
    assert Document.objects.matching("TD480").count() == 2


def test_duplicate_document_revision_is_refused_on_the_revision_field():
    DocumentFactory(number="TD485", revision=0)
    with pytest.raises(ValidationError) as error:
        Document(number="TD485", revision=0, title="Again", kind="other").full_clean()
    assert "revision" in error.value.message_dict


def test_duplicate_action_code_in_one_meeting_is_refused_but_allowed_in_another():
    first = ActionItemFactory(code="WP2-1")
    duplicate = ActionItemFactory.build(code="WP2-1", meeting=first.meeting, group=first.group)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "code" in error.value.message_dict
    elsewhere = ActionItemFactory.build(code="WP2-1", group=first.group)
    elsewhere.meeting.save()
    elsewhere.meeting_id = elsewhere.meeting.pk
    elsewhere.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        ActionItem.objects.create(meeting=first.meeting, code="WP2-1", text="Twice")


def test_overdue_is_derived_from_the_due_date_and_the_status():
    today = dt.date(2024, 3, 1)
    late = ActionItemFactory(due_date=dt.date(2024, 2, 1))
    on_time = ActionItemFactory(due_date=dt.date(2024, 3, 15))
    no_date = ActionItemFactory(due_date=None)
    done_late = ActionItemFactory(due_date=dt.date(2024, 2, 1))
    done_late.close(ActionStatus.DONE, on=dt.date(2024, 2, 20))
    assert list(ActionItem.objects.overdue(today)) == [late]
    assert set(ActionItem.objects.not_overdue(today)) == {on_time, no_date, done_late}
    assert late.is_overdue(today)
    assert not done_late.is_overdue(today)


def test_open_actions_from_a_day_come_soonest_first_with_undated_ones_last():
    today = dt.date(2024, 3, 1)
    ActionItemFactory(due_date=dt.date(2024, 2, 29))  # overdue
    later = ActionItemFactory(due_date=dt.date(2024, 4, 1))
    undated = ActionItemFactory(due_date=None)
    due_today = ActionItemFactory(due_date=today)
    done = ActionItemFactory(due_date=dt.date(2024, 3, 2))
    done.close(ActionStatus.DONE, on=dt.date(2024, 3, 1))
    assert list(ActionItem.objects.open_from(today)) == [due_today, later, undated]


def test_closing_an_action_records_status_note_and_date_in_its_history():
    item = ActionItemFactory()
    item.close(ActionStatus.DROPPED, note="Overtaken by events.", on=dt.date(2024, 4, 2))
    item.refresh_from_db()
    assert (item.status, item.closing_note, item.closed_on) == (
        "dropped",
        "Overtaken by events.",
        dt.date(2024, 4, 2),
    )
    assert item.history.first().status == "dropped"


def test_closing_an_already_closed_action_changes_nothing():
    item = ActionItemFactory()
    item.close(ActionStatus.DONE, on=dt.date(2024, 4, 2))
    with pytest.raises(ValidationError):
        item.close(ActionStatus.DROPPED)
    item.refresh_from_db()
    assert (item.status, item.closed_on) == ("done", dt.date(2024, 4, 2))


def test_an_action_cannot_be_closed_before_its_meeting():
    item = ActionItemFactory(meeting=WholeDayMeetingFactory(first_day=dt.date(2024, 1, 22)))
    with pytest.raises(ValidationError) as error:
        item.close(ActionStatus.DONE, on=dt.date(2024, 1, 1))
    assert "closed_on" in error.value.message_dict
    item.refresh_from_db()
    assert item.status == "open"


def test_meetings_are_filtered_by_their_local_first_day():
    shanghai = WholeDayMeetingFactory(time_zone="Asia/Shanghai", first_day=dt.date(2023, 7, 4))
    geneva = MeetingFactory(local_start=dt.datetime(2023, 7, 3, 23, 30))
    on_or_after = Meeting.objects.starting_on_or_after(dt.date(2023, 7, 4))
    on_or_before = Meeting.objects.starting_on_or_before(dt.date(2023, 7, 3))
    assert list(on_or_after) == [shanghai]
    assert list(on_or_before) == [geneva]
    both = Meeting.objects.starting_on_or_after(dt.date(2023, 7, 3)).starting_on_or_before(
        dt.date(2023, 7, 4)
    )
    assert set(both) == {shanghai, geneva}


def test_meeting_groups_are_kept_in_history():
    meeting = MeetingFactory(groups=[GroupFactory(code="RG-DT")])
    meeting.title = "Renamed"
    meeting.save()
    latest = meeting.history.first()
    assert latest.title == "Renamed"
    assert [row.group.code for row in latest.groups.all()] == ["RG-DT"]
