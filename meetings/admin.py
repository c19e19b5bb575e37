"""The secretariat's admin for meetings, documents and action items.

Times are entered and shown in each meeting's own time zone: the meeting form takes local dates
and hours plus the time zone and converts them with `Meeting.enter_local_times`, as the API does;
the meeting and session pages run with the meeting's time zone active, so the inline sessions read
and write Shanghai time for a Shanghai forum. Every changelist runs a fixed number of queries and every
record keeps its history (SimpleHistoryAdmin)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminDateWidget, AdminTimeWidget
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import BigTableAdminMixin, QuirkAdminMixin, related_code_filter
from core.admin_spreadsheets import SpreadsheetAdminMixin
from core.admin_translations import TranslationsAdminMixin
from core.admin_widgets import DownloadLinkFileWidget, TimeZoneSelect
from core.forms import ADMIN_LOCAL_TIMES
from core.time_zone_names import time_zone_choices, zone_name

from .models import (
    ALL_TIME_ZONES,
    ActionItem,
    ActionStatus,
    Document,
    Meeting,
    Session,
)
from .querysets import split_document_code

# Links typed without a scheme ("www.itu.int/…") are taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
# A document's stored file is linked through its download view (core.uploads).
DOCUMENT_FIELDS = {**URL_FIELDS, models.FileField: {"widget": DownloadLinkFileWidget}}
MEETING_CODE_EXAMPLE = "sg17-2025-2026-01-20"
TIME_ZONE_HELP = _(
    "Where the meeting is announced (type a city or a zone name to search): Europe/Zurich for "
    "Geneva, Asia/Shanghai… The days and hours below are read in this zone."
)
LOCAL_TIME_HELP = _("Local time in the meeting's time zone; empty for whole days.")


def _zone_or_none(name: str | None) -> zoneinfo.ZoneInfo | None:
    return zoneinfo.ZoneInfo(name) if name in ALL_TIME_ZONES else None


class MeetingTimeZoneMixin:
    """Runs the add/change page with the meeting's time zone active, so every datetime on it
    (inline sessions included) is read and written as the meeting's local time."""

    def meeting_zone(self, request, object_id) -> zoneinfo.ZoneInfo | None:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.meeting_zone(request, object_id) or zoneinfo.ZoneInfo(settings.TIME_ZONE)
        with timezone.override(zone):
            return super().changeform_view(request, object_id, form_url, extra_context)


# --- Meetings ------------------------------------------------------------------------------


class MeetingAdminForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        widget=TimeZoneSelect,
        initial="Europe/Zurich",
        help_text=TIME_ZONE_HELP,
        error_messages={
            "invalid_choice": _(
                "%(value)s is not a known time zone; use an IANA name such as Europe/Zurich."
            )
        },
    )
    url = forms.URLField(
        label=_("Announcement page"), required=False, max_length=200, assume_scheme="https"
    )
    start_date = forms.DateField(label=_("First day"), widget=AdminDateWidget)
    start_time = forms.TimeField(
        label=_("Starts at"),
        required=False,
        widget=AdminTimeWidget,
        help_text=LOCAL_TIME_HELP,
    )
    end_date = forms.DateField(label=_("Last day"), widget=AdminDateWidget)
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=AdminTimeWidget,
        help_text=LOCAL_TIME_HELP,
    )

    class Meta:
        model = Meeting
        # starts_at/ends_at are not on the form: they are computed from the local fields.
        fields = [
            "code",
            "title",
            "kind",
            "format",
            "groups",
            "time_zone",
            "all_day",
            "contribution_deadline",
            "venue",
            "host",
            "organisers",
            "url",
            "objectives",
            "outcome",
        ]
        labels = {"all_day": _("Whole days")}
        help_texts = {"all_day": _("Announced by dates only: no hours are stored or shown.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        if meeting.pk:
            self.initial.update(start_date=meeting.start_date, end_date=meeting.end_date)
            if not meeting.all_day:
                self.initial.update(
                    start_time=meeting.local_start.time(), end_time=meeting.local_end.time()
                )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("start_date"), cleaned.get("end_date")
        zone = cleaned.get("time_zone")
        if first is None or last is None or zone is None:
            return cleaned
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        # The tick box and the hour fields must agree; that is this form's own shape. What the
        # days and hours mean is the model's: `Meeting.enter_local_times`, as in the API.
        if cleaned.get("all_day"):
            if start_time or end_time:
                self.add_error(
                    "start_time",
                    gettext(
                        "A whole-day meeting has no hours: leave the times empty, or untick "
                        "whole days."
                    ),
                )
                return cleaned
            entered = {"start_date": first, "end_date": last}
        else:
            for name, value in (("start_time", start_time), ("end_time", end_time)):
                if value is None and name not in self.errors:
                    self.add_error(name, gettext("Give the local time, or tick whole days."))
            if start_time is None or end_time is None:
                return cleaned
            entered = {
                "starts_at": dt.datetime.combine(first, start_time),
                "ends_at": dt.datetime.combine(last, end_time),
            }
        try:
            self.instance.enter_local_times(time_zone=zone, **entered)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def add_error(self, field, error):
        # The model names its stored instants; this form shows them as local days and hours.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            if getattr(self, "cleaned_data", {}).get("all_day"):
                renames = {"starts_at": "start_date", "ends_at": "end_date"}
            else:
                renames = {"starts_at": "start_time", "ends_at": "end_time"}
            error = ValidationError(
                {renames.get(key, key): value for key, value in error.error_dict.items()}
            )
        super().add_error(field, error)


class SessionInline(admin.StackedInline):
    model = Session
    # A time a daylight-saving change skips or doubles: the API's message, naming the choices.
    formfield_overrides = ADMIN_LOCAL_TIMES
    extra = 0
    fields = [("title", "starts_at", "ends_at"), "description", ("moderators", "speakers")]
    autocomplete_fields = ["moderators", "speakers"]
    show_change_link = True
    verbose_name_plural = _("sessions (times in the meeting's time zone)")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("moderators", "speakers")


class DocumentInline(admin.TabularInline):
    model = Document
    formfield_overrides = DOCUMENT_FIELDS
    extra = 0
    fields = ["number", "revision", "title", "kind", "source", "source_group", "url", "file"]
    autocomplete_fields = ["source_group"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source_group")


class UpcomingFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", gettext("Upcoming (not ended)")), ("past", gettext("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


@admin.register(Meeting)
class MeetingAdmin(
    TranslationsAdminMixin,
    QuirkAdminMixin,
    SpreadsheetAdminMixin,
    BigTableAdminMixin,
    MeetingTimeZoneMixin,
    SimpleHistoryAdmin,
):
    form = MeetingAdminForm
    formfield_overrides = URL_FIELDS
    list_display = [
        "title",
        "code",
        "kind",
        "when",
        "group_codes",
        "contribution_deadline",
        "format",
    ]
    list_filter = [
        "kind",
        "format",
        related_code_filter("groups", _("group"), placeholder="SG17-2025"),
        UpcomingFilter,
    ]
    search_fields = ["code", "title", "venue"]
    autocomplete_fields = ["groups"]
    # No date hierarchy: its year links read every meeting's date; "when" narrows as well.
    ordering = ["-starts_at"]
    inlines = [SessionInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["code", "title", "kind", "format", "groups"]}),
        (
            _("When (in the meeting's own time zone)"),
            {
                "fields": [
                    "time_zone",
                    "all_day",
                    ("start_date", "start_time"),
                    ("end_date", "end_time"),
                    ("contribution_deadline", "contribution_deadline_time"),
                ]
            },
        ),
        (_("Where and who"), {"fields": ["venue", "host", "organisers", "url"]}),
        (_("Content"), {"fields": ["objectives", "outcome"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def meeting_zone(self, request, object_id):
        if request.method == "POST":
            return _zone_or_none(request.POST.get("time_zone"))
        if object_id:
            name = Meeting.objects.filter(pk=object_id).values_list("time_zone", flat=True)
            return _zone_or_none(name.first())
        return None

    @admin.display(description=_("when (local time)"), ordering="starts_at")
    def when(self, obj: Meeting) -> str:
        return obj.when_display

    @admin.display(description=_("groups"))
    def group_codes(self, obj: Meeting) -> str:
        return ", ".join(group.code for group in obj.groups.all())


# --- Sessions ------------------------------------------------------------------------------


@admin.register(Session)
class SessionAdmin(BigTableAdminMixin, MeetingTimeZoneMixin, SimpleHistoryAdmin):
    formfield_overrides = ADMIN_LOCAL_TIMES
    list_display = ["title", "meeting", "local_times", "moderator_names"]
    list_filter = [related_code_filter("meeting", _("meeting"), placeholder=MEETING_CODE_EXAMPLE)]
    search_fields = ["title", "meeting__title", "moderators__name", "speakers__name"]
    autocomplete_fields = ["meeting", "moderators", "speakers"]
    list_select_related = ["meeting"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("moderators")

    def meeting_zone(self, request, object_id):
        meetings = Meeting.objects.none()
        if request.method == "POST" and request.POST.get("meeting", "").isdigit():
            meetings = Meeting.objects.filter(pk=request.POST["meeting"])
        elif object_id:
            meetings = Meeting.objects.filter(sessions__pk=object_id)
        return _zone_or_none(meetings.values_list("time_zone", flat=True).first())

    @admin.display(description=_("times (meeting's time zone)"), ordering="starts_at")
    def local_times(self, obj: Session) -> str:
        zone = obj.meeting.zone
        start, end = timezone.localtime(obj.starts_at, zone), timezone.localtime(obj.ends_at, zone)
        day = date_format(start, "j F Y")
        return f"{day}, {start:%H:%M}–{end:%H:%M} {zone_name(zone, start)}"

    @admin.display(description=_("moderators"))
    def moderator_names(self, obj: Session) -> str:
        return ", ".join(person.name for person in obj.moderators.all())


# --- Documents -----------------------------------------------------------------------------


@admin.register(Document)
class DocumentAdmin(QuirkAdminMixin, SpreadsheetAdminMixin, BigTableAdminMixin, SimpleHistoryAdmin):
    formfield_overrides = DOCUMENT_FIELDS
    list_display = ["code", "title", "kind", "meeting", "source", "source_group"]
    list_filter = [
        "kind",
        related_code_filter("meeting", _("meeting"), placeholder=MEETING_CODE_EXAMPLE),
        related_code_filter("source_group", _("source group"), placeholder="SG17-2025"),
    ]
    search_fields = ["number", "title", "source"]
    autocomplete_fields = ["meeting", "source_group"]
    list_select_related = ["meeting", "source_group"]
    fields = [
        ("number", "revision"),
        "title",
        "kind",
        "meeting",
        ("source", "source_group"),
        "url",
        "file",
    ]

    @admin.display(description=_("document"), ordering="number")
    def code(self, obj: Document) -> str:
        return obj.code

    def get_search_results(self, request, queryset, search_term):
        """Also find a document by its code as cited: TD480-R1, TD480R1."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            number, revision = split_document_code(search_term)
        except ValueError:
            return results, may_have_duplicates
        if revision is not None:
            cited = queryset.filter(number=number, revision=revision)
            results = queryset.filter(Q(pk__in=results.values("pk")) | Q(pk__in=cited.values("pk")))
        return results, may_have_duplicates


# --- Action items --------------------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", gettext("Overdue")), ("no", gettext("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.not_overdue()
        return queryset


class ActionItemAdminForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = [
            "meeting",
            "code",
            "position",
            "text",
            "group",
            "responsible_group",
            "responsible_person",
            "responsible_note",
            "concerned_groups",
            "documents",
            "deliverables",
            "due_date",
            "status",
            "closing_note",
            "closed_on",
        ]
        help_texts = {"closed_on": _("Today when left empty on closing.")}

    def _post_clean(self):
        # Closing an open action here goes through `ActionItem.close`, as the API's close action
        # and the bulk actions do: the rest of the form is validated on the open action, then
        # the model closes it (today unless a day is given) and the admin saves both at once.
        data = self.cleaned_data
        status = data.get("status")
        if self.instance.status != ActionStatus.OPEN or status == ActionStatus.OPEN or not status:
            super()._post_clean()
            return
        self.cleaned_data = {**data, "status": ActionStatus.OPEN, "closed_on": None}
        try:
            super()._post_clean()
        finally:
            self.cleaned_data = data
        if not (data.get("closing_note") or "").strip():
            # The admin asks how it was closed; the record keeps the answer in its history.
            self.add_error(
                "closing_note", gettext("Say how the action was closed (kept in its history).")
            )
        if self.errors:
            return
        try:
            self.instance.close(
                status, note=data.get("closing_note", ""), on=data.get("closed_on"), commit=False
            )
        except ValidationError as error:
            self._update_errors(error)


class CloseActionsForm(forms.Form):
    """What the bulk "done" and "drop" actions ask before closing: the note every closed action
    carries, and the day (today when left empty)."""

    note = forms.CharField(
        label=_("Closing note"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("How the actions were closed (e.g. “Done at the March 2024 meeting, TD512”)."),
        error_messages={
            "required": _("Say how the actions were closed: the note is kept on each.")
        },
    )
    on = forms.DateField(
        label=_("Closed on"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("Today when empty."),
    )


@admin.register(ActionItem)
class ActionItemAdmin(
    QuirkAdminMixin, SpreadsheetAdminMixin, BigTableAdminMixin, SimpleHistoryAdmin
):
    form = ActionItemAdminForm
    list_display = [
        "code",
        "meeting",
        "short_text",
        "group",
        "responsible",
        "due_date",
        "status",
        "overdue",
        "closed_on",
    ]
    list_filter = [
        "status",
        OverdueFilter,
        related_code_filter("group", _("group"), placeholder="SG17-2025"),
        related_code_filter("meeting", _("meeting"), placeholder=MEETING_CODE_EXAMPLE),
        related_code_filter("responsible_group", _("responsible group"), placeholder="SG17-2025"),
    ]
    # The meeting's code is searched too (get_search_results), without a join per row.
    search_fields = ["code", "text", "closing_note"]
    autocomplete_fields = [
        "meeting",
        "group",
        "responsible_group",
        "responsible_person",
        "concerned_groups",
        "documents",
        "deliverables",
    ]
    list_select_related = ["meeting", "group", "responsible_group", "responsible_person"]
    actions = ["mark_done", "drop"]
    fieldsets = [
        (None, {"fields": ["meeting", ("code", "position"), "text", "group"]}),
        (
            _("Who must act"),
            {"fields": [("responsible_group", "responsible_person"), "responsible_note"]},
        ),
        (_("Related"), {"fields": ["concerned_groups", "documents", "deliverables"]}),
        (_("Follow-up"), {"fields": ["due_date", "status", "closing_note", "closed_on"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """Also find the actions of the meetings whose code holds the term: their ids are read
        first (2,000 meetings at most at ten times the work programme), so the search stays
        one indexed OR on the action table instead of a join over every action."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return results, may_have_duplicates
        meetings = list(Meeting.objects.filter(code__icontains=term).values_list("pk", flat=True))
        if meetings:
            results = results | queryset.filter(meeting_id__in=meetings)
        return results, may_have_duplicates

    @admin.display(description=_("action"))
    def short_text(self, obj: ActionItem) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"

    @admin.display(description=_("responsible"))
    def responsible(self, obj: ActionItem) -> str:
        names = [str(who) for who in (obj.responsible_group, obj.responsible_person) if who]
        return ", ".join(names) or obj.responsible_note

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj: ActionItem) -> bool:
        return obj.is_overdue()

    @admin.action(description=_("Mark selected actions done…"), permissions=["change"])
    def mark_done(self, request, queryset):
        return self._ask_and_close(request, queryset, ActionStatus.DONE)

    @admin.action(description=_("Drop selected actions…"), permissions=["change"])
    def drop(self, request, queryset):
        return self._ask_and_close(request, queryset, ActionStatus.DROPPED)

    def _ask_and_close(self, request, queryset, status: str):
        """An intermediate page asks for the closing note (and day) the actions will carry,
        then closes them; cancelling or a missing note changes nothing."""
        form = CloseActionsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._close(
                request, queryset, status, form.cleaned_data["note"], form.cleaned_data["on"]
            )
            return None
        items = list(queryset.select_related("meeting").order_by("position", "code")[:101])
        context = {
            **self.admin_site.each_context(request),
            "title": _close_title(status, len(items)),
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "items": items[:100],
            "more": len(items) > 100,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action": request.POST.get("action", ""),
            "status_label": ActionStatus(status).label.lower(),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/meetings/actionitem/close_actions.html", context)

    def _close(
        self, request, queryset, status: str, note: str = "", on: dt.date | None = None
    ) -> None:
        """Close each open action through `ActionItem.close`, so every one gets its closing date
        and its own history entry; all or nothing."""
        closed, skipped = [], []
        try:
            with transaction.atomic():
                for item in queryset.select_related("meeting").order_by("position", "code"):
                    if item.status != ActionStatus.OPEN:
                        skipped.append(item.code)
                        continue
                    # Stored in the history, as the secretariat's own notes are: not translated.
                    item._change_reason = f"Bulk action: {status}"
                    item.close(status, note=note, on=on)
                    closed.append(item.code)
        except ValidationError as error:
            self.message_user(
                request,
                gettext("Nothing was changed: %(code)s: %(errors)s")
                % {"code": item.code, "errors": "; ".join(error.messages)},
                messages.ERROR,
            )
            return
        if closed:
            if status == ActionStatus.DONE:
                done = ngettext(
                    "%(count)d action marked done: %(codes)s.",
                    "%(count)d actions marked done: %(codes)s.",
                    len(closed),
                )
            else:
                done = ngettext(
                    "%(count)d action marked dropped: %(codes)s.",
                    "%(count)d actions marked dropped: %(codes)s.",
                    len(closed),
                )
            self.message_user(request, done % {"count": len(closed), "codes": ", ".join(closed)})
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d action already closed, left as it was: %(codes)s.",
                    "%(count)d actions already closed, left as they were: %(codes)s.",
                    len(skipped),
                )
                % {"count": len(skipped), "codes": ", ".join(skipped)},
                messages.WARNING,
            )


def _close_title(status: str, count: int) -> str:
    """The confirmation page's title: what will be done to how many (101 read means over 100)."""
    if status == ActionStatus.DONE:
        if count > 100:
            return gettext("Mark done: over 100 actions")
        return ngettext("Mark done: %(count)d action", "Mark done: %(count)d actions", count) % {
            "count": count
        }
    if count > 100:
        return gettext("Drop: over 100 actions")
    return ngettext("Drop: %(count)d action", "Drop: %(count)d actions", count) % {"count": count}
