"""Spreadsheet columns of meetings (with their contribution deadlines), documents and action
items (core.spreadsheets). A meeting's times are written in its own time zone, as the admin
shows them; a document is named by its code (TD480-R1)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.local_times import aware_local_time
from core.spreadsheets import CodeInstanceLoader, CodesWidget, CodeWidget, SpreadsheetResource
from deliverables.models import Deliverable, Group, Person

from .models import ActionItem, Document, Meeting
from .querysets import split_document_code


class LocalTimeField(fields.Field):
    """A meeting's start or end as a wall-clock time in the meeting's time zone (the row's
    time_zone column, read first): 2024-01-22 09:30, or a date for a whole-day meeting. A time
    a daylight-saving change skips or repeats is refused, naming the possible times."""

    def get_value(self, instance: Any) -> dt.datetime | None:
        value = super().get_value(instance)
        if value is None:
            return None
        return timezone.localtime(value, instance.zone).replace(tzinfo=None)

    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        value = row.get(self.column_name)
        if value in (None, ""):
            setattr(instance, self.attribute, None)
            return
        if isinstance(value, dt.datetime):
            naive = value.replace(tzinfo=None)
        elif isinstance(value, dt.date):
            naive = dt.datetime.combine(value, dt.time())
        else:
            try:
                naive = dt.datetime.fromisoformat(str(value).strip())
            except ValueError:
                raise ValueError(
                    _("Enter a date and time in the meeting's time zone, e.g. 2024-01-22 09:30.")
                ) from None
        try:
            zone = zoneinfo.ZoneInfo(instance.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                _("“%(zone)s” is not a known time zone.") % {"zone": instance.time_zone}
            ) from None
        if naive.tzinfo is not None:
            setattr(instance, self.attribute, naive)
            return
        try:
            setattr(instance, self.attribute, aware_local_time(naive, zone))
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None


class DocumentWidget(CodeWidget):
    """A document named by its code: TD480-R1, or TD480 for revision 0."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Document, field="number", **kwargs)

    def preload(self, values: Any) -> None:
        self._cache = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Document | None:
        if value in (None, ""):
            return None
        code = str(value).strip()
        try:
            number, revision = split_document_code(code)
        except ValueError as error:
            raise ValueError(str(error)) from None
        found = Document.objects.filter(number=number, revision=revision or 0).first()
        if found is None:
            raise ValueError(_("No document has the code “%(code)s”.") % {"code": code})
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else value.code


class DocumentsWidget(CodesWidget):
    """Documents by their codes, separated by commas (TD480-R1, TD315)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Document, field="number", **kwargs)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> QuerySet:
        one = DocumentWidget()
        pks = [one.clean(part).pk for part in str(value or "").split(",") if part.strip()]
        return Document.objects.filter(pk__in=pks)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else ", ".join(document.code for document in value.all())


class MeetingResource(SpreadsheetResource):
    groups = fields.Field("groups", "groups", CodesWidget(Group))
    starts_at = LocalTimeField("starts_at", "starts_at")
    ends_at = LocalTimeField("ends_at", "ends_at")
    link_field = "code"
    export_prefetch = ("groups",)
    example = {
        "code": "sg17-2026-09",
        "title": "ITU-T Study Group 17 meeting",
        "kind": "plenary",
        "format": "in_person",
        "groups": "SG17",
        "time_zone": "Europe/Zurich",
        "all_day": "0",
        "starts_at": "2026-09-01 09:30",
        "ends_at": "2026-09-10 17:30",
        "venue": "Geneva, Switzerland",
        "contribution_deadline": "2026-08-19",
    }

    class Meta(SpreadsheetResource.Meta):
        model = Meeting
        import_id_fields = ("code",)
        instance_loader_class = CodeInstanceLoader
        fields = (
            "code",
            "title",
            "kind",
            "format",
            "groups",
            "time_zone",
            "all_day",
            "starts_at",
            "ends_at",
            "venue",
            "host",
            "organisers",
            "objectives",
            "contribution_deadline",
            "outcome",
            "url",
        )


class DocumentResource(SpreadsheetResource):
    source_group = fields.Field("source_group", "source_group", CodeWidget(Group))
    meeting = fields.Field("meeting", "meeting", CodeWidget(Meeting))
    link_field = "number"
    export_select = ("source_group", "meeting")
    example = {
        "number": "TD999",
        "revision": 0,
        "title": "Report of the meeting",
        "source": "TSB",
        "source_group": "TSAG",
        "meeting": "wp2-tsag-2024-01",
        "kind": "report",
    }

    class Meta(SpreadsheetResource.Meta):
        model = Document
        import_id_fields = ("number", "revision")
        fields = ("number", "revision", "title", "source", "source_group", "meeting", "kind", "url")


class ActionItemResource(SpreadsheetResource):
    meeting = fields.Field("meeting", "meeting", CodeWidget(Meeting))
    group = fields.Field("group", "group", CodeWidget(Group))
    responsible_group = fields.Field("responsible_group", "responsible_group", CodeWidget(Group))
    responsible_person = fields.Field(
        "responsible_person", "responsible_person", CodeWidget(Person, field="slug")
    )
    concerned_groups = fields.Field("concerned_groups", "concerned_groups", CodesWidget(Group))
    documents = fields.Field("documents", "documents", DocumentsWidget())
    deliverables = fields.Field("deliverables", "deliverables", CodesWidget(Deliverable))
    due_date = fields.Field("due_date", "due_date", widgets.DateWidget())
    link_field = "code"
    export_select = ("meeting", "group", "responsible_group", "responsible_person")
    export_prefetch = ("concerned_groups", "documents", "deliverables")
    example = {
        "meeting": "wp2-tsag-2024-01",
        "code": "WP2-9",
        "position": 9,
        "text": "Send the liaison statement to SG17.",
        "responsible_group": "SG17",
        "due_date": "2026-03-31",
        "status": "open",
    }

    class Meta(SpreadsheetResource.Meta):
        model = ActionItem
        import_id_fields = ("meeting", "code")
        fields = (
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
        )
