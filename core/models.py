"""Abstract bases of the apps' models (this app has no tables of its own)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.apps import apps
from django.core import checks
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_M = TypeVar("_M", bound=models.Model)


class TimestampedQuerySet(models.QuerySet[_M]):
    """Keeps `last_updated` true for writes that bypass `save()`: `auto_now` only acts in
    `save()` (and `bulk_create`), so `update()` — and `bulk_update()`, which calls it — stamp the
    rows themselves unless the caller sets the column. A change feed or an ETag built on
    `last_updated` would otherwise miss those rows."""

    def update(self, **kwargs: Any) -> int:
        kwargs.setdefault("last_updated", timezone.now())
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]


class Timestamped(models.Model):
    """When a record was created and last changed, kept by Django on every write path: the base
    for ETags, change feeds and exports. History rows copy both as plain values.

    A model built on it declares its manager from a `TimestampedQuerySet` (its own subclass, or
    `TimestampedQuerySet.as_manager()`), so that `update()` stamps too; `check_managers` says
    so at startup when one does not."""

    created = models.DateTimeField(
        auto_now_add=True, help_text=_("When the record was created (UTC).")
    )
    last_updated = models.DateTimeField(
        auto_now=True, db_index=True, help_text=_("When the record was last changed (UTC).")
    )

    class Meta:
        abstract = True


def check_managers(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A system check: every Timestamped model's default manager stamps `last_updated` on
    `update()`."""
    errors: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if not issubclass(model, Timestamped):
            continue
        queryset_class = type(model._default_manager.get_queryset())
        if not issubclass(queryset_class, TimestampedQuerySet):
            errors.append(
                checks.Error(
                    f"{model._meta.label}'s default manager does not build on "
                    "TimestampedQuerySet, so its update() would leave last_updated behind.",
                    hint="objects = TimestampedQuerySet.as_manager() (or a subclass of it).",
                    obj=model,
                    id="core.E001",
                )
            )
    return errors
