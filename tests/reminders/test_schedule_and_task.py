"""The daily beat entry (in the database, editable by the secretariat) and the task wrapper."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.core import mail
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from reminders.schedule import ENTRY_NAME, ensure_beat_schedule
from reminders.tasks import TASK_NAME, sweep_reminders
from standards_tracker.celery import app

from .helpers import action, person

pytestmark = pytest.mark.django_db


def test_migrate_creates_the_daily_sweep_at_the_configured_hour_in_geneva_time():
    entry = PeriodicTask.objects.get(task=TASK_NAME)

    assert entry.name == ENTRY_NAME
    assert entry.enabled
    assert (entry.crontab.minute, entry.crontab.hour) == ("0", str(settings.REMINDER_SWEEP_HOUR))
    assert (entry.crontab.day_of_week, entry.crontab.day_of_month) == ("*", "*")
    assert str(entry.crontab.timezone) == "Europe/Zurich"
    assert TASK_NAME in app.tasks


def test_the_entry_is_created_once_and_the_secretariats_changes_are_kept():
    entry = PeriodicTask.objects.get(task=TASK_NAME)
    later, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="7", timezone=zoneinfo.ZoneInfo("Europe/Zurich")
    )
    entry.crontab = later
    entry.enabled = False
    entry.save()

    ensure_beat_schedule()
    ensure_beat_schedule()

    assert PeriodicTask.objects.filter(task=TASK_NAME).count() == 1
    entry.refresh_from_db()
    assert (entry.crontab.hour, entry.crontab.minute, entry.enabled) == ("7", "30", False)


def test_no_static_beat_entry_overwrites_the_database_one():
    # The DatabaseScheduler writes CELERY_BEAT_SCHEDULE entries over the table at each start.
    assert not any(
        entry.get("task") == TASK_NAME for entry in (app.conf.beat_schedule or {}).values()
    )
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_the_task_retries_on_named_errors_with_backoff_and_jitter_and_acks_late():
    assert sweep_reminders.acks_late is True
    assert sweep_reminders.max_retries >= 5
    assert sweep_reminders.retry_backoff
    assert sweep_reminders.retry_jitter
    names = {exc.__name__ for exc in sweep_reminders.autoretry_for}
    assert {"SMTPException", "OSError", "ConnectionError", "ReminderDeliveryError"} <= names


def test_the_task_runs_the_sweep_for_the_day_given(settings):
    action(dt.date(2024, 2, 12), responsible=person("alice@example.org"))

    outcome = sweep_reminders.apply(kwargs={"on": "2024-02-05"}).get()

    assert outcome["sent"] == 1
    assert outcome["on"] == "2024-02-05"
    assert len(mail.outbox) == 1
