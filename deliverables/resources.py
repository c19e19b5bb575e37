"""Spreadsheet columns of the work programme's records (core.spreadsheets): groups, people,
roles, and deliverables with their distribution written as people write it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from import_export import fields

from core.spreadsheets import CodeInstanceLoader, CodeWidget, SpreadsheetResource

from .models import Deliverable, Group, Person, Role
from .services import format_distribution, parse_distribution, set_distribution


class GroupResource(SpreadsheetResource):
    parent = fields.Field("parent", "parent", CodeWidget(Group))
    successor = fields.Field("successor", "successor", CodeWidget(Group))
    link_field = "code"
    export_select = ("parent", "successor")
    example = {
        "code": "SG17",
        "name": "Security",
        "kind": "study_group",
        "parent": "TSAG",
        "status": "active",
        "study_period": "2022-2024",
        "established_precision": "day",
        "lifetime_end_precision": "day",
    }

    class Meta(SpreadsheetResource.Meta):
        model = Group
        import_id_fields = ("code",)
        instance_loader_class = CodeInstanceLoader
        fields = (
            "code",
            "name",
            "kind",
            "parent",
            "mandate",
            "established",
            "established_precision",
            "lifetime_end",
            "lifetime_end_precision",
            "lifetime_decision",
            "status",
            "succession_kind",
            "successor",
            "succession_note",
            "study_period",
        )


class PersonResource(SpreadsheetResource):
    link_field = "slug"
    example = {
        "slug": "jane-doe",
        "name": "Jane Doe",
        "affiliation": "Example Telecom",
        "country": "Switzerland",
        "email": "jane.doe@example.org",
    }

    class Meta(SpreadsheetResource.Meta):
        model = Person
        import_id_fields = ("slug",)
        instance_loader_class = CodeInstanceLoader
        fields = ("slug", "name", "affiliation", "country", "email")


class RoleResource(SpreadsheetResource):
    """A role is the person, the group, the role and its start: a change of leadership is a new
    row (and an end date on the old one), as in the admin's hand-over."""

    person = fields.Field("person", "person", CodeWidget(Person, field="slug"))
    group = fields.Field("group", "group", CodeWidget(Group))
    export_select = ("person", "group")
    example = {
        "person": "miho-naganuma",
        "group": "SG17",
        "role": "vice_chair",
        "starts_on": "2024-01-26",
        "starts_on_precision": "day",
        "ends_on_precision": "day",
        "decision": "TSAG January 2024",
    }

    class Meta(SpreadsheetResource.Meta):
        model = Role
        import_id_fields = ("person", "group", "role", "starts_on")
        fields = (
            "person",
            "group",
            "role",
            "starts_on",
            "starts_on_precision",
            "ends_on",
            "ends_on_precision",
            "decision",
            "note",
        )


class DistributionField(fields.Field):
    """The distribution column: read from the database as text (`format_distribution`), written
    through `set_distribution` once the deliverable is saved (never by setting an attribute)."""

    def get_value(self, instance: Any) -> str:
        if instance is None or instance.pk is None:
            return ""
        # Kept on the record: the library deep-copies it before comparing, and a deep copy
        # drops the prefetched lines (a query per row, and one per line for its group).
        text = instance.__dict__.get("_distribution_text")
        if text is None:
            prefetched = "distribution" in getattr(instance, "_prefetched_objects_cache", {})
            lines = (
                instance.distribution.all()
                if prefetched
                else instance.distribution.select_related("group")
            )
            text = instance._distribution_text = format_distribution(lines)
        return text

    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        """Applied by the resource after the deliverable is saved."""


class DeliverableResource(SpreadsheetResource):
    owner = fields.Field("owner", "owner", CodeWidget(Group))
    distribution = DistributionField("distribution", "distribution")
    link_field = "code"
    export_select = ("owner",)
    export_prefetch = ("distribution__group",)
    example = {
        "code": "FGMV-04",
        "type": "technical_specification",
        "title": "Requirements of accessible products and services in the metaverse",
        "owner": "FG-MV",
        "approved": "2023-10-01",
        "approved_precision": "month",
        "status": "approved",
        "distribution": "SG16, SG9 allocated (WP2-8); all SGs for information (WP2-8)",
    }

    class Meta(SpreadsheetResource.Meta):
        model = Deliverable
        import_id_fields = ("code",)
        instance_loader_class = CodeInstanceLoader
        fields = (
            "code",
            "type",
            "title",
            "owner",
            "approved",
            "approved_precision",
            "approving_meeting",
            "status",
            "summary",
            "distribution",
        )

    def get_queryset(self) -> QuerySet:
        return Deliverable.objects.select_related("owner").prefetch_related("distribution__group")

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self._groups = {group.code: group for group in Group.objects.only("pk", "code")}
        self._pending: dict[int, list[dict]] = {}

    def import_instance(self, instance: Model, row: dict, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "distribution" in row:
            try:
                lines = parse_distribution(str(row["distribution"] or ""), self._groups.get)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            else:
                self._pending[id(instance)] = lines
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance: Any, original: Any, row: Any, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        lines = self._pending.get(id(instance))
        if lines is None:
            return True
        return not self._distribution_changes(original, lines)

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        self.fields["distribution"].get_value(instance)

    def after_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        lines = self._pending.pop(id(instance), None)
        if lines is None or not self._distribution_changes(instance, lines):
            return
        set_distribution(instance, lines, change_reason=self.change_reason)
        instance.__dict__.pop("_distribution_text", None)

    def _distribution_changes(self, instance: Any, lines: list[dict]) -> bool:
        before = instance.__dict__.get("_distribution_text")
        if before is None:
            return True
        return _recipients(_Line(**line) for line in lines) != _recipients(
            _Line(**line) for line in parse_distribution(before, self._groups.get)
        )


class _Line:
    """A parsed distribution line, shaped as `format_distribution` reads a Distribution."""

    def __init__(
        self, group: Group | None, to_all_study_groups: bool, purpose: str, decision: str
    ) -> None:
        self.group, self.to_all_study_groups = group, to_all_study_groups
        self.purpose, self.decision = purpose, decision


def _recipients(lines: Any) -> set[tuple[str, str, str]]:
    """What a distribution says, whatever order its lines are written in."""
    return {
        ("all" if line.to_all_study_groups else line.group.code, line.purpose, line.decision)
        for line in lines
    }
