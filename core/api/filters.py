"""The API's filter backend."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which also refuses a parameter no filter reads (`?owner=SG16`
    where the filter is `?owned_by=`): a 400 naming the parameters the endpoint knows, rather
    than a list of everything. (A control character in any parameter was refused before the
    view: core.middleware.)

    Without query parameters the FilterSet is not built at all: every filter of the apps'
    FilterSets (ordering included) leaves the queryset as it is when its value is empty, so
    building the FilterSet and its form (deep copies of every field and choice queryset) for
    nothing was a quarter of a detail request's time."""

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        if not request.query_params:
            return queryset
        self.check_parameters(request, queryset, view)
        return super().filter_queryset(request, queryset, view)

    def check_parameters(self, request, queryset: QuerySet, view) -> None:
        known = self.known_parameters(queryset, view)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            listed = ", ".join(sorted(known))
            message = f"Unknown parameter; this endpoint knows: {listed}."
            raise ValidationError({name: [message] for name in unknown})

    def known_parameters(self, queryset: QuerySet, view) -> set[str]:
        """The query parameters the view reads: its filters (each widget's own names), the
        paginator's, the format override and any the view declares in `query_parameters`."""
        known: set[str] = set(getattr(view, "query_parameters", ()))
        if api_settings.URL_FORMAT_OVERRIDE:
            known.add(api_settings.URL_FORMAT_OVERRIDE)
        paginator = getattr(view, "paginator", None)
        for attribute in (
            "page_query_param",
            "page_size_query_param",
            "cursor_query_param",
            "limit_query_param",
            "offset_query_param",
        ):
            name = getattr(paginator, attribute, None)
            if name:
                known.add(name)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            for name, filter_ in filterset_class.base_filters.items():
                known |= _widget_names(name, filter_)
        return known


def _widget_names(name: str, filter_: Any) -> set[str]:
    """`name`, or the names a multi-part widget reads instead (`<name>_after`, `<name>_min`)."""
    widget = filter_.field_class.widget if hasattr(filter_.field_class, "widget") else None
    suffixes = getattr(widget, "suffixes", None)
    if suffixes:
        return {f"{name}_{suffix}" if suffix else name for suffix in suffixes}
    return {name}
