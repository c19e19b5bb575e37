"""Small builders for the reminder tests: people with addresses, actions, meetings, statements."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core import mail

from deliverables.models import GroupKind, RoleKind
from liaisons.models import LiaisonPurpose
from meetings.models import ActionStatus
from tests.deliverables.factories import GroupFactory, PersonFactory, RoleFactory
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, MeetingFactory, WholeDayMeetingFactory

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")
SWEEP_DAY = dt.date(2024, 2, 5)


def at_sweep_hour(day: dt.date) -> dt.datetime:
    """06:00 in Geneva on `day`: when beat starts the daily sweep."""
    return dt.datetime.combine(day, dt.time(6, 0), ZURICH)


def person(email: str = "", name: str | None = None, **kwargs):
    slug = (email.split("@")[0] if email else name or "someone").lower().replace(" ", "-")
    return PersonFactory(
        slug=slug, name=name or slug.replace("-", " ").title(), email=email, **kwargs
    )


def role(who, group, kind: str = RoleKind.RAPPORTEUR, **kwargs):
    return RoleFactory(person=who, group=group, role=kind, **kwargs)


def quiet_meeting(**kwargs):
    """A past meeting with no contribution deadline: it agrees actions and reminds of nothing."""
    kwargs.setdefault("first_day", dt.date(2024, 1, 22))
    kwargs.setdefault("last_day", dt.date(2024, 1, 26))
    return WholeDayMeetingFactory(contribution_deadline=None, **kwargs)


def action(due: dt.date | None, responsible=None, group=None, **kwargs):
    kwargs.setdefault("meeting", quiet_meeting())
    return ActionItemFactory(
        due_date=due,
        responsible_person=responsible,
        group=group or GroupFactory(),
        **kwargs,
    )


def closed_action(due: dt.date, status: str, responsible=None, **kwargs):
    item = action(due, responsible=responsible, **kwargs)
    item.status = status
    item.closed_on = dt.date(2024, 1, 30)
    item.save()
    return item


def meeting_with_deadline(deadline: dt.date, groups, start: dt.datetime | None = None, **kwargs):
    start = start or dt.datetime.combine(deadline + dt.timedelta(days=8), dt.time(13, 0))
    return MeetingFactory(
        local_start=start,
        duration=dt.timedelta(hours=1, minutes=30),
        contribution_deadline=deadline,
        groups=list(groups),
        **kwargs,
    )


def statement_for_action(deadline: dt.date, to_groups=(), **kwargs):
    kwargs.setdefault("purpose", LiaisonPurpose.ACTION)
    kwargs.setdefault("date", dt.date(2024, 1, 26))
    # The statement's document was tabled at a meeting long over, whose contribution deadline
    # is no reminder of its own (the factory's default dates follow its sequence, and can fall
    # within the lead time of the sweeps these tests run).
    kwargs.setdefault("document__meeting__local_start", dt.datetime(2024, 1, 22, 9, 0))
    return LiaisonStatementFactory(reply_deadline=deadline, to_groups=list(to_groups), **kwargs)


def study_group(code: str):
    return GroupFactory(code=code, name=f"ITU-T Study Group {code[2:]}", kind=GroupKind.STUDY_GROUP)


def sent_to(address: str) -> list:
    return [m for m in mail.outbox if any(address in to for to in m.to)]


def html_of(message) -> str:
    return next(content for content, kind in message.alternatives if kind == "text/html")


DONE, DROPPED = ActionStatus.DONE, ActionStatus.DROPPED
