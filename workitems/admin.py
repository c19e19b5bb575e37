"""The secretariat's admin for work items: their editors (with tenure) and their timeline inline,
stage changes through `services.record_stage_event` (the function the API's events action and
the seed call), never by editing an event. The changelist annotates the current stage and
lateness, so it runs the same number of queries whatever the page size."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import BigTableAdminMixin, QuirkAdminMixin, related_code_filter
from core.admin_spreadsheets import SpreadsheetAdminMixin
from core.admin_translations import TranslationsAdminMixin
from meetings.models import Meeting

from .models import Stage, WorkItem, WorkItemEditor, WorkItemEvent
from .services import record_stage_event


class EditorInline(admin.TabularInline):
    model = WorkItemEditor
    extra = 0
    fields = [
        "person",
        "starts_on",
        "starts_on_precision",
        "ends_on",
        "ends_on_precision",
        "note",
    ]
    autocomplete_fields = ["person"]
    verbose_name_plural = _("editors (a change of editor ends one row and adds another)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class EventInline(admin.TabularInline):
    """The timeline. A recorded event is never changed but for its note; new events come through
    “Record a stage”, which applies the procedures' rules."""

    model = WorkItemEvent
    extra = 0
    fields = ["stage", "date", "meeting", "decision", "note"]
    readonly_fields = ["stage", "date", "meeting", "decision"]
    can_delete = False
    verbose_name_plural = _("timeline (add a stage with “Record a stage” above; only notes change)")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting").order_by("date", "id")


class StageFilter(admin.SimpleListFilter):
    title = _("current stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [*Stage.choices, ("none", _("No stage recorded"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.with_stage().filter(current_stage__isnull=True)
        if value in Stage.values:
            return queryset.with_stage_in([value])
        return queryset


class LateFilter(admin.SimpleListFilter):
    title = _("late")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("yes", _("Late")), ("last_call", _("In last call"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.filter(pk__in=WorkItem.objects.late(today).values("pk"))
        if self.value() == "last_call":
            return queryset.filter(pk__in=WorkItem.objects.in_last_call(today).values("pk"))
        return queryset


class RecordStageForm(forms.Form):
    """A stage change, as the API's events action takes it; `record_stage_event` decides."""

    stage = forms.ChoiceField(choices=Stage.choices, help_text=_("The stage reached."))
    date = forms.DateField(widget=AdminDateWidget, help_text=_("When it was reached."))
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.all(),
        required=False,
        help_text=_("The meeting that took the step, if one did."),
    )
    decision = forms.CharField(
        required=False,
        max_length=200,
        help_text=_("The decision or document behind it (a chair's decision, TD475-R1)."),
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, admin_site: admin.AdminSite, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.widget = AutocompleteSelect(WorkItemEvent._meta.get_field("meeting"), admin_site)
        field.widget.choices = field.choices


@admin.register(WorkItem)
class WorkItemAdmin(
    TranslationsAdminMixin,
    QuirkAdminMixin,
    SpreadsheetAdminMixin,
    BigTableAdminMixin,
    SimpleHistoryAdmin,
):
    list_display = [
        "identifier",
        "title",
        "study_group",
        "stage",
        "timing",
        "approval_track",
        "late",
    ]
    list_filter = [
        StageFilter,
        LateFilter,
        "approval_track",
        "kind",
        related_code_filter("study_group", _("study group"), placeholder="SG17"),
        related_code_filter("questions", _("Question"), placeholder="Q1-17"),
        related_code_filter(
            "origin_deliverable", _("from the allocation of"), placeholder="FGMV-04"
        ),
    ]
    search_fields = ["identifier", "title"]
    list_select_related = ["study_group"]
    autocomplete_fields = [
        "study_group",
        "questions",
        "base_text",
        "origin_deliverable",
        "origin_document",
        "related_liaisons",
    ]
    inlines = [EditorInline, EventInline]
    actions = ["record_stage"]
    fieldsets = [
        (None, {"fields": ["identifier", "title", "kind", "study_group", "questions"]}),
        (
            _("Approval"),
            {"fields": [("timing", "timing_precision"), "approval_track", "base_text"]},
        ),
        (_("Text"), {"fields": ["equivalent_texts", "summary"]}),
        (
            _("Origin"),
            {
                "fields": [
                    "origin_deliverable",
                    "origin_document",
                    "origin_note",
                    "related_liaisons",
                ]
            },
        ),
    ]
    change_form_template = "admin/workitems/workitem/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_stage().with_late(timezone.localdate())

    def _clean_questions(self, form) -> None:
        data = form.cleaned_data
        try:
            WorkItem.check_questions(data.get("study_group"), list(data.get("questions") or []))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        admin_self = self

        class WorkItemForm(form_class):  # type: ignore[misc, valid-type]
            def clean(self):
                cleaned = super().clean()
                admin_self._clean_questions(self)
                return cleaned

        return WorkItemForm

    @admin.display(description=_("stage"), ordering="current_stage")
    def stage(self, obj: WorkItem) -> str:
        return obj.stage_label

    @admin.display(description=_("timing"), ordering="timing")
    def timing(self, obj: WorkItem) -> str:
        return obj.timing_display

    @admin.display(description=_("late"), boolean=True)
    def late(self, obj: WorkItem) -> bool:
        return bool(getattr(obj, "late", False))

    # --- recording a stage ------------------------------------------------------------------

    def get_urls(self):
        record = path(
            "<path:object_id>/record-stage/",
            self.admin_site.admin_view(self.record_stage_view),
            name="workitems_workitem_record_stage",
        )
        return [record, *super().get_urls()]

    @admin.action(description=_("Record a stage of the selected work items…"))
    def record_stage(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """The same stage for several items (a meeting's consents): each item is decided by the
        rules on its own; those refused are named with the reason, the others recorded."""
        items = list(queryset.order_by("identifier")[:100])
        form = RecordStageForm(
            request.POST if "apply" in request.POST else None, admin_site=self.admin_site
        )
        if "apply" in request.POST and form.is_valid():
            recorded, refused = [], []
            for item in items:
                try:
                    record_stage_event(item, **form.cleaned_data, by=request.user)
                except ValidationError as error:
                    reasons = " ".join(m for ms in error.message_dict.values() for m in ms)
                    refused.append(f"{item.identifier}: {reasons}")
                else:
                    recorded.append(item.identifier)
            stage = Stage(form.cleaned_data["stage"]).label
            if recorded:
                self.message_user(
                    request,
                    gettext("%(stage)s recorded for %(items)s.")
                    % {"stage": stage, "items": ", ".join(recorded)},
                )
            for line in refused:
                self.message_user(
                    request, gettext("Not recorded — %(reason)s") % {"reason": line}, level="error"
                )
            return None
        return self._stage_page(request, form, items, action=True)

    def record_stage_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        item = get_object_or_404(WorkItem.objects.with_stage(), pk=object_id)
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        form = RecordStageForm(
            request.POST or None,
            initial={"date": timezone.localdate()},
            admin_site=self.admin_site,
        )
        if request.method == "POST" and form.is_valid():
            try:
                event = record_stage_event(item, **form.cleaned_data, by=request.user)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                self.message_user(
                    request,
                    gettext("%(item)s: %(stage)s on %(date)s.")
                    % {
                        "item": item.identifier,
                        "stage": event.get_stage_display(),
                        "date": event.date,
                    },
                )
                return HttpResponseRedirect(
                    reverse("admin:workitems_workitem_change", args=[item.pk])
                )
        return self._stage_page(request, form, [item], original=item)

    def _stage_page(self, request, form, items, *, original=None, action=False) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Record a stage",
            "subtitle": None,
            "opts": self.opts,
            "original": original,
            "items": items,
            "form": form,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/workitems/workitem/record_stage.html", context)
