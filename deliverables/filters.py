"""FilterSets of the work programme, shared by the REST API and the public pages.

Every filter carries a `help_text`: drf-spectacular turns it into the OpenAPI description, and the
public pages show it next to the field. The filters ask the QuerySet methods (`allocated_to`,
`current`, …) so the API, the pages and the admin answer the same question the same way.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import (
    BooleanFilter,
    CodeChoiceFilter,
    PartialDateFilter,
    choices_help,
    code_choice,
)

from .models import (
    Deliverable,
    DeliverableStatus,
    DeliverableType,
    Group,
    GroupKind,
    GroupStatus,
    Person,
    Role,
    RoleKind,
)


class GroupFilterSet(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=GroupKind.choices,
        help_text=choices_help(_("Kind of group"), GroupKind.choices),
    )
    parent = code_choice(
        Group.objects.all(), "Code of the group these report to (e.g. WP2 lists its RGs)."
    )
    status = django_filters.ChoiceFilter(
        choices=GroupStatus.choices,
        help_text=_("Lifecycle status: active or closed."),
    )
    active = BooleanFilter(
        method="filter_active",
        help_text=_("true: only active groups; false: only closed ones."),
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text=_("Words found in the code, name or mandate.")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("kind", "kind"),
            ("established", "established"),
        ),
        help_text=_("Sort by code, name, kind or established; prefix with - for descending."),
    )

    class Meta:
        model = Group
        fields = ["kind", "parent", "status", "active"]

    def filter_active(self, queryset, name, value):
        return queryset.active() if value else queryset.exclude(status="active")

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(mandate__icontains=value)
        )


class RoleFilterSet(django_filters.FilterSet):
    group = code_choice(Group.objects.all(), "Code of the group the role is held in.")
    role = django_filters.MultipleChoiceFilter(
        choices=RoleKind.choices,
        help_text=choices_help(_("Kind of role"), RoleKind.choices),
    )
    person = CodeChoiceFilter(
        queryset=Person.objects.all(),
        to_field_name="slug",
        help_text=_("Slug of the person holding the role (e.g. ahmed-said)."),
    )
    current = BooleanFilter(
        method="filter_current",
        help_text=_("true: roles held today; false: roles that have ended or not yet begun."),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("group__code", "group"), ("role", "role"), ("starts_on", "starts_on")),
        help_text=_("Sort by group, role or starts_on; prefix with - for descending."),
    )

    class Meta:
        model = Role
        fields = ["group", "role", "person", "current"]

    def filter_current(self, queryset, name, value):
        return queryset.current() if value else queryset.not_current()


class PersonFilterSet(django_filters.FilterSet):
    """`group`, `role` and `current` describe ONE role together: `?group=RG-DT&role=rapporteur&
    current=true` is the current RG-DT rapporteur, not anyone who ever was rapporteur anywhere."""

    group = code_choice(Group.objects.all(), "Code of a group the person holds a role in.")
    role = django_filters.MultipleChoiceFilter(
        choices=RoleKind.choices,
        method="filter_by_role",
        help_text=choices_help(_("Kind of role the person holds"), RoleKind.choices),
    )
    current = BooleanFilter(
        method="filter_by_role",
        help_text=_(
            "true: people holding such a role today; false: people whose such role has "
            "ended (or not yet begun)."
        ),
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text=_("Words found in the name, affiliation or country.")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("slug", "slug"), ("country", "country")),
        help_text=_("Sort by name, slug or country; prefix with - for descending."),
    )

    class Meta:
        model = Person
        fields = ["group", "role", "current"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        group, roles, current = data.get("group"), data.get("role"), data.get("current")
        if group is not None or roles or current is not None:
            matching = Role.objects.filter(person=OuterRef("pk"))
            if group is not None:
                matching = matching.filter(group=group)
            if roles:
                matching = matching.filter(role__in=roles)
            if current is not None:
                matching = matching.current() if current else matching.not_current()
            queryset = queryset.filter(Exists(matching))
        # group/role/current are applied together above; the rest one by one.
        for name, value in data.items():
            if name not in ("group", "role", "current"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_by_role(self, queryset, name, value):
        return queryset  # applied in filter_queryset, together with the other role filters

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(affiliation__icontains=value) | Q(country__icontains=value)
        )


STUDY_GROUP_HELP = (
    ' A study group also receives what goes to "all study groups" (FGMV-01, 02, 21 in TD315).'
)


class DeliverableFilterSet(django_filters.FilterSet):
    allocated_to = code_choice(
        Group.objects.all(),
        "Code of a group: deliverables allocated to it (it takes the work forward).",
        method="filter_allocated_to",
    )
    for_information_to = code_choice(
        Group.objects.all(),
        "Code of a group: deliverables it receives for information." + STUDY_GROUP_HELP,
        method="filter_for_information_to",
    )
    received_by = code_choice(
        Group.objects.all(),
        "Code of a group: deliverables it receives, allocated or for information."
        + STUDY_GROUP_HELP,
        method="filter_received_by",
    )
    group = code_choice(
        Group.objects.all(),
        "Code of the group that produced the deliverable (e.g. FG-MV).",
        field_name="owner",
    )
    type = django_filters.MultipleChoiceFilter(
        choices=DeliverableType.choices,
        help_text=choices_help(_("Type"), DeliverableType.choices),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=DeliverableStatus.choices,
        help_text=choices_help(pgettext_lazy("status", "Status"), DeliverableStatus.choices),
    )
    approved_after = PartialDateFilter(
        method="filter_approved_after",
        bound="start",
        help_text=_(
            "Approved on or after this date (YYYY-MM-DD or YYYY-MM). A deliverable approved "
            '"October 2023" counts as approved on or after any day of October 2023.'
        ),
    )
    approved_before = PartialDateFilter(
        method="filter_approved_before",
        bound="end",
        help_text=_(
            "Approved on or before this date (YYYY-MM-DD or YYYY-MM; a month means its last "
            'day). A deliverable approved "October 2023" counts as approved on or before any day of '
            "October 2023."
        ),
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text=_("Words found in the code, title or summary.")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("code", "code"),
            ("title", "title"),
            ("approved", "approved"),
            ("type", "type"),
            ("status", "status"),
        ),
        help_text=_("Sort by code, title, approved, type or status; prefix with - for descending."),
    )

    class Meta:
        model = Deliverable
        fields = [
            "allocated_to",
            "for_information_to",
            "received_by",
            "group",
            "type",
            "status",
            "approved_after",
            "approved_before",
        ]

    def filter_allocated_to(self, queryset, name, value):
        return queryset.allocated_to(value)

    def filter_for_information_to(self, queryset, name, value):
        return queryset.for_information_to(value)

    def filter_received_by(self, queryset, name, value):
        return queryset.received_by(value)

    def filter_approved_after(self, queryset, name, value):
        return queryset.approved_after(self.filters[name].to_day(value))

    def filter_approved_before(self, queryset, name, value):
        return queryset.approved_before(self.filters[name].to_day(value))

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(summary__icontains=value)
        )
