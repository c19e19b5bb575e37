"""ViewSets of meetings, documents and action items. Each queryset carries the joins its serializer
needs, so a list runs the same number of SQL queries whatever the page size."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.concurrency import ConditionalRequestsMixin
from core.api.querysets import shown, shown_prefetch
from core.codes import ACTION_CODE, DOCUMENT_CODE, SLUG
from deliverables.models import Deliverable, Group

from ..filters import ActionItemFilterSet, DocumentFilterSet, MeetingFilterSet
from ..models import ActionItem, Document, Meeting, Session
from ..querysets import split_document_code
from .serializers import (
    ActionItemSerializer,
    CloseActionSerializer,
    DocumentSerializer,
    MeetingSerializer,
)

# Meeting codes are slugs; document codes are a number with an optional revision (TD480-R1);
# action codes hold hyphens and dots (RG-WP2-2). The rules of core.codes, as the models keep them.
MEETING_CODE_REGEX = SLUG.typed_pattern
DOCUMENT_CODE_REGEX = DOCUMENT_CODE.typed_pattern
ACTION_CODE_REGEX = ACTION_CODE.typed_pattern


@extend_schema_view(
    list=extend_schema(
        summary="List meetings",
        description=_(
            "Meetings, interim e-meetings, workshops and forums with their sessions and "
            "documents. Times are in each meeting's own time zone (ISO 8601 with offset); whole-day "
            "meetings give dates only."
        ),
    ),
    retrieve=extend_schema(summary="A meeting, with its sessions and documents"),
    create=extend_schema(
        summary="Create a meeting",
        description=_(
            "Give starts_at/ends_at (local time in `time_zone` when written without an "
            "offset) or start_date/end_date for a whole-day meeting."
        ),
    ),
)
class MeetingViewSet(ConditionalRequestsMixin, viewsets.ModelViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    lookup_field = "code"
    lookup_value_regex = MEETING_CODE_REGEX

    def get_queryset(self):
        sessions = Session.objects.prefetch_related(
            shown_prefetch("moderators"), shown_prefetch("speakers")
        )
        # The stored search vectors are never shown: not read (here and below).
        return shown(
            Meeting.objects.defer("search_vector").select_related("contact"),
            contact=["slug", "name"],
        ).prefetch_related(
            shown_prefetch("groups", group_links()),
            shown_prefetch("related_groups", group_links()),
            shown_prefetch("sessions", sessions),
            shown_prefetch("documents", document_links()),
        )


def document_links():
    """Documents as a list of links shows them: code and link only. A meeting of the 10×
    work programme lists ~70 documents, so loading whole rows (dates, title, file, search
    vector) for links was most of a page's time."""
    return Document.objects.only("id", "meeting_id", "number", "revision").order_by(
        "number", "revision"
    )


def group_links():
    """Groups as a list of links shows them: code only."""
    return Group.objects.only("id", "code")


def documents_with_latest_flag():
    later = Document.objects.filter(number=OuterRef("number"), revision__gt=OuterRef("revision"))
    return Document.objects.annotate(is_latest=~Exists(later))


@extend_schema_view(
    list=extend_schema(
        summary="List documents",
        description=_(
            "TDs and contributions. `?number=TD480` lists every revision of TD480, "
            "`?number=TD480-R1` only that one."
        ),
    ),
    retrieve=extend_schema(
        summary="A document",
        description=_(
            "Addressed by its code: /documents/TD480-R1/ is that revision; "
            "/documents/TD480/ is the latest revision of TD480."
        ),
    ),
)
class DocumentViewSet(ConditionalRequestsMixin, viewsets.ModelViewSet):
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    lookup_field = "code"
    lookup_value_regex = DOCUMENT_CODE_REGEX

    def get_queryset(self):
        citing = (
            ActionItem.objects.select_related("meeting")
            .defer("search_vector", "meeting__search_vector")
            .order_by("meeting_starts_at", "position")
        )
        return shown(
            documents_with_latest_flag().select_related("source_group", "meeting"),
            source_group=["code"],
            meeting=["code"],
        ).prefetch_related(Prefetch("action_items", queryset=citing))

    def get_object(self):
        code = self.kwargs[self.lookup_field]
        try:
            split_document_code(code)
        except ValueError:
            raise Http404 from None
        document = self.get_queryset().matching(code).order_by("-revision").first()
        if document is None:
            raise Http404
        self.check_object_permissions(self.request, document)
        return document


ACTION_PATH_PARAMETERS = [
    OpenApiParameter(
        "meeting",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description=_("Code of the meeting that agreed the action (wp2-tsag-2024-01)."),
    ),
    OpenApiParameter(
        "code",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description=_("The action's code within that meeting (WP2-9)."),
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="List action items",
        description=_(
            "Actions agreed at meetings. `?overdue=true` lists open actions past their "
            "due date; `?responsible=` takes a group code or a person's slug."
        ),
    ),
    retrieve=extend_schema(
        summary="An action item",
        description=_(
            "Addressed by its meeting and its code, as cited: "
            "/action-items/wp2-tsag-2024-01/WP2-9/."
        ),
        parameters=ACTION_PATH_PARAMETERS,
    ),
    update=extend_schema(parameters=ACTION_PATH_PARAMETERS),
    partial_update=extend_schema(parameters=ACTION_PATH_PARAMETERS),
    destroy=extend_schema(parameters=ACTION_PATH_PARAMETERS),
)
class ActionItemViewSet(ConditionalRequestsMixin, viewsets.ModelViewSet):
    """Action codes are unique within a meeting only (WP2-1 may recur at the next WP2 meeting),
    so an action is addressed by both: /action-items/<meeting code>/<action code>/."""

    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilterSet
    lookup_regex = rf"(?P<meeting>{MEETING_CODE_REGEX})/(?P<code>{ACTION_CODE_REGEX})"  # see router

    def get_queryset(self):
        return shown(
            ActionItem.objects.select_related(
                "meeting", "group", "responsible_group", "responsible_person"
            ),
            meeting=["code"],
            group=["code"],
            responsible_group=["code"],
            responsible_person=["slug", "name"],
        ).prefetch_related(
            shown_prefetch("concerned_groups", group_links()),
            shown_prefetch("documents", document_links()),
            shown_prefetch("deliverables", Deliverable.objects.only("id", "code")),
        )

    def get_object(self):
        item = get_object_or_404(
            self.get_queryset(), meeting__code=self.kwargs["meeting"], code=self.kwargs["code"]
        )
        self.check_object_permissions(self.request, item)
        return item

    @extend_schema(
        summary="Close an action",
        description=_(
            "Mark an open action done or dropped, with a closing note and the day "
            "(today by default). The change is kept in the action's history. Secretariat only."
        ),
        parameters=ACTION_PATH_PARAMETERS,
        request=CloseActionSerializer,
        responses={
            200: ActionItemSerializer,
            400: OpenApiResponse(description=_("Messages per field (e.g. already closed).")),
        },
    )
    @action(detail=True, methods=["post"])
    def close(self, request, meeting=None, code=None):
        item = self.get_object()
        form = CloseActionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        item.close(
            form.validated_data["status"],
            note=form.validated_data.get("note", ""),
            on=form.validated_data.get("on"),
        )
        item = self.get_queryset().get(pk=item.pk)
        return Response(self.get_serializer(item).data)
