"""Admin building blocks whose cost does not grow with the table: a code input filter in place of
a list of every related record, a paginator that does not count a big table, a mixin that wires
both, and the migration operation adding the trigram indexes the admin's searches use.

Not a ModelAdmin module: core registers nothing (autodiscover imports it and finds nothing)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, ClassVar

from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path, lookup_spawns_duplicates
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.text import smart_split

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


class BigTableAdminMixin:
    """For the changelists of tables that grow with the work programme: no full count beside
    the filtered one, the capped paginator, no "show all" past one page."""

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
        fields = [str(field) for field in self.get_search_fields(request)]
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
            "display": "All",
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
            example = f", such as {self.placeholder}" if self.placeholder else ""
            messages.warning(
                request,
                f"No {related._meta.verbose_name} has the code “{code}”, so nothing is listed: "
                f"type a code as its page shows it{example}.",
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
