"""A record's optional translations in the API: one `translations` field beside the original
fields, which stay what the secretariat entered (core.translations)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from core.api.validation import PlainMessagesMixin
from core.translations import (
    content_languages,
    key,
    set_translations,
    translated_fields,
    translations,
    translations_shape_errors,
)


class TranslationsField(PlainMessagesMixin, serializers.Field):
    """`{"fr": {"title": "…"}}`: the translations present, by language and field. Written
    whole: the object given replaces the record's translations (an empty text removes one)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        # Left out of a write, the record's translations stay as they are.
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "Optional translations of the record's text, by language code and field; the "
                "original fields hold the text as entered, in `original_language`. Written "
                "whole: the object given replaces the record's translations."
            ),
        )
        super().__init__(**kwargs)

    @property
    def model(self) -> Any:
        return self.parent.Meta.model  # type: ignore[attr-defined]

    def to_representation(self, instance: Any) -> dict[str, dict[str, str]]:
        return translations(instance)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        fields = translated_fields(self.model)
        errors = translations_shape_errors(data, fields)
        if not errors:
            for language, texts in data.items():
                for field, text in texts.items():
                    limit = self.model._meta.get_field(field).max_length
                    if limit and len(text) > limit:
                        errors.append(
                            gettext(
                                "The %(language)s “%(field)s” has more than %(limit)d characters."
                            )
                            % {"language": language, "field": field, "limit": limit}
                        )
        if errors:
            raise serializers.ValidationError(errors)
        holder = self.model()
        set_translations(holder, data)
        return {"i18n": holder.i18n or None}


class TranslationsSerializerMixin:
    """For a ModelSerializer of a translated model with a `translations` field: the model's
    rules on a translation (core.translations.clean_translations), keyed there by the admin
    form's field (`title_fr`), are the `translations` field's errors here."""

    def validate(self, attrs: dict) -> dict:
        try:
            return super().validate(attrs)  # type: ignore[misc]
        except serializers.ValidationError as exc:
            detail: Any = exc.detail
            if not isinstance(detail, dict):
                raise
            model = self.Meta.model  # type: ignore[attr-defined]
            names = {
                key(field, language)
                for field in translated_fields(model)
                for language in content_languages()
            }
            moved = [message for name in names for message in detail.pop(name, [])]
            if moved:
                detail.setdefault("translations", []).extend(moved)
            raise serializers.ValidationError(detail) from exc


class TranslationsFieldSchema(OpenApiSerializerFieldExtension):
    """The languages and fields a record's translations may have, in the OpenAPI schema."""

    target_class = "core.api.translations.TranslationsField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict:
        model = self.target.parent.Meta.model
        texts: dict[str, Any] = {}
        for field in translated_fields(model):
            schema: dict[str, Any] = {"type": "string"}
            if limit := model._meta.get_field(field).max_length:
                schema["maxLength"] = limit
            texts[field] = schema
        per_language = {"type": "object", "properties": texts, "additionalProperties": False}
        return {
            "type": "object",
            "properties": dict.fromkeys(content_languages(), per_language),
            "additionalProperties": False,
            "description": str(self.target.help_text),
        }
