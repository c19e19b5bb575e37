"""Spreadsheet columns of work items (core.spreadsheets), by their identifiers."""

from __future__ import annotations

from import_export import fields

from core.spreadsheets import CodeInstanceLoader, CodesWidget, CodeWidget, SpreadsheetResource
from deliverables.models import Deliverable, Group
from liaisons.models import LiaisonStatement
from meetings.resources import DocumentWidget

from .models import WorkItem


class WorkItemResource(SpreadsheetResource):
    study_group = fields.Field("study_group", "study_group", CodeWidget(Group))
    questions = fields.Field("questions", "questions", CodesWidget(Group))
    base_text = fields.Field("base_text", "base_text", DocumentWidget())
    origin_deliverable = fields.Field(
        "origin_deliverable", "origin_deliverable", CodeWidget(Deliverable)
    )
    origin_document = fields.Field("origin_document", "origin_document", DocumentWidget())
    related_liaisons = fields.Field(
        "related_liaisons", "related_liaisons", CodesWidget(LiaisonStatement)
    )
    link_field = "identifier"
    export_select = ("study_group", "base_text", "origin_deliverable", "origin_document")
    export_prefetch = ("questions", "related_liaisons")
    example = {
        "identifier": "X.new",
        "title": "A new Recommendation",
        "kind": "new_recommendation",
        "study_group": "SG17",
        "timing": "2027-03-01",
        "timing_precision": "month",
    }

    class Meta(SpreadsheetResource.Meta):
        model = WorkItem
        import_id_fields = ("identifier",)
        instance_loader_class = CodeInstanceLoader
        fields = (
            "identifier",
            "title",
            "kind",
            "study_group",
            "questions",
            "base_text",
            "timing",
            "timing_precision",
            "approval_track",
            "equivalent_texts",
            "summary",
            "origin_deliverable",
            "origin_document",
            "origin_note",
            "related_liaisons",
        )
