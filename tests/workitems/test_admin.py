"""The secretariat's admin for work items: stages recorded through the rules (one item from its
page, several from the changelist), the timeline read-only but for notes, Questions checked
against the study group."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tests.admin_contract import form_as_posted
from tests.deliverables.factories import StudyGroupFactory
from tests.workitems.factories import QuestionFactory, WorkItemEventFactory, WorkItemFactory
from workitems.models import ApprovalTrack, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def record_url(item) -> str:
    return reverse("admin:workitems_workitem_record_stage", args=[item.pk])


def test_a_stage_is_recorded_from_the_work_items_page(admin_client, admin_user):
    item = WorkItemFactory(identifier="Q.TSCA")
    page = admin_client.get(reverse("admin:workitems_workitem_change", args=[item.pk]))
    assert record_url(item) in page.content.decode()

    response = admin_client.post(
        record_url(item), {"stage": "agreed", "date": "2025-04-16", "decision": "SG17 report"}
    )

    assert response.status_code == 302
    event = item.events.get()
    assert (event.stage, event.date, event.decision) == (
        "agreed",
        dt.date(2025, 4, 16),
        "SG17 report",
    )
    assert event.history.get().history_user == admin_user


def test_a_forbidden_stage_shows_why_on_its_field_and_records_nothing(admin_client):
    item = WorkItemFactory(identifier="Q.TSCA", approval_track=ApprovalTrack.TAP)
    WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 4, 16))

    response = admin_client.post(record_url(item), {"stage": "consented", "date": "2025-05-01"})

    assert response.status_code == 200
    assert "Consent is for the alternative approval process" in str(
        response.context["form"].errors["stage"]
    )
    assert item.events.count() == 1


def test_the_action_records_a_stage_for_each_selected_item_the_rules_allow(admin_client):
    allowed = WorkItemFactory(identifier="X.1")
    refused = WorkItemFactory(identifier="X.2", approval_track=ApprovalTrack.TAP)
    for item in (allowed, refused):
        WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 1, 10))
    changelist = reverse("admin:workitems_workitem_changelist")
    selected = {"action": "record_stage", ACTION_CHECKBOX_NAME: [allowed.pk, refused.pk]}

    form_page = admin_client.post(changelist, selected)
    assert form_page.status_code == 200
    assert "2 work items" in form_page.content.decode()

    response = admin_client.post(
        changelist,
        {**selected, "apply": "1", "stage": "consented", "date": "2025-09-12"},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("Consented (AAP) recorded for X.1" in m for m in shown)
    assert any(m.startswith("Not recorded — X.2: Consent is for") for m in shown)
    assert allowed.stage == Stage.CONSENTED
    assert refused.stage == Stage.AGREED


def test_the_timeline_shows_events_read_only_but_their_note(admin_client):
    item = WorkItemFactory(identifier="Q.TSCA")
    event = WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 1, 10))
    url = reverse("admin:workitems_workitem_change", args=[item.pk])
    data = form_as_posted(admin_client.get(url).content.decode(), "workitem_form")
    assert "events-0-stage" not in data
    assert "events-0-date" not in data

    data["events-0-note"] = "Agreed with one objection."
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    event.refresh_from_db()
    assert (event.note, event.stage, event.date) == (
        "Agreed with one objection.",
        "agreed",
        dt.date(2025, 1, 10),
    )


def test_questions_of_another_study_group_are_refused_on_the_form(admin_client):
    sg17, sg16 = StudyGroupFactory(code="SG17"), StudyGroupFactory(code="SG16")
    item = WorkItemFactory(identifier="Q.TSCA", study_group=sg17)
    q6_16 = QuestionFactory(parent=sg16, code="Q6-16")
    url = reverse("admin:workitems_workitem_change", args=[item.pk])
    data = form_as_posted(admin_client.get(url).content.decode(), "workitem_form")

    data["questions"] = [str(q6_16.pk)]
    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Not Questions of SG17: Q6/16." in str(response.context["adminform"].form.errors)
    assert not item.questions.exists()


def test_changelist_shows_stage_and_lateness_and_filters_by_them(admin_client):
    late = WorkItemFactory(identifier="X.LATE", timing=dt.date(2026, 1, 1))
    WorkItemEventFactory(work_item=late, stage=Stage.AGREED, date=dt.date(2025, 1, 10))
    WorkItemFactory(identifier="X.NEW", timing=dt.date(2027, 1, 1))
    changelist = reverse("admin:workitems_workitem_changelist")

    page = admin_client.get(changelist).content.decode()
    assert "Agreed as a work item" in page
    late_only = admin_client.get(changelist, {"late": "yes"}).content.decode()
    assert "X.LATE" in late_only
    assert "X.NEW" not in late_only
    no_stage = admin_client.get(changelist, {"stage": "none"}).content.decode()
    assert "X.NEW" in no_stage
    assert "X.LATE" not in no_stage
