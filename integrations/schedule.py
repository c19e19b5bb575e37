"""The change log's daily pruning as a beat entry in the database (django-celery-beat), created
once after `migrate` (03:30 UTC) and never overwritten: the secretariat may move or pause it in
the admin, as the reminders' sweep (reminders/schedule.py says why it is not in settings)."""

from __future__ import annotations

import zoneinfo

from django.db import DEFAULT_DB_ALIAS, connections

from .tasks import PRUNE_TASK_NAME

PRUNE_ENTRY_NAME = "Integrations: prune the change log"


def ensure_prune_schedule(using: str = DEFAULT_DB_ALIAS):
    """Create the daily pruning's periodic task unless one for the task exists (idempotent)."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    existing = PeriodicTask.objects.using(using).filter(task=PRUNE_TASK_NAME).first()
    if existing is not None:
        return existing
    crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
        minute="30",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=zoneinfo.ZoneInfo("UTC"),
    )
    return PeriodicTask.objects.using(using).create(
        name=PRUNE_ENTRY_NAME,
        task=PRUNE_TASK_NAME,
        crontab=crontab,
        description=(
            "Deletes the change log's entries (/api/v1/changes/) older than "
            "CHANGES_RETENTION_DAYS, except those a webhook has still to deliver. "
            "A deleted entry is created again at the next migrate."
        ),
    )


def create_schedule_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver (also run after a test database is flushed)."""
    tables = set(connections[using].introspection.table_names())
    if {"django_celery_beat_periodictask", "django_celery_beat_crontabschedule"} <= tables:
        ensure_prune_schedule(using)
