"""The generated work programme's Questions and work items (`generate_scale_data`): their sizes,
timelines the procedures allow, every model rule, and items late and in last call."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from deliverables.models import Group, GroupKind, RoleKind
from portal.scale_data import generate, targets
from workitems.models import WorkItem, WorkItemEditor, WorkItemEvent
from workitems.services import check_stage_event

pytestmark = pytest.mark.django_db

SCALE = 0.2
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def generated() -> dict[str, int]:
    call_command("load_seed_data", stdout=StringIO())
    return generate(SCALE, seed=3, today=TODAY)


def test_sizes_follow_the_scale(generated):
    want = targets(SCALE)
    assert WorkItem.objects.count() >= want["work_items"]
    events = WorkItemEvent.objects.count()
    # About four events an item (15,000 items and 60,000 events at scale 10).
    assert 3.3 * want["work_items"] <= events <= 5 * want["work_items"]
    questions = Group.objects.filter(kind=GroupKind.QUESTION)
    assert questions.count() >= want["questions"]
    assert WorkItemEditor.objects.count() >= want["work_items"]


def test_every_generated_timeline_is_one_the_procedures_allow(generated):
    for item in WorkItem.objects.prefetch_related("events"):
        latest = None
        for event in sorted(item.events.all(), key=lambda e: (e.date, e.pk)):
            check_stage_event(item, event.stage, event.date, latest, today=TODAY)
            latest = event


def test_generated_rows_respect_every_model_rule(generated):
    for item in WorkItem.objects.order_by("pk")[:200]:
        item.full_clean()
        WorkItem.check_questions(item.study_group, list(item.questions.all()))
    for question in Group.objects.filter(kind=GroupKind.QUESTION).select_related("parent")[:50]:
        question.full_clean()
        assert question.parent.kind == GroupKind.STUDY_GROUP
        assert question.roles.filter(role=RoleKind.RAPPORTEUR).count() <= 1
    for editor in WorkItemEditor.objects.order_by("pk")[:200]:
        editor.full_clean()


def test_some_items_are_late_and_some_in_last_call(generated):
    assert WorkItem.objects.late(TODAY).exists()
    assert WorkItem.objects.in_last_call(TODAY).exists()
    assert WorkItem.objects.filter(origin_deliverable__isnull=False).exists()


def test_identifiers_are_unique_in_any_letter_case(generated):
    identifiers = list(WorkItem.objects.values_list("identifier", flat=True))
    assert len({identifier.upper() for identifier in identifiers}) == len(identifiers)
