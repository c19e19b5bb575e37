"""Work items as a delegate reads them: Questions named as the body writes them, the current
stage, lateness and last calls derived from the timeline, and what an allocation led to."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.dates import DatePrecision
from deliverables.models import Group, GroupKind
from tests.deliverables.factories import (
    DeliverableFactory,
    GroupFactory,
    PersonFactory,
    StudyGroupFactory,
)
from tests.workitems.factories import (
    EditorFactory,
    QuestionFactory,
    WorkItemEventFactory,
    WorkItemFactory,
)
from workitems.models import AllocationOutcome, Stage, WorkItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def sg17():
    return StudyGroupFactory(code="SG17")


def events(item, *steps):
    for stage, day in steps:
        WorkItemEventFactory(work_item=item, stage=stage, date=day)
    return item


def test_question_q1_17_is_written_q1_slash_17_and_addressed_as_q1_17(sg17):
    question = QuestionFactory(parent=sg17, code="Q1-17")

    assert question.label == "Q1/17"
    assert sg17.label == "SG17"
    question.full_clean()


def test_a_question_must_belong_to_a_study_group():
    working_party = GroupFactory(code="WP2", kind=GroupKind.WORKING_PARTY)
    question = Group(code="Q9-2", name="Q9/2", kind=GroupKind.QUESTION, parent=working_party)

    with pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert "parent" in refused.value.message_dict


def test_a_study_period_is_written_first_year_dash_last_year(sg17):
    sg17.study_period = "2022-2024"
    sg17.full_clean()
    for wrong in ("2022", "2024-2022", "22-24"):
        sg17.study_period = wrong
        with pytest.raises(ValidationError) as refused:
            sg17.full_clean()
        assert "study_period" in refused.value.message_dict


def test_identifiers_are_unique_whatever_the_letter_case():
    WorkItemFactory(identifier="Q.TSCA")

    with pytest.raises(IntegrityError), transaction.atomic():
        WorkItem.objects.create(identifier="Q.tsca", title="Again")


@pytest.mark.parametrize("identifier", ["Q.TSCA", "X.509", "H.Sup.mv", "Y.3172-Cor.1"])
def test_identifiers_as_the_body_writes_them_are_accepted(identifier, sg17):
    WorkItem(identifier=identifier, title="t", study_group=sg17).full_clean()


@pytest.mark.parametrize("identifier", ["Q TSCA", "Q/TSCA", ".X509", "x.509"])
def test_identifiers_that_cannot_be_addressed_are_refused(identifier):
    with pytest.raises(ValidationError) as refused:
        WorkItem(identifier=identifier, title="t").full_clean()
    assert "identifier" in refused.value.message_dict


def test_questions_must_be_questions_of_the_study_group_responsible(sg17):
    q1 = QuestionFactory(parent=sg17, code="Q1-17")
    elsewhere = QuestionFactory(parent=StudyGroupFactory(code="SG16"), code="Q6-16")

    WorkItem.check_questions(sg17, [q1])
    with pytest.raises(ValidationError) as refused:
        WorkItem.check_questions(sg17, [q1, elsewhere])
    assert refused.value.message_dict == {"questions": ["Not Questions of SG17: Q6/16."]}


def test_current_stage_is_the_latest_event_by_date():
    item = events(
        WorkItemFactory(),
        (Stage.PROPOSED, dt.date(2024, 9, 1)),
        (Stage.CONSENTED, dt.date(2025, 9, 12)),
        (Stage.AGREED, dt.date(2025, 1, 20)),
    )
    WorkItemFactory(identifier="X.EMPTY")

    rows = {i.identifier: i for i in WorkItem.objects.with_stage()}
    assert rows[item.identifier].current_stage == Stage.CONSENTED
    assert rows[item.identifier].current_stage_date == dt.date(2025, 9, 12)
    assert rows[item.identifier].stage_label == "Consented (AAP)"
    assert rows["X.EMPTY"].current_stage is None
    assert rows["X.EMPTY"].stage_label == "No stage recorded"
    assert WorkItem.objects.get(pk=item.pk).stage == Stage.CONSENTED  # without the annotation


def test_an_item_is_late_once_its_target_month_is_over_and_it_is_not_yet_consented():
    due_june = WorkItemFactory(timing=dt.date(2026, 6, 1), timing_precision=DatePrecision.MONTH)
    events(due_june, (Stage.AGREED, dt.date(2025, 3, 1)))
    consented = events(
        WorkItemFactory(timing=dt.date(2026, 6, 1)), (Stage.CONSENTED, dt.date(2026, 5, 1))
    )
    withdrawn = events(
        WorkItemFactory(timing=dt.date(2026, 6, 1)), (Stage.WITHDRAWN, dt.date(2026, 5, 1))
    )
    no_timing = WorkItemFactory(timing=None)

    assert not WorkItem.objects.late(dt.date(2026, 6, 30)).exists()  # June is not over
    late = set(WorkItem.objects.late(dt.date(2026, 7, 1)))
    assert late == {due_june}
    assert due_june.is_late(dt.date(2026, 7, 1))
    assert not due_june.is_late(dt.date(2026, 6, 30))
    for other in (consented, withdrawn, no_timing):
        assert not other.is_late(dt.date(2027, 1, 1))


def test_an_item_is_in_last_call_for_four_weeks_after_it_is_announced():
    item = events(
        WorkItemFactory(),
        (Stage.CONSENTED, dt.date(2026, 1, 23)),
        (Stage.LAST_CALL, dt.date(2026, 2, 2)),
    )

    running = WorkItem.objects.in_last_call(dt.date(2026, 3, 1))
    assert [(i, i.last_call_ends) for i in running] == [(item, dt.date(2026, 3, 2))]
    assert item.last_call_until(dt.date(2026, 3, 1)) == dt.date(2026, 3, 2)
    assert not WorkItem.objects.in_last_call(dt.date(2026, 3, 2)).exists()
    assert item.last_call_until(dt.date(2026, 3, 2)) is None

    WorkItemEventFactory(work_item=item, stage=Stage.APPROVED, date=dt.date(2026, 2, 20))
    assert not WorkItem.objects.in_last_call(dt.date(2026, 2, 21)).exists()


def test_items_by_study_group_question_editor_and_allocation(sg17):
    q1 = QuestionFactory(parent=sg17, code="Q1-17")
    fgmv04 = DeliverableFactory(code="FGMV-04")
    item = WorkItemFactory(study_group=sg17, questions=[q1], origin_deliverable=fgmv04)
    other = WorkItemFactory()
    editor, former = PersonFactory(), PersonFactory()
    EditorFactory(work_item=item, person=editor, starts_on=dt.date(2025, 1, 1))
    EditorFactory(
        work_item=other,
        person=former,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2025, 1, 1),
    )

    assert list(WorkItem.objects.for_study_group(sg17)) == [item]
    assert list(WorkItem.objects.for_question(q1)) == [item]
    assert list(WorkItem.objects.from_allocation(fgmv04)) == [item]
    assert list(WorkItem.objects.edited_by(editor)) == [item]
    assert list(WorkItem.objects.edited_by(former)) == [other]
    assert not WorkItem.objects.edited_by(former, on=dt.date(2025, 6, 1)).exists()


def test_what_each_allocation_led_to_is_the_furthest_stage_of_its_items(sg17):
    sg16 = StudyGroupFactory(code="SG16")
    sg2 = StudyGroupFactory(code="SG2")
    fgmv04, fgmv05 = DeliverableFactory(code="FGMV-04"), DeliverableFactory(code="FGMV-05")
    events(
        WorkItemFactory(origin_deliverable=fgmv04, study_group=sg16),
        (Stage.AGREED, dt.date(2024, 3, 1)),
    )
    events(
        WorkItemFactory(origin_deliverable=fgmv04, study_group=sg16),
        (Stage.AGREED, dt.date(2024, 3, 1)),
        (Stage.CONSENTED, dt.date(2025, 3, 1)),
        (Stage.LAST_CALL, dt.date(2025, 3, 10)),
        (Stage.APPROVED, dt.date(2025, 4, 10)),
    )
    events(
        WorkItemFactory(origin_deliverable=fgmv04, study_group=sg17),
        (Stage.AGREED, dt.date(2024, 3, 1)),
        (Stage.DETERMINED, dt.date(2025, 3, 1)),
    )
    WorkItemFactory(origin_deliverable=fgmv05, study_group=sg17)  # no event yet
    events(
        WorkItemFactory(origin_deliverable=fgmv05, study_group=sg2),
        (Stage.AGREED, dt.date(2024, 3, 1)),
        (Stage.WITHDRAWN, dt.date(2024, 9, 1)),
    )

    outcomes = WorkItem.objects.allocation_outcomes([fgmv04, fgmv05.pk])

    assert outcomes == {
        (fgmv04.pk, sg16.pk): AllocationOutcome.APPROVED,
        (fgmv04.pk, sg17.pk): AllocationOutcome.CONSENTED,
        (fgmv05.pk, sg17.pk): AllocationOutcome.PROPOSED,
    }
    assert outcomes.get((fgmv05.pk, sg2.pk), AllocationOutcome.NONE).label == "No work item yet"


def test_allocation_outcomes_take_one_query_however_many_deliverables(
    sg17, django_assert_num_queries
):
    deliverables = [DeliverableFactory() for _ in range(3)]
    for deliverable in deliverables:
        events(
            WorkItemFactory(origin_deliverable=deliverable, study_group=sg17),
            (Stage.AGREED, dt.date(2024, 3, 1)),
        )

    with django_assert_num_queries(1):
        outcomes = WorkItem.objects.allocation_outcomes(deliverables)
    assert set(outcomes.values()) == {AllocationOutcome.AGREED}


def test_a_last_call_event_knows_when_it_ends():
    event = WorkItemEventFactory(stage=Stage.LAST_CALL, date=dt.date(2026, 2, 2))
    assert event.last_call_ends == dt.date(2026, 3, 2)
    assert WorkItemEventFactory(stage=Stage.AGREED).last_call_ends is None
