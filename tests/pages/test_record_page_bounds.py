"""Record pages stay the same size however much a record has: each list shows its first
`SECTION_ROWS` rows (a SQL LIMIT), says how many there are in all, and links to the list page
that shows them all."""

import datetime as dt
import re

import pytest
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
