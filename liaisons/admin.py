"""The secretariat's admin for liaison statements and their attachments.

The changelist annotates `is_awaiting_reply` and prefetches senders and recipients, so it runs the
same number of queries whatever the page size. Attachments are checked by the same function as
the API (`core.uploads.check_upload`); their files go with them (django-cleanup).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import BigTableAdminMixin, QuirkAdminMixin, RelatedCodeFilter
from core.admin_spreadsheets import SpreadsheetAdminMixin
from core.admin_translations import TranslationsAdminMixin
from core.admin_widgets import DownloadLinkFileWidget
from core.uploads import check_upload
from deliverables.models import Group

from .models import Attachment, LiaisonStatement, LiaisonStatus


class AwaitingReplyFilter(admin.SimpleListFilter):
    title = _("awaiting reply")
    parameter_name = "awaiting_reply"

    def lookups(self, request, model_admin):
        return [("yes", gettext("Awaiting reply")), ("no", gettext("Not awaiting reply"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.awaiting_reply()
        if self.value() == "no":
            return queryset.not_awaiting_reply()
        return queryset


class _GroupFilter(RelatedCodeFilter):
    """A group's code typed in a box (every group listed would grow with the work programme)."""

    placeholder = "SG17-2025"

    def related_model(self, model):
        return Group


class FromGroupFilter(_GroupFilter):
    title = _("from group")
    parameter_name = "from"

    def filter_by(self, queryset, found):
        return queryset.sent_by(found)


class ToGroupFilter(_GroupFilter):
    """A study group's filter also shows what was sent to "all study groups"."""

    title = _("to group (study groups: incl. all study groups)")
    parameter_name = "to"

    def filter_by(self, queryset, found):
        return queryset.addressed_to(found)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file"]
        # "Currently" links the download view, not MEDIA_URL (nothing serves it with DEBUG off).
        widgets = {"file": DownloadLinkFileWidget(url_method="get_absolute_url")}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            try:
                checked = check_upload(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
            self.instance.original_name = checked.name
            self.instance.content_type = checked.content_type
            self.instance.size = checked.size
        return upload


class LiaisonStatementForm(forms.ModelForm):
    class Meta:
        model = LiaisonStatement
        fields = [
            "code",
            "document",
            "reference",
            "title",
            "direction",
            "status",
            "from_groups",
            "from_note",
            "to_groups",
            "to_all_study_groups",
            "purpose",
            "summary",
            "date",
            "date_precision",
            "received_on",
            "reply_deadline",
            "approved_at",
            "approved_by_action",
            "contact",
            "replies_to",
            "related_deliverables",
            "related_groups",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            self.fields["status"].required = False
            self.fields["status"].choices = [
                ("", gettext("Where its direction starts (draft, or received)")),
                *LiaisonStatus.choices,
            ]
        self.fields["code"].required = False
        self.fields["code"].help_text = gettext(
            "Stable key for URLs. Left empty: made from the document (td480-r1) or the reference."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and "code" not in self.errors:
            try:
                cleaned["code"] = LiaisonStatement.code_for(
                    cleaned.get("document"), cleaned.get("reference", "")
                )
            except ValidationError as error:
                self.add_error(None, error)
        if "status" in self.fields and not cleaned.get("status"):
            cleaned["status"] = LiaisonStatement.initial_status(cleaned.get("direction", ""))
            self.instance.status = cleaned["status"]
        return cleaned


class LiaisonStatementChangeForm(LiaisonStatementForm):
    """A recorded statement's status is not edited: it moves along its flow by a decision,
    through LiaisonStatement.move_to, as in the API."""

    move_to = forms.ChoiceField(
        required=False,
        label=_("Move to"),
        help_text=_(
            "Its next status in the flow (outgoing: draft → approved → sent; incoming: "
            "received → answered or no reply needed)."
        ),
    )
    decision = forms.CharField(
        required=False,
        label=_("Decision"),
        max_length=255,
        help_text=_("The decision that moves it (e.g. action WP2-9, TSAG plenary of 26 January)."),
    )
    decided_on = forms.DateField(
        required=False, label=_("Decided on"), help_text=_("Today when left empty.")
    )

    class Meta(LiaisonStatementForm.Meta):
        fields = [f for f in LiaisonStatementForm.Meta.fields if f != "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = self.instance.next_statuses() if self.instance.pk else ()
        self.fields["move_to"].choices = [
            ("", gettext("Leave as it is") if allowed else gettext("Final: no further status")),
            *((status, LiaisonStatus(status).label) for status in allowed),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("move_to"):
            try:
                self.instance.check_move(cleaned["move_to"], cleaned.get("decision", ""))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error("move_to" if field == "status" else "decision", messages)
        return cleaned


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    fields = ["file", "original_name", "content_type", "size", "created", "download"]
    readonly_fields = ["original_name", "content_type", "size", "created", "download"]

    @admin.display(description=_("Download"))
    def download(self, attachment: Attachment) -> str:
        if not attachment.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', attachment.get_absolute_url(), gettext("download")
        )


class ReplyInline(admin.TabularInline):
    """The statements answering this one. A reply is a statement of its own: add it as one, with
    "replies to" set."""

    model = LiaisonStatement
    fk_name = "replies_to"
    verbose_name = _("reply")
    verbose_name_plural = _("replies")
    fields = ["code", "title", "direction", "date", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")


@admin.register(LiaisonStatement)
class LiaisonStatementAdmin(
    TranslationsAdminMixin,
    QuirkAdminMixin,
    SpreadsheetAdminMixin,
    BigTableAdminMixin,
    SimpleHistoryAdmin,
):
    form = LiaisonStatementForm
    list_display = [
        "label",
        "title",
        "direction",
        "senders",
        "recipients",
        "purpose_shown",
        "date_shown",
        "reply_deadline",
        "status",
        "awaiting_reply",
    ]
    list_display_links = ["label", "title"]
    list_filter = [
        "direction",
        "purpose",
        "status",
        AwaitingReplyFilter,
        FromGroupFilter,
        ToGroupFilter,
        "to_all_study_groups",
    ]
    search_fields = [
        "code",
        "reference",
        "title",
        "summary",
        "from_note",
    ]
    list_select_related = ["document"]
    # No date hierarchy: its year links read every statement's date.
    autocomplete_fields = [
        "document",
        "from_groups",
        "to_groups",
        "approved_at",
        "approved_by_action",
        "contact",
        "replies_to",
        "related_deliverables",
        "related_groups",
    ]
    inlines = [AttachmentInline, ReplyInline]
    fieldsets = [
        (None, {"fields": ["code", "document", "reference", "title", "direction", "status"]}),
        # On a recorded statement "status" is shown, and changed by the "Status" fieldset.
        (
            _("From and to"),
            {
                "fields": ["from_groups", "from_note", "to_groups", "to_all_study_groups"],
                "description": _(
                    "Leave the sender empty when the source does not name one: it is "
                    'shown as "not stated". "All study groups" covers every study group, '
                    "whichever exist."
                ),
            },
        ),
        (
            _("What is asked, and by when"),
            {
                "fields": [
                    "purpose",
                    "summary",
                    "date",
                    "date_precision",
                    "received_on",
                    ("reply_deadline", "reply_deadline_time"),
                ]
            },
        ),
        (
            _("Approval, replies and context"),
            {
                "fields": [
                    "approved_at",
                    "approved_by_action",
                    "contact",
                    "replies_to",
                    "related_deliverables",
                    "related_groups",
                ]
            },
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = LiaisonStatementChangeForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        # Through the base's, which adds the record's version (no lost update).
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        status = (
            gettext("Status"),
            {
                "fields": [
                    ("status", "status_decision", "status_changed_on"),
                    ("move_to", "decision", "decided_on"),
                ],
                "description": gettext(
                    "The status moves by a decision along the statement's flow."
                ),
            },
        )
        first, *rest = fieldsets
        shown = [name for name in first[1]["fields"] if name != "status"]
        return [(None, {**first[1], "fields": shown}), status, *rest]

    def get_readonly_fields(self, request, obj=None):
        # Through the base's, which adds the read-only note on the source when there is one.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return fields
        return [*fields, "status", "status_decision", "status_changed_on"]

    def save_model(self, request, obj, form, change):
        if change and form.cleaned_data.get("move_to"):
            # Checked by the form's clean (check_move); saved with the other changes.
            obj.apply_move(
                form.cleaned_data["move_to"],
                form.cleaned_data["decision"],
                form.cleaned_data.get("decided_on"),
            )
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_awaiting_reply()
            .prefetch_related(
                Prefetch("from_groups", queryset=Group.objects.only("code")),
                Prefetch("to_groups", queryset=Group.objects.only("code")),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        """A document code finds its statement whatever its revision spelling (TD480, TD480-R1):
        by `resolve`, not by a `document__number` search field, whose join would keep the
        search from the trigram indexes of the statement's own columns."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        found = LiaisonStatement.objects.resolve(search_term.strip()) if search_term else None
        if found is not None:
            queryset |= self.model.objects.filter(pk=found.pk)
        return queryset, may_have_duplicates

    @admin.display(description=_("statement"), ordering="code")
    def label(self, statement: LiaisonStatement) -> str:
        return statement.display_code

    @admin.display(description=_("from"))
    def senders(self, statement: LiaisonStatement) -> str:
        return statement.from_display

    @admin.display(description=_("to"))
    def recipients(self, statement: LiaisonStatement) -> str:
        return statement.to_display

    @admin.display(description=_("purpose"), ordering="purpose")
    def purpose_shown(self, statement: LiaisonStatement) -> str:
        return statement.purpose_display

    @admin.display(description=_("date"), ordering="date")
    def date_shown(self, statement: LiaisonStatement) -> str:
        return statement.date_display

    @admin.display(description=_("awaiting reply"), boolean=True, ordering="is_awaiting_reply")
    def awaiting_reply(self, statement: LiaisonStatement) -> bool:
        return statement.is_awaiting_reply


@admin.register(Attachment)
class AttachmentAdmin(BigTableAdminMixin, SimpleHistoryAdmin):
    form = AttachmentForm
    list_display = ["original_name", "statement", "content_type", "size", "created"]
    list_select_related = ["statement__document"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "statement__code", "statement__document__number"]
    autocomplete_fields = ["statement"]
    fields = ["statement", "file", "original_name", "content_type", "size", "created"]
    readonly_fields = ["original_name", "content_type", "size", "created"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = ["statement", "file"]
        return super().get_form(request, obj, change, **kwargs)
