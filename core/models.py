"""Abstract bases of the apps' models, and the floor's one table: the spreadsheet imports the
admin hands to a worker (`SpreadsheetImport`)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
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


class ImportState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class SpreadsheetImport(models.Model):
    """A spreadsheet the secretariat confirmed in the admin, imported by a worker
    (`core.spreadsheet_imports.run_import`): a file of 2,000 changed rows takes longer than a
    request may.

    The file's bytes are kept in this row, not in MEDIA_ROOT (served publicly) nor in the web
    container's temporary folder (a worker in another container could not read it). The state
    becomes done or failed in the same transaction as the import itself, so a run that died
    leaves the row queued and nothing written, and a second run of a done import finds
    nothing to do. While the import's transaction is open, its progress is in the cache."""

    kind = models.CharField(
        _("kind"), max_length=40, help_text=_("The API's name for the records.")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("file"), editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    previewed_at = models.DateTimeField(
        _("previewed at"),
        help_text=_("A record changed after this time is not overwritten: the import fails."),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED
    )
    new = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("The errors are written in it.")
    )
    error_text = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)
