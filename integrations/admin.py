"""The secretariat's webhooks and the log of their deliveries (read-only, with "send again")."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import BigTableAdminMixin

from .kinds import api_kinds
from .models import Delivery, Webhook
from .webhooks import send_again


class WebhookForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of record it hears of; none ticked: every kind."),
    )

    # An address typed without a scheme is read as https (Django 6's default).
    url = forms.URLField(
        max_length=500,
        assume_scheme="https",
        help_text=Webhook._meta.get_field("url").help_text,
    )

    class Meta:
        model = Webhook
        fields = [
            "name",
            "url",
            "secret",
            "kinds",
            "on_created",
            "on_updated",
            "on_deleted",
            "enabled",
        ]
        widgets = {"secret": forms.PasswordInput(render_value=True)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(name, name) for name in sorted(api_kinds())]


@admin.register(Webhook)
class WebhookAdmin(SimpleHistoryAdmin):
    form = WebhookForm
    list_display = ["name", "url", "enabled", "on_created", "on_updated", "on_deleted"]
    list_filter = ["enabled"]
    search_fields = ["name", "url"]


@admin.register(Delivery)
class DeliveryAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = [
        "created",
        "webhook",
        "kind",
        "code",
        "event",
        "status",
        "attempts",
        "response_code",
        "response_ms",
    ]
    list_filter = ["status", "webhook"]
    list_select_related = ["webhook"]
    search_fields = ["code"]
    actions = ["send_again"]
    readonly_fields = [
        "webhook",
        "kind",
        "code",
        "event",
        "status",
        "attempts",
        "response_code",
        "response_ms",
        "error",
        "created",
        "last_attempt_at",
        "payload",
    ]
    fields = readonly_fields

    @admin.display(description=_("event"))
    def event(self, delivery: Delivery) -> str:
        return str(delivery.payload.get("event", ""))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # The log stays as it was; a delivery goes with its webhook.
        return False

    @admin.action(description=_("Send again"), permissions=["view"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        ids = send_again(queryset.order_by("id"))
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued to be sent again.",
                "%(count)d deliveries queued to be sent again.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )
