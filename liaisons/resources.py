"""Spreadsheet columns of liaison statements (core.spreadsheets): senders and recipients by
group code, the document by its code, replies by the statement they answer."""

from __future__ import annotations

from import_export import fields

from core.spreadsheets import CodeInstanceLoader, CodesWidget, CodeWidget, SpreadsheetResource
from deliverables.models import Deliverable, Group, Person
from meetings.models import Meeting
from meetings.resources import DocumentWidget

from .models import LiaisonStatement


class LiaisonStatementResource(SpreadsheetResource):
    document = fields.Field("document", "document", DocumentWidget())
    from_groups = fields.Field("from_groups", "from_groups", CodesWidget(Group))
    to_groups = fields.Field("to_groups", "to_groups", CodesWidget(Group))
    approved_at = fields.Field("approved_at", "approved_at", CodeWidget(Meeting))
    contact = fields.Field("contact", "contact", CodeWidget(Person, field="slug"))
    replies_to = fields.Field("replies_to", "replies_to", CodeWidget(LiaisonStatement))
    related_deliverables = fields.Field(
        "related_deliverables", "related_deliverables", CodesWidget(Deliverable)
    )
    related_groups = fields.Field("related_groups", "related_groups", CodesWidget(Group))
    link_field = "code"
    export_select = ("document", "approved_at", "contact", "replies_to")
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
        # approved_by_action is left out: an action's code is unique only within its meeting.
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
            "contact",
            "replies_to",
            "related_deliverables",
            "related_groups",
            "summary",
        )
