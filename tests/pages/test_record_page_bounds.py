"""Record pages stay the same size however much a record has: each list shows its first
`SECTION_ROWS` rows (a SQL LIMIT), says how many there are in all, and links to the list page
that shows them all."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.pages import SECTION_ROWS
from deliverables.models import Purpose
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    PersonFactory,
    StudyGroupFactory,
)
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, MeetingFactory, SessionFactory

pytestmark = pytest.mark.django_db

N = SECTION_ROWS + 7


@pytest.fixture
def big_group(db):
    sg = StudyGroupFactory(code="SG17")
    parent = GroupFactory(code="TSAG")
    meeting = MeetingFactory(code="host", groups=[sg])
    today = timezone.localdate()
    for i in range(N):
        allocated = DeliverableFactory(code=f"ALLOC-{i:03d}")
        DistributionFactory(deliverable=allocated, group=sg, purpose=Purpose.ALLOCATED)
        info = DeliverableFactory(code=f"INFO-{i:03d}")
        DistributionFactory(deliverable=info, group=sg, purpose=Purpose.FOR_INFORMATION)
        DeliverableFactory(code=f"OWN-{i:03d}", owner=sg)
        ActionItemFactory(meeting=meeting, group=sg, due_date=today + dt.timedelta(days=i))
        LiaisonStatementFactory(from_groups=[parent], to_groups=[sg])
        LiaisonStatementFactory(from_groups=[sg], to_groups=[parent])
    return sg


def test_group_page_shows_the_first_rows_the_total_and_a_link(client, big_group):
    html = client.get("/groups/SG17/").content.decode()
    for prefix in ("ALLOC", "INFO", "OWN"):
        assert len(re.findall(rf">{prefix}-\d\d\d<", html)) == SECTION_ROWS, prefix
    assert f"SG17 receives {N} deliverables to take forward and {N} for information" in html
    assert f"Showing the first {SECTION_ROWS} of {N}." in html
    assert f'/deliverables/?study_group=SG17&amp;purpose=allocated">See all {N}' in html
    assert f'/deliverables/?study_group=SG17&amp;purpose=for_information">See all {N}' in html
    assert f'/deliverables/?group=SG17">See all {N}' in html
    assert f'/actions/?group=SG17">See all {N} action items' in html
    assert f'/liaisons/?to=SG17">See all {N} statements' in html
    assert f'/liaisons/?from=SG17">See all {N} statements' in html
    # Each linked list page exists and answers.
    for url in re.findall(r'href="(/[^"]*)">See all', html):
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url


def test_the_links_lead_to_lists_of_that_many_rows(client, big_group):
    html = client.get("/deliverables/?study_group=SG17&purpose=allocated").content.decode()
    assert len(set(re.findall(r">ALLOC-\d\d\d<", html))) == N
    assert not re.findall(r">INFO-\d\d\d<", html)
    html = client.get("/deliverables/?group=SG17").content.decode()
    assert len(set(re.findall(r">OWN-\d\d\d<", html))) == N


def test_a_small_group_shows_everything_without_the_note(client, db):
    sg = StudyGroupFactory(code="SG17")
    for i in range(3):
        DistributionFactory(
            deliverable=DeliverableFactory(code=f"ALLOC-{i:03d}"),
            group=sg,
            purpose=Purpose.ALLOCATED,
        )
    html = client.get("/groups/SG17/").content.decode()
    assert len(re.findall(r">ALLOC-\d\d\d<", html)) == 3
    assert "Showing the first" not in html


def test_person_page_shows_the_first_rows_and_the_total(client, db):
    person = PersonFactory(slug="the-person")
    meeting = MeetingFactory(code="host")
    for _ in range(N):
        ActionItemFactory(meeting=meeting, responsible_person=person)
        SessionFactory(meeting=meeting, speakers=[person])
        LiaisonStatementFactory(contact=person)
    html = client.get("/people/the-person/").content.decode()
    assert html.count(f"Showing the first {SECTION_ROWS} of {N}.") == 3
    assert f'/actions/?responsible=the-person">See all {N} action items' in html
    assert html.count("Speaker at") == SECTION_ROWS


def test_deliverable_page_shows_the_first_rows_and_the_total(client, db):
    deliverable = DeliverableFactory(code="FGMV-99")
    meeting = MeetingFactory(code="host")
    for _ in range(N):
        ActionItemFactory(meeting=meeting, deliverables=[deliverable])
        LiaisonStatementFactory(related_deliverables=[deliverable])
    html = client.get("/deliverables/FGMV-99/").content.decode()
    assert html.count(f"Showing the first {SECTION_ROWS} of {N}.") == 2
    assert f'/liaisons/?deliverable=FGMV-99">See all {N} statements' in html


def _study_group_page(client) -> str:
    return client.get("/groups/SG17/").content.decode()


def _fill_all_study_groups(sg, start: int, count: int) -> None:
    """`count` deliverables and statements more reaching SG17 as one of "all study groups"."""
    for i in range(start, start + count):
        info = DeliverableFactory(code=f"VIA-{i:03d}")
        DistributionFactory(
            deliverable=info, group=None, to_all_study_groups=True, purpose="for_information"
        )
        LiaisonStatementFactory(
            title=f"To every study group {i:03d}",
            to_all_study_groups=True,
            awaiting=True,
            reply_deadline=dt.date(2030, 1, 1) + dt.timedelta(days=i),
        )


def test_a_study_group_page_reads_what_all_study_groups_receive_a_page_at_a_time(client, db):
    """At ten times ITU-T's size a study group receives thousands of deliverables and
    statements as one of "all study groups": its page shows the first of each in order, their
    totals, and costs the same number of queries with 3 of them as with 20."""
    sg = StudyGroupFactory(code="SG17")
    # Named directly for information but allocated through "all study groups": the direct line
    # says how SG17 receives it (allocated stays empty of it, for information lists it).
    named = DeliverableFactory(code="AAA-1")
    DistributionFactory(deliverable=named, group=sg, purpose="for_information")
    DistributionFactory(
        deliverable=named, group=None, to_all_study_groups=True, purpose="allocated"
    )
    _fill_all_study_groups(sg, 0, 3)

    with CaptureQueriesContext(connection) as few:
        html = _study_group_page(client)
    assert "SG17 receives 0 deliverables to take forward and 4 for information" in html
    assert "Nothing is allocated to SG17." in html
    assert re.findall(r">(AAA-1|VIA-\d\d\d)<", html) == ["AAA-1", "VIA-000", "VIA-001", "VIA-002"]

    more = SECTION_ROWS + 2
    _fill_all_study_groups(sg, 3, more)
    with CaptureQueriesContext(connection) as many:
        html = _study_group_page(client)
    assert len(many) == len(few)
    assert f"SG17 receives 0 deliverables to take forward and {4 + more} for information" in html
    assert re.findall(r">(AAA-1|VIA-\d\d\d)<", html) == [
        "AAA-1",
        *(f"VIA-{i:03d}" for i in range(SECTION_ROWS - 1)),
    ]
    assert (
        f'/deliverables/?study_group=SG17&amp;purpose=for_information">See all {4 + more}' in html
    )
    # The inbox: the soonest reply deadlines first, the first rows only, the total of them all.
    inbox = re.findall(r"To every study group (\d\d\d)", html)
    assert inbox == [f"{i:03d}" for i in range(SECTION_ROWS)]
    assert f'/liaisons/?to=SG17">See all {3 + more} statements' in html
