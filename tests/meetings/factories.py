"""Factories for meetings, sessions, documents and action items.

Meetings are built from local wall-clock times in their own time zone, the way the secretariat
announces them: `MeetingFactory(local_start=dt.datetime(2024, 2, 20, 13, 0), time_zone=...)`.
Whole-day meetings: `WholeDayMeetingFactory(first_day=..., last_day=...)`.
"""

import datetime as dt
import zoneinfo

import factory

from meetings.models import (
    ActionItem,
    ActionStatus,
    Document,
    DocumentKind,
    Meeting,
    MeetingFormat,
    MeetingKind,
    Session,
)
from tests.deliverables.factories import GroupFactory


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def _set_m2m(manager_name: str):
    """A post-generation hook that sets a many-to-many relation from a list passed by the test."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, manager_name).set(extracted)

    hook.__name__ = manager_name
    return factory.PostGeneration(hook)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A timed meeting: 13:00–15:00 local time, a week's deadline before its first day."""

    class Meta:
        model = Meeting
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    class Params:
        # Within one year of 2024-03-05 whatever the sequence number, so a default meeting is
        # always in the past: a test that wants an upcoming meeting says so explicitly, and the
        # result never depends on how many meetings earlier tests made.
        local_start = factory.Sequence(
            lambda n: dt.datetime(2024, 3, 5, 13, 0) + dt.timedelta(days=n % 365)
        )
        duration = dt.timedelta(hours=2)

    code = factory.Sequence(lambda n: f"meeting-{n}")
    title = factory.Sequence(lambda n: f"Interim meeting {n}")
    kind = MeetingKind.RAPPORTEUR_GROUP
    format = MeetingFormat.VIRTUAL
    time_zone = "Europe/Zurich"
    all_day = False
    starts_at = factory.LazyAttribute(lambda o: o.local_start.replace(tzinfo=_zone(o.time_zone)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + o.duration)
    contribution_deadline = factory.LazyAttribute(
        lambda o: o.local_start.date() - dt.timedelta(days=8)
    )
    objectives = "Progress the work."

    groups = _set_m2m("groups")


class WholeDayMeetingFactory(MeetingFactory):
    """A meeting announced by dates only: local midnight of the first day to local midnight
    after the last day."""

    class Params:
        first_day = factory.Sequence(
            lambda n: dt.date(2024, 1, 22) + dt.timedelta(days=7 * (n % 52))
        )
        last_day = factory.LazyAttribute(lambda o: o.first_day + dt.timedelta(days=4))

    kind = MeetingKind.WORKING_PARTY
    format = MeetingFormat.IN_PERSON
    venue = "Geneva"
    all_day = True
    starts_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.first_day, dt.time(), _zone(o.time_zone))
    )
    ends_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(
            o.last_day + dt.timedelta(days=1), dt.time(), _zone(o.time_zone)
        )
    )
    contribution_deadline = factory.LazyAttribute(lambda o: o.first_day - dt.timedelta(days=14))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory, kind=MeetingKind.FORUM)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda o: o.meeting.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=45))
    description = "What the session is about."

    moderators = _set_m2m("moderators")
    speakers = _set_m2m("speakers")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        django_get_or_create = ("number", "revision")

    number = factory.Sequence(lambda n: f"TD{n + 1000}")
    revision = 0
    title = factory.Sequence(lambda n: f"Document {n}")
    kind = DocumentKind.CONTRIBUTION
    meeting = factory.SubFactory(MeetingFactory)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem
        skip_postgeneration_save = True

    meeting = factory.SubFactory(WholeDayMeetingFactory, first_day=dt.date(2024, 1, 22))
    code = factory.Sequence(lambda n: f"WP2-{n + 1}")
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Do the thing number {n}.")
    group = factory.SubFactory(GroupFactory)
    status = ActionStatus.OPEN

    concerned_groups = _set_m2m("concerned_groups")
    documents = _set_m2m("documents")
    deliverables = _set_m2m("deliverables")
