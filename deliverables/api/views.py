"""ViewSets of the work programme. Each queryset carries the joins its serializer needs, so a list
runs the same number of SQL queries whatever the page size."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.concurrency import ConditionalRequestsMixin
from core.api.querysets import shown, shown_prefetch
from core.codes import CODE, SLUG

from ..filters import DeliverableFilterSet, GroupFilterSet, PersonFilterSet, RoleFilterSet
from ..models import Deliverable, Distribution, Group, Person, Role
from ..services import rotate_role
from .serializers import (
    DeliverableSerializer,
    GroupSerializer,
    PersonSerializer,
    RoleSerializer,
    RotateRoleSerializer,
)

# Codes hold dots and hyphens (RG-IEM, FGMV-04, Q1.2): the rule of core.codes, either case.
CODE_REGEX = CODE.typed_pattern


@extend_schema_view(
    list=extend_schema(summary="List groups", description=_("Every body of the work programme.")),
    retrieve=extend_schema(summary="A group, with its current leadership"),
)
class GroupViewSet(ConditionalRequestsMixin, viewsets.ModelViewSet):
    serializer_class = GroupSerializer
    filterset_class = GroupFilterSet
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX

    def get_queryset(self):
        # "Current" is relative to today, so the prefetch is built per request.
        leadership = shown(
            Role.objects.current().leadership().select_related("person"),
            person=["slug", "name"],
        )
        # Related records as they are shown (here and below): links, a holder's name.
        return shown(
            Group.objects.select_related("parent", "successor"),
            parent=["code"],
            successor=["code"],
        ).prefetch_related(
            Prefetch(
                "roles",
                queryset=leadership.by_rank(),
                to_attr="current_leadership_roles",
            )
        )

    def perform_create(self, serializer):
        # Answer with the group as a GET shows it: its current leadership comes from the prefetch.
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer):
        # Likewise after a change: a lifetime now over (or a closed status) ends the leadership,
        # which the prefetch made before the save would still show.
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(
        summary="Rotate leadership",
        description=_(
            "Hand a role to a new holder: the outgoing holder's role ends on the day "
            "given and the new one begins, in one transaction. Earlier holders stay in the history. "
            "Secretariat only."
        ),
        request=RotateRoleSerializer,
        responses={
            200: GroupSerializer,
            400: OpenApiResponse(description=_("Messages per field.")),
        },
    )
    @action(detail=True, methods=["post"], url_path="rotate-role")
    def rotate_role(self, request, code=None):
        group = self.get_object()
        form = RotateRoleSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        rotate_role(group, **form.validated_data)
        group = self.get_queryset().get(pk=group.pk)
        return Response(self.get_serializer(group).data, status=status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(
        summary="List people",
        description=_(
            "People of the work programme with their roles. The e-mail address is only "
            "shown to the secretariat."
        ),
    ),
    retrieve=extend_schema(summary="A person, with every role held"),
)
class PersonViewSet(ConditionalRequestsMixin, viewsets.ModelViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG.typed_pattern

    def get_queryset(self):
        roles = shown(Role.objects.select_related("group"), group=["code", *Role.GROUP_FIELDS])
        return Person.objects.prefetch_related(
            shown_prefetch("roles", roles.order_by("group__code", "role", "starts_on"))
        )

    def get_serializer_context(self):
        # Decided once per request, not once per row.
        context = super().get_serializer_context()
        context["show_email"] = Person.email_visible_to(self.request.user)
        return context


@extend_schema_view(
    list=extend_schema(
        summary="List roles",
        description=_("Who holds (or held) which role in which group, and when."),
    ),
)
class RoleViewSet(ConditionalRequestsMixin, viewsets.ModelViewSet):
    serializer_class = RoleSerializer
    filterset_class = RoleFilterSet

    def get_queryset(self):
        return shown(
            Role.objects.select_related("person", "group"), group=["code", *Role.GROUP_FIELDS]
        )


@extend_schema_view(
    list=extend_schema(
        summary="List deliverables",
        description=_(
            "Deliverables with their distribution. `?allocated_to=SG17` lists what SG17 "
            "takes forward; `?for_information_to=SG12` includes what goes to all study groups."
        ),
    ),
    create=extend_schema(
        summary="Create a deliverable with its distribution",
        description=_(
            "The deliverable and its distribution lines are saved together, or not at all."
        ),
    ),
)
class DeliverableViewSet(ConditionalRequestsMixin, viewsets.ModelViewSet):
    serializer_class = DeliverableSerializer
    filterset_class = DeliverableFilterSet
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX

    def get_queryset(self):
        lines = shown(Distribution.objects.select_related("group"), group=["code"])
        return shown(Deliverable.objects.select_related("owner"), owner=["code"]).prefetch_related(
            shown_prefetch("distribution", lines)
        )
