"""Form pieces shared by the apps' filter forms.

A filter on a related record (a group, a meeting) cannot be a `<select>` of every record: at a
real work programme's size that is thousands of options on every list page, and the page grows
with the table. `CodeChoiceField` takes the record's code typed in a text box instead, and the
box suggests a bounded set of likely codes through a `<datalist>`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.codes import check_code
from core.local_times import aware_local_time

SUGGESTION_LIMIT = 50
"""The most codes a filter box suggests, whatever the suggestions' queryset holds."""


class CodeInput(forms.TextInput):
    """A text box with a `<datalist>` of suggested codes (one query, at most SUGGESTION_LIMIT
    rows), labelled `code — name` when the record has a name of its own."""

    def __init__(
        self,
        suggestions: Callable[[], QuerySet],
        code_field: str = "code",
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.suggestions = suggestions
        self.code_field = code_field

    def suggestion_rows(self) -> list[tuple[str, str]]:
        rows = []
        for record in self.suggestions()[:SUGGESTION_LIMIT]:
            code = str(getattr(record, self.code_field))
            name = str(getattr(record, "name", "") or getattr(record, "title", "") or "")
            rows.append((code, f"{code} — {name}" if name and name != code else code))
        return rows

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or f'id_{name}'}-suggestions"
        attrs["list"] = list_id
        box = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', self.suggestion_rows())
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Model):
            return str(getattr(value, self.code_field))
        return super().format_value(value)


class CodeChoiceField(forms.ModelChoiceField):
    """A record chosen by its code, typed in (exactly or in other letter case), with a clear
    message when no record has that code. Renders as a `CodeInput`."""

    default_error_messages = {
        "invalid_choice": _("There is no %(kind)s with the code “%(value)s”."),
    }

    def __init__(
        self,
        queryset: QuerySet,
        *,
        suggestions: Callable[[], QuerySet],
        code_field: str = "code",
        kind: str = "record",
        placeholder: str = "",
        **kwargs: Any,
    ) -> None:
        attrs = {"placeholder": placeholder} if placeholder else {}
        kwargs.setdefault("widget", CodeInput(suggestions, code_field, attrs))
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, to_field_name=code_field, **kwargs)
        self.kind = kind

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Model):
            return getattr(value, self.to_field_name or "pk")
        return super().prepare_value(value)

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        code = str(value).strip()[:128]
        field = self.to_field_name or "pk"
        records = cast(QuerySet, self.queryset)
        # A code no record can have (a control character, a space) is refused before a query.
        check_code(records.model, field, code, what=f"{self.kind} code")
        found = (
            records.filter(**{field: code}).first()
            or records.filter(**{f"{field}__iexact": code}).first()
        )
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": code, "kind": self.kind},
            )
        return found


class LocalSplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date-and-hour field, read in the active time zone (a meeting's, on its pages)
    through `core.local_times`: a time a daylight-saving change skips or doubles is refused
    naming the possible times, with the message the API gives, not Django's generic "couldn't
    be interpreted in time zone ...; it may be ambiguous or it may not exist"."""

    def compress(self, data_list: tuple[dt.date, dt.time] | None) -> Any:
        if data_list and all(part is not None for part in data_list[:2]):
            zone = timezone.get_current_timezone()
            naive = dt.datetime.combine(data_list[0], data_list[1])
            if settings.USE_TZ and isinstance(zone, zoneinfo.ZoneInfo):
                return aware_local_time(naive, zone)
        return super().compress(data_list)


# For an admin's `formfield_overrides`: its dates and hours read as `LocalSplitDateTimeField`.
ADMIN_LOCAL_TIMES: dict[type[models.Field], dict[str, Any]] = {
    models.DateTimeField: {"form_class": LocalSplitDateTimeField, "widget": AdminSplitDateTime}
}
