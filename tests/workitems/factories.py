"""Factories for Questions, work items, their editors and their stage events.

`QuestionFactory(parent=sg17, code="Q1-17")` is Question 1/17 of the 2025-2028 study period.
`WorkItemFactory(study_group=sg17, questions=[q1])` is an AAP item due in June 2026 with no event;
give it a timeline with `WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=...)`
(the factory writes the row as given, past the service's rules: tests of those rules call
`workitems.services.record_stage_event`).
"""

import datetime as dt

import factory

from core.dates import DatePrecision
from deliverables.models import GroupKind
from tests.deliverables.factories import GroupFactory, PersonFactory, StudyGroupFactory
from workitems.models import (
    ApprovalTrack,
    Stage,
    WorkItem,
    WorkItemEditor,
    WorkItemEvent,
    WorkItemKind,
)


def _set_m2m(manager_name: str):
    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, manager_name).set(extracted)

    hook.__name__ = manager_name
    return factory.PostGeneration(hook)


class QuestionFactory(GroupFactory):
    """A Question of a study group: code Q<n>-<study group number>, shown as Q<n>/<number>."""

    parent = factory.SubFactory(StudyGroupFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: f"Q{n + 1}-{o.parent.code.removeprefix('SG') or '0'}"
    )
    name = factory.Sequence(lambda n: f"Question {n + 1} of the study group")
    kind = GroupKind.QUESTION
    mandate = "Study objectives of the Question."
    study_period = "2025-2028"


class WorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItem
        django_get_or_create = ("identifier",)
        skip_postgeneration_save = True

    identifier = factory.Sequence(lambda n: f"X.T{n + 1}")
    title = factory.Sequence(lambda n: f"Security procedures for systems, part {n + 1}")
    kind = WorkItemKind.NEW_RECOMMENDATION
    study_group = factory.SubFactory(StudyGroupFactory)
    timing = dt.date(2026, 6, 1)
    timing_precision = DatePrecision.MONTH
    approval_track = ApprovalTrack.AAP
    summary = "Defines procedures for issuing digital certificates."

    questions = _set_m2m("questions")
    related_liaisons = _set_m2m("related_liaisons")


class WorkItemEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItemEvent

    work_item = factory.SubFactory(WorkItemFactory)
    stage = Stage.AGREED
    date = dt.date(2025, 3, 14)
    decision = ""
    note = ""


class EditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItemEditor

    work_item = factory.SubFactory(WorkItemFactory)
    person = factory.SubFactory(PersonFactory)
    starts_on = dt.date(2025, 3, 14)
