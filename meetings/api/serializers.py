"""Serializers of meetings, documents and action items.

Times: a meeting's datetimes are rendered in ISO 8601 with the offset of the meeting's own time
zone (Geneva meetings in +01:00/+02:00, Shanghai ones in +08:00), next to `time_zone`. Whole-day
meetings have no hours: `starts_at`/`ends_at` are null and `start_date`/`end_date` (inclusive)
say everything. On write, a datetime without an offset is read as local time in the meeting's time
zone, the way meetings are announced ("13:00–14:30 Geneva time").
"""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import ChoiceField, CutoffField
from core.api.serializers import (
    LINK_SCHEMA,
    CodeLinkField,
    LinkField,
    ReadModelSerializer,
    ValidatedModelSerializer,
    django_errors_as_drf,
    reverse,
)
from core.api.translations import TranslationsField, TranslationsSerializerMixin
from core.api.validation import PlainMessagesMixin
from deliverables.api.serializers import group_link
from deliverables.models import Deliverable, Group, Person

from ..models import ActionItem, ActionStatus, Document, Meeting, Session


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "code": {"type": "string", "description": "The person's slug."},
            "url": {"type": "string", "format": "uri"},
            "name": {"type": "string"},
        },
    }
)
class PersonLinkField(CodeLinkField):
    """A person as slug, link and name (a session's moderators are read by their names)."""

    def __init__(self, **kwargs):
        super().__init__("person-detail", slug_field="slug", **kwargs)

    def to_representation(self, obj):
        return {**super().to_representation(obj), "name": obj.name}


@extend_schema_field(LINK_SCHEMA)
class DocumentLinkField(PlainMessagesMixin, serializers.RelatedField):
    """A document as its code (TD480-R1) and link. Written as a code: TD480-R1 is that revision,
    TD480 the latest revision of TD480."""

    default_error_messages = {
        "unknown": _("No document {code} is known."),
        "invalid": _("Use a document number such as TD480 or TD480-R1."),
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Document.objects.all())
        super().__init__(**kwargs)

    def to_representation(self, obj: Document):
        request = self.context.get("request")
        return {
            "code": obj.code,
            "url": reverse("document-detail", kwargs={"code": obj.code}, request=request),
        }

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("code")
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            document = self.get_queryset().resolve(data)
        except ValueError:
            self.fail("invalid")
        if document is None:
            self.fail("unknown", code=data)
        return document

    def use_pk_only_optimization(self):
        return False


class LocalDateTimeField(serializers.DateTimeField):
    """Keeps a datetime without offset as it is, so the serializer can read it in the meeting's
    time zone (not the server's)."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        return value


def _local_iso(value: dt.datetime, meeting: Meeting) -> str:
    return timezone.localtime(value, meeting.zone).isoformat()


class SessionSerializer(ReadModelSerializer):
    """A part of an event; its times in the event's time zone."""

    starts_at = serializers.SerializerMethodField(help_text=_("Start, ISO 8601 with offset."))
    ends_at = serializers.SerializerMethodField(help_text=_("End, ISO 8601 with offset."))
    moderators = PersonLinkField(many=True, read_only=True, help_text=_("Moderators."))
    speakers = PersonLinkField(many=True, read_only=True, help_text=_("Speakers."))

    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "description", "moderators", "speakers"]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, obj: Session) -> str:
        return _local_iso(obj.starts_at, obj.meeting)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, obj: Session) -> str:
        return _local_iso(obj.ends_at, obj.meeting)


class MeetingSerializer(TranslationsSerializerMixin, ValidatedModelSerializer):
    url = LinkField(
        view_name="meeting-detail", lookup_field="code", help_text=_("This meeting's API link.")
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    format_display = serializers.CharField(source="get_format_display", read_only=True)
    groups = group_link(
        many=True,
        queryset=Group.objects.all(),
        required=False,
        help_text=_("The groups meeting: codes and links (written as a list of codes)."),
    )
    starts_at = LocalDateTimeField(
        required=False,
        allow_null=True,
        help_text=_(
            "Start, ISO 8601 with the offset of the meeting's time zone; null for a "
            "whole-day meeting. Written without an offset, it is local time in `time_zone`."
        ),
    )
    ends_at = LocalDateTimeField(
        required=False,
        allow_null=True,
        help_text=_("End, ISO 8601 with offset; null for a whole-day meeting."),
    )
    start_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_(
            "First day, in the meeting's time zone. Write start_date and end_date (instead "
            "of starts_at/ends_at) for a whole-day meeting."
        ),
    )
    end_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Last day (inclusive), in the meeting's time zone."),
    )
    all_day = serializers.BooleanField(
        read_only=True, help_text=_("Whole days, announced without hours.")
    )
    related_groups = group_link(
        many=True,
        queryset=Group.objects.all(),
        required=False,
        help_text=_(
            "Groups it concerns without organising it (FG-MV for the metaverse forum): codes "
            "and links (written as a list of codes)."
        ),
    )
    contact = PersonLinkField(
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "The contact person the announcement names: slug, link and name (written as the slug)."
        ),
    )
    web_page = serializers.URLField(
        source="url",
        required=False,
        allow_blank=True,
        help_text=_("The meeting's own announcement page elsewhere, when there is one."),
    )
    sessions = SessionSerializer(
        many=True,
        read_only=True,
        help_text=_("Sessions of an event, with moderators and speakers."),
    )
    documents = DocumentLinkField(
        many=True,
        read_only=True,
        help_text=_("Documents submitted to the meeting (TDs, contributions)."),
    )
    action_items = serializers.SerializerMethodField(
        help_text=_("Link to the actions agreed at this meeting.")
    )
    contribution_deadline_cutoff = CutoffField(
        source="contribution_cutoff",
        help_text=_(
            "The instant contributions close: the deadline's day at its cut-off time (23:59 "
            "unless announced otherwise) in the meeting's time zone, ISO 8601 with that zone's "
            "offset; null when there is no deadline."
        ),
    )

    translations = TranslationsField()

    class Meta:
        model = Meeting
        fields = [
            "url",
            "code",
            "title",
            "kind",
            "kind_display",
            "format",
            "format_display",
            "groups",
            "time_zone",
            "all_day",
            "starts_at",
            "ends_at",
            "start_date",
            "end_date",
            "contribution_deadline",
            "contribution_deadline_cutoff",
            "venue",
            "host",
            "organisers",
            "contact",
            "part_of",
            "held_with",
            "related_groups",
            "objectives",
            "outcome",
            "web_page",
            "sessions",
            "documents",
            "action_items",
            "created",
            "last_updated",
            "original_language",
            "translations",
        ]
        extra_kwargs = {
            "code": {"help_text": _("Unique code, used in URLs (e.g. rg-iem-2024-02-20).")},
            "title": {"help_text": _("Title, as announced.")},
            "kind": {"help_text": _("Kind of meeting.")},
            "format": {"help_text": _("in_person, virtual or hybrid; empty when not announced.")},
            "time_zone": {
                "help_text": _(
                    "IANA time zone the meeting is announced in (Europe/Zurich for "
                    "Geneva, Asia/Shanghai for Shanghai)."
                )
            },
            "contribution_deadline": {
                "help_text": _("Last day for contributions (YYYY-MM-DD), before the first day.")
            },
            "venue": {"help_text": _("Where it takes place; empty for a virtual meeting.")},
            "host": {"help_text": _("Host organisations.")},
            "organisers": {"help_text": _("Organising bodies.")},
            "part_of": {
                "help_text": _(
                    'The event it is a session of, as the source names it ("WSIS Forum '
                    '2025"); empty when none.'
                )
            },
            "held_with": {
                "help_text": _(
                    "An event it is held in conjunction with, as the source names it; "
                    "empty when none."
                )
            },
            "objectives": {"help_text": _("Objectives, or what contributions are invited on.")},
            "outcome": {"help_text": _("Outcome notes.")},
        }

    def to_representation(self, instance: Meeting):
        data = super().to_representation(instance)
        if instance.all_day:
            data["starts_at"] = data["ends_at"] = None
        else:
            data["starts_at"] = _local_iso(instance.starts_at, instance)
            data["ends_at"] = _local_iso(instance.ends_at, instance)
        data["start_date"] = instance.start_date.isoformat()
        data["end_date"] = instance.end_date.isoformat()
        return data

    @extend_schema_field(OpenApiTypes.URI)
    def get_action_items(self, obj: Meeting) -> str:
        url = reverse("action-item-list", request=self.context.get("request"))
        return f"{url}?meeting={obj.code}"

    def validate(self, attrs):
        whole_days = self._enter_times(attrs)
        try:
            return super().validate(attrs)
        except serializers.ValidationError as exc:
            if whole_days and isinstance(exc.detail, dict):
                # The client wrote dates; name the date fields in the messages.
                renames = {"starts_at": "start_date", "ends_at": "end_date"}
                exc.detail = {renames.get(key, key): value for key, value in exc.detail.items()}
            raise

    def _enter_times(self, attrs: dict) -> bool:
        """Turn the local dates or times written into UTC `starts_at`/`ends_at` through the
        model's `enter_local_times`, as the admin does. Returns whether the meeting is a
        whole-day one."""
        entered = {
            key: attrs.pop(key)
            for key in ("start_date", "end_date", "starts_at", "ends_at")
            if key in attrs
        }
        meeting = copy.copy(self.instance) if self.instance is not None else Meeting()
        try:
            meeting.enter_local_times(time_zone=attrs.get("time_zone"), **entered)
        except DjangoValidationError as exc:
            raise django_errors_as_drf(exc) from exc
        attrs.update(all_day=meeting.all_day, starts_at=meeting.starts_at, ends_at=meeting.ends_at)
        return meeting.all_day


class DocumentFileField(serializers.FileField):
    """Written as a multipart upload (checked by the model's field, core.uploads); read as the
    link of the document's download view, which answers with DEBUG off too (MEDIA_URL does not)."""

    def to_representation(self, value):
        if not value:
            return None
        url = value.instance.get_file_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class DocumentSerializer(ValidatedModelSerializer):
    url = LinkField(
        view_name="document-detail", lookup_field="code", help_text=_("This document's API link.")
    )
    code = serializers.CharField(
        read_only=True,
        help_text=_("Number and revision, as cited: TD480-R1 (TD480 for revision 0)."),
    )
    is_latest = serializers.BooleanField(
        read_only=True, help_text=_("No later revision of this number is recorded.")
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    source_group = group_link(
        queryset=Group.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The group it comes from, when one of ours: code and link."),
    )
    meeting = CodeLinkField(
        "meeting-detail",
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The meeting it was submitted to: code and link (written as the code)."),
    )
    link = serializers.URLField(
        source="url", required=False, allow_blank=True, help_text=_("Where to read it.")
    )
    action_items = serializers.SerializerMethodField(
        help_text=_("Actions that cite this document: their codes and API links.")
    )
    file = DocumentFileField(
        required=False,
        help_text=_(
            "The file: uploaded as multipart (PDF, DOCX, XLSX, ZIP or UTF-8 text, decided "
            "by its content, up to the ATTACHMENT_MAX_BYTES setting); read as its download link."
        ),
    )

    class Meta:
        model = Document
        fields = [
            "url",
            "code",
            "number",
            "revision",
            "is_latest",
            "title",
            "description",
            "kind",
            "kind_display",
            "source",
            "source_group",
            "meeting",
            "link",
            "file",
            "action_items",
            "created",
            "last_updated",
        ]
        # The (number, revision) rule is the model's, with its message on `revision`.
        validators: list = []
        extra_kwargs = {
            "number": {"help_text": _("Document number without revision: TD480, C62.")},
            "revision": {"help_text": _("Revision: 0 for the original, 1 for -R1…")},
            "title": {"help_text": _("Title, as the source gives it (may be empty).")},
            "description": {
                "help_text": _(
                    "What the source says the document is when it gives no title "
                    '("Contribution on the topic of metaverse"); may be empty.'
                )
            },
            "kind": {"help_text": _("Kind of document.")},
            "source": {"help_text": _("Who submitted it, as written.")},
        }

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "meeting": {"type": "string", "description": "The meeting's code."},
                    "url": {"type": "string", "format": "uri"},
                },
            },
        }
    )
    def get_action_items(self, obj: Document) -> list[dict]:
        request = self.context.get("request")
        return [
            {
                "code": item.code,
                "meeting": item.meeting.code,
                "url": reverse(
                    "action-item-detail",
                    kwargs={"meeting": item.meeting.code, "code": item.code},
                    request=request,
                ),
            }
            for item in obj.action_items.all()
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if getattr(instance, "is_latest", None) is None:
            data["is_latest"] = not Document.objects.filter(
                number=instance.number, revision__gt=instance.revision
            ).exists()
        return data


class ActionItemSerializer(ValidatedModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("This action's API link."))
    meeting = CodeLinkField(
        "meeting-detail",
        queryset=Meeting.objects.all(),
        help_text=_("The meeting that agreed it: code and link (written as the code)."),
    )
    group = group_link(
        queryset=Group.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The group whose action it is (the heading it stands under)."),
    )
    responsible_group = group_link(
        queryset=Group.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The group that must act."),
    )
    responsible_person = PersonLinkField(
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The person who must act: slug, link and name (written as the slug)."),
    )
    concerned_groups = group_link(
        many=True,
        queryset=Group.objects.all(),
        required=False,
        help_text=_("Groups the action concerns (written as a list of codes)."),
    )
    documents = DocumentLinkField(
        many=True,
        required=False,
        help_text=_(
            "Documents it cites (written as codes: TD480-R1; TD480 means its latest revision)."
        ),
    )
    deliverables = CodeLinkField(
        "deliverable-detail",
        many=True,
        queryset=Deliverable.objects.all(),
        required=False,
        help_text=_("Deliverables it concerns (written as a list of codes)."),
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text=_("Open and past its due date (derived, never stored).")
    )

    class Meta:
        model = ActionItem
        fields = [
            "url",
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
            "status_display",
            "overdue",
            "closing_note",
            "closed_on",
            "created",
            "last_updated",
        ]
        # One code per meeting: the model's rule, with its message on `code`.
        validators: list = []
        extra_kwargs = {
            "code": {"help_text": _("The action's code, unique within its meeting (WP2-9).")},
            "position": {"help_text": _("Order in the meeting report.")},
            "text": {"help_text": _("The action, as agreed.")},
            "responsible_note": {"help_text": _("Who must act, when none of our records.")},
            "due_date": {"help_text": _("Due date (YYYY-MM-DD), when one was set.")},
            "status": {"help_text": _("open, done or dropped. Close with the close action.")},
            "closing_note": {"help_text": _("How the action was closed.")},
            "closed_on": {"help_text": _("When it was closed (YYYY-MM-DD).")},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: ActionItem) -> str:
        return reverse(
            "action-item-detail",
            kwargs={"meeting": obj.meeting.code, "code": obj.code},
            request=self.context.get("request"),
        )

    def get_overdue(self, obj: ActionItem) -> bool:
        today = self.context.setdefault("today", timezone.localdate())
        return obj.is_overdue(today)

    def validate(self, attrs):
        status = attrs.get("status")
        was_open = self.instance is None or self.instance.status == ActionStatus.OPEN
        if not was_open or status in (None, ActionStatus.OPEN):
            return super().validate(attrs)
        # Closing by an edit goes through `ActionItem.close`, as the close action and the admin
        # do: the rest is validated on the open action, then the model closes it (today unless
        # a day is given).
        on = attrs.get("closed_on")
        attrs = super().validate({**attrs, "status": ActionStatus.OPEN, "closed_on": None})
        item = self.instance_with(attrs)
        try:
            item.close(status, note=attrs.get("closing_note", ""), on=on, commit=False)
        except DjangoValidationError as exc:
            raise django_errors_as_drf(exc) from exc
        attrs.update(status=item.status, closing_note=item.closing_note, closed_on=item.closed_on)
        return attrs


class CloseActionSerializer(serializers.Serializer):
    """Closing an open action: done or dropped, with a note and the day (today by default)."""

    status = ChoiceField(
        choices=[ActionStatus.DONE, ActionStatus.DROPPED],
        help_text=_("done or dropped."),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("How it was closed (kept on the action).")
    )
    on = serializers.DateField(
        required=False, help_text=_("The day it was closed (YYYY-MM-DD; default today).")
    )
