"""Search across the records of every app, by code and by words. Each app registers the kinds
of record it owns (`search_sources.register(Kind(...))` in its `AppConfig.ready()`).

On PostgreSQL: full-text search (English stemming, so "verification" finds "verify") ranked with
`ts_rank` over weighted fields (code and title weigh most), plus exact and partial code matches.
Each searchable model stores its weighted vector in a generated column (`search_vector`, see
`StoredSearchVector`) with a GIN index, and its code columns carry GIN trigram indexes on
`UPPER(code::text)` (`AddSearchIndexes` in the apps' migrations), so a search reads indexes
rather than every row; it ranks at most CANDIDATES word matches of each kind (plus every code
match), so even a word found in a third of the records costs the same at any table size.
Elsewhere (SQLite, the embedded default): every word must appear in one of the fields, ranked by
where it appears. One query per kind of record, whatever the number of hits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Greatest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .migration_operations import PostgresOnlyIndexes, trigram_index

CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Sentinels around highlighted words: the text is escaped first, then they become <mark>.
_START, _STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Kind:
    """One kind of record to search: its fields by weight, its code fields, how to show a hit."""

    key: str
    label: str
    queryset: Callable[[], QuerySet]
    weighted: dict[str, str]  # field → weight A (most) … D
    code_fields: tuple[str, ...]
    snippet_field: str
    code: Callable[[Any], str]
    title: Callable[[Any], str]
    order: int = 100
    # Further exact matches of a typed code, e.g. "TD480-R1" naming revision 1 of TD480.
    exact_code: Callable[[str], Q] | None = None
    # The stored vector of `weighted` (a `StoredSearchVector` column); None: built per query.
    vector_field: str | None = None


class StoredSearchVector(Func):
    """The weighted vector of a record's fields, the expression of its `search_vector` column:
    `setweight(to_tsvector('english'::regconfig, COALESCE(field::text, '')), 'A') || …`.

    IMMUTABLE (to_tsvector with an explicit regconfig, NULLs coalesced), so PostgreSQL keeps it
    as a stored generated column (`GeneratedField(..., db_persist=True)`), recomputed whenever a
    row is written. Elsewhere (SQLite) the column is NULL: the fallback search reads the fields.
    """

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = SearchVectorField()

    def __init__(self, weighted: dict[str, str]) -> None:
        super().__init__(
            *(SearchVector(name, weight=weight, config=CONFIG) for name, weight in weighted.items())
        )

    def as_sqlite(
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[str | int, ...]]:
        return "NULL", ()


class AddSearchIndexes(PostgresOnlyIndexes):
    """A migration operation (PostgreSQL only, nothing elsewhere): a GIN index on the model's
    `search_vector` and a GIN trigram index on `UPPER(code::text)` for each code field, the
    expression of the `iexact` and `icontains` lookups, so exact and partial code matches use
    an index (pg_trgm ≥ 1.6 serves `=` too). Needs `TrigramExtension()` (core 0002).

    Dropping and re-adding `search_vector` (a changed expression) drops its index: add it
    again then."""

    def __init__(self, model_name: str, code_fields: list[str]) -> None:
        self.model_name = model_name
        self.code_fields = code_fields

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"model_name": self.model_name, "code_fields": self.code_fields}
        return self.__class__.__qualname__, [], kwargs

    def indexes(self, model: Any, quote: Any) -> Iterator[tuple[str, str]]:
        table = model._meta.db_table
        yield f"{table}_search", f"{quote(table)} USING gin ({quote('search_vector')})"
        for name in self.code_fields:
            yield trigram_index(model, name, quote)

    def describe(self) -> str:
        return f"Search indexes (vector, code trigrams) on {self.model_name}"


class SearchSources:
    """The kinds of record search looks in, registered by each app from `AppConfig.ready()`."""

    def __init__(self) -> None:
        self._kinds: dict[str, Kind] = {}

    def register(self, kind: Kind) -> None:
        self._kinds[kind.key] = kind

    def get(self, key: str) -> Kind | None:
        return self._kinds.get(key)

    def __iter__(self) -> Iterator[Kind]:
        return iter(sorted(self._kinds.values(), key=lambda kind: (kind.order, kind.key)))


search_sources = SearchSources()


@dataclass
class Hit:
    code: str
    title: str
    url: str
    snippet: SafeString
    rank: float


@dataclass
class Results:
    kind: Kind
    hits: list[Hit] = field(default_factory=list)


def _code_condition(kind: Kind, text: str) -> tuple[Q, Q]:
    """(exact, partial) matches of the text against the record's codes ("td480-r1", "TD480")."""
    compact = text.replace(" ", "")
    exact, partial = Q(), Q()
    for name in kind.code_fields:
        exact |= Q(**{f"{name}__iexact": compact})
        partial |= Q(**{f"{name}__icontains": compact})
    if kind.exact_code is not None:
        exact |= kind.exact_code(compact)
    return exact, partial


def _snippet(text: str, words: list[str], width: int = 220) -> SafeString:
    """A short extract around the first word found, the words highlighted, HTML escaped."""
    if not text:
        return mark_safe("")
    lower = text.lower()
    positions = [lower.find(w.lower()) for w in words if w and lower.find(w.lower()) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    extract = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    html: str = escape(extract)
    for word in sorted({w for w in words if len(w) > 1}, key=len, reverse=True):
        html = re.sub(f"({re.escape(escape(word))})", r"<mark>\1</mark>", html, flags=re.IGNORECASE)
    return mark_safe(f"{prefix}{html}{suffix}")  # escaped above; only <mark> added


def _headline(value: str | None) -> SafeString:
    if not value:
        return mark_safe("")
    html = escape(value).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # escaped above; only <mark> added


CANDIDATES = 1000
"""The most records of one kind a search ranks. A word found in more (a common word in a big
programme: "network" is in a third of the documents) ranks the first CANDIDATES the index
returns, plus every code match, so a search costs the same whatever the size of the tables."""


def _candidates(kind: Kind, vector: Combinable, query: SearchQuery, text: str) -> Any:
    """The primary keys to rank, each arm read through its own index and bounded: the word
    matches (GIN on the stored vector), then the matches of each code field (GIN trigram on the
    code, the related table's for a code reached through a relation), unordered."""
    records = kind.queryset().order_by()
    compact = text.replace(" ", "")
    arms = [records.alias(search=vector).filter(search=query)]
    arms += [records.filter(**{f"{name}__icontains": compact}) for name in kind.code_fields]
    if kind.exact_code is not None:
        arms.append(records.filter(kind.exact_code(compact)))
    first, *others = (arm.values("pk")[:CANDIDATES] for arm in arms)
    return first.union(*others)


def _postgres(kind: Kind, text: str, limit: int) -> list[Hit]:
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    vector: Combinable
    if kind.vector_field:  # the stored column, GIN indexed
        vector = F(kind.vector_field)
    else:
        vectors = [
            SearchVector(name, weight=weight, config=CONFIG)
            for name, weight in kind.weighted.items()
        ]
        vector = vectors[0]
        for part in vectors[1:]:
            vector = vector + part
    exact, partial = _code_condition(kind, text)
    queryset = (
        kind.queryset()
        .filter(pk__in=_candidates(kind, vector, query, text))
        .alias(search=vector)
        .annotate(
            rank=Greatest(
                SearchRank(F("search"), query),
                Case(When(exact, then=Value(10.0)), When(partial, then=Value(1.0)), default=0.0),
                output_field=FloatField(),
            ),
            headline=SearchHeadline(
                kind.snippet_field,
                query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "pk")[:limit]
    )
    return [
        Hit(kind.code(o), kind.title(o), o.get_absolute_url(), _headline(o.headline), o.rank)
        for o in queryset
    ]


def _fallback(kind: Kind, text: str, limit: int) -> list[Hit]:
    words = [w for w in re.split(r"\s+", text) if w]
    exact, partial = _code_condition(kind, text)
    matches_all = Q()
    score: Combinable = Value(0.0)
    for word in words:
        anywhere = Q()
        for name, weight in kind.weighted.items():
            anywhere |= Q(**{f"{name}__icontains": word})
            points = {"A": 1.0, "B": 0.4, "C": 0.2}.get(weight, 0.1)
            score = score + Case(
                When(**{f"{name}__icontains": word}, then=Value(points)), default=Value(0.0)
            )
        matches_all &= anywhere
    queryset = (
        kind.queryset()
        .annotate(
            rank=score
            + Case(When(exact, then=Value(10.0)), When(partial, then=Value(1.0)), default=0.0),
        )
        .filter(matches_all | partial | exact)
        .order_by("-rank", "pk")[:limit]
    )
    return [
        Hit(
            kind.code(o),
            kind.title(o),
            o.get_absolute_url(),
            _snippet(getattr(o, kind.snippet_field) or "", words),
            o.rank,
        )
        for o in queryset
    ]


def search(text: str, kinds: list[str] | None = None, limit: int = 20) -> list[Results]:
    """Hits of each kind, best first; kinds with hits come first, in order of their best hit."""
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not text:
        return []
    engine = _postgres if connection.vendor == "postgresql" else _fallback
    results = []
    for kind in search_sources:
        if kinds and kind.key not in kinds:
            continue
        results.append(Results(kind, engine(kind, text, limit)))
    results.sort(key=lambda r: -(r.hits[0].rank if r.hits else -1))
    return results
