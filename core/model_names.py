"""Model and field names in the reader's language.

The admin's labels, column headings and messages ("The deliverable … was changed") come from
the models' and fields' names. A name given in the model with gettext_lazy is translated
already; one Django derives from the Python name ("starts at", "liaison statement") or one
written as a plain string is not. `translate_model_names` (called when the apps are ready) turns
each of those into a lazy translation of the same English, at run time only, so no migration
records it; NAMES lists their English text for makemessages, and a test fails, naming the
name, when a model or field adds one that is not listed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop

from .text import project_models


def untranslated_names() -> Iterator[tuple[Any, str, str]]:
    """(object, attribute, English) for every model or field name not translated yet."""
    for model in project_models():
        opts = model._meta
        if "_" in (opts.object_name or ""):
            continue  # a through table simple_history makes for a many-to-many: never shown
        if not isinstance(opts.verbose_name, Promise):
            yield opts, "verbose_name", str(opts.verbose_name)
        if "verbose_name_plural" not in opts.original_attrs and not getattr(
            opts, "plural_translated", False
        ):
            # Django's default is the English "<name>s": translated as a whole instead.
            yield opts, "verbose_name_plural", f"{opts.verbose_name}s"
        elif not isinstance(opts.verbose_name_plural, Promise):
            yield opts, "verbose_name_plural", str(opts.verbose_name_plural)
        for field in opts.get_fields():
            if not isinstance(field, models.Field) or field.auto_created:
                continue
            if not isinstance(field.verbose_name, Promise):
                yield field, "verbose_name", str(field.verbose_name)


# The English names translate_model_names wrapped: each must be in NAMES (a test checks it).
WRAPPED: set[str] = set()


def translate_model_names() -> None:
    for owner, attribute, english in list(untranslated_names()):
        setattr(owner, attribute, gettext_lazy(english))
        if attribute == "verbose_name_plural":
            owner.plural_translated = True
        WRAPPED.add(english)


NAMES: tuple[str, ...] = (
    gettext_noop("API token names"),
    gettext_noop("action item"),
    gettext_noop("action items"),
    gettext_noop("affiliation"),
    gettext_noop("all day"),
    gettext_noop("approval track"),
    gettext_noop("approved"),
    gettext_noop("approved at"),
    gettext_noop("approved by action"),
    gettext_noop("approved precision"),
    gettext_noop("approving meeting"),
    gettext_noop("attachment"),
    gettext_noop("attachments"),
    gettext_noop("attempts"),
    gettext_noop("base text"),
    gettext_noop("change"),
    gettext_noop("change type"),
    gettext_noop("changes"),
    gettext_noop("claim token"),
    gettext_noop("claimed at"),
    gettext_noop("closed on"),
    gettext_noop("closing note"),
    gettext_noop("code"),
    gettext_noop("concerned groups"),
    gettext_noop("contact"),
    gettext_noop("content type"),
    gettext_noop("contribution deadline"),
    gettext_noop("contribution deadline time"),
    gettext_noop("country"),
    gettext_noop("created"),
    gettext_noop("date"),
    gettext_noop("date precision"),
    gettext_noop("deadline"),
    gettext_noop("decided at"),
    gettext_noop("decided by"),
    gettext_noop("decision"),
    gettext_noop("deliverable"),
    gettext_noop("deliverables"),
    gettext_noop("delivery"),
    gettext_noop("description"),
    gettext_noop("direction"),
    gettext_noop("distribution lines"),
    gettext_noop("document"),
    gettext_noop("documents"),
    gettext_noop("due date"),
    gettext_noop("email"),
    gettext_noop("enabled"),
    gettext_noop("ends at"),
    gettext_noop("ends on"),
    gettext_noop("ends on precision"),
    gettext_noop("equivalent texts"),
    gettext_noop("error"),
    gettext_noop("established"),
    gettext_noop("established precision"),
    gettext_noop("file"),
    gettext_noop("format"),
    gettext_noop("from groups"),
    gettext_noop("from note"),
    gettext_noop("group"),
    gettext_noop("groups"),
    gettext_noop("happened at"),
    gettext_noop("held with"),
    gettext_noop("history change reason"),
    gettext_noop("history date"),
    gettext_noop("history id"),
    gettext_noop("history type"),
    gettext_noop("history user"),
    gettext_noop("honorific"),
    gettext_noop("host"),
    gettext_noop("i18n"),
    gettext_noop("id"),
    gettext_noop("identifier"),
    gettext_noop("item key"),
    gettext_noop("item label"),
    gettext_noop("item url"),
    gettext_noop("items"),
    gettext_noop("key"),
    gettext_noop("kind"),
    gettext_noop("kinds"),
    gettext_noop("last attempt at"),
    gettext_noop("last error"),
    gettext_noop("last updated"),
    gettext_noop("lead days"),
    gettext_noop("liaison statement"),
    gettext_noop("liaison statements"),
    gettext_noop("lifetime decision"),
    gettext_noop("lifetime end"),
    gettext_noop("lifetime end precision"),
    gettext_noop("mandate"),
    gettext_noop("meeting"),
    gettext_noop("meeting starts at"),
    gettext_noop("meetings"),
    gettext_noop("message id"),
    gettext_noop("moderators"),
    gettext_noop("name"),
    gettext_noop("name (AR)"),
    gettext_noop("name (EN)"),
    gettext_noop("name (ES)"),
    gettext_noop("name (FR)"),
    gettext_noop("name (ORIGINAL)"),
    gettext_noop("name (RU)"),
    gettext_noop("name (ZH-HANS)"),
    gettext_noop("nobody reachable"),
    gettext_noop("note"),
    gettext_noop("number"),
    gettext_noop("object pk"),
    gettext_noop("objectives"),
    gettext_noop("on created"),
    gettext_noop("on deleted"),
    gettext_noop("on updated"),
    gettext_noop("organisers"),
    gettext_noop("origin deliverable"),
    gettext_noop("origin document"),
    gettext_noop("origin note"),
    gettext_noop("original name"),
    gettext_noop("outcome"),
    gettext_noop("owner"),
    gettext_noop("parent"),
    gettext_noop("part of"),
    gettext_noop("payload"),
    gettext_noop("person"),
    gettext_noop("personal calendar keys"),
    gettext_noop("position"),
    gettext_noop("purpose"),
    gettext_noop("questions"),
    gettext_noop("recipient"),
    gettext_noop("recipient name"),
    gettext_noop("reference"),
    gettext_noop("related deliverables"),
    gettext_noop("related groups"),
    gettext_noop("related liaisons"),
    gettext_noop("reminder settings"),
    gettext_noop("replies to"),
    gettext_noop("reply deadline"),
    gettext_noop("reply deadline time"),
    gettext_noop("response code"),
    gettext_noop("response ms"),
    gettext_noop("responsible group"),
    gettext_noop("responsible note"),
    gettext_noop("responsible person"),
    gettext_noop("revision"),
    gettext_noop("role"),
    gettext_noop("roles"),
    gettext_noop("search vector"),
    gettext_noop("secret"),
    gettext_noop("sent at"),
    gettext_noop("session"),
    gettext_noop("sessions"),
    gettext_noop("size"),
    gettext_noop("slug"),
    gettext_noop("source"),
    gettext_noop("source group"),
    gettext_noop("speakers"),
    gettext_noop("stage"),
    gettext_noop("starts at"),
    gettext_noop("starts on"),
    gettext_noop("starts on precision"),
    gettext_noop("statement"),
    gettext_noop("status"),
    gettext_noop("status changed on"),
    gettext_noop("status decision"),
    gettext_noop("study group"),
    gettext_noop("study period"),
    gettext_noop("subscription"),
    gettext_noop("subscriptions"),
    gettext_noop("succession kind"),
    gettext_noop("succession note"),
    gettext_noop("successor"),
    gettext_noop("summary"),
    gettext_noop("summary (AR)"),
    gettext_noop("summary (EN)"),
    gettext_noop("summary (ES)"),
    gettext_noop("summary (FR)"),
    gettext_noop("summary (ORIGINAL)"),
    gettext_noop("summary (RU)"),
    gettext_noop("summary (ZH-HANS)"),
    gettext_noop("sweep date"),
    gettext_noop("text"),
    gettext_noop("time zone"),
    gettext_noop("timing"),
    gettext_noop("timing precision"),
    gettext_noop("title"),
    gettext_noop("title (AR)"),
    gettext_noop("title (EN)"),
    gettext_noop("title (ES)"),
    gettext_noop("title (FR)"),
    gettext_noop("title (ORIGINAL)"),
    gettext_noop("title (RU)"),
    gettext_noop("title (ZH-HANS)"),
    gettext_noop("to all study groups"),
    gettext_noop("to groups"),
    gettext_noop("token"),
    gettext_noop("transaction"),
    gettext_noop("type"),
    gettext_noop("url"),
    gettext_noop("user"),
    gettext_noop("venue"),
    gettext_noop("webhook"),
    gettext_noop("webhooks"),
    gettext_noop("week of"),
    gettext_noop("weekly digest"),
    gettext_noop("weekly digests"),
    gettext_noop("work item"),
    gettext_noop("work item editor"),
    gettext_noop("work item editors"),
    gettext_noop("work item event"),
    gettext_noop("work item events"),
    gettext_noop("work items"),
)
