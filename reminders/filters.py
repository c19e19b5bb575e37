"""FilterSet of the subscriptions API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.follow import followables

from .models import Subscription


class SubscriptionFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=lambda: [(kind, kind) for kind in followables.kinds()],
        method="filter_kind",
        help_text=_("Only subscriptions to groups, deliverables, meetings or liaison statements."),
    )
    ordering = django_filters.OrderingFilter(
        fields=[("created", "created_at")],
        help_text=_("Sort by `created_at` (prefix with `-` for newest first)."),
    )

    class Meta:
        model = Subscription
        fields: list[str] = []

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{f"{value}__isnull": False}) if value else queryset
