"""Building blocks shared by the public pages of every app.

A page of a lower app (a group, a deliverable, a person) shows records of higher apps (the
meetings of a group, the liaison statements about a deliverable) without importing them: the
lower page owns a `Sections` registry and the higher app registers a section on it from its
`AppConfig.ready()` (the same inversion the reminders, search and follow registries use).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import NoReverseMatch, reverse
from django_filters import FilterSet

SectionContext = Callable[[Any, HttpRequest], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    """One block of a record's page: a heading, an anchor and a template fed by a function."""

    key: str
    title: str
    template: str
    get_context: SectionContext
    order: int = 100


@dataclass
class RenderedSection:
    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


class Sections:
    """The sections other apps add to one kind of page."""

    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def register(
        self, key: str, title: str, template: str, get_context: SectionContext, order: int = 100
    ) -> None:
        """Add a section; `get_context(record, request)` returns None to hide it. Called from
        the adding app's `AppConfig.ready()`; keyed, so a second call replaces the first."""
        self._sections[key] = Section(key, title, template, get_context, order)

    def render(self, obj: Any, request: HttpRequest) -> list[RenderedSection]:
        rendered = []
        for section in sorted(self._sections.values(), key=lambda s: (s.order, s.key)):
            context = section.get_context(obj, request)
            if context is not None:
                rendered.append(
                    RenderedSection(section.key, section.title, section.template, context)
                )
        return rendered


def admin_change_url(obj: Model) -> str | None:
    """The admin page where staff edit `obj`, when its model is registered."""
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


def url_or_none(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


class PageFilterForm(forms.Form):
    """The filters of a list page as readers see them (labels, choices, errors). The filtering
    itself is the API's FilterSet, so a page and `/api/v1/…?same=params` answer alike; a form
    translates what the FilterSet words differently in `filterset_params()`."""

    filterset_class: type[FilterSet]
    # Parameters the FilterSet does not take (the page applies them itself, or they are paging).
    page_only: tuple[str, ...] = ("page",)

    def filterset_params(self) -> QueryDict:
        params = QueryDict(mutable=True)
        data = self.data
        lists = (
            data.lists()
            if isinstance(data, QueryDict)
            else (
                (key, value if isinstance(value, list) else [value]) for key, value in data.items()
            )
        )
        for key, values in lists:
            kept = [value for value in values if value.strip()]
            if kept and key not in self.page_only:
                params.setlist(key, kept)
        return params

    def filter(self, queryset: QuerySet) -> QuerySet:
        return self.filterset_class(self.filterset_params(), queryset=queryset).qs


SECTION_ROWS = 20
"""The most rows a list on a record page shows; the rest is behind a link to the list page."""


COUNT_CAP = 1000
"""Beyond this many rows a page says "1,000+" instead of counting them all."""


class CappedCount(int):
    """A count that stopped at COUNT_CAP: compares as the number counted, shows as "1,000+"."""

    more: bool = False

    def __str__(self) -> str:
        return f"{int(self):,}+" if self.more else f"{int(self):,}"


def capped_count(queryset: QuerySet, cap: int | None = None) -> CappedCount:
    """How many rows `queryset` has, counting no further than `cap` (COUNT_CAP unless given;
    a COUNT over a LIMIT), so a count on a page costs the same however big the table grows."""
    cap = COUNT_CAP if cap is None else cap
    counted = queryset.order_by()[: cap + 1].count()
    count = CappedCount(min(counted, cap))
    count.more = counted > cap
    return count


def first_rows(queryset: QuerySet, limit: int = SECTION_ROWS) -> tuple[list[Any], int]:
    """The first `limit` rows of `queryset` (a SQL LIMIT) and how many there are in all (one
    capped COUNT, skipped when there is nothing), so a record page stays the same size and cost
    however many rows its lists have."""
    rows = list(queryset[:limit])
    return rows, (capped_count(queryset) if rows else CappedCount(0))
