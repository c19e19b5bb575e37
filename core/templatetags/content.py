"""Record content (titles, summaries) in the page's language when the record has a translation,
marked with the language it is in, and its original one click away (core.translations).

    <h1>{% content deliverable "title" %}</h1>
    {% original deliverable %}
    <div class="prose">{% content deliverable "summary" rich=True %}</div>
    {% block title %}{{ deliverable|translated:"title" }}{% endblock %}

The record's row carries its translations, so a list that shows them makes no extra query.
"""

from __future__ import annotations

from django import template
from django.db.models import Model
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.templatetags.pages import richtext
from core.translations import Shown, language_name, page_language, shown, translated_fields

register = template.Library()


def _bidi(code: str) -> bool:
    return bool(translation.get_language_info(code)["bidi"])


def _attributes(lang: str, page: str) -> SafeString:
    """lang (and dir, when the script runs the other way) for text not in the page's language."""
    if lang == page:
        return SafeString("")
    if _bidi(lang) != _bidi(page):
        return format_html(' lang="{}" dir="{}"', lang, "rtl" if _bidi(lang) else "ltr")
    return format_html(' lang="{}"', lang)


def _render(text: str, lang: str, page: str, rich: bool, tag: str = "span") -> SafeString | str:
    body = richtext(text) if rich else text
    attributes = _attributes(lang, page)
    if rich:
        return format_html("<div{}>{}</div>", attributes, body) if attributes else richtext(text)
    return format_html("<{}{}>{}</{}>", tag, attributes, body, tag) if attributes else body


@register.simple_tag
def content(instance: Model | None, field: str, rich: bool = False) -> SafeString | str:
    """The field as the page shows it: the translation into the page's language if any, else
    the original; in a span (a div when `rich`) with its `lang` when that is not the page's."""
    if instance is None:
        return ""
    page = page_language()
    piece = shown(instance, field, page)
    return _render(piece.text, piece.lang, page, rich)


@register.filter
def translated(instance: Model | None, field: str) -> str:
    """The text alone, for places that take no markup (<title>, <option>, attributes)."""
    return shown(instance, field).text if instance is not None else ""


@register.simple_tag
def original(instance: Model | None) -> SafeString | str:
    """A disclosure with the original of every field the page shows translated: "Original
    (English)", open with one click, each text marked with its language."""
    if instance is None:
        return ""
    page = page_language()
    pieces: list[tuple[str, Shown]] = [
        (field, shown(instance, field, page)) for field in translated_fields(instance)
    ]
    translated_pieces = [(field, piece) for field, piece in pieces if piece.is_translation]
    if not translated_pieces:
        return ""
    original_lang = translated_pieces[0][1].original_lang
    label = gettext("Original (%(language)s)") % {"language": language_name(original_lang)}
    texts = format_html_join(
        "",
        "{}",
        (
            (_render(piece.original, piece.original_lang, page, rich=field == "summary", tag="p"),)
            for field, piece in translated_pieces
        ),
    )
    return format_html('<details class="original"><summary>{}</summary>{}</details>', label, texts)
