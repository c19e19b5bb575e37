"""/api/v1/subscriptions/: the signed-in user's own subscriptions (list, create, delete)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from core.api.concurrency import ConditionalRequestsMixin
from core.follow import followables

from ..filters import SubscriptionFilterSet
from ..models import Subscription
from .serializers import SubscriptionSerializer

KEY_REGEX = rf"(?:{'|'.join(followables.kinds())}):[A-Za-z0-9][A-Za-z0-9._\-]*"


@extend_schema_view(
    list=extend_schema(
        summary="Your subscriptions",
        description=_(
            "The records you follow: their deadlines come to you in the daily reminder "
            "digest. Only your own subscriptions are listed. Sign in or send an API token."
        ),
    ),
    retrieve=extend_schema(summary="One of your subscriptions"),
    create=extend_schema(
        summary="Follow a group, a deliverable, a meeting or a liaison statement",
        description=_(
            "Send exactly one of `group`, `deliverable`, `meeting`, `liaison` as its code, e.g. "
            '`{"group": "RG-IEM"}`.'
        ),
    ),
    destroy=extend_schema(
        summary="Stop following",
        description=_("By key: `DELETE /api/v1/subscriptions/group:RG-IEM/`."),
    ),
)
class SubscriptionViewSet(
    ConditionalRequestsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SubscriptionSerializer
    filterset_class = SubscriptionFilterSet
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "key"
    lookup_value_regex = KEY_REGEX

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Subscription.objects.none()
        return (
            Subscription.objects.of(self.request.user)
            .select_related("group", "deliverable", "meeting", "liaison")
            .order_by("created", "pk")
        )

    def get_object(self) -> Subscription:
        kind, _, code = self.kwargs["key"].partition(":")
        if kind not in followables:
            raise Http404
        subscription = self.get_queryset().filter(**{f"{kind}__code": code}).first()
        if subscription is None:
            raise Http404
        self.check_object_permissions(self.request, subscription)
        return subscription
