"""Serializers of work items and Questions: records by their identifiers and codes, related
records as {code, url}; the current stage, lateness and last call derived, never written."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import ChoiceField
from core.api.serializers import (
    LINK_SCHEMA,
    CodeLinkField,
    CodeRelatedField,
    LinkField,
    PartialDateField,
    ReadModelSerializer,
    ValidatedModelSerializer,
    django_errors_as_drf,
    reverse,
)
from core.api.translations import TranslationsField, TranslationsSerializerMixin
from deliverables.api.serializers import LeadershipSerializer
from deliverables.models import Deliverable, Group, GroupKind
from liaisons.api.serializers import NotStatedChoiceField, StatementLinkField
from meetings.api.serializers import DocumentLinkField
from meetings.models import Meeting

from ..models import (
    ApprovalTrack,
    Stage,
    WorkItem,
    WorkItemEditor,
    WorkItemEvent,
    WorkItemKind,
)


def today_of(context: dict) -> dt.date:
    """Today, decided once per request (the view puts it in the context), not once per row."""
    return context.get("today") or timezone.localdate()


QUESTION_LINK_SCHEMA = {
    **LINK_SCHEMA,
    "properties": {
        **LINK_SCHEMA["properties"],
        "label": {"type": "string", "description": "As the body writes it: Q1/17."},
    },
    "description": "A Question: its code (Q1-17, the URL form), label (Q1/17) and API link. "
    "Written as the code.",
}


@extend_schema_field(QUESTION_LINK_SCHEMA)
class QuestionLinkField(CodeLinkField):
    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Group.objects.filter(kind=GroupKind.QUESTION))
            kwargs.setdefault("error_messages", {"does_not_exist": _("Unknown Question: {value}.")})
        super().__init__("question-detail", **kwargs)

    def to_representation(self, obj):
        return {**super().to_representation(obj), "label": obj.label}


class EventSerializer(ReadModelSerializer):
    """One stage of the work item's timeline."""

    stage_display = serializers.CharField(
        source="get_stage_display", read_only=True, help_text=_("Stage, for people.")
    )
    meeting = CodeLinkField(
        "meeting-detail", read_only=True, help_text=_("The meeting that took the step, if one did.")
    )
    last_call_ends = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "For a last call: the day it ends (four weeks after it was announced); null "
            "for other stages."
        ),
    )

    class Meta:
        model = WorkItemEvent
        fields = ["stage", "stage_display", "date", "meeting", "decision", "note", "last_call_ends"]
        extra_kwargs = {
            "stage": {"help_text": _("The stage reached.")},
            "date": {"help_text": _("When (YYYY-MM-DD).")},
            "decision": {"help_text": _("The decision or document behind it.")},
            "note": {"help_text": _("A note; the only part of an event that may change.")},
        }


class EditorSerializer(ReadModelSerializer):
    """An editor of the work item, with the period they held it."""

    person = CodeLinkField(
        "person-detail", slug_field="slug", read_only=True, help_text=_("Slug and link.")
    )
    name = serializers.CharField(source="person.name", read_only=True, help_text=_("Full name."))
    starts_on = PartialDateField(read_only=True, help_text=_("Start (YYYY[-MM[-DD]])."))
    ends_on = PartialDateField(
        read_only=True, help_text=_("End (YYYY[-MM[-DD]]); null while held.")
    )
    current = serializers.SerializerMethodField(help_text=_("Editing it today."))

    class Meta:
        model = WorkItemEditor
        fields = ["person", "name", "starts_on", "ends_on", "current", "note"]
        extra_kwargs = {"note": {"help_text": _("What the source says about it.")}}

    def get_current(self, obj: WorkItemEditor) -> bool:
        return obj.held_on(today_of(self.context))


class WorkItemSerializer(TranslationsSerializerMixin, ValidatedModelSerializer):
    url = LinkField(
        view_name="work-item-detail", lookup_field="identifier", help_text=_("This work item.")
    )
    kind = NotStatedChoiceField(
        WorkItemKind.choices, help_text=_("What the text is; null when the source does not say.")
    )
    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, help_text=_("Kind, for people.")
    )
    study_group = CodeLinkField(
        "group-detail",
        queryset=Group.objects.filter(kind=GroupKind.STUDY_GROUP),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Unknown study group: {value}.")},
        help_text=_("The study group responsible (code and link); null when not stated."),
    )
    questions = QuestionLinkField(
        many=True,
        required=False,
        help_text=_("The Questions responsible, Questions of the study group (written as codes)."),
    )
    base_text = DocumentLinkField(
        required=False, allow_null=True, help_text=_("The document the work starts from.")
    )
    timing = PartialDateField(
        required=False,
        allow_null=True,
        help_text=_("The target, to the precision known: 2026-06 (a month) or 2026-06-30."),
    )
    timing_display = serializers.CharField(
        read_only=True, help_text=_('For people: "June 2026", or "not stated".')
    )
    approval_track = NotStatedChoiceField(
        ApprovalTrack.choices,
        help_text=_("aap, tap or agreement; null when the source does not say."),
    )
    approval_track_display = serializers.CharField(
        source="get_approval_track_display", read_only=True, help_text=_("Track, for people.")
    )
    origin_deliverable = CodeLinkField(
        "deliverable-detail",
        queryset=Deliverable.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Unknown deliverable: {value}.")},
        help_text=_("The allocated deliverable it was made from (code and link)."),
    )
    origin_document = DocumentLinkField(
        required=False, allow_null=True, help_text=_("The contribution that proposed it.")
    )
    related_liaisons = StatementLinkField(
        many=True,
        required=False,
        help_text=_("Liaison statements about it (written as codes, TDs or references)."),
    )
    stage = serializers.CharField(
        source="current_stage",
        read_only=True,
        allow_null=True,
        help_text=_("Current stage: the latest event's (derived); null before the first."),
    )
    stage_display = serializers.CharField(
        source="stage_label", read_only=True, help_text=_("Current stage, for people.")
    )
    stage_date = serializers.DateField(
        source="current_stage_date",
        read_only=True,
        allow_null=True,
        help_text=_("When the current stage was reached."),
    )
    late = serializers.BooleanField(
        read_only=True,
        help_text=_("Timing passed and not yet consented or determined (derived, as of today)."),
    )
    last_call_ends = serializers.SerializerMethodField(
        help_text=_("In a last call today: the day it ends; null otherwise (derived).")
    )
    editors = EditorSerializer(
        many=True, read_only=True, help_text=_("Editors, current and past, with their tenure.")
    )
    events = EventSerializer(
        many=True,
        read_only=True,
        help_text=_(
            "The timeline, oldest first. Recorded through the events action, never written here."
        ),
    )

    translations = TranslationsField()

    class Meta:
        model = WorkItem
        fields = [
            "url",
            "identifier",
            "title",
            "kind",
            "kind_display",
            "study_group",
            "questions",
            "base_text",
            "timing",
            "timing_display",
            "approval_track",
            "approval_track_display",
            "equivalent_texts",
            "summary",
            "origin_deliverable",
            "origin_document",
            "origin_note",
            "related_liaisons",
            "stage",
            "stage_display",
            "stage_date",
            "late",
            "last_call_ends",
            "editors",
            "events",
            "created",
            "last_updated",
            "original_language",
            "translations",
        ]
        extra_kwargs = {
            "identifier": {
                "help_text": _("As the body writes it (Q.TSCA, X.509, H.Sup.mv); used in URLs.")
            },
            "title": {"help_text": _("Title.")},
            "equivalent_texts": {"help_text": _("Equivalent or common texts (ISO/IEC 9594-8).")},
            "summary": {"help_text": _("What it is about.")},
            "origin_note": {"help_text": _("Where it came from, in words.")},
        }

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_last_call_ends(self, obj: WorkItem) -> dt.date | None:
        return obj.last_call_until(today_of(self.context))

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "questions" in attrs or "study_group" in attrs:
            study_group = attrs.get(
                "study_group", self.instance.study_group if self.instance else None
            )
            if "questions" in attrs:
                questions = list(attrs["questions"])
            elif self.instance is not None:
                questions = list(self.instance.questions.all())
            else:
                questions = []
            try:
                WorkItem.check_questions(study_group, questions)
            except DjangoValidationError as exc:
                raise django_errors_as_drf(exc) from exc
        return attrs

    def create(self, validated_data):
        with transaction.atomic():
            return super().create(validated_data)

    def update(self, instance, validated_data):
        with transaction.atomic():
            instance = super().update(instance, validated_data)
        # The response re-reads the relations it shows, not the cache of the old ones.
        if hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache.clear()
        return instance


class StageEventSerializer(serializers.Serializer):
    """A stage change: validated by the procedures' rules (workitems.services)."""

    stage = ChoiceField(choices=Stage.choices, help_text=_("The stage reached."))
    date = serializers.DateField(
        help_text=_("When it was reached (YYYY-MM-DD); not in the future.")
    )
    meeting = CodeRelatedField(
        slug_field="code",
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Unknown meeting: {value}.")},
        help_text=_("Code of the meeting that took the step (e.g. sg17-2025-04)."),
    )
    decision = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("The decision or document behind it (a chair's decision, TD475-R1)."),
    )
    note = serializers.CharField(required=False, allow_blank=True, help_text=_("A note."))


class QuestionSerializer(ValidatedModelSerializer):
    url = LinkField(view_name="question-detail", lookup_field="code", help_text=_("This Question."))
    label = serializers.CharField(read_only=True, help_text=_("As the body writes it: Q1/17."))
    study_group = CodeLinkField(
        "group-detail",
        source="parent",
        queryset=Group.objects.filter(kind=GroupKind.STUDY_GROUP),
        error_messages={"does_not_exist": _("Unknown study group: {value}.")},
        help_text=_("Its study group (code and link); written as the code."),
    )
    study_objectives = serializers.CharField(
        source="mandate",
        required=False,
        allow_blank=True,
        help_text=_("The Question's study objectives (its text)."),
    )
    rapporteurs = LeadershipSerializer(
        source="current_rapporteurs",
        many=True,
        read_only=True,
        help_text=_("Rapporteurs and associate rapporteurs holding office today."),
    )
    work_items_count = serializers.IntegerField(
        read_only=True, help_text=_("How many work items it is responsible for.")
    )
    work_items = serializers.SerializerMethodField(
        help_text=_("Link to its work items (the work items endpoint, filtered).")
    )

    class Meta:
        model = Group
        fields = [
            "url",
            "code",
            "label",
            "name",
            "study_group",
            "study_period",
            "study_objectives",
            "status",
            "rapporteurs",
            "work_items_count",
            "work_items",
            "created",
            "last_updated",
        ]
        extra_kwargs = {
            "code": {"help_text": _("Q<number>-<study group number> (Q1-17 for Q1/17); in URLs.")},
            "name": {"help_text": _("The Question's title.")},
            "study_period": {
                "help_text": _('As the body writes it ("2022-2024"); empty if unknown.')
            },
            "status": {"help_text": _("active or closed.")},
        }

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_work_items(self, obj: Group) -> str:
        url = reverse("work-item-list", request=self.context.get("request"))
        return f"{url}?question={obj.code}"

    def instance_with(self, attrs):
        # A Question is a group of kind Question, whatever the body says.
        instance = super().instance_with(attrs)
        instance.kind = GroupKind.QUESTION
        return instance

    def create(self, validated_data):
        return super().create({**validated_data, "kind": GroupKind.QUESTION})
