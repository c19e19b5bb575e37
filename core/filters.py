"""Filter building blocks shared by every app's FilterSets (API and public pages alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField, ModelChoiceField

from core.codes import check_code
from core.dates import (
    DATE_RANGE_MESSAGE,
    DateOutOfRange,
    parse_partial_date,
    period_end,
    period_start,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def choices_help(text: StrOrPromise, choices: Iterable[tuple[str, str]]) -> StrOrPromise:
    """'Kind of group (repeat for several): study_group, focus_group.' for a MultipleChoiceFilter."""
    values = ", ".join(value for value, _label in choices)
    return format_lazy(_("{text} (repeat for several): {values}."), text=text, values=values)


class PartialDateFormField(forms.CharField):
    """YYYY-MM-DD, YYYY-MM or YYYY, cleaned to (first day of the period, precision)."""

    default_error_messages = {
        "invalid": _("Use YYYY-MM-DD, YYYY-MM or YYYY."),
        "out_of_range": DATE_RANGE_MESSAGE,
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_partial_date(value)
        except DateOutOfRange:
            raise forms.ValidationError(
                self.error_messages["out_of_range"], code="out_of_range"
            ) from None
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class PartialDateFilter(django_filters.CharFilter):
    """A date filter that takes a month ("2023-10") as well as a day.

    `bound="start"` compares against the first day of the period given, `bound="end"` against its
    last day, so `approved_before=2023-10` includes the whole of October."""

    field_class = PartialDateFormField

    def __init__(self, *args, bound: str = "start", **kwargs):
        self.bound = bound
        super().__init__(*args, **kwargs)

    def to_day(self, value: tuple[dt.date, str]) -> dt.date:
        day, precision = value
        return period_end(day, precision) if self.bound == "end" else period_start(day, precision)


class CodeFormField(ModelChoiceField):
    """A record's code, checked against the code field's own kind (core.codes) before the
    lookup: one that no record can have is refused without a query."""

    def to_python(self, value):
        if value not in self.empty_values:
            model = self.queryset.model
            value = check_code(model, self.to_field_name or "pk", str(value).strip())
        return super().to_python(value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter, django_filters.CharFilter):
    """A record given by its natural code (SG17) or slug, never by database id; an unknown code
    is a 400 naming the filter. CharFilter is among its bases so the OpenAPI schema documents it
    as a string, with its help text, rather than guessing from the model."""

    field_class = CodeFormField


def code_choice(queryset: QuerySet, help_text: str, **kwargs) -> CodeChoiceFilter:
    return CodeChoiceFilter(queryset=queryset, to_field_name="code", help_text=help_text, **kwargs)


class StrictNullBooleanSelect(forms.NullBooleanSelect):
    """The yes/no/unknown select, passing on the value as sent (Django's reads 2, True and on
    as yes, anything else as "unknown"), so the field decides what it accepts."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictNullBooleanField(forms.NullBooleanField):
    """Exactly what the OpenAPI schema says of a boolean query parameter: `true` or `false`.
    Empty, and the select's "unknown" (the browsable API's filter form sends it), mean not given.
    Django's own field also reads 1/0, True/False and the old select's 2/3, which the schema
    calls invalid: a client sending `?current=1` would not know which it got."""

    widget = StrictNullBooleanSelect
    default_error_messages = {"invalid": _("Use true or false.")}
    READ = {"true": True, "false": False, True: True, False: False}
    NOT_GIVEN = (None, "", "unknown")

    def to_python(self, value):
        if value in self.NOT_GIVEN:
            return None
        if isinstance(value, str | bool) and value in self.READ:
            return self.READ[value]
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    """true or false; empty (or the select's "unknown") for not given; anything else a 400 naming
    the filter. django-filter's own reads `?active=maybe` as not given and lists everything."""

    field_class = StrictNullBooleanField


class ModifiedSinceFormField(IsoDateTimeField):
    """An ISO 8601 date and time; one without an offset is read in the site's time zone. A
    value the calendar cannot hold once moved to UTC (year 9999 at -14:00) is refused like any
    other malformed value, not left to fail in the database."""

    default_error_messages = {
        "invalid": _("Use an ISO 8601 date and time, for example 2024-05-01T09:30:00Z."),
    }

    def to_python(self, value):
        try:
            moment = super().to_python(value)
            if moment is not None:
                moment.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return moment


class ModifiedSinceFilter(django_filters.IsoDateTimeFilter):
    """`?modified_since=`: the records changed (or created) at or after a moment, read from
    `last_updated` (core.models.Timestamped, indexed). The API's filter backend gives it to the
    list of every Timestamped model (core.api.filters), so no FilterSet declares it itself."""

    field_class = ModifiedSinceFormField

    def __init__(self, **kwargs):
        kwargs.setdefault("field_name", "last_updated")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault(
            "help_text",
            _(
                "Only records created or changed at or after this moment (ISO 8601, e.g. "
                "2024-05-01T09:30:00Z; without an offset, the site's time zone)."
            ),
        )
        super().__init__(**kwargs)
