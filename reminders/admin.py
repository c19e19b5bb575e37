"""The reminder log (read-only: what was sent to whom, when, and what failed), subscriptions,
and the sweep's schedule as the secretariat sees it: an hour and a tick box.

The schedule is the django-celery-beat periodic task "Reminders: daily sweep". Its own admins
(periodic tasks, crontabs, intervals, solar events, clocked times) are the scheduler's
internals: kept for superusers, hidden from staff, who change the hour on "Reminder schedule"
(`sweep_schedule_view`, `reminders.schedule.set_sweep_schedule`)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from simple_history.admin import SimpleHistoryAdmin

from core.admin import BigTableAdminMixin, related_code_filter
from core.auth_groups import is_secretariat

from .models import ReminderLog, Subscription
from .schedule import ensure_beat_schedule, set_sweep_schedule, sweep_hour

SCHEDULE_PERMISSION = "django_celery_beat.change_periodictask"
SCHEDULER_MODELS = (PeriodicTask, CrontabSchedule, IntervalSchedule, SolarSchedule, ClockedSchedule)


def _superusers_only(registered: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """django-celery-beat's own admin for one of its models, shown to superusers only."""

    class SuperusersOnly(registered):  # type: ignore[valid-type,misc]
        def has_module_permission(self, request) -> bool:
            return request.user.is_superuser

        def has_view_permission(self, request, obj=None) -> bool:
            return request.user.is_superuser

        def has_add_permission(self, request) -> bool:
            return request.user.is_superuser

        def has_change_permission(self, request, obj=None) -> bool:
            return request.user.is_superuser

        def has_delete_permission(self, request, obj=None) -> bool:
            return request.user.is_superuser

    SuperusersOnly.__name__ = f"SuperusersOnly{registered.__name__}"
    return SuperusersOnly


# django_celery_beat comes before this app in INSTALLED_APPS, so its admins are registered.
for _model in SCHEDULER_MODELS:
    if admin.site.is_registered(_model):
        _registered = type(admin.site._registry[_model])
        admin.site.unregister(_model)
        admin.site.register(_model, _superusers_only(_registered))


class SweepScheduleForm(forms.Form):
    hour = forms.TypedChoiceField(
        label=_("Send reminders at"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text=_("Every day, at this hour in the schedule's time zone."),
    )
    enabled = forms.BooleanField(
        label=_("Send reminders"),
        required=False,
        help_text=_("Untick to pause the daily reminders."),
    )


def sweep_schedule_view(request: HttpRequest) -> HttpResponse:
    """The daily reminder sweep's hour and whether it runs: one small form."""
    if not request.user.has_perm(SCHEDULE_PERMISSION):
        raise PermissionDenied
    entry = ensure_beat_schedule()
    hour = sweep_hour(entry)
    form = SweepScheduleForm(
        request.POST or None,
        initial={"hour": hour if hour is not None else 6, "enabled": entry.enabled},
    )
    if request.method == "POST" and form.is_valid():
        entry = set_sweep_schedule(form.cleaned_data["hour"], form.cleaned_data["enabled"])
        done = (
            gettext("Reminders are on: every day at %(hour)s (%(zone)s).")
            if entry.enabled
            else gettext("Reminders are paused: every day at %(hour)s (%(zone)s).")
        )
        messages.success(
            request,
            done % {"hour": f"{form.cleaned_data['hour']:02d}:00", "zone": entry.crontab.timezone},
        )
        return HttpResponseRedirect(reverse("admin:reminders_schedule"))
    context = {
        **admin.site.each_context(request),
        "title": gettext("Reminder schedule"),
        "subtitle": None,
        "form": form,
        "entry": entry,
        "zone": entry.crontab.timezone if entry.crontab else None,
        "custom": hour is None,
        "last_run": entry.last_run_at,
    }
    return TemplateResponse(request, "admin/reminders/schedule.html", context)


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

    @admin.display(description=_("recipient"), ordering="recipient")
    def recipient_display(self, obj: ReminderLog) -> str:
        if not obj.recipient:
            return "nobody (not even the secretariat)"
        name = f"{obj.recipient_name} <{obj.recipient}>" if obj.recipient_name else obj.recipient
        return f"{name} — for nobody reachable" if obj.nobody_reachable else name

    @admin.display(description=_("reminder"), ordering="item_label")
    def item_link(self, obj: ReminderLog) -> str:
        if obj.item_url:
            return format_html('<a href="{}">{}</a>', obj.item_url, obj.item_label)
        return obj.item_label

    @admin.display(description=_("lead time"), ordering="lead_days")
    def lead_display(self, obj: ReminderLog) -> str:
        if obj.lead_days > 0:
            return f"{obj.lead_days} days before"
        if obj.lead_days == 0:
            return "on the day"
        return f"{-obj.lead_days} days after"

    @admin.display(description=_("last error"))
    def last_error_short(self, obj: ReminderLog) -> str:
        return obj.last_error[:80] + ("…" if len(obj.last_error) > 80 else "")


@admin.register(Subscription)
class SubscriptionAdmin(BigTableAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "target_kind", "target_label", "created"]
    list_filter = [
        related_code_filter("group", _("group"), placeholder="SG17-2025"),
        related_code_filter("deliverable", _("deliverable"), placeholder="X.509"),
        related_code_filter("meeting", _("meeting"), placeholder="sg17-2025-2026-01-20"),
        "created",
    ]
    search_fields = [
        "user__username",
        "user__email",
        "group__code",
        "deliverable__code",
        "meeting__code",
        "meeting__title",
        "liaison__code",
    ]
    raw_id_fields = ["user", "group", "deliverable", "meeting", "liaison"]
    list_select_related = ["user", "group", "deliverable", "meeting", "liaison__document"]
    readonly_fields = ["created"]

    def get_search_fields(self, request):
        # A reader searching by address would learn whose it is: e-mails are the secretariat's.
        fields = super().get_search_fields(request)
        return fields if is_secretariat(request.user) else [f for f in fields if "email" not in f]

    @admin.display(description=_("follows"))
    def target_kind(self, obj: Subscription) -> str:
        return obj.target_kind

    @admin.display(description=_("record"))
    def target_label(self, obj: Subscription) -> str:
        target = obj.target
        return str(getattr(target, "code", target)) if target else ""
