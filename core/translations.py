"""Optional translations of record content (titles, summaries), stored by django-modeltrans.

What the secretariat entered stays in the record's own column (`title`, `summary` …): the API's
fields, search, spreadsheets, feeds and history read it unchanged. Translations live beside it in
the record's `i18n` JSON column, one key per field and language (`title_fr`), and the record says
which language its original is in (`original_language`, English unless told otherwise).

modeltrans's "default language" is the language of the original column; ours differs per record,
so settings name it ORIGINAL (not a language): every one of settings.LANGUAGES then has its own
optional translation, and the original is never rewritten by the active language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslatedVirtualField, TranslationField
from modeltrans.manager import MultilingualManager
from modeltrans.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

# settings.MODELTRANS_DEFAULT_LANGUAGE: the original column, whatever its language.
ORIGINAL = "original"
DEFAULT_ORIGINAL_LANGUAGE = "en"


def content_languages() -> list[str]:
    """The codes a record's original or a translation may be in: settings.LANGUAGES."""
    return [code for code, _name in settings.LANGUAGES]


def content_language_choices() -> list[tuple[str, str]]:
    # A callable, so the migrations do not copy the list (settings.LANGUAGES is the one place).
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def original_language_field() -> models.CharField:
    return models.CharField(
        _("original language"),
        max_length=7,
        choices=content_language_choices,
        default=DEFAULT_ORIGINAL_LANGUAGE,
        help_text=_("The language the title and summary were written in."),
    )


def translation_field(*fields: str) -> TranslationField:
    return TranslationField(fields=fields)


_M = TypeVar("_M", bound=models.Model)


class TranslatedManager(MultilingualManager, models.Manager[_M]):
    """The manager of a translated model, declared as modeltrans would make it at start-up
    (it swaps in a class of its own for a manager that is not one), so the manager keeps a
    name: `objects = TranslatedManager.from_queryset(DeliverableQuerySet)()`."""


class TranslatedModel(models.Model):
    """The base of a model with translations. modeltrans's `<field>_i18n` and
    `<field>_original` are views (the active language's text, the original), not values to
    validate: `clean_fields()` writes each field's cleaned value back, which through
    `title_i18n` would store the original as the active language's translation."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Iterable[str] | None = None) -> None:
        views = {
            field.name
            for field in self._meta.private_fields
            if isinstance(field, TranslatedVirtualField) and field.language in (None, ORIGINAL)
        }
        super().clean_fields(exclude={*(exclude or ()), *views})


class TranslatedHistoricalRecords(HistoricalRecords):
    """History of a model with translations: the `i18n` column is kept (who translated what,
    when); modeltrans's virtual fields (`title_fr`, `title_i18n`) are views of it, not columns."""

    def fields_included(self, model: type[models.Model]) -> list[models.Field]:
        return [
            field
            for field in super().fields_included(model)
            if not isinstance(field, TranslatedVirtualField)
        ]


def language_of(code: str | None) -> str:
    """One of settings.LANGUAGES for an active language such as en-gb (None → English)."""
    languages = content_languages()
    code = (code or "").lower()
    if code in languages:
        return code
    base = code.split("-")[0]
    return base if base in languages else DEFAULT_ORIGINAL_LANGUAGE


def page_language() -> str:
    return language_of(translation.get_language())


def language_name(code: str) -> str:
    """The language's name in the page's language ("anglais" on a French page)."""
    return translation.get_language_info(code)["name_translated"]


def local_language_name(code: str) -> str:
    """The language's name in itself ("Français"), as a translator looks for it."""
    return translation.get_language_info(code)["name_local"]


def translated_fields(model: type[models.Model] | models.Model) -> tuple[str, ...]:
    i18n: Any = model._meta.get_field("i18n")
    return tuple(i18n.fields)


def key(field: str, language: str) -> str:
    return build_localized_fieldname(field, language)


def translation_of(instance: models.Model, field: str, language: str) -> str:
    """The record's own translation of `field` into `language`, or "" (never the original)."""
    stored = getattr(instance, "i18n", None) or {}
    return stored.get(key(field, language)) or ""


def translations(instance: models.Model) -> dict[str, dict[str, str]]:
    """{"fr": {"title": "…"}}: the translations present, by language (the API's shape)."""
    result: dict[str, dict[str, str]] = {}
    for language in content_languages():
        for field in translated_fields(instance):
            if text := translation_of(instance, field, language):
                result.setdefault(language, {})[field] = text
    return result


def set_translations(instance: models.Model, value: Mapping[str, Mapping[str, str]]) -> None:
    """Replaces the record's translations with `value` (the API's shape; validated before)."""
    instance.i18n = {  # type: ignore[attr-defined]
        key(field, language): text
        for language, texts in value.items()
        for field, text in texts.items()
        if text
    }


def translations_shape_errors(value: Any, fields: Iterable[str]) -> list[str]:
    """What is wrong with a `translations` object as the API receives it (empty when nothing)."""
    fields = tuple(fields)
    if not isinstance(value, Mapping):
        return [gettext("Give an object keyed by language code.")]
    errors = []
    languages = content_languages()
    for language, texts in value.items():
        if language not in languages:
            errors.append(
                gettext("“%(language)s” is not a language of this site; use one of %(codes)s.")
                % {"language": language, "codes": ", ".join(languages)}
            )
            continue
        if not isinstance(texts, Mapping):
            errors.append(
                gettext("The translations into “%(language)s” must be an object of texts.")
                % {"language": language}
            )
            continue
        for field, text in texts.items():
            if field not in fields:
                errors.append(
                    gettext("“%(field)s” cannot be translated; translate one of %(fields)s.")
                    % {"field": field, "fields": ", ".join(fields)}
                )
            elif not isinstance(text, str):
                errors.append(
                    gettext("The %(language)s “%(field)s” must be a text.")
                    % {"language": language, "field": field}
                )
            elif "\x00" in text:
                errors.append(
                    gettext("The %(language)s “%(field)s” contains a null character.")
                    % {"language": language, "field": field}
                )
    return errors


def clean_translations(instance: models.Model) -> None:
    """The model's rule, from its `clean()`: an empty translation is no translation. One in the
    original's own language is kept but never shown (the original is): it is the right text
    again once a mistaken `original_language` is corrected."""
    stored = getattr(instance, "i18n", None) or {}
    instance.i18n = {name: text for name, text in stored.items() if text} or None  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Shown:
    """A piece of record content as the page shows it: the translation into the page's
    language when the record has one, else the original; `lang` is the text's language."""

    text: str
    lang: str
    original: str
    original_lang: str

    @property
    def is_translation(self) -> bool:
        return self.lang != self.original_lang


def shown(instance: models.Model, field: str, language: str | None = None) -> Shown:
    language = language or page_language()
    original = getattr(instance, field) or ""
    original_lang = getattr(instance, "original_language", "") or DEFAULT_ORIGINAL_LANGUAGE
    text = "" if language == original_lang else translation_of(instance, field, language)
    if text:
        return Shown(text, language, original, original_lang)
    return Shown(original, original_lang, original, original_lang)
