"""Admin building blocks whose cost does not grow with the table: a code input filter in place of
a list of every related record, a paginator that does not count a big table, a mixin that wires
both, and the migration operation adding the trigram indexes the admin's searches use.

Not a ModelAdmin module: core registers nothing (autodiscover imports it and finds nothing)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import (
    flatten_fieldsets,
    get_fields_from_path,
    lookup_spawns_duplicates,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.text import smart_split
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .migration_operations import PostgresOnlyIndexes, trigram_index
from .pages import capped_count

# Beyond this many rows a changelist says "more than" instead of counting every one: a count
# stops at the cap (LIMIT-ed subquery), so a filter matching half of a 100k table costs the same
# as one matching a tenth of it.
COUNT_CAP = 2_000

# --- counting -------------------------------------------------------------------------------


def estimated_rows(model: type[Model], using: str) -> int | None:
    """PostgreSQL's estimate of the table's rows (pg_class.reltuples, kept by ANALYZE and
    autovacuum), or None elsewhere and for a table never analysed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(model._meta.db_table)],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None and row[0] >= 0 else None


class CappedCountPaginator(Paginator):
    """Counts at most `COUNT_CAP` + 1 rows. An unfiltered changelist of a big table takes the
    planner's estimate instead (one catalogue read, no scan); a filtered or small one is counted
    exactly up to the cap. `count_is_capped` tells the template to say "more than"."""

    count_is_capped: bool = False
    count_is_estimated: bool = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().count
        if not rows.query.where:
            estimate = estimated_rows(rows.model, rows.db)
            if estimate is not None and estimate > COUNT_CAP:
                self.count_is_estimated = True
                return estimate
        counted = capped_count(rows, COUNT_CAP)
        self.count_is_capped = counted.more
        return int(counted)


class CappedChangeList(ChangeList):
    """Django's changelist, which without the full count would say "n results (Show all)" on
    an unfiltered list too: unfiltered, the total is the listed count, as Django shows it."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        if self.full_result_count is None and not self.has_active_filters and not self.query:
            self.full_result_count = self.result_count


# --- no lost update -----------------------------------------------------------------------------

VERSION_FIELD = "record_version"


def _version(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).isoformat() if value else ""


def last_change(obj: Model) -> str:
    """Who last changed `obj` and when, from its history (django-simple-history): "Ada Lovelace
    (ada) at 2026-12-04 09:30 UTC", or without a name when the history has none."""
    history = getattr(obj, "history", None)
    latest = history.order_by("-history_date", "-history_id").first() if history else None
    if latest is None:
        return gettext("someone else")
    when = latest.history_date.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    user = latest.history_user
    if user is None:
        return gettext("someone else (no user recorded, e.g. a scheduled task) at %(when)s") % {
            "when": when
        }
    name = user.get_full_name()
    who = f"{name} ({user.get_username()})" if name else user.get_username()
    return gettext("%(who)s at %(when)s") % {"who": who, "when": when}


def _versioned(model: type[Model]) -> bool:
    return any(field.name == "last_updated" for field in model._meta.concrete_fields)


class VersionedFormMixin(forms.BaseForm):
    """A hidden field holds the record's `last_updated` as the page showed it; `clean()` locks
    the row (until the admin's transaction ends) and refuses the save when the record has
    changed since, naming who changed it, so nothing of theirs is overwritten."""

    instance: Model

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            # As the database holds it, not as the instance says: the history page's "revert"
            # form shows an old version of the record, and saving it replaces the current one.
            current = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("last_updated", flat=True)
                .first()
            )
            self.initial[VERSION_FIELD] = _version(current)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        seen = (cleaned.get(VERSION_FIELD) or "").strip()
        if self.instance.pk is None or not seen:
            return cleaned
        current = (
            type(self.instance)
            ._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("last_updated", flat=True)
            .first()
        )
        if current is None:
            raise ValidationError(
                _("This record was deleted since you opened this page; nothing was saved.")
            )
        if _version(current) != seen:
            raise ValidationError(
                _(
                    "This record was changed by %(who)s, after you opened this page. Your changes "
                    "were not saved, so as not to overwrite theirs: open the record again (in a new "
                    "tab, to keep what you typed here) and make your change there."
                ),
                code="stale",
                params={"who": last_change(self.instance)},
            )
        return cleaned


class VersionedRowFormMixin(VersionedFormMixin):
    """A changelist row (`list_editable`): the version is the row as the page loaded it (no
    query per row), and a row whose only difference is its version (someone changed a column
    the list does not show) is neither refused nor saved again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(VersionedFormMixin, self).__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            self.initial[VERSION_FIELD] = _version(getattr(self.instance, "last_updated", None))

    def has_changed(self) -> bool:
        return bool(set(self.changed_data) - {VERSION_FIELD})

    def clean(self) -> dict[str, Any]:
        if not self.has_changed():
            return super(VersionedFormMixin, self).clean() or self.cleaned_data
        return super().clean()


class _HiddenWithVersion(forms.HiddenInput):
    """The row's hidden primary key, followed by its version: the changelist template renders
    the primary key of each row, and no other hidden field of it."""

    def __init__(self, version: Any) -> None:
        super().__init__()
        self.version = version

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, attrs, renderer) + str(self.version)


class ConcurrentEditAdminMixin:
    """For the admins of Timestamped records: the change form refuses a stale save
    (`VersionedFormMixin`). The hidden field rides in the first fieldset, so every layout,
    declared fieldsets included, submits it. Inline rows are covered through their parent: an
    admin save of the page changes the parent's `last_updated`, so a second page opened before
    it is refused as a whole. The rows of a changelist with `list_editable` each carry their
    version too (`VersionedRowFormMixin`), riding with the row's hidden primary key."""

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ):
        form = kwargs.get("form") or self.form  # type: ignore[attr-defined]
        if _versioned(self.model) and not issubclass(form, VersionedFormMixin):  # type: ignore[attr-defined]
            # Declared on the class (not added in __init__), so the admin's fieldsets may name it.
            hidden = forms.CharField(required=False, widget=forms.HiddenInput)
            kwargs["form"] = type(
                form.__name__, (VersionedFormMixin, form), {VERSION_FIELD: hidden}
            )
        return super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any):
        form = super().get_changelist_form(request, **kwargs)  # type: ignore[misc]
        if not _versioned(self.model):  # type: ignore[attr-defined]
            return form
        hidden = forms.CharField(required=False, widget=forms.HiddenInput)
        return type(form.__name__, (VersionedRowFormMixin, form), {VERSION_FIELD: hidden})

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any):
        formset = super().get_changelist_formset(request, **kwargs)  # type: ignore[misc]
        if not _versioned(self.model):  # type: ignore[attr-defined]
            return formset

        def add_fields(formset_self: Any, form: forms.BaseForm, index: Any) -> None:
            formset.add_fields(formset_self, form, index)
            pk_name = formset_self.model._meta.pk.name
            if pk_name in form.fields and VERSION_FIELD in form.fields:
                form.fields[pk_name].widget = _HiddenWithVersion(form[VERSION_FIELD])

        return type(formset.__name__, (formset,), {"add_fields": add_fields})

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> list:
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        if obj is None or not fieldsets or not _versioned(type(obj)):
            return fieldsets
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
        return fieldsets


class BigTableAdminMixin(ConcurrentEditAdminMixin):
    """For the changelists of tables that grow with the work programme: no full count beside
    the filtered one, the capped paginator, no "show all" past one page. It is the base of every
    record's admin, so it brings the refusal of stale saves too (`ConcurrentEditAdminMixin`)."""

    show_full_result_count = False
    paginator = CappedCountPaginator
    list_max_show_all = 100

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return CappedChangeList

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """Django's search, each word matched as a union of one lookup per search field when a
        field crosses a relation. Django ORs the lookups across their joins, which PostgreSQL
        answers by joining every row of the table to every related table before filtering (a
        search of 5,000 subscriptions read them all); each lookup alone is an index scan of its
        own table. The lookups are Django's own (prefixes, quoted phrases), field by field."""
        search_fields = self.get_search_fields(request)  # type: ignore[attr-defined]
        fields = [str(field) for field in search_fields]
        if not search_term or not any("__" in field for field in fields):
            return super().get_search_results(request, queryset, search_term)  # type: ignore[misc]
        every = self.model._default_manager.order_by()  # type: ignore[attr-defined]
        for word in smart_split(search_term):
            matching = None
            for field in fields:
                one_field = copy.copy(self)
                one_field.search_fields = [field]  # type: ignore[attr-defined]
                found, _ = super(BigTableAdminMixin, one_field).get_search_results(  # type: ignore[misc]
                    request, every, word
                )
                ids = found.order_by().values("pk")
                matching = ids if matching is None else matching.union(ids)
            queryset = queryset.filter(pk__in=matching)
        return queryset, False


# --- filters --------------------------------------------------------------------------------


class InputFilter(admin.SimpleListFilter):
    """A list filter that is a text box (a GET form keeping the other parameters) instead of a
    list of choices: the page stays the same size whatever the table's. A subclass gives
    `parameter_name`, `title`, a `placeholder` and its `queryset`."""

    template = "admin/input_filter.html"
    placeholder: ClassVar[str] = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return []

    def has_output(self) -> bool:
        return True

    def get_facet_counts(self, pk_attname: str, filtered_qs: QuerySet) -> dict:
        return {}

    def choices(self, changelist: ChangeList) -> Iterator[Any]:
        value = self.value() or ""
        parameter = str(self.parameter_name)
        yield {
            "selected": not value,
            "query_string": changelist.get_query_string(remove=[parameter]),
            "display": _("All"),
            "value": value,
            "parameter_name": parameter,
            "placeholder": self.placeholder,
            # The other parameters ride along as hidden fields, so typing a value keeps the
            # other filters, the search and the order.
            "hidden": [
                (name, item)
                for name, items in changelist.filter_params.items()
                if name != parameter
                for item in items
            ],
        }


class RelatedCodeFilter(InputFilter):
    """A text box for the code of a related record (a group, a meeting, a deliverable) in place
    of a list of every related record; filtering costs one indexed look-up of the code. Made
    with `related_code_filter`.

    An unknown code lists nothing and says so; it is never an error page."""

    field_path: ClassVar[str] = ""
    code_field: ClassVar[str] = "code"

    def related_model(self, model: type[Model]) -> type[Model]:
        related = get_fields_from_path(model, self.field_path)[-1].related_model
        if related is None:
            raise ImproperlyConfigured(f"{self.field_path} is not a relation of {model}")
        return related

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        code = (self.value() or "").strip()[:100]
        if not code:
            return queryset
        related = self.related_model(queryset.model)
        found = related._default_manager.filter(**{f"{self.code_field}__iexact": code}).first()
        if found is None:
            words = {"what": related._meta.verbose_name, "code": code, "example": self.placeholder}
            messages.warning(
                request,
                gettext(
                    "No %(what)s has the code “%(code)s”, so nothing is listed: type a code as "
                    "its page shows it, such as %(example)s."
                )
                % words
                if self.placeholder
                else gettext(
                    "No %(what)s has the code “%(code)s”, so nothing is listed: type a code as "
                    "its page shows it."
                )
                % words,
            )
            return queryset.none()
        return self.filter_by(queryset, found)

    def filter_by(self, queryset: QuerySet, found: Model) -> QuerySet:
        """The rows related to `found`; an app's filter may ask its own QuerySet method."""
        if lookup_spawns_duplicates(queryset.model._meta, self.field_path):
            # Through a many-valued relation: a subquery, so no row is listed twice and no
            # DISTINCT sorts the whole table.
            matching = queryset.model._default_manager.filter(**{self.field_path: found})
            return queryset.filter(pk__in=matching.values("pk"))
        return queryset.filter(**{self.field_path: found})


def related_code_filter(
    field_path: str, title: str, *, code_field: str = "code", placeholder: str = ""
) -> type[RelatedCodeFilter]:
    """A `RelatedCodeFilter` on `field_path` (a foreign key or many-to-many path such as
    "group" or "roles__group"), its parameter named after the path and code: ?group__code=SG17."""
    return type(
        f"{field_path.title().replace('__', '')}CodeFilter",
        (RelatedCodeFilter,),
        {
            "title": title,
            "parameter_name": f"{field_path}__{code_field}",
            "field_path": field_path,
            "code_field": code_field,
            "placeholder": placeholder,
        },
    )


# --- indexes --------------------------------------------------------------------------------


class AddTrigramSearchIndexes(PostgresOnlyIndexes):
    """A migration operation (PostgreSQL only, nothing elsewhere): a GIN trigram index on
    `UPPER(column::text)` for each field, the expression of the `icontains` lookup the admin's
    search runs, so a search by part of a title uses an index instead of reading the table.
    Needs pg_trgm (core 0002). Kept out of `Meta.indexes`, which SQLite would build too."""

    # An expression index has no statistics until the table is analysed; without them the
    # planner takes every "%word%" for rare and sorts all of a common word's matches instead
    # of walking the ordering's index (34,000 of 100,000 documents match "network").
    analyze = True

    def __init__(self, model_name: str, fields: list[str]) -> None:
        self.model_name = model_name
        self.fields = fields

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"model_name": self.model_name, "fields": self.fields}
        return self.__class__.__qualname__, [], kwargs

    def indexes(self, model: Any, quote: Any) -> Iterator[tuple[str, str]]:
        for name in self.fields:
            yield trigram_index(model, name, quote, suffix="admin_trgm")

    def describe(self) -> str:
        return f"Admin search trigram indexes on {self.model_name}: {', '.join(self.fields)}"


# --- notes on the source --------------------------------------------------------------------

QUIRK_FIELD = "quirk"
QUIRK_FIELDSET_TITLE = _("Note on the source")


class QuirkAdminMixin:
    """Shows a record's note on the source (`core.fields.QuirkField`, written by the demo data
    loader) read-only, in a section of its own at the end of the change page, so staff see why a
    value differs from the document before they "correct" it. Records without a note show no
    such section; the note is never part of the form."""

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if _has_quirk(obj) and QUIRK_FIELD not in fields:
            fields.append(QUIRK_FIELD)
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> list[Any]:
        fieldsets = [
            (name, {**options, "fields": _without_quirk(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)  # type: ignore[misc]
        ]
        if _has_quirk(obj):
            fieldsets.append((QUIRK_FIELDSET_TITLE, {"fields": [QUIRK_FIELD]}))
        return fieldsets


def _has_quirk(obj: Model | None) -> bool:
    return bool(obj is not None and getattr(obj, QUIRK_FIELD, ""))


def _without_quirk(fields: Any) -> list[Any]:
    kept: list[Any] = []
    for entry in fields:
        if isinstance(entry, list | tuple):
            row = [name for name in entry if name != QUIRK_FIELD]
            if row:
                kept.append(tuple(row))
        elif entry != QUIRK_FIELD:
            kept.append(entry)
    return kept
