"""The daily sweep's beat entry, kept in the database (django-celery-beat) so the secretariat can
change its hour, or pause it, in the admin without a deploy.

Created once, after `migrate`, at REMINDER_SWEEP_HOUR:00 in REMINDER_TIME_ZONE; never overwritten
afterwards: the secretariat's edits win. (An entry in CELERY_BEAT_SCHEDULE would be written back
over them by the DatabaseScheduler each time beat starts, hence none there.)
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from .tasks import TASK_NAME

ENTRY_NAME = "Reminders: daily sweep"


def ensure_beat_schedule(using: str = DEFAULT_DB_ALIAS):
    """Create the daily sweep's periodic task unless one for the task exists (idempotent)."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    existing = PeriodicTask.objects.using(using).filter(task=TASK_NAME).first()
    if existing is not None:
        return existing
    crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
        minute="0",
        hour=str(int(settings.REMINDER_SWEEP_HOUR)),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=zoneinfo.ZoneInfo(settings.REMINDER_TIME_ZONE),
    )
    return PeriodicTask.objects.using(using).create(
        name=ENTRY_NAME,
        task=TASK_NAME,
        crontab=crontab,
        description=(
            "Sends the deadline reminders (action items, contribution deadlines, liaison reply "
            "deadlines, group lifetimes). Change the hour here; untick Enabled to pause. "
            "A deleted entry is created again at the next migrate."
        ),
    )


def _beat_tables_exist(using: str) -> bool:
    tables = connections[using].introspection.table_names()
    return {"django_celery_beat_periodictask", "django_celery_beat_crontabschedule"} <= set(tables)


def create_schedule_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver (also run after a test database is flushed)."""
    if _beat_tables_exist(using):
        ensure_beat_schedule(using)
