"""Subscriptions through the API: a signed-in user follows a group, a deliverable, a meeting or a
liaison statement."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import CodeLinkField, ReadModelSerializer, reverse
from core.follow import followables
from deliverables.models import Deliverable, Group
from liaisons.models import LiaisonStatement
from meetings.models import Meeting

from ..models import Subscription


def subscription_key(subscription: Subscription) -> str:
    """The natural key of a subscription for its owner: 'group:SG16', 'meeting:rg-iem-2024-02-20'."""
    kind = subscription.target_kind
    return f"{kind}:{subscription.target.code}"


ALREADY_FOLLOWING = {
    "group": _("You already follow group %(code)s."),
    "deliverable": _("You already follow deliverable %(code)s."),
    "meeting": _("You already follow meeting %(code)s."),
    "liaison": _("You already follow liaison %(code)s."),
}


class SubscriptionSerializer(ReadModelSerializer):
    key = serializers.SerializerMethodField(
        help_text=_(
            "The subscription's key: `group:SG16`, `deliverable:FGMV-04`, `meeting:<code>`, `liaison:<code>`."
        )
    )
    url = serializers.SerializerMethodField(
        help_text=_("This subscription's API link (DELETE it).")
    )
    group = CodeLinkField(
        "group-detail",
        queryset=Group.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The group followed: code and link (written as the code)."),
    )
    deliverable = CodeLinkField(
        "deliverable-detail",
        queryset=Deliverable.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The deliverable followed: code and link."),
    )
    meeting = CodeLinkField(
        "meeting-detail",
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The meeting followed: code and link."),
    )
    liaison = CodeLinkField(
        "liaison-statement-detail",
        queryset=LiaisonStatement.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The liaison statement followed: code and link."),
    )

    created_at = serializers.DateTimeField(
        source="created",
        read_only=True,
        help_text=_(
            "When you started following it (the same as `created`, kept for clients that "
            "read this name)."
        ),
    )

    class Meta:
        model = Subscription
        fields = [
            "key",
            "url",
            "group",
            "deliverable",
            "meeting",
            "liaison",
            "created_at",
            "created",
            "last_updated",
        ]
        validators: list = []  # uniqueness is checked below with a message naming the record

    def get_key(self, obj: Subscription) -> str:
        return subscription_key(obj)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, obj: Subscription) -> str:
        return reverse(
            "subscription-detail",
            kwargs={"key": subscription_key(obj)},
            request=self.context.get("request"),
        )

    def validate(self, attrs: dict) -> dict:
        chosen = [name for name in followables.kinds() if attrs.get(name) is not None]
        if len(chosen) != 1:
            message = _(
                "Name exactly one group, deliverable, meeting or liaison statement to follow."
            )
            raise serializers.ValidationError(
                {name: [message] for name in (chosen or ["non_field_errors"])}
            )
        name = chosen[0]
        user = self.context["request"].user
        if Subscription.objects.filter(user=user, **{name: attrs[name]}).exists():
            raise serializers.ValidationError(
                {name: [ALREADY_FOLLOWING[name] % {"code": attrs[name].code}]}
            )
        return attrs

    def create(self, validated_data: dict) -> Subscription:
        subscription = Subscription(user=self.context["request"].user, **validated_data)
        subscription.full_clean()
        subscription.save()
        return subscription
