"""What work items add to the pages of the lower apps (registered in `WorkitemsConfig.ready()`):
a study group's work programme and a Question's work items on the group page, what each
allocation led to on the deliverable page and in the matrix's cells, and the items a person
edits on their page. Each answers in a constant number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.pages import capped_count, first_rows
from deliverables.models import Deliverable, Distribution, Group, GroupKind, Person, Purpose
from deliverables.sections import Outcome, OutcomeLookup

from .models import AllocationOutcome, WorkItem
from .views import for_rows, mark_rows, question_url, work_programme_url

SHORT = {
    AllocationOutcome.NONE: _("No work item"),
    AllocationOutcome.PROPOSED: pgettext_lazy("work item", "Proposed"),
    AllocationOutcome.AGREED: pgettext_lazy("work item", "Agreed"),
    AllocationOutcome.CONSENTED: pgettext_lazy("work item", "Consented"),
    AllocationOutcome.APPROVED: pgettext_lazy("work item", "Approved"),
}


def outcome_cell(outcome: AllocationOutcome, url: str = "") -> Outcome:
    return Outcome(outcome.value, outcome.label, SHORT[outcome], url)


def from_allocation_url(group: Group, deliverable_code: str) -> str:
    """The study group's work items made from the allocation of one deliverable."""
    return f"{work_programme_url(group)}?from={deliverable_code}"


def allocation_outcomes(
    deliverables: Sequence[Deliverable], groups: Sequence[Group]
) -> OutcomeLookup:
    """The matrix's hook: for a page of deliverables, what the allocation of each to each study
    group led to (one grouped query, `WorkItemQuerySet.allocation_outcomes`). Only study groups
    make work items: an allocation to any other group shows no outcome."""
    found = WorkItem.objects.allocation_outcomes(deliverables)
    codes = {d.pk: d.code for d in deliverables}
    cells: dict[tuple[int, int], Outcome] = {}

    def lookup(deliverable_id: int, group: Group) -> Outcome | None:
        if group.kind != GroupKind.STUDY_GROUP:
            return None
        key = (deliverable_id, group.pk)
        if key not in cells:
            outcome = found.get(key, AllocationOutcome.NONE)
            url = (
                ""
                if outcome == AllocationOutcome.NONE
                else from_allocation_url(group, codes[deliverable_id])
            )
            cells[key] = outcome_cell(outcome, url)
        return cells[key]

    return lookup


def group_work_programme(group: Group, request: HttpRequest) -> dict[str, Any] | None:
    """On a study group's page: its Questions and counts, linking to the work programme; on a
    Question's page: its first work items. Hidden for other groups."""
    today = timezone.localdate()
    if group.kind == GroupKind.STUDY_GROUP:
        items = WorkItem.objects.for_study_group(group)
        questions, questions_total = first_rows(
            Group.objects.filter(parent=group, kind=GroupKind.QUESTION).order_by("code")
        )
        total = capped_count(items)
        if not total and not questions:
            return {
                "group": group,
                "empty": gettext("No Question or work item of %(group)s is recorded.")
                % {"group": group.code},
            }
        return {
            "group": group,
            "questions": questions,
            "questions_total": questions_total,
            "total": total,
            "late": capped_count(items.late(today)),
            "last_call": capped_count(items.in_last_call(today)),
            "url": work_programme_url(group),
        }
    if group.kind == GroupKind.QUESTION:
        rows, total = first_rows(
            for_rows(WorkItem.objects.for_question(group), today).order_by("identifier")
        )
        return {
            "group": group,
            "question_items": mark_rows(rows, today),
            "items_total": total,
            "url": question_url(group),
            "empty": gettext("No work item is recorded under Question %(question)s.")
            % {"question": group.label},
        }
    return None


def deliverable_outcomes(deliverable: Deliverable, request: HttpRequest) -> dict[str, Any] | None:
    """On a deliverable's page: for each study group it is allocated to, what that led to, and
    the work items made from it (their first rows). Hidden when it is allocated to no study
    group and no work item names it."""
    today = timezone.localdate()
    lines = list(
        Distribution.objects.filter(deliverable=deliverable, purpose=Purpose.ALLOCATED)
        .select_related("group")
        .order_by("group__code")
    )
    study_groups = [line.group for line in lines if line.group and line.group.is_study_group]
    found = WorkItem.objects.allocation_outcomes([deliverable])
    allocations = [
        (
            group,
            outcome_cell(
                found.get((deliverable.pk, group.pk), AllocationOutcome.NONE),
                from_allocation_url(group, deliverable.code),
            ),
        )
        for group in study_groups
    ]
    items, total = first_rows(
        for_rows(WorkItem.objects.from_allocation(deliverable), today).order_by("identifier")
    )
    to_all = any(line.to_all_study_groups for line in lines)
    if not allocations and not items and not to_all:
        return None
    return {
        "deliverable": deliverable,
        "allocations": allocations,
        "to_all": to_all,
        "work_items": mark_rows(items, today),
        "items_total": total,
    }


def person_work_items(person: Person, request: HttpRequest) -> dict[str, Any] | None:
    """On a person's page: the work items they edit or edited (hidden when none)."""
    today = timezone.localdate()
    rows, total = first_rows(
        for_rows(WorkItem.objects.edited_by(person), today).order_by("identifier")
    )
    if not rows:
        return None
    return {"work_items": mark_rows(rows, today), "items_total": total}
