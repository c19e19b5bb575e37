"""The reminder log (read-only: what was sent to whom, when, and what failed) and subscriptions.

The sweep's schedule is the django-celery-beat periodic task "Reminders: daily sweep", edited in
its own admin (Periodic tasks)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.admin import BigTableAdminMixin, related_code_filter
from core.auth_groups import is_secretariat

from .models import ReminderLog, Subscription


@admin.register(ReminderLog)
class ReminderLogAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = [
        "created",
        "recipient_display",
        "kind",
        "item_link",
        "deadline",
        "lead_display",
        "status",
        "sent_at",
        "attempts",
        "last_error_short",
    ]
    list_filter = [
        "status",
        "kind",
        "nobody_reachable",
        "lead_days",
        "deadline",
        "sweep_date",
        "created",
    ]
    search_fields = ["recipient", "recipient_name", "item_label", "item_key", "message_id"]
    # No date hierarchy: its links read every row's date of a log that grows every day.
    ordering = ["-created", "-pk"]
    list_per_page = 100
    fields = [
        "kind",
        "item_label",
        "item_url",
        "item_key",
        "deadline",
        "lead_days",
        "recipient",
        "recipient_name",
        "nobody_reachable",
        "status",
        "sweep_date",
        "attempts",
        "claimed_at",
        "sent_at",
        "message_id",
        "last_error",
        "created",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the log is the proof of sending: deleting a row would send it again

    @admin.display(description="recipient", ordering="recipient")
    def recipient_display(self, obj: ReminderLog) -> str:
        if not obj.recipient:
            return "nobody (not even the secretariat)"
        name = f"{obj.recipient_name} <{obj.recipient}>" if obj.recipient_name else obj.recipient
        return f"{name} — for nobody reachable" if obj.nobody_reachable else name

    @admin.display(description="reminder", ordering="item_label")
    def item_link(self, obj: ReminderLog) -> str:
        if obj.item_url:
            return format_html('<a href="{}">{}</a>', obj.item_url, obj.item_label)
        return obj.item_label

    @admin.display(description="lead time", ordering="lead_days")
    def lead_display(self, obj: ReminderLog) -> str:
        if obj.lead_days > 0:
            return f"{obj.lead_days} days before"
        if obj.lead_days == 0:
            return "on the day"
        return f"{-obj.lead_days} days after"

    @admin.display(description="last error")
    def last_error_short(self, obj: ReminderLog) -> str:
        return obj.last_error[:80] + ("…" if len(obj.last_error) > 80 else "")


@admin.register(Subscription)
class SubscriptionAdmin(BigTableAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "target_kind", "target_label", "created"]
    list_filter = [
        related_code_filter("group", "group", placeholder="SG17-2025"),
        related_code_filter("deliverable", "deliverable", placeholder="X.509"),
        related_code_filter("meeting", "meeting", placeholder="sg17-2025-2026-01-20"),
        "created",
    ]
    search_fields = [
        "user__username",
        "user__email",
        "group__code",
        "deliverable__code",
        "meeting__code",
        "meeting__title",
    ]
    raw_id_fields = ["user", "group", "deliverable", "meeting"]
    list_select_related = ["user", "group", "deliverable", "meeting"]
    readonly_fields = ["created"]

    def get_search_fields(self, request):
        # A reader searching by address would learn whose it is: e-mails are the secretariat's.
        fields = super().get_search_fields(request)
        return fields if is_secretariat(request.user) else [f for f in fields if "email" not in f]

    @admin.display(description="follows")
    def target_kind(self, obj: Subscription) -> str:
        return obj.target_kind

    @admin.display(description="record")
    def target_label(self, obj: Subscription) -> str:
        target = obj.target
        return str(getattr(target, "code", target)) if target else ""
