"""Serializers of the work programme API: records by their codes, related records as {code, url}."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import ChoiceField
from core.api.serializers import (
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

from ..models import (
    Deliverable,
    Distribution,
    Group,
    Person,
    Role,
    RoleKind,
)
from ..services import set_distribution


def person_link(**kwargs) -> CodeLinkField:
    return CodeLinkField("person-detail", slug_field="slug", **kwargs)


def group_link(**kwargs) -> CodeLinkField:
    return CodeLinkField("group-detail", **kwargs)


class LeadershipSerializer(ReadModelSerializer):
    """A role as listed on its group: who holds it and since when."""

    person = person_link(read_only=True, help_text=_("The person: slug and API link."))
    name = serializers.CharField(source="person.name", read_only=True, help_text=_("Full name."))
    role_display = serializers.CharField(
        source="get_role_display",
        read_only=True,
        help_text=_('Role, for people ("Associate rapporteur").'),
    )
    starts_on = PartialDateField(
        read_only=True, help_text=_("Start (YYYY-MM-DD, YYYY-MM or YYYY).")
    )
    decision = serializers.CharField(read_only=True, help_text=_("The decision behind the role."))

    class Meta:
        model = Role
        fields = ["person", "name", "role", "role_display", "starts_on", "decision"]
        extra_kwargs = {"role": {"help_text": _("Kind of role.")}}


class GroupSerializer(TranslationsSerializerMixin, ValidatedModelSerializer):
    url = LinkField(
        view_name="group-detail", lookup_field="code", help_text=_("This group's API link.")
    )
    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, help_text=_("Kind, for people.")
    )
    parent = group_link(
        queryset=Group.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The group this one reports to: code and link (written as the code)."),
    )
    established = PartialDateField(
        required=False, allow_null=True, help_text=_("When it was established (YYYY[-MM[-DD]]).")
    )
    established_display = serializers.CharField(
        read_only=True, help_text=_('As the source gives it, e.g. "26 January 2024".')
    )
    lifetime_end = PartialDateField(
        required=False,
        allow_null=True,
        help_text=_("When its mandate ends (YYYY[-MM[-DD]]), e.g. 2024-06 for FG-MV."),
    )
    lifetime_end_display = serializers.CharField(
        read_only=True, help_text=_('As the source gives it, e.g. "June 2024".')
    )
    successor = group_link(
        queryset=Group.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The group it merged into or was succeeded by, when that group exists."),
    )
    has_ended = serializers.BooleanField(
        source="has_ended_today",
        read_only=True,
        help_text=_("Closed, or its lifetime is over (today): it has no current roles."),
    )
    state_display = serializers.CharField(
        source="state_today",
        read_only=True,
        help_text=_('Status for people, "Ended June 2024" once the lifetime is over.'),
    )
    current_leadership = LeadershipSerializer(
        source="current_leadership_roles",
        many=True,
        read_only=True,
        help_text=_(
            "Chair, vice-chairs, rapporteurs and associate rapporteurs holding office today."
        ),
    )
    roles = serializers.SerializerMethodField(
        help_text=_("Link to every role of this group, current and past (the roles endpoint).")
    )

    translations = TranslationsField()

    class Meta:
        model = Group
        fields = [
            "url",
            "code",
            "name",
            "kind",
            "kind_display",
            "parent",
            "status",
            "has_ended",
            "state_display",
            "mandate",
            "established",
            "established_display",
            "lifetime_end",
            "lifetime_end_display",
            "lifetime_decision",
            "succession_kind",
            "successor",
            "succession_note",
            "study_period",
            "current_leadership",
            "roles",
            "created",
            "last_updated",
            "original_language",
            "translations",
        ]
        extra_kwargs = {
            "code": {"help_text": _("Unique code, used in URLs (SG16, RG-IEM, FG-MV).")},
            "name": {"help_text": _("Full name.")},
            "kind": {"help_text": _("Kind of group.")},
            "status": {"help_text": _("active or closed.")},
            "succession_kind": {
                "help_text": _(
                    "merged_into, succeeded_by or consolidation_agreed (agreed in "
                    "principle, not yet merged), when recorded."
                )
            },
            "succession_note": {"help_text": _("The decision and its wording.")},
            "study_period": {
                "help_text": _(
                    'Study period of a study group or Question ("2022-2024"); empty '
                    "when not stated."
                )
            },
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_roles(self, obj: Group) -> str:
        url = reverse("role-list", request=self.context.get("request"))
        return f"{url}?group={obj.code}"


class PersonRoleSerializer(ReadModelSerializer):
    """A role as listed on its holder."""

    url = LinkField(view_name="role-detail", help_text=_("The role."))
    group = group_link(read_only=True, help_text=_("The group: code and link."))
    role_display = serializers.CharField(
        source="get_role_display",
        read_only=True,
        help_text=_('Role, for people ("Associate rapporteur").'),
    )
    starts_on = PartialDateField(read_only=True, help_text=_("Start (YYYY[-MM[-DD]])."))
    ends_on = PartialDateField(
        read_only=True, help_text=_("End (YYYY[-MM[-DD]]); null while held.")
    )
    current = serializers.SerializerMethodField(help_text=_("Held today."))

    class Meta:
        model = Role
        fields = ["url", "group", "role", "role_display", "starts_on", "ends_on", "current"]
        extra_kwargs = {"role": {"help_text": _("Kind of role.")}}

    def get_current(self, obj: Role) -> bool:
        return obj.held_on(timezone.localdate())


class PersonSerializer(ValidatedModelSerializer):
    url = LinkField(
        view_name="person-detail", lookup_field="slug", help_text=_("This person's API link.")
    )
    roles = PersonRoleSerializer(
        many=True, read_only=True, help_text=_("Every role held, current and past.")
    )

    class Meta:
        model = Person
        fields = [
            "url",
            "slug",
            "honorific",
            "name",
            "affiliation",
            "country",
            "email",
            "roles",
            "created",
            "last_updated",
        ]
        extra_kwargs = {
            "slug": {"help_text": _("Unique identifier, used in URLs (e.g. ahmed-said).")},
            "honorific": {
                "help_text": _('As the sources write it ("Mr", "Ms"); empty when not stated.')
            },
            "name": {"help_text": _("Full name.")},
            "affiliation": {"help_text": _("Organisation, as the source gives it.")},
            "country": {"help_text": _("Country, when stated.")},
            "email": {
                "help_text": _("E-mail address. Only shown to the secretariat; absent otherwise.")
            },
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_email"):
            data.pop("email", None)
        return data


class RoleSerializer(ValidatedModelSerializer):
    url = LinkField(view_name="role-detail", help_text=_("This role."))
    person = person_link(
        queryset=Person.objects.all(),
        help_text=_("The holder: slug and link (written as the slug)."),
    )
    group = group_link(
        queryset=Group.objects.all(), help_text=_("The group: code and link (written as the code).")
    )
    role_display = serializers.CharField(
        source="get_role_display",
        read_only=True,
        help_text=_('Role, for people ("Associate rapporteur").'),
    )
    starts_on = PartialDateField(
        required=False, allow_null=True, help_text=_("Start (YYYY[-MM[-DD]]); null when unknown.")
    )
    starts_on_display = serializers.CharField(
        read_only=True, help_text=_('Start, for people ("26 January 2024").')
    )
    ends_on = PartialDateField(
        required=False, allow_null=True, help_text=_("End (YYYY[-MM[-DD]]); null while held.")
    )
    ends_on_display = serializers.CharField(read_only=True, help_text=_('e.g. "September 2023".'))
    current = serializers.SerializerMethodField(help_text=_("Held today."))

    class Meta:
        model = Role
        fields = [
            "url",
            "person",
            "group",
            "role",
            "role_display",
            "starts_on",
            "starts_on_display",
            "ends_on",
            "ends_on_display",
            "current",
            "decision",
            "note",
            "created",
            "last_updated",
        ]
        extra_kwargs = {
            "role": {"help_text": _("Kind of role.")},
            "decision": {"help_text": _("The decision behind it (e.g. action WP2-3).")},
            "note": {"help_text": _("What the source says about it.")},
        }

    def get_current(self, obj: Role) -> bool:
        # Computed from the dates in hand (not an annotation), so it is right after a write too.
        return obj.held_on(timezone.localdate())


class DistributionLineSerializer(ReadModelSerializer):
    group = group_link(
        queryset=Group.objects.all(),
        allow_null=True,
        required=False,
        help_text=_(
            "The receiving group (code and link; written as the code); null when the line "
            "goes to all study groups."
        ),
    )
    to_all_study_groups = serializers.BooleanField(
        default=False,
        help_text=_('Sent to every study group ("All for information" in TD315 Annex 2).'),
    )
    recipient = serializers.CharField(
        source="recipient_display",
        read_only=True,
        help_text=_('The group code, or "All study groups".'),
    )
    purpose_display = serializers.CharField(
        source="get_purpose_display", read_only=True, help_text=_("Purpose, for people.")
    )

    class Meta:
        model = Distribution
        fields = [
            "group",
            "to_all_study_groups",
            "recipient",
            "purpose",
            "purpose_display",
            "decision",
        ]
        extra_kwargs = {
            "purpose": {
                "help_text": _("allocated (the group takes it forward) or for_information.")
            },
            "decision": {"help_text": _("The decision that made it (e.g. WP2-8, TD480-R1).")},
        }

    def validate(self, attrs):
        # The line's own rule (one group or all study groups) is the model's; the deliverable is
        # not known yet, so only clean() runs here and set_distribution() validates the rest.
        try:
            Distribution(**attrs).clean()
        except DjangoValidationError as exc:
            raise django_errors_as_drf(exc) from exc
        return attrs


class DeliverableSerializer(TranslationsSerializerMixin, ValidatedModelSerializer):
    url = LinkField(
        view_name="deliverable-detail", lookup_field="code", help_text=_("This deliverable's link.")
    )
    type_display = serializers.CharField(
        source="get_type_display",
        read_only=True,
        help_text=_('Type, for people ("Technical Report").'),
    )
    owner = group_link(
        queryset=Group.objects.all(),
        help_text=_("The group that produced it: code and link (written as the code)."),
    )
    approved = PartialDateField(
        required=False,
        allow_null=True,
        help_text=_("Approval date to the precision known: 2023-10 (a month) or 2023-10-12."),
    )
    approved_display = serializers.CharField(
        read_only=True, help_text=_('For people: "October 2023".')
    )
    status_display = serializers.CharField(
        source="get_status_display", read_only=True, help_text=_("Status, for people.")
    )
    distribution = DistributionLineSerializer(
        many=True,
        required=False,
        help_text=_(
            "Who receives it and why: one line per group, or one for all study groups. "
            "Written as a whole: the lines sent replace the existing ones."
        ),
    )

    translations = TranslationsField()

    class Meta:
        model = Deliverable
        fields = [
            "url",
            "code",
            "type",
            "type_display",
            "title",
            "owner",
            "approved",
            "approved_display",
            "approving_meeting",
            "status",
            "status_display",
            "summary",
            "distribution",
            "created",
            "last_updated",
            "original_language",
            "translations",
        ]
        extra_kwargs = {
            "code": {"help_text": _("Unique code, used in URLs (e.g. FGMV-04).")},
            "type": {"help_text": _("Technical Report, Technical Specification, Recommendation…")},
            "title": {"help_text": _("Title, without the type.")},
            "approving_meeting": {"help_text": _("The meeting that approved it, when known.")},
            "status": {"help_text": _("Lifecycle status.")},
            "summary": {
                "help_text": _('Full text: paragraphs separated by a blank line, bullets "- ".')
            },
        }

    def validate_distribution(self, lines: list[dict]) -> list[dict]:
        try:
            Distribution.check_recipients(lines)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["distribution"]) from exc
        return lines

    def create(self, validated_data):
        lines = validated_data.pop("distribution", [])
        with transaction.atomic():
            deliverable = Deliverable.objects.create(**validated_data)
            set_distribution(deliverable, lines)
        return deliverable

    def update(self, instance, validated_data):
        lines = validated_data.pop("distribution", None)
        with transaction.atomic():
            instance = super().update(instance, validated_data)
            if lines is not None:
                set_distribution(instance, lines)
        return instance


class RotateRoleSerializer(serializers.Serializer):
    """A change of leadership: the outgoing holder's role ends, the incoming one's begins."""

    role = ChoiceField(choices=RoleKind.choices, help_text=_("The role that changes hands."))
    incoming = CodeRelatedField(
        slug_field="slug", queryset=Person.objects.all(), help_text=_("Slug of the new holder.")
    )
    outgoing = CodeRelatedField(
        slug_field="slug",
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "Slug of the holder who steps down; may be left out when the role has one "
            "current holder."
        ),
    )
    outgoing_new_role = ChoiceField(
        choices=RoleKind.choices,
        required=False,
        allow_null=True,
        help_text=_(
            "A role the outgoing holder takes on in the same group (e.g. a rapporteur "
            "rotating to associate rapporteur)."
        ),
    )
    on = serializers.DateField(
        required=False, help_text=_("The day the change takes effect (YYYY-MM-DD; default today).")
    )
    decision = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("The decision behind it (e.g. WP2-3)."),
    )
