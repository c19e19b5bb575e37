"""Public pages of work items: a study group's work programme, a work item with its timeline,
and a Question (thin class-based views).

Every page costs the same whatever the number of work items: lists are a SQL LIMIT in identifier
order (the study group's or the Question's index), the work programme folds each Question to its
first rows with one window query, counts stop at `COUNT_CAP`, and a row's stage, lateness and
editors come from annotations and one prefetch per page, never from a query per row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from core.pages import capped_count, first_rows
from deliverables.models import Deliverable, Group, GroupKind, Role

from .models import LAST_CALL, Stage, WorkItem, WorkItemEditor

WORK_ITEMS_PER_PAGE = 50
"""Work items per page of a Question's or a filtered work programme's list."""

FOLDED_ROWS = 5
"""Work items a Question shows on the work programme before "all N work items of Q1/17"."""

QUESTIONS_PER_PAGE = 20
"""Questions per page of a work programme (a study group has a dozen or two)."""


def current_editors(on: dt.date) -> Prefetch:
    """The editors of each listed item on `on`, with their person (one query per page)."""
    editors = (
        WorkItemEditor.objects.current(on).select_related("person").order_by("starts_on", "id")
    )
    return Prefetch("editors", queryset=editors, to_attr="current_editors")


def for_rows(queryset: QuerySet[WorkItem], on: dt.date) -> QuerySet[WorkItem]:
    """Work items as list rows: the current stage and its date, whether late on `on`
    (`WorkItemQuerySet.with_late`), their current editors and their Questions."""
    return (
        queryset.with_stage()
        .with_late(on)
        .select_related("study_group")
        .defer("search_vector", "summary", "origin_note")
        .prefetch_related(
            current_editors(on),
            Prefetch("questions", queryset=Group.objects.only("code", "kind").order_by("code")),
        )
    )


def mark_rows(items: list[WorkItem], on: dt.date) -> list[WorkItem]:
    """What each row shows beside its stage: "late", "in last call until …"."""
    for item in items:
        item.last_call_ends_on = item.last_call_until(on)
    return items


def work_programme_url(group: Group) -> str:
    return reverse("workitems:work-programme", kwargs={"code": group.code})


def question_url(question: Group) -> str:
    return reverse("workitems:question-detail", kwargs={"code": question.code})


# --- a study group's work programme ------------------------------------------------------


class WorkProgrammeView(TemplateView):
    """A study group's work programme: its Questions, each with its first work items (editors,
    timing, stage, late ones marked) and a link to all of them, and the items under no
    Question. With a filter (`?from=<deliverable>`, `?question=none`, `?late=1`,
    `?last_call=1`) a flat list of the matching items, paginated."""

    template_name = "workitems/work_programme.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any):
        self.get_group()
        return super().get(request, *args, **kwargs)

    def get_group(self) -> Group:
        if not hasattr(self, "group"):
            self.group = get_object_or_404(
                Group.objects.select_related("parent"), code=self.kwargs["code"]
            )
            if self.group.kind != GroupKind.STUDY_GROUP:
                raise Http404(_("Only a study group has a work programme."))
        return self.group

    def work_items(self) -> QuerySet[WorkItem]:
        """The items the page lists for its filters — every item of the group without one — in
        identifier order: the page and its download (`core.spreadsheets.list_download`) read
        the same rows. Sets `filters` (what the page says it shows) and `origin`."""
        items = WorkItem.objects.for_study_group(self.get_group())
        params, today = self.request.GET, timezone.localdate()
        filters: list[str] = []
        origin = None
        if params.get("from"):
            origin = Deliverable.objects.filter(code__iexact=params["from"]).first()
            if origin is None:
                raise Http404(_("No such deliverable."))
            items = items.from_allocation(origin)
            filters.append(f"made from the allocation of {origin.code}")
        if params.get("question") == "none":
            items = items.filter(questions__isnull=True)
            filters.append("under no Question")
        if params.get("late"):
            items = items.late(today)
            filters.append("late")
        if params.get("last_call"):
            items = items.in_last_call(today)
            filters.append("in last call")
        self.filters, self.origin = filters, origin
        return items.order_by("identifier")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        group, today = self.get_group(), timezone.localdate()
        items = self.work_items()
        filters, origin, params = self.filters, self.origin, self.request.GET
        summary = {
            "total": capped_count(WorkItem.objects.for_study_group(group)),
            "late": capped_count(WorkItem.objects.for_study_group(group).late(today)),
            "last_call": capped_count(WorkItem.objects.for_study_group(group).in_last_call(today)),
        }
        context.update(group=group, today=today, summary=summary, filters=filters, origin=origin)
        if filters:
            paginator = Paginator(for_rows(items, today), WORK_ITEMS_PER_PAGE)
            page = paginator.get_page(params.get("page"))
            context.update(
                page_obj=page, paginator=paginator, items=mark_rows(list(page.object_list), today)
            )
            return context
        context.update(self.folded(group, today))
        return context

    def folded(self, group: Group, today: dt.date) -> dict[str, Any]:
        """A page of Questions with the count of their items and their first `FOLDED_ROWS`
        items (one window query over the Questions' links, one query for the items), and the
        first items under no Question."""
        questions = (
            Group.objects.filter(parent=group, kind=GroupKind.QUESTION)
            .annotate(items=Count("question_work_items"))
            .order_by("code")
        )
        paginator = Paginator(questions, QUESTIONS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        shown = list(page.object_list)
        links = WorkItem.questions.through.objects.filter(group_id__in=[q.pk for q in shown])
        firsts = list(
            links.annotate(
                position=Window(
                    RowNumber(),
                    partition_by=[F("group_id")],
                    order_by=[F("workitem__identifier").asc(), F("workitem_id").asc()],
                )
            )
            .filter(position__lte=FOLDED_ROWS)
            .values_list("group_id", "workitem_id")
        )
        unassigned = WorkItem.objects.for_study_group(group).filter(questions__isnull=True)
        loose, loose_total = first_rows(for_rows(unassigned, today).order_by("identifier"))
        rows = {
            item.pk: item
            for item in for_rows(
                WorkItem.objects.filter(pk__in=[pk for _, pk in firsts]), today
            ).order_by("identifier")
        }
        mark_rows([*rows.values(), *loose], today)
        by_question: dict[int, list[WorkItem]] = {}
        for question_id, item_id in firsts:
            if item_id in rows:
                by_question.setdefault(question_id, []).append(rows[item_id])
        for question in shown:
            question.first_items = sorted(
                by_question.get(question.pk, []), key=lambda item: (item.identifier, item.pk)
            )
        return {
            "questions": shown,
            "page_obj": page,
            "paginator": paginator,
            "loose": loose,
            "loose_total": loose_total,
        }


# --- a work item -------------------------------------------------------------------------


class WorkItemDetailView(DetailView):
    template_name = "workitems/work_item_detail.html"
    context_object_name = "item"

    def get_object(self, queryset: QuerySet[WorkItem] | None = None) -> WorkItem:
        items = (
            WorkItem.objects.with_stage()
            .select_related(
                "study_group",
                "base_text",
                "base_text__meeting",
                "origin_deliverable",
                "origin_document",
                "origin_document__meeting",
            )
            .prefetch_related(
                Prefetch("questions", queryset=Group.objects.order_by("code")),
            )
        )
        return get_object_or_404(items, identifier__iexact=self.kwargs["identifier"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        item, today = self.object, timezone.localdate()
        events = list(item.events.select_related("meeting").order_by("date", "id"))
        editors = list(
            item.editors.select_related("person").order_by(
                F("ends_on").desc(nulls_first=True), "starts_on", "id"
            )
        )
        for editor in editors:
            editor.is_current = editor.held_on(today)
        statements, statements_total = first_rows(
            item.related_liaisons.select_related("document").order_by("-date", "code")
        )
        return super().get_context_data(
            today=today,
            events=events,
            editors=editors,
            statements=statements,
            statements_total=statements_total,
            is_late=item.is_late(today),
            last_call_ends=item.last_call_until(today),
            last_call_days=LAST_CALL.days,
            stages=Stage,
            **kwargs,
        )


# --- a Question --------------------------------------------------------------------------


class QuestionDetailView(DetailView):
    """A Question: its study objectives, study period, rapporteurs and work items (paginated)."""

    template_name = "workitems/question_detail.html"
    context_object_name = "question"

    def get_object(self, queryset: QuerySet[Group] | None = None) -> Group:
        return get_object_or_404(
            Group.objects.select_related("parent"),
            code=self.kwargs["code"],
            kind=GroupKind.QUESTION,
        )

    def work_items(self) -> QuerySet[WorkItem]:
        """The Question's work items in identifier order: the page's list and its download."""
        if not hasattr(self, "object"):
            self.object = self.get_object()
        return WorkItem.objects.for_question(self.object).order_by("identifier")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        question, today = self.object, timezone.localdate()
        roles = (
            Role.objects.filter(group=question).current(today).select_related("person").by_rank()
        )
        items = self.work_items()
        paginator = Paginator(for_rows(items, today), WORK_ITEMS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            today=today,
            roles=list(roles),
            page_obj=page,
            paginator=paginator,
            items=mark_rows(list(page.object_list), today),
            late=capped_count(items.late(today)),
            **kwargs,
        )
