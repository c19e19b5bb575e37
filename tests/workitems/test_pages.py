"""Where work items show to a delegate: a study group's work programme, a work item's page with
its timeline, a Question's page, the group, deliverable and person pages, and the matrix's
cells; each at a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deliverables.models import Purpose, RoleKind
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    PersonFactory,
    RoleFactory,
    StudyGroupFactory,
)
from tests.meetings.factories import DocumentFactory, WholeDayMeetingFactory
from tests.workitems.factories import (
    EditorFactory,
    QuestionFactory,
    WorkItemEventFactory,
    WorkItemFactory,
)
from workitems.models import ApprovalTrack, Stage

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@dataclass
class World:
    sg17: object
    q1: object
    q2: object
    fgmv: object
    tsca: object
    late: object
    editor: object
    rapporteur: object
    meeting: object


@pytest.fixture
def world() -> World:
    sg17 = StudyGroupFactory(code="SG17", name="ITU-T Study Group 17")
    q1 = QuestionFactory(parent=sg17, code="Q1-17", name="Security standardization strategy")
    q2 = QuestionFactory(parent=sg17, code="Q2-17", name="Security architecture")
    rapporteur = PersonFactory(name="Ada Rapporteur", slug="ada-rapporteur")
    RoleFactory(group=q1, person=rapporteur, role=RoleKind.RAPPORTEUR)
    fgmv = DeliverableFactory(code="FGMV-12", title="Children's age verification")
    DistributionFactory(deliverable=fgmv, group=sg17, purpose=Purpose.ALLOCATED)
    meeting = WholeDayMeetingFactory(
        code="sg17-2025-09", title="SG17 meeting, Geneva", groups=[sg17]
    )
    base = DocumentFactory(number="TD315", title="Base text of Q.TSCA")
    tsca = WorkItemFactory(
        identifier="Q.TSCA",
        title="Procedure for issuing digital certificates for signalling security",
        study_group=sg17,
        questions=[q1],
        origin_deliverable=fgmv,
        base_text=base,
        timing=dt.date(2026, 9, 1),
        approval_track=ApprovalTrack.AAP,
    )
    WorkItemEventFactory(
        work_item=tsca, stage=Stage.AGREED, date=dt.date(2025, 9, 12), meeting=meeting,
        decision="TD475-R1",
    )  # fmt: skip
    WorkItemEventFactory(work_item=tsca, stage=Stage.CONSENTED, date=dt.date(2026, 5, 29))
    WorkItemEventFactory(
        work_item=tsca, stage=Stage.LAST_CALL, date=dt.date(2026, 6, 5), note="Announced."
    )
    editor = PersonFactory(name="Eve Editor", slug="eve-editor")
    EditorFactory(work_item=tsca, person=editor, starts_on=dt.date(2025, 9, 12))
    EditorFactory(
        work_item=tsca,
        person=PersonFactory(name="Old Editor", slug="old-editor"),
        starts_on=dt.date(2025, 9, 12),
        ends_on=dt.date(2026, 1, 31),
    )
    late = WorkItemFactory(
        identifier="X.1999", title="A late text", study_group=sg17, questions=[q2],
        timing=dt.date(2026, 3, 1),
    )  # fmt: skip
    WorkItemEventFactory(work_item=late, stage=Stage.AGREED, date=dt.date(2025, 3, 14))
    return World(sg17, q1, q2, fgmv, tsca, late, editor, rapporteur, meeting)


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_work_programme_shows_questions_with_their_items_editors_timing_and_stage(client, world):
    page = text(client.get("/groups/SG17/work-programme/"))
    assert "Question Q1/17" in page
    assert "Question Q2/17" in page
    assert "Q.TSCA" in page
    assert "Eve Editor" in page
    assert "Old Editor" not in page  # no longer an editor
    assert "September 2026" in page
    assert "In last call until" in page
    # X.1999's timing (March 2026) passed, and it is only agreed: marked late.
    row = page[page.index("X.1999") :]
    assert "Late" in row[: row.index("</tr>")]
    assert "1 late" in page
    assert "1 in last call" in page


def test_work_programme_filtered_by_the_allocation_it_came_from(client, world):
    page = text(client.get("/groups/SG17/work-programme/?from=FGMV-12"))
    assert "made from the allocation of FGMV-12" in page
    assert "Q.TSCA" in page
    assert "X.1999" not in page
    late = text(client.get("/groups/SG17/work-programme/?late=1"))
    assert "X.1999" in late
    assert "Q.TSCA" not in late


def test_work_programme_only_for_a_study_group(client, world):
    assert client.get("/groups/Q1-17/work-programme/").status_code == 404
    assert client.get("/groups/NOPE/work-programme/").status_code == 404
    assert client.get("/groups/SG17/work-programme/?from=NOPE-1").status_code == 404


def test_work_item_page_shows_its_timeline_in_order_and_its_last_call(client, world):
    page = text(client.get(world.tsca.get_absolute_url()))
    agreed, consented, last_call = (
        page.index("Agreed as a work item"),
        page.index("Consented (AAP)"),
        page.index("Last call</strong>"),
    )
    assert agreed < consented < last_call
    assert "SG17 meeting, Geneva" in page
    assert "TD475-R1" in page
    assert "Announced." in page
    # Announced on 5 June 2026: four weeks, until 3 July 2026.
    assert "In last call until" in page
    assert "3 July 2026" in page
    assert "Eve Editor" in page
    assert "Old Editor" in page
    assert "January 2026" in page
    assert "TD315" in page
    assert "FGMV-12" in page
    assert "Q1/17" in page
    assert "Late" not in page


def test_work_item_page_says_late_and_answers_any_letter_case(client, world):
    page = text(client.get("/work-items/x.1999/"))
    assert "Late: its timing (March 2026) has passed" in page
    assert client.get("/work-items/NOPE.1/").status_code == 404


def test_question_page_shows_objectives_rapporteurs_and_items(client, world):
    page = text(client.get(reverse("workitems:question-detail", kwargs={"code": "Q1-17"})))
    assert 'Question <span class="code">Q1/17</span>' in page
    assert "Study objectives of the Question." in page
    assert "Ada Rapporteur" in page
    assert "Q.TSCA" in page
    assert "X.1999" not in page
    assert client.get("/questions/SG17/").status_code == 404


def test_group_pages_link_to_the_work_programme_and_the_question_page(client, world):
    page = text(client.get("/groups/SG17/"))
    assert 'href="/groups/SG17/work-programme/"' in page
    assert "2 work items" in page
    assert "1 late" in page
    question = text(client.get("/groups/Q1-17/"))
    assert "Q.TSCA" in question
    assert 'href="/questions/Q1-17/"' in question


def test_deliverable_page_says_what_each_allocation_led_to(client, world):
    page = text(client.get("/deliverables/FGMV-12/"))
    assert "What the allocations led to" in page
    assert "Consented or determined" in page
    assert 'href="/groups/SG17/work-programme/?from=FGMV-12"' in page
    other = DeliverableFactory(code="FGMV-13")
    DistributionFactory(deliverable=other, group=world.sg17, purpose=Purpose.ALLOCATED)
    assert "No work item yet" in text(client.get("/deliverables/FGMV-13/"))


def test_person_page_lists_the_items_they_edit(client, world):
    page = text(client.get(world.editor.get_absolute_url()))
    assert "Work items edited" in page
    assert "Q.TSCA" in page


def test_matrix_cell_of_an_allocation_says_what_it_led_to_and_links_there(client, world):
    other = DeliverableFactory(code="FGMV-13")
    DistributionFactory(deliverable=other, group=world.sg17, purpose=Purpose.ALLOCATED)
    page = text(client.get("/matrix/?study_group=SG17"))
    assert 'href="/groups/SG17/work-programme/?from=FGMV-12"' in page
    assert "Consented or determined" in page
    assert "No work item yet" in page  # FGMV-13: allocated, nothing made of it


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_items(world, n: int) -> None:
    for _ in range(n):
        item = WorkItemFactory(
            study_group=world.sg17, questions=[world.q1, world.q2], origin_deliverable=world.fgmv
        )
        WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 3, 14))
        EditorFactory(work_item=item)
        EditorFactory(work_item=item)
        deliverable = DeliverableFactory()
        DistributionFactory(deliverable=deliverable, group=world.sg17, purpose=Purpose.ALLOCATED)
        WorkItemFactory(study_group=world.sg17, origin_deliverable=deliverable)
    for _ in range(n):
        QuestionFactory(parent=world.sg17)


def test_pages_run_the_same_queries_with_3_or_30_items(client, world):
    urls = [
        "/groups/SG17/work-programme/",
        "/groups/SG17/work-programme/?from=FGMV-12",
        world.tsca.get_absolute_url(),
        "/questions/Q1-17/",
        "/groups/SG17/",
        "/groups/Q1-17/",
        "/deliverables/FGMV-12/",
        world.editor.get_absolute_url(),
        "/matrix/?study_group=SG17",
        "/matrix/",
    ]
    _add_items(world, 3)
    few = {url: _queries(client, url) for url in urls}
    _add_items(world, 30)
    many = {url: _queries(client, url) for url in urls}
    assert many == few
