"""ViewSets of work items and Questions. Each queryset carries the joins, prefetches and
annotations its serializer reads, so a list runs the same number of SQL queries at any page size;
today is decided once per request."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.concurrency import ConditionalRequestsMixin
from core.api.querysets import link_rows, shown
from core.api.serializers import django_errors_as_drf
from core.codes import CODE
from deliverables.models import Group, GroupKind, Role, RoleKind
from liaisons.models import LiaisonStatement

from ..filters import QuestionFilterSet, WorkItemFilterSet
from ..models import WorkItem, WorkItemEditor, WorkItemEvent
from ..services import record_stage_event
from .serializers import QuestionSerializer, StageEventSerializer, WorkItemSerializer

CODE_REGEX = CODE.typed_pattern


def work_item_queryset(today):
    events = shown(WorkItemEvent.objects.select_related("meeting"), meeting=["code"])
    editors = shown(WorkItemEditor.objects.select_related("person"), person=["slug", "name"])
    statements = shown(
        LiaisonStatement.objects.select_related("document"), document=["number", "revision"]
    )
    return shown(
        WorkItem.objects.with_stage()
        .with_late(today)
        .select_related("study_group", "base_text", "origin_deliverable", "origin_document"),
        study_group=["code"],
        base_text=["number", "revision"],
        origin_deliverable=["code"],
        origin_document=["number", "revision"],
    ).prefetch_related(
        Prefetch(
            "questions",
            queryset=link_rows(Group.objects.only("id", "code", "kind").order_by("code")),
        ),
        Prefetch("related_liaisons", queryset=statements.order_by("date", "code")),
        Prefetch("editors", queryset=editors.order_by("starts_on", "id")),
        Prefetch("events", queryset=events.order_by("date", "id")),
    )


class TodayMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()  # type: ignore[misc]
        context["today"] = self.today
        return context

    @property
    def today(self):
        if not hasattr(self, "_today"):
            self._today = timezone.localdate()
        return self._today


@extend_schema_view(
    list=extend_schema(
        summary="List work items",
        description=_(
            "Work items with their Questions, editors and timeline. The current stage, "
            "`late` and `last_call_ends` are derived from the events as of today. "
            "`?origin_deliverable=FGMV-04` lists what the allocations of FGMV-04 led to."
        ),
    ),
    retrieve=extend_schema(summary="A work item, with its timeline"),
    create=extend_schema(
        summary="Create a work item",
        description=_("Its stages are recorded afterwards, through the events action."),
    ),
)
class WorkItemViewSet(TodayMixin, ConditionalRequestsMixin, viewsets.ModelViewSet):
    serializer_class = WorkItemSerializer
    filterset_class = WorkItemFilterSet
    lookup_field = "identifier"
    lookup_value_regex = CODE_REGEX

    def get_queryset(self):
        return work_item_queryset(self.today)

    def perform_create(self, serializer):
        # Answer with the item as a GET shows it (its stage and lateness are annotations).
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(
        summary="Record a stage",
        description=_(
            "Records that the work item reached a stage (agreed, consented, last call, "
            "approved…) on a day, if the procedures allow it after its current stage: approval "
            "before consent or determination, consent of a TAP item, a last call for a TAP item, an "
            "event dated before the one it follows… are refused with a 400 saying why, keyed by "
            "`stage` or `date`. Answers the work item with its timeline. Secretariat only."
        ),
        request=StageEventSerializer,
        responses={
            200: WorkItemSerializer,
            400: OpenApiResponse(
                description=_("Messages per field (stage, date, meeting…)."),
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="events")
    def events(self, request, identifier=None):
        item = self.get_object()
        form = StageEventSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            record_stage_event(item, **form.validated_data, by=request.user)
        except DjangoValidationError as exc:
            raise django_errors_as_drf(exc) from exc
        item = self.get_queryset().get(pk=item.pk)
        return Response(self.get_serializer(item).data, status=status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(
        summary="List Questions",
        description=_(
            "The Questions of the study groups (Q1/17 is addressed as Q1-17), with their "
            "rapporteurs and how many work items each is responsible for."
        ),
    ),
    retrieve=extend_schema(summary="A Question"),
    create=extend_schema(
        summary="Create a Question",
        description=_("A group of kind Question under its study group."),
    ),
)
class QuestionViewSet(TodayMixin, ConditionalRequestsMixin, viewsets.ModelViewSet):
    serializer_class = QuestionSerializer
    filterset_class = QuestionFilterSet
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX

    def get_queryset(self):
        rapporteurs = shown(
            Role.objects.current(self.today)
            .filter(role__in=[RoleKind.RAPPORTEUR, RoleKind.ASSOCIATE_RAPPORTEUR])
            .select_related("person"),
            person=["slug", "name"],
        )
        # Counted per row by a subquery on the link table, not a GROUP BY over every column
        # (which also drops the model's ordering: an unordered page).
        links = WorkItem.questions.through.objects.filter(group=OuterRef("pk")).order_by()
        count = links.values("group").annotate(n=Count("*")).values("n")
        return (
            shown(
                Group.objects.filter(kind=GroupKind.QUESTION).select_related("parent"),
                parent=["code"],
            )
            .annotate(work_items_count=Coalesce(Subquery(count), 0))
            .prefetch_related(
                Prefetch("roles", queryset=rapporteurs.by_rank(), to_attr="current_rapporteurs")
            )
            .order_by("code")
        )

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)
