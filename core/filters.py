"""Filter building blocks shared by every app's FilterSets (API and public pages alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import django_filters
from django import forms
from django.db.models import QuerySet

from core.dates import parse_partial_date, period_end, period_start


def choices_help(text: str, choices: Iterable[tuple[str, str]]) -> str:
    """'Kind of group (repeat for several): study_group, focus_group.' for a MultipleChoiceFilter."""
    return f"{text} (repeat for several): " + ", ".join(value for value, _ in choices) + "."


class PartialDateFormField(forms.CharField):
    """YYYY-MM-DD, YYYY-MM or YYYY, cleaned to (first day of the period, precision)."""

    default_error_messages = {"invalid": "Use YYYY-MM-DD, YYYY-MM or YYYY."}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_partial_date(value)
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


class CodeChoiceFilter(django_filters.ModelChoiceFilter, django_filters.CharFilter):
    """A record given by its natural code (SG17) or slug, never by database id; an unknown code
    is a 400 naming the filter. CharFilter is among its bases so the OpenAPI schema documents it
    as a string, with its help text, rather than guessing from the model."""


def code_choice(queryset: QuerySet, help_text: str, **kwargs) -> CodeChoiceFilter:
    return CodeChoiceFilter(queryset=queryset, to_field_name="code", help_text=help_text, **kwargs)
