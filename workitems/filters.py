"""The FilterSets of work items and Questions, shared by the REST API and the public pages.

Every filter asks a QuerySet method (`for_study_group`, `late`, `in_last_call`, …) so the API, the
pages and the admin answer the same question the same way; every filter has a help text, which
becomes its OpenAPI description.
"""

from __future__ import annotations

import django_filters
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, period_start
from core.filters import (
    BooleanFilter,
    CodeChoiceFilter,
    PartialDateFilter,
    choices_help,
    code_choice,
)
from core.search import CONFIG
from deliverables.models import Deliverable, Group, GroupKind, Person

from .models import ApprovalTrack, Stage, WorkItem, WorkItemKind

NO_STAGE = "none"


def _words(value: str, code: str, texts: list[str]) -> Q:
    """On PostgreSQL the stored vector (GIN) for words and the code's trigram index for a part
    of it; elsewhere (SQLite has no vector) the texts themselves."""
    if connection.vendor == "postgresql":
        words = SearchQuery(value, config=CONFIG, search_type="websearch")
        return Q(search_vector=words) | Q(**{f"{code}__icontains": value})
    condition = Q(**{f"{code}__icontains": value})
    for text in texts:
        condition |= Q(**{f"{text}__icontains": value})
    return condition


class WorkItemFilterSet(django_filters.FilterSet):
    study_group = code_choice(
        Group.objects.filter(kind=GroupKind.STUDY_GROUP),
        _("Code of the study group responsible (e.g. SG17)."),
        method="filter_study_group",
    )
    question = code_choice(
        Group.objects.filter(kind=GroupKind.QUESTION),
        _("Code of a Question (Q1-17 for Q1/17): the work items it is responsible for."),
        method="filter_question",
    )
    editor = CodeChoiceFilter(
        queryset=Person.objects.all(),
        to_field_name="slug",
        method="filter_editor",
        help_text=_("Slug of a person: the work items they edit or edited."),
    )
    stage = django_filters.MultipleChoiceFilter(
        choices=[*Stage.choices, (NO_STAGE, _("No stage recorded"))],
        method="filter_stage",
        help_text=format_lazy(
            "{} {}",
            choices_help(_("Current stage (the latest event's)"), Stage.choices),
            _("none: no stage recorded yet."),
        ),
    )
    approval_track = django_filters.MultipleChoiceFilter(
        choices=ApprovalTrack.choices,
        help_text=choices_help(_("Approval track"), ApprovalTrack.choices),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=WorkItemKind.choices,
        help_text=choices_help(_("Kind of text"), WorkItemKind.choices),
    )
    timing_after = PartialDateFilter(
        method="filter_timing_after",
        bound="start",
        help_text=_(
            "Timing (target) on or after this day (YYYY-MM-DD, YYYY-MM or YYYY). A timing "
            'of "June 2026" counts as on or after any day of June 2026. Items without a timing are '
            "left out."
        ),
    )
    timing_before = PartialDateFilter(
        method="filter_timing_before",
        bound="end",
        help_text=_(
            "Timing (target) on or before this day (YYYY-MM-DD, YYYY-MM or YYYY; a month "
            "means its last day). Items without a timing are left out."
        ),
    )
    late = BooleanFilter(
        method="filter_late",
        help_text=_(
            "true: the timing has passed and the item is not yet consented or determined "
            "(nor approved, published, withdrawn or deleted); false: all others."
        ),
    )
    in_last_call = BooleanFilter(
        method="filter_in_last_call",
        help_text=_(
            "true: in a last call today (announced less than four weeks ago and nothing "
            "since); false: all others."
        ),
    )
    origin_deliverable = code_choice(
        Deliverable.objects.all(),
        _("Code of the deliverable whose allocation the work items were made from (e.g. FGMV-04)."),
        method="filter_origin_deliverable",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=_("Words found in the identifier, title, equivalent texts, summary or origin."),
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("identifier", "identifier"),
            ("timing", "timing"),
            ("last_updated", "last_updated"),
        ),
        help_text=_("Sort by identifier, timing or last_updated; prefix with - for descending."),
    )

    class Meta:
        model = WorkItem
        fields = ["approval_track", "kind"]

    def filter_study_group(self, queryset, name, value):
        return queryset.for_study_group(value)

    def filter_question(self, queryset, name, value):
        return queryset.for_question(value)

    def filter_editor(self, queryset, name, value):
        return queryset.edited_by(value)

    def filter_stage(self, queryset, name, values):
        if not values:
            return queryset
        stages = [value for value in values if value != NO_STAGE]
        condition = Q(current_stage__in=stages)
        if NO_STAGE in values:
            condition |= Q(current_stage__isnull=True)
        return queryset.with_stage().filter(condition)

    def filter_timing_after(self, queryset, name, value):
        day = self.filters[name].to_day(value)
        # A partial timing counts for every day of its period: compare at its own precision.
        return queryset.filter(
            Q(timing_precision=DatePrecision.DAY, timing__gte=day)
            | Q(timing_precision=DatePrecision.MONTH, timing__gte=period_start(day, "month"))
            | Q(timing_precision=DatePrecision.YEAR, timing__gte=period_start(day, "year"))
        )

    def filter_timing_before(self, queryset, name, value):
        return queryset.filter(timing__lte=self.filters[name].to_day(value))

    def filter_late(self, queryset, name, value):
        late = WorkItem.objects.late(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def filter_in_last_call(self, queryset, name, value):
        running = WorkItem.objects.in_last_call(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=running) if value else queryset.exclude(pk__in=running)

    def filter_origin_deliverable(self, queryset, name, value):
        return queryset.from_allocation(value)

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            _words(value, "identifier", ["title", "summary", "equivalent_texts"])
        )


class QuestionFilterSet(django_filters.FilterSet):
    study_group = code_choice(
        Group.objects.filter(kind=GroupKind.STUDY_GROUP),
        _("Code of a study group: its Questions (e.g. SG17)."),
        field_name="parent",
    )
    study_period = django_filters.CharFilter(
        help_text=_('Study period as the body writes it (e.g. "2022-2024").'),
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text=_("Words found in the code, name or study objectives.")
    )
    ordering = django_filters.OrderingFilter(
        fields=(("code", "code"), ("name", "name")),
        help_text=_("Sort by code or name; prefix with - for descending."),
    )

    class Meta:
        model = Group
        fields = ["study_period"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(_words(value, "code", ["name", "mandate"]))
