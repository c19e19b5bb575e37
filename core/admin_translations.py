"""The optional translations of a record's text on its admin change page (core.translations)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Model
from django.http import HttpRequest
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from core.translations import content_languages, key, local_language_name, translated_fields

ORIGINAL_LANGUAGE_FIELD = "original_language"


class TranslationsAdminMixin:
    """The record's original language beside its text, and one collapsed section per language,
    titled with that language's own name (a translator looks for "Français", "العربية"),
    holding the translations of the record's translated fields. All are optional; the form's
    fields are modeltrans's (`title_fr`), validated as the original field is (its length)."""

    model: type[Model]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if db_field.name == ORIGINAL_LANGUAGE_FIELD and formfield is not None:
            # Its select always sends a language; a form posted without it (a script, an older
            # page) keeps the record's, as Django keeps a defaulted field left out of the data.
            formfield.required = False
        return formfield

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> list[Any]:
        fields = translated_fields(self.model)
        languages = content_languages()
        names = {key(field, language) for field in fields for language in languages}
        fieldsets: list[Any] = [
            (title, {**options, "fields": [f for f in options["fields"] if f not in names]})
            for title, options in super().get_fieldsets(request, obj)  # type: ignore[misc]
        ]
        if ORIGINAL_LANGUAGE_FIELD not in flatten_fieldsets(fieldsets):
            title, options = fieldsets[0]
            fieldsets[0] = (title, {**options, "fields": [*options["fields"], "original_language"]})
        description = _(
            "Optional: shown to readers of the pages in this language, with the original one "
            "click away."
        )
        fieldsets.extend(
            (
                format_lazy("{} ({})", capfirst(local_language_name(language)), language),
                {
                    "fields": [key(field, language) for field in fields],
                    "classes": ["collapse"],
                    "description": description,
                },
            )
            for language in languages
        )
        return fieldsets
