"""Action items list by their meeting's start, then report order, from the action table's own
index: the meeting's start is copied onto each action and kept by the database."""

import datetime as dt

import pytest

from meetings.models import ActionItem, Meeting
from tests.deliverables.factories import GroupFactory
from tests.meetings.factories import ActionItemFactory, WholeDayMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def june_then_january():
    """Made in the wrong order on purpose: ids do not follow the calendar."""
    june = WholeDayMeetingFactory(code="wp2-tsag-2024-06", first_day=dt.date(2024, 6, 3))
    january = WholeDayMeetingFactory(code="wp2-tsag-2024-01", first_day=dt.date(2024, 1, 22))
    ActionItemFactory(meeting=june, code="WP2-1", position=1)
    ActionItemFactory(meeting=january, code="WP2-2", position=2)
    ActionItemFactory(meeting=january, code="WP2-1", position=1)
    return june, january


def listed() -> list[tuple[str, str]]:
    return [(a.meeting.code[-2:], a.code) for a in ActionItem.objects.select_related("meeting")]


def test_actions_list_by_meeting_start_then_report_order(june_then_january):
    assert listed() == [("01", "WP2-1"), ("01", "WP2-2"), ("06", "WP2-1")]


def test_moving_a_meeting_moves_its_actions_in_the_list(june_then_january):
    june, january = june_then_january
    january.set_local_times(dt.date(2024, 9, 2), dt.date(2024, 9, 6))
    january.save()
    assert listed() == [("06", "WP2-1"), ("01", "WP2-1"), ("01", "WP2-2")]

    later = january.ends_at + dt.timedelta(days=30)
    Meeting.objects.filter(pk=june.pk).update(starts_at=later, ends_at=later + dt.timedelta(days=5))
    assert listed() == [("01", "WP2-1"), ("01", "WP2-2"), ("06", "WP2-1")]


def test_the_copy_follows_however_actions_are_written(june_then_january):
    june, january = june_then_january
    group = GroupFactory()
    ActionItem.objects.bulk_create(
        [ActionItem(meeting=june, code="WP2-9", position=9, text="x", group=group)]
    )
    moved = ActionItem.objects.get(meeting=june, code="WP2-1")
    moved.meeting = january
    moved.code = "WP2-3"
    moved.save()

    starts = dict(ActionItem.objects.values_list("code", "meeting_starts_at"))
    assert starts == {
        "WP2-1": january.starts_at,
        "WP2-2": january.starts_at,
        "WP2-3": january.starts_at,
        "WP2-9": june.starts_at,
    }


def test_the_copy_is_not_part_of_the_history(june_then_january):
    action = ActionItem.objects.first()
    assert not hasattr(action.history.first(), "meeting_starts_at")
