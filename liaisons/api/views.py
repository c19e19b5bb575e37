"""ViewSets of liaison statements and each group's inbox. The querysets carry every join and
prefetch their serializers read, so a list runs the same number of SQL queries at any page size."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.concurrency import ConditionalRequestsMixin
from core.api.querysets import shown, shown_prefetch, shown_rows
from core.api.serializers import django_errors_as_drf
from core.codes import KEY
from deliverables.models import Deliverable, Group

from ..attachments import attach
from ..filters import LiaisonStatementFilterSet
from ..models import Attachment, LiaisonStatement
from .serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    InboxItemSerializer,
    LiaisonStatementSerializer,
)

# Statement codes are slugs (td480-r1); document codes and references are accepted too
# (TD480, TD480-R1, TSAG-LS14R1), so letters of either case, digits, dots, hyphens, underscores.
STATEMENT_KEY_REGEX = KEY.typed_pattern


def group_links():
    """Groups as a list of links shows them: code only."""
    return shown_rows(Group.objects.only("id", "code"))


def statement_queryset():
    # Related records as they are shown: links (codes) and a statement's label.
    statements = shown(
        LiaisonStatement.objects.select_related("document"), document=["number", "revision"]
    )
    return shown(
        LiaisonStatement.objects.with_awaiting_reply().select_related(
            "document",
            "approved_at",
            "approved_by_action__meeting",
            "contact",
            "replies_to__document",
        ),
        document=["number", "revision"],
        # The zone is the reply deadline's (`reply_cutoff`).
        approved_at=["code", "time_zone"],
        approved_by_action=["code", "meeting"],
        approved_by_action__meeting=["code"],
        contact=["slug"],
        replies_to=["code", "reference", "document"],
        replies_to__document=["number", "revision"],
    ).prefetch_related(
        Prefetch("from_groups", queryset=group_links()),
        Prefetch("to_groups", queryset=group_links()),
        shown_prefetch("related_deliverables", Deliverable.objects.only("id", "code")),
        shown_prefetch("related_groups", group_links()),
        Prefetch("replies", queryset=statements.order_by("date", "code")),
        shown_prefetch("attachments", Attachment.objects.order_by("created", "pk")),
    )


@extend_schema_view(
    list=extend_schema(
        summary="List liaison statements",
        description=_(
            "Incoming and outgoing liaison statements. `?to=SG12` includes the "
            'statements sent to "all study groups"; `?awaiting_reply=true` lists those for action '
            "whose deadline is set and that nobody has answered."
        ),
    ),
    retrieve=extend_schema(
        summary="A liaison statement",
        description=_(
            "Found by its code (td480-r1), its document code — TD480 and TD480-R1 both "
            "find the statement of TD480-R1 — or its reference (TSAG-LS14R1).",
        ),
    ),
    create=extend_schema(
        summary="Create a liaison statement",
        description=_(
            "The statement and its senders, recipients and related records are saved "
            "together, or not at all. A reply is created with `replies_to`."
        ),
    ),
)
class LiaisonStatementViewSet(ConditionalRequestsMixin, viewsets.ModelViewSet):
    serializer_class = LiaisonStatementSerializer
    filterset_class = LiaisonStatementFilterSet
    lookup_field = "code"
    lookup_value_regex = STATEMENT_KEY_REGEX

    def get_queryset(self):
        return statement_queryset()

    def get_object(self):
        """By code first, then by document code (TD480 → the statement of its latest revision
        that is one), then by reference; see LiaisonStatementQuerySet.resolve."""
        key = self.kwargs[self.lookup_field]
        found = LiaisonStatement.objects.resolve(key)
        if found is None:
            raise Http404(gettext("No liaison statement %(key)s.") % {"key": key})

        # Not .get(): another request may delete the statement between the two reads (seen
        # under schemathesis's two workers), which is a 404, not a 500.
        statement = get_object_or_404(self.get_queryset(), pk=found.pk)
        self.check_object_permissions(self.request, statement)
        return statement

    def perform_create(self, serializer):
        # Answer with the statement as a GET shows it (awaiting_reply is an annotation).
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(
        summary="Attach a file",
        description=_(
            "Upload a file (multipart/form-data, field `file`). Accepted: PDF, DOCX, "
            "XLSX, ZIP and UTF-8 text, decided by the content; the name's extension must agree; "
            "size up to the ATTACHMENT_MAX_BYTES setting. A refused file leaves nothing behind. "
            "Secretariat only."
        ),
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer,
            400: OpenApiResponse(description=_("`file`: why the file was refused.")),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="attachments",
        url_name="attachments",
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request, code=None):
        statement = self.get_object()
        upload = AttachmentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            attachment = attach(statement, upload.validated_data["file"])
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise django_errors_as_drf(exc) from exc
            raise django_errors_as_drf(DjangoValidationError({"file": exc.messages})) from exc
        serializer = AttachmentSerializer(attachment, context=self.get_serializer_context())
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove an attachment",
        description=_(
            "Deletes the attachment and, once the change is committed, its file. Secretariat only."
        ),
        parameters=[OpenApiParameter("attachment", int, OpenApiParameter.PATH)],
        request=None,
        responses={204: None},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"attachments/(?P<attachment>[0-9]+)",
        url_name="attachment",
    )
    def remove_attachment(self, request, code=None, attachment=None):
        statement = self.get_object()
        found = get_object_or_404(Attachment, pk=attachment, statement=statement)
        found.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    summary="A group's inbox",
    description=_(
        "The liaison statements addressed to a group — named directly, or as one of "
        '"all study groups" when it is a study group — with what is asked and by when: soonest '
        "reply deadline first, statements without a deadline last. Takes the filters of the "
        "liaison statements list. 404 for an unknown group."
    ),
    parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description=_("Group code."))],
)
class GroupInboxView(generics.ListAPIView):
    serializer_class = InboxItemSerializer
    filterset_class = LiaisonStatementFilterSet

    def get_group(self) -> Group:
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(Group, code__iexact=self.kwargs["code"])
        return self._group

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no group
            return LiaisonStatement.objects.none()
        return (
            LiaisonStatement.objects.addressed_to(self.get_group())
            .with_awaiting_reply(from_group=self.get_group())
            .select_related("document", "approved_at")
            .defer("search_vector", "document__search_vector", "approved_at__search_vector")
            .prefetch_related(
                Prefetch("from_groups", queryset=group_links()),
                Prefetch("to_groups", queryset=group_links()),
                Prefetch(
                    "replies",
                    queryset=shown_rows(LiaisonStatement.objects.only("pk", "replies_to")),
                ),
            )
            .by_reply_deadline()
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "code" in self.kwargs:  # absent while the schema is generated
            context["group"] = self.get_group()
        return context
