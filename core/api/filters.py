"""The API's filter backend."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from core.filters import ModifiedSinceFilter
from core.models import Timestamped

MODIFIED_SINCE = "modified_since"
_WITH_MODIFIED_SINCE: dict[type[FilterSet], type[FilterSet]] = {}


def with_modified_since(filterset_class: type[FilterSet]) -> type[FilterSet]:
    """`filterset_class` with `?modified_since=` added when its model keeps `last_updated`
    (built once per FilterSet). One filter for every list: a tool that re-reads what changed
    since its last visit asks every endpoint the same way."""
    model = filterset_class._meta.model
    if (
        model is None
        or not issubclass(model, Timestamped)
        or MODIFIED_SINCE in filterset_class.base_filters
    ):
        return filterset_class
    try:
        return _WITH_MODIFIED_SINCE[filterset_class]
    except KeyError:
        pass
    extended = type(
        filterset_class.__name__,
        (filterset_class,),
        {MODIFIED_SINCE: ModifiedSinceFilter(), "__module__": filterset_class.__module__},
    )
    _WITH_MODIFIED_SINCE[filterset_class] = extended
    return extended


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

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        return with_modified_since(filterset_class)

    def get_filterset(self, request, queryset: QuerySet, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            name_allowed_choices(filterset.form)
        return filterset

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


def name_allowed_choices(form: forms.Form) -> None:
    """An unknown choice in a query parameter (`?purpose=urgent`) is refused with the allowed
    values listed, as a body's is (core.api.fields.ChoiceField)."""
    for field in form.fields.values():
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices: Iterable[tuple[Any, Any]] = field.choices  # type: ignore[assignment]
            allowed = ", ".join(str(value) for value, _ in choices if value != "")
            # %(value)s stays for the field to fill with what was sent.
            field.error_messages["invalid_choice"] = gettext(
                "Select a valid choice. %(value)s is not one of the available choices: %(allowed)s."
            ) % {"value": "%(value)s", "allowed": allowed}


def _widget_names(name: str, filter_: Any) -> set[str]:
    """`name`, or the names a multi-part widget reads instead (`<name>_after`, `<name>_min`)."""
    widget = filter_.field_class.widget if hasattr(filter_.field_class, "widget") else None
    suffixes = getattr(widget, "suffixes", None)
    if suffixes:
        return {f"{name}_{suffix}" if suffix else name for suffix in suffixes}
    return {name}
