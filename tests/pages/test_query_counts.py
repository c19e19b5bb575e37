"""Every list page (and every record page that lists things) runs the same number of SQL
queries with 3 rows as with 60.

The rows are the costly part, so each kind of rows is made once and every page that lists them
is measured on them: one test per kind of rows, naming each page whose count grew."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deliverables.models import Purpose, RoleKind
from liaisons.models import LiaisonPurpose
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    PersonFactory,
    RoleFactory,
    StudyGroupFactory,
)
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import (
    ActionItemFactory,
    DocumentFactory,
    MeetingFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def make_world() -> dict:
    parent = GroupFactory(code="TSAG")
    sg = StudyGroupFactory(code="SG17")
    return {"parent": parent, "sg": sg, "meeting": MeetingFactory(code="host", groups=[sg])}


def add_deliverables(world, n):
    for _ in range(n):
        deliverable = DeliverableFactory(title="Metaverse deliverable")
        DistributionFactory(deliverable=deliverable, group=world["sg"], purpose=Purpose.ALLOCATED)
        DistributionFactory(
            deliverable=deliverable,
            group=None,
            to_all_study_groups=True,
            purpose=Purpose.FOR_INFORMATION,
        )
        DistributionFactory(deliverable=deliverable, group=StudyGroupFactory())


def add_groups(world, n):
    for _ in range(n):
        group = GroupFactory(parent=world["parent"])
        RoleFactory(group=group, role=RoleKind.RAPPORTEUR)


def add_meetings(world, n):
    today = timezone.localtime().replace(tzinfo=None, microsecond=0)
    for i in range(n):
        start = today + dt.timedelta(days=(20 + i) if i % 2 else -(20 + i))
        meeting = MeetingFactory(local_start=start, groups=[world["sg"], GroupFactory()])
        SessionFactory(meeting=meeting, moderators=[PersonFactory()])
        DocumentFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting, group=world["sg"])


def add_actions(world, n):
    today = timezone.localdate()
    for i in range(n):
        ActionItemFactory(
            meeting=world["meeting"],
            group=world["sg"],
            responsible_group=GroupFactory(),
            responsible_person=PersonFactory(),
            due_date=today + dt.timedelta(days=i - n // 2),
            deliverables=[DeliverableFactory()],
            concerned_groups=[world["sg"]],
        )


def add_documents(world, n):
    for _ in range(n):
        DocumentFactory(meeting=world["meeting"], source_group=GroupFactory())


def add_statements(world, n):
    today = timezone.localdate()
    for i in range(n):
        statement = LiaisonStatementFactory(
            from_groups=[world["parent"]],
            to_groups=[world["sg"], GroupFactory()],
            purpose=LiaisonPurpose.ACTION,
            date=today - dt.timedelta(days=5),
            reply_deadline=today + dt.timedelta(days=i + 1),
            approved_at=world["meeting"],
            contact=PersonFactory(),
        )
        LiaisonStatementFactory(replies_to=statement, to_all_study_groups=bool(i % 2))


def add_everything(world, n):
    for builder in (add_deliverables, add_meetings, add_actions, add_statements):
        builder(world, n)


def add_person_records(world, n):
    person = world.setdefault("person", PersonFactory(slug="the-person"))
    for _ in range(n):
        RoleFactory(person=person, group=GroupFactory())
        ActionItemFactory(meeting=world["meeting"], responsible_person=person)
        SessionFactory(meeting=world["meeting"], speakers=[person])
        LiaisonStatementFactory(contact=person)


def add_deliverable_records(world, n):
    deliverable = world.setdefault("deliverable", DeliverableFactory(code="FGMV-99"))
    for _ in range(n):
        DistributionFactory(deliverable=deliverable, group=StudyGroupFactory())
        ActionItemFactory(
            meeting=world["meeting"], deliverables=[deliverable], documents=[DocumentFactory()]
        )
        LiaisonStatementFactory(related_deliverables=[deliverable])


PAGES = {
    "matrix": ("/matrix/", add_deliverables),
    "matrix csv": ("/matrix.csv", add_deliverables),
    "matrix filtered": ("/matrix/?study_group=SG17&purpose=allocated", add_deliverables),
    "deliverables": ("/deliverables/", add_deliverables),
    "groups": ("/groups/", add_groups),
    "meetings": ("/meetings/", add_meetings),
    "actions": ("/actions/", add_actions),
    "actions of a group": ("/actions/?group=SG17&status=open", add_actions),
    "documents": ("/documents/", add_documents),
    "liaisons": ("/liaisons/", add_statements),
    "liaisons awaiting": ("/liaisons/?to=SG17&awaiting_reply=on", add_statements),
    "home": ("/", add_everything),
    "home for a group": ("/?group=SG17", add_everything),
    "search": ("/search/?q=metaverse", add_deliverables),
    "group page": ("/groups/SG17/", add_everything),
    "meeting page": ("/meetings/host/", add_actions),
    "deliverable page": ("/deliverables/FGMV-99/", add_deliverable_records),
    "person page": ("/people/the-person/", add_person_records),
}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:  # a streamed body (the matrix CSV) queries as it is read
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


BUILDERS = {build.__name__.removeprefix("add_"): build for _, build in PAGES.values()}


@pytest.mark.parametrize("rows", BUILDERS)
def test_every_page_listing_these_rows_runs_the_same_queries_for_3_and_60(client, rows):
    build = BUILDERS[rows]
    pages = {page: url for page, (url, builder) in PAGES.items() if builder is build}
    world = make_world()
    build(world, 3)
    few = {page: count_queries(client, url) for page, url in pages.items()}
    build(world, 57)
    many = {page: count_queries(client, url) for page, url in pages.items()}
    grew = [
        f"{page}: {few[page]} queries with 3 rows, {many[page]} with 60"
        for page in pages
        if few[page] != many[page]
    ]
    assert not grew, "; ".join(grew)
