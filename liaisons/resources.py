"""Spreadsheet columns of liaison statements (core.spreadsheets): senders and recipients by
group code, the document by its code, replies by the statement they answer, the approving
action by its code at the approving meeting."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from import_export import fields

from core.spreadsheets import CodeInstanceLoader, CodesWidget, CodeWidget, SpreadsheetResource
from deliverables.models import Deliverable, Group, Person
from meetings.models import ActionItem, Meeting
from meetings.resources import DocumentWidget

from .models import LiaisonStatement


class ActionWidget(CodeWidget):
    """The action item that approved a statement, by its code (WP2-9), at the meeting of the
    row's `approved_at` column: an action's code is unique only within its meeting. With no
    meeting named, the code must be one meeting's only. A file's codes are looked up in one
    query."""

    def __init__(self) -> None:
        super().__init__(ActionItem)
        self._by_code: dict[str, list[ActionItem]] | None = None

    def preload(self, values: Iterable[Any]) -> None:
        codes = {str(value).strip() for value in values if value not in (None, "")}
        self._by_code = defaultdict(list)
        for action in ActionItem.objects.filter(code__in=codes).select_related("meeting"):
            self._by_code[action.code].append(action)

    def forget(self) -> None:
        self._by_code = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> ActionItem | None:
        if value in (None, ""):
            return None
        code = str(value).strip()
        meeting = str((row or {}).get("approved_at") or "").strip()
        if self._by_code is not None:
            candidates = list(self._by_code.get(code, []))
        else:
            candidates = list(ActionItem.objects.filter(code=code).select_related("meeting"))
        if meeting:
            candidates = [action for action in candidates if action.meeting.code == meeting]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise ValueError(
                _(
                    "Several meetings have an action “%(code)s”: name the meeting that agreed "
                    "it in approved_at."
                )
                % {"code": code}
            )
        if meeting:
            raise ValueError(
                _("The meeting “%(meeting)s” has no action “%(code)s”.")
                % {"meeting": meeting, "code": code}
            )
        raise ValueError(self.unknown(code))


class LiaisonStatementResource(SpreadsheetResource):
    document = fields.Field("document", "document", DocumentWidget())
    from_groups = fields.Field("from_groups", "from_groups", CodesWidget(Group))
    to_groups = fields.Field("to_groups", "to_groups", CodesWidget(Group))
    approved_at = fields.Field("approved_at", "approved_at", CodeWidget(Meeting))
    approved_by_action = fields.Field("approved_by_action", "approved_by_action", ActionWidget())
    contact = fields.Field("contact", "contact", CodeWidget(Person, field="slug"))
    replies_to = fields.Field("replies_to", "replies_to", CodeWidget(LiaisonStatement))
    related_deliverables = fields.Field(
        "related_deliverables", "related_deliverables", CodesWidget(Deliverable)
    )
    related_groups = fields.Field("related_groups", "related_groups", CodesWidget(Group))
    link_field = "code"
    export_select = ("document", "approved_at", "approved_by_action", "contact", "replies_to")
    export_prefetch = ("from_groups", "to_groups", "related_deliverables", "related_groups")
    example = {
        "code": "ls-sg17-2026-001",
        "reference": "SG17-LS1",
        "title": "LS on age verification",
        "direction": "incoming",
        "from_groups": "SG17",
        "to_groups": "SG16",
        "to_all_study_groups": "0",
        "purpose": "action",
        "date": "2026-02-01",
        "date_precision": "day",
        "reply_deadline": "2026-05-01",
        "status": "received",
    }

    class Meta(SpreadsheetResource.Meta):
        model = LiaisonStatement
        import_id_fields = ("code",)
        instance_loader_class = CodeInstanceLoader
        fields = (
            "code",
            "document",
            "reference",
            "title",
            "direction",
            "from_groups",
            "from_note",
            "to_groups",
            "to_all_study_groups",
            "purpose",
            "date",
            "date_precision",
            "reply_deadline",
            "status",
            "approved_at",
            "approved_by_action",
            "contact",
            "replies_to",
            "related_deliverables",
            "related_groups",
            "summary",
        )
