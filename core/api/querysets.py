"""What an API queryset reads from the database."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet


def shown(queryset: QuerySet, **related: Sequence[str]) -> QuerySet:
    """`queryset` reading its record's own columns (not the generated ones, such as the stored
    search vector, which no response shows) and of each record selected with it only the
    fields named, e.g. `shown(Deliverable.objects.select_related("owner"), owner=["code"])`
    for an owner shown as its code and link. A page of 100 deliverables otherwise builds a
    whole Group, with its dates, for every owner and distribution line."""
    own = [
        field.name
        for field in queryset.model._meta.concrete_fields
        if not getattr(field, "generated", False)
    ]
    others = [f"{path}__{name}" for path, names in related.items() for name in names]
    return queryset.only(*own, *others)
