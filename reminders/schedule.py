"""The daily sweep's beat entry, kept in the database (django-celery-beat) so the secretariat can
change its hour, or pause it, in the admin without a deploy.

Created once, after `migrate`, at REMINDER_SWEEP_HOUR:00 in REMINDER_TIME_ZONE; never overwritten
afterwards: the secretariat's edits win. (An entry in CELERY_BEAT_SCHEDULE would be written back
over them by the DatabaseScheduler each time beat starts, hence none there.)
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .tasks import DIGEST_TASK_NAME, TASK_NAME

ENTRY_NAME = "Reminders: daily sweep"
DIGEST_ENTRY_NAME = "Reminders: weekly digest"


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


def ensure_digest_schedule(using: str = DEFAULT_DB_ALIAS):
    """Create the weekly digest's periodic task (Mondays, at the sweep's first hour) unless one
    for the task exists (idempotent; the secretariat's edits win, as for the sweep)."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    existing = PeriodicTask.objects.using(using).filter(task=DIGEST_TASK_NAME).first()
    if existing is not None:
        return existing
    crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
        minute="0",
        hour=str(int(settings.REMINDER_SWEEP_HOUR)),
        day_of_week="1",
        day_of_month="*",
        month_of_year="*",
        timezone=zoneinfo.ZoneInfo(settings.REMINDER_TIME_ZONE),
    )
    return PeriodicTask.objects.using(using).create(
        name=DIGEST_ENTRY_NAME,
        task=DIGEST_TASK_NAME,
        crontab=crontab,
        description=(
            "Sends the weekly digest (the deadlines of the week ahead of what they follow) to "
            "the users who chose it on their 'What I follow' page."
        ),
    )


def sweep_hour(entry) -> int | None:
    """The hour the sweep runs at (in its crontab's zone), or None when its schedule is not
    a plain "every day at HH:00" (set up by hand in django-celery-beat's own forms)."""
    crontab = entry.crontab
    plain = crontab is not None and crontab.minute == "0" and crontab.hour.isdigit()
    everyday = plain and (crontab.day_of_week, crontab.day_of_month, crontab.month_of_year) == (
        "*",
        "*",
        "*",
    )
    return int(crontab.hour) if everyday else None


@transaction.atomic
def set_sweep_schedule(hour: int, enabled: bool, using: str = DEFAULT_DB_ALIAS):
    """Run the daily sweep at hour:00 (in its crontab's time zone, REMINDER_TIME_ZONE when it
    has none) or pause it: the secretariat's simple form, without crontabs to edit."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    entry = (
        PeriodicTask.objects.using(using).select_for_update().get(pk=ensure_beat_schedule(using).pk)
    )
    zone = (
        entry.crontab.timezone if entry.crontab else zoneinfo.ZoneInfo(settings.REMINDER_TIME_ZONE)
    )
    crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
        minute="0",
        hour=str(int(hour)),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=zone,
    )
    entry.crontab, entry.interval, entry.solar, entry.clocked = crontab, None, None, None
    entry.enabled = enabled
    entry.save()
    return entry


def _beat_tables_exist(using: str) -> bool:
    tables = connections[using].introspection.table_names()
    return {"django_celery_beat_periodictask", "django_celery_beat_crontabschedule"} <= set(tables)


def create_schedule_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver (also run after a test database is flushed)."""
    if _beat_tables_exist(using):
        ensure_beat_schedule(using)
        ensure_digest_schedule(using)
