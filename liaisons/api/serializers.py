"""Serializers of liaison statements.

Unknown facts stay unknown, the same way for every field: the machine-readable field is `null`
(or an empty list) and its `*_display` text reads "not stated" — sender (`from_display`),
recipients (`to_display`), purpose, date and title. "All study groups" is kept as such
(`to_all_study_groups: true`, `to_display: "all study groups"`), never expanded into today's list.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import ChoiceField, CutoffField
from core.api.serializers import (
    CodeLinkField,
    LinkField,
    PartialDateField,
    ReadModelSerializer,
    ValidatedModelSerializer,
    django_errors_as_drf,
    reverse,
)
from core.api.translations import TranslationsField, TranslationsSerializerMixin
from core.api.validation import PlainMessagesMixin
from core.codes import ACTION_CODE, KEY, SLUG
from deliverables.models import Deliverable, Group, Person
from meetings.api.serializers import DocumentLinkField
from meetings.models import ActionItem, Meeting

from ..models import Attachment, LiaisonPurpose, LiaisonStatement, LiaisonStatus


def group_links(**kwargs) -> CodeLinkField:
    return CodeLinkField(
        "group-detail",
        queryset=Group.objects.all(),
        many=True,
        required=False,
        error_messages={"does_not_exist": _("Unknown group: {value}.")},
        **kwargs,
    )


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "code": {"type": "string"},
            "meeting": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        },
        "description": "The action item that approved it (e.g. WP2-9) and its meeting. Written "
        'as the action code ("WP2-9", found in `approved_at` when given) or as '
        '{"meeting": "...", "code": "..."}.',
    }
)
class ActionItemField(PlainMessagesMixin, serializers.RelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown action item: {value}."),
        "ambiguous": _(
            "Several meetings have an action {value}; give approved_at (the meeting) "
            'or {"meeting": ..., "code": ...}.'
        ),
        "invalid": _('Give the action code ("WP2-9") or {"meeting": ..., "code": ...}.'),
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", ActionItem.objects.select_related("meeting"))
        super().__init__(**kwargs)

    def to_representation(self, action: ActionItem):
        request = self.context.get("request")
        return {
            "code": action.code,
            "meeting": action.meeting.code,
            "url": reverse(
                "action-item-detail",
                kwargs={"meeting": action.meeting.code, "code": action.code},
                request=request,
            ),
        }

    def to_internal_value(self, data):
        meeting_code = None
        if isinstance(data, dict):
            meeting_code, data = data.get("meeting"), data.get("code")
        if not isinstance(data, str) or not data:
            self.fail("invalid")
        if meeting_code is None:
            meeting_code = (self.parent.initial_data or {}).get("approved_at")
            if isinstance(meeting_code, dict):
                meeting_code = meeting_code.get("code")
        # Checked before any query: a code no action can have (a NUL byte) is a 400 here.
        if not ACTION_CODE.is_typed(data) or not (
            meeting_code is None or meeting_code == "" or SLUG.is_typed(meeting_code)
        ):
            self.fail("does_not_exist", value=data)
        candidates = self.get_queryset().filter(code=data)
        if meeting_code:
            candidates = candidates.filter(meeting__code=meeting_code)
        found = list(candidates[:2])
        if not found:
            self.fail("does_not_exist", value=data)
        if len(found) > 1:
            self.fail("ambiguous", value=data)
        return found[0]


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "code": {"type": "string", "description": "The statement's code (URL key)."},
            "label": {"type": "string", "description": "Its document code or reference."},
            "url": {"type": "string", "format": "uri"},
        },
    }
)
class StatementLinkField(PlainMessagesMixin, serializers.RelatedField):
    """Another statement: its code, how people call it (TD342, TSAG-LS14R1) and its link.
    Written as its code, document code or reference."""

    default_error_messages = {"does_not_exist": _("Unknown liaison statement: {value}.")}

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", LiaisonStatement.objects.all())
        super().__init__(**kwargs)

    def to_representation(self, statement: LiaisonStatement):
        return {
            "code": statement.code,
            "label": statement.display_code,
            "url": reverse(
                "liaison-statement-detail",
                kwargs={"code": statement.code},
                request=self.context.get("request"),
            ),
        }

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("code")
        found = self.get_queryset().resolve(data) if KEY.is_typed(data) else None
        if found is None:
            self.fail("does_not_exist", value=data)
        return found


class NotStatedMixin:
    """A value the source may not state: stored empty, given and taken as null (see the module
    docstring). Optional unless the field says otherwise."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return True, ""
        return super().validate_empty_values(data)

    def to_representation(self, value):
        return value or None


class NotStatedCharField(NotStatedMixin, serializers.CharField):
    pass


class NotStatedChoiceField(NotStatedMixin, ChoiceField):
    pass


class AttachmentSerializer(ReadModelSerializer):
    name = serializers.CharField(
        source="original_name", read_only=True, help_text=_("The name it was uploaded under.")
    )
    size = serializers.IntegerField(read_only=True, help_text=_("Size in bytes."))
    content_type = serializers.CharField(
        read_only=True, help_text=_("The type found in its content (not the uploader's claim).")
    )
    download_url = serializers.SerializerMethodField(
        help_text=_("Public download link (no login needed).")
    )
    url = serializers.SerializerMethodField(
        help_text=_("This attachment in the API (DELETE it there to remove it).")
    )
    uploaded_at = serializers.DateTimeField(
        source="created", read_only=True, help_text=_("When it was uploaded.")
    )

    class Meta:
        model = Attachment
        fields = ["name", "size", "content_type", "uploaded_at", "download_url", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment: Attachment) -> str:
        request = self.context.get("request")
        url = attachment.get_absolute_url()
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attachment: Attachment) -> str:
        return reverse(
            "liaison-statement-attachment",
            kwargs={"code": attachment.statement.code, "attachment": attachment.pk},
            request=self.context.get("request"),
        )


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_(
            "The file (multipart/form-data). PDF, DOCX, XLSX, ZIP or UTF-8 text, checked "
            "by content; its name's extension must agree with its content."
        )
    )


REPLY_CUTOFF_HELP = _(
    "The instant the reply is wanted by: the deadline's day at its cut-off time (23:59 unless "
    "given) in the approving meeting's time zone (the site's when none), ISO 8601 with that "
    "zone's offset; null when no reply deadline."
)


class LiaisonStatementSerializer(TranslationsSerializerMixin, ValidatedModelSerializer):
    url = LinkField(
        view_name="liaison-statement-detail", lookup_field="code", help_text=_("This statement.")
    )
    code = serializers.SlugField(
        max_length=60,
        required=False,
        help_text=_(
            "Stable key for URLs. Left out on creation: made from the document code "
            "(td480-r1) or the reference (tsag-ls14r1)."
        ),
    )
    label = serializers.CharField(
        source="display_code",
        read_only=True,
        help_text=_("How people call it: its document code (TD480-R1) or reference (TSAG-LS14R1)."),
    )
    document = DocumentLinkField(
        required=False,
        allow_null=True,
        help_text=_("Its TD (code and link); written as TD480-R1 (TD480 = latest revision)."),
    )
    title = NotStatedCharField(max_length=500, help_text=_("Title; null when not given."))
    title_display = serializers.CharField(read_only=True, help_text=_('Title, or "not stated".'))
    direction_display = serializers.CharField(source="get_direction_display", read_only=True)
    from_groups = group_links(help_text=_("Senders among our groups (codes and links)."))
    from_display = serializers.CharField(
        read_only=True, help_text=_('Senders as text (groups and from_note), or "not stated".')
    )
    to_groups = group_links(help_text=_("Recipients named one by one (codes and links)."))
    to_display = serializers.CharField(
        read_only=True,
        help_text=_('Recipients as text: "all study groups", group codes, or "not stated".'),
    )
    purpose = NotStatedChoiceField(
        LiaisonPurpose.choices,
        help_text=_("action, comment or information; null when the source does not say."),
    )
    purpose_display = serializers.CharField(
        read_only=True,
        help_text=_('"For action", "For comment", "For information" or "not stated".'),
    )
    date = PartialDateField(
        required=False,
        allow_null=True,
        help_text=_(
            "Date to the precision known (2024-01-26, or 2023-08 for a month); null when "
            "not stated."
        ),
    )
    date_display = serializers.CharField(
        read_only=True, help_text=_('"26 January 2024", "August 2023" or "not stated".')
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    next_statuses = serializers.ListField(
        child=ChoiceField(LiaisonStatus.choices),
        read_only=True,
        help_text=_("The statuses it can move to next (empty when its status is final)."),
    )
    awaiting_reply = serializers.BooleanField(
        source="is_awaiting_reply",
        read_only=True,
        help_text=_(
            "For action, with a reply deadline, not answered or settled, and some "
            "addressee has not replied (a reply closes the wait for the group that sent it; derived)."
        ),
    )
    answered = serializers.BooleanField(
        read_only=True, help_text=_("Some statement replies to this one (derived).")
    )
    approved_at = CodeLinkField(
        "meeting-detail",
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Unknown meeting: {value}.")},
        help_text=_("The meeting that approved it (code and link); written as the code."),
    )
    approved_by_action = ActionItemField(
        required=False, allow_null=True, help_text=_("The action item that approved it.")
    )
    contact = CodeLinkField(
        "person-detail",
        slug_field="slug",
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Unknown person: {value}.")},
        help_text=_("Contact person (slug and link); written as the slug."),
    )
    replies_to = StatementLinkField(
        required=False,
        allow_null=True,
        help_text=_("The statement this one answers; written as its code, TD or reference."),
    )
    replies = StatementLinkField(
        many=True, read_only=True, help_text=_("Statements answering this one.")
    )
    related_deliverables = CodeLinkField(
        "deliverable-detail",
        queryset=Deliverable.objects.all(),
        many=True,
        required=False,
        error_messages={"does_not_exist": _("Unknown deliverable: {value}.")},
        help_text=_("Deliverables it concerns (codes and links)."),
    )
    related_groups = group_links(help_text=_("Groups it concerns (codes and links)."))
    attachments = AttachmentSerializer(many=True, read_only=True)
    reply_deadline_cutoff = CutoffField(source="reply_cutoff", help_text=REPLY_CUTOFF_HELP)

    translations = TranslationsField()

    class Meta:
        model = LiaisonStatement
        fields = [
            "url",
            "code",
            "label",
            "document",
            "reference",
            "title",
            "title_display",
            "direction",
            "direction_display",
            "from_groups",
            "from_note",
            "from_display",
            "to_groups",
            "to_all_study_groups",
            "to_display",
            "purpose",
            "purpose_display",
            "summary",
            "date",
            "date_display",
            "received_on",
            "reply_deadline",
            "reply_deadline_cutoff",
            "status",
            "status_display",
            "status_decision",
            "status_changed_on",
            "next_statuses",
            "awaiting_reply",
            "answered",
            "approved_at",
            "approved_by_action",
            "contact",
            "replies_to",
            "replies",
            "related_deliverables",
            "related_groups",
            "attachments",
            "created",
            "last_updated",
            "original_language",
            "translations",
        ]
        extra_kwargs = {
            "reference": {"help_text": _("Its own reference when known only by it (TSAG-LS14R1).")},
            "direction": {"help_text": _("incoming or outgoing (as seen from TSAG).")},
            "from_note": {"help_text": _("A sender that is none of our groups.")},
            "to_all_study_groups": {
                "help_text": _("Sent to all ITU-T study groups, whichever exist (SG12 included).")
            },
            "summary": {"help_text": _("What is asked of the recipients.")},
            "reply_deadline": {"help_text": _("Reply wanted by (YYYY-MM-DD); null when none.")},
            "status": {
                "help_text": _(
                    "Outgoing: draft, approved, sent; incoming: received, answered, "
                    "no_reply_needed. A new statement starts as draft (outgoing) or received "
                    "(incoming) unless given. Changing it moves the statement along its flow (see "
                    "`next_statuses`) and needs `status_decision`; a move the flow does not allow is "
                    "a 400 naming the allowed ones."
                ),
                "required": False,
            },
            "status_decision": {
                "help_text": _("The decision that moved it to its status (e.g. action WP2-9).")
            },
            "status_changed_on": {"help_text": _("When that decision was taken (YYYY-MM-DD).")},
            "received_on": {
                "help_text": _(
                    "The day it reached us or was posted here (YYYY-MM-DD), kept apart "
                    "from `date`, the date its sender gave it."
                )
            },
        }

    def validate(self, attrs):
        self._move = None
        if self.instance is None:
            if not attrs.get("code"):
                try:
                    attrs["code"] = LiaisonStatement.code_for(
                        attrs.get("document"), attrs.get("reference", "")
                    )
                except DjangoValidationError as exc:
                    raise django_errors_as_drf(exc) from exc
            attrs.setdefault("status", LiaisonStatement.initial_status(attrs.get("direction", "")))
        elif "status" in attrs and attrs["status"] != self.instance.status:
            # A new status is a move along the flow, made by the model's own move_to.
            decision = attrs.pop("status_decision", "")
            move = (attrs.pop("status"), decision, attrs.pop("status_changed_on", None))
            try:
                self.instance.check_move(move[0], decision)
            except DjangoValidationError as exc:
                raise django_errors_as_drf(exc) from exc
            self._move = move
        return super().validate(attrs)

    def create(self, validated_data):
        with transaction.atomic():
            return super().create(validated_data)

    def update(self, instance, validated_data):
        with transaction.atomic():
            if getattr(self, "_move", None):
                # Set on the locked row and written with the other fields: one change, one
                # history entry.
                try:
                    instance.apply_move(*self._move)
                except DjangoValidationError as exc:
                    raise django_errors_as_drf(exc) from exc
                for name in ("status", "status_decision", "status_changed_on"):
                    validated_data[name] = getattr(instance, name)
            instance = super().update(instance, validated_data)
        # The response re-reads the relations it shows, not the cache of the old ones.
        if hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache.clear()
        return instance


class InboxItemSerializer(ReadModelSerializer):
    """A statement as its recipient's inbox lists it: what is asked, by whom, by when."""

    url = LinkField(
        view_name="liaison-statement-detail", lookup_field="code", help_text=_("The statement.")
    )
    label = serializers.CharField(source="display_code", read_only=True)
    document = DocumentLinkField(read_only=True)
    title = NotStatedCharField(read_only=True)
    title_display = serializers.CharField(read_only=True)
    from_groups = CodeLinkField("group-detail", many=True, read_only=True)
    from_display = serializers.CharField(read_only=True)
    addressed_as = serializers.SerializerMethodField(
        help_text=_('"directly" when the group is named, "all study groups" otherwise.')
    )
    purpose = NotStatedChoiceField(LiaisonPurpose.choices, read_only=True)
    purpose_display = serializers.CharField(read_only=True)
    date = PartialDateField(read_only=True)
    date_display = serializers.CharField(read_only=True)
    awaiting_reply = serializers.BooleanField(
        source="is_awaiting_reply",
        read_only=True,
        help_text=_(
            "This group's reply is awaited: for action, with a reply deadline, not "
            "settled, and no reply from this group (another addressee's reply does not count)."
        ),
    )
    answered = serializers.BooleanField(read_only=True)
    reply_deadline_cutoff = CutoffField(source="reply_cutoff", help_text=REPLY_CUTOFF_HELP)

    class Meta:
        model = LiaisonStatement
        fields = [
            "url",
            "code",
            "label",
            "document",
            "title",
            "title_display",
            "direction",
            "from_groups",
            "from_display",
            "addressed_as",
            "purpose",
            "purpose_display",
            "summary",
            "date",
            "date_display",
            "reply_deadline",
            "reply_deadline_cutoff",
            "status",
            "awaiting_reply",
            "answered",
        ]
        read_only_fields = fields

    def get_addressed_as(self, statement: LiaisonStatement) -> str:
        group = self.context["group"]
        named = any(recipient.pk == group.pk for recipient in statement.to_groups.all())
        return "directly" if named else "all study groups"
