"""The reminder log and subscriptions in the secretariat's admin (that the log only reads, and
the contract every admin keeps: tests/test_admin_contract.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django_celery_beat.models import PeriodicTask

from reminders.models import ReminderLog, ReminderStatus, Subscription
from reminders.tasks import TASK_NAME
from tests.deliverables.factories import GroupFactory

pytestmark = pytest.mark.django_db

LOG = "/admin/reminders/reminderlog/"


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser("admin", "admin@example.org", "a-long-password-9")
    client.force_login(admin)
    return client


def log_rows(n: int, status: str = ReminderStatus.SENT, start: int = 0) -> None:
    for i in range(start, start + n):
        ReminderLog.objects.create(
            kind="action",
            item_key=f"action:meetings.actionitem:{i}",
            item_label=f"Action WP2-{i}",
            item_url=f"https://tracker.example.org/a/{i}/",
            deadline=dt.date(2024, 3, 1),
            lead_days=7,
            recipient=f"p{i}@example.org",
            sweep_date=dt.date(2024, 2, 23),
            status=status,
            attempts=1,
            sent_at=dt.datetime(2024, 2, 23, 5, 0, tzinfo=dt.UTC) if status == "sent" else None,
            last_error="" if status == "sent" else "SMTPRecipientsRefused: 550 no such user",
        )


def test_the_log_shows_what_was_sent_to_whom_and_what_failed(admin_client):
    log_rows(2)
    log_rows(1, ReminderStatus.FAILED, start=10)

    page = admin_client.get(LOG)
    failed = admin_client.get(LOG, {"status__exact": "failed"})

    assert page.status_code == 200
    assert "p0@example.org" in page.text
    assert "7 days before" in page.text
    assert "p10@example.org" in failed.text
    assert "p0@example.org" not in failed.text
    assert "550 no such user" in failed.text


def test_subscriptions_are_listed_with_who_follows_what(admin_client):
    user = User.objects.create_user("fan", "fan@example.org")
    Subscription.objects.create(user=user, group=GroupFactory(code="RG-IEM"))

    page = admin_client.get("/admin/reminders/subscription/")

    assert page.status_code == 200
    assert "RG-IEM" in page.text
    assert "fan" in page.text


def test_the_secretariat_finds_the_sweeps_schedule_in_the_admin(admin_client):
    page = admin_client.get("/admin/django_celery_beat/periodictask/")

    assert "Reminders: daily sweep" in page.text


def test_the_secretariat_may_change_the_sweeps_hour_without_a_deploy(client, secretariat_user):
    entry = PeriodicTask.objects.get(task=TASK_NAME)
    client.force_login(secretariat_user)

    page = client.get(f"/admin/django_celery_beat/periodictask/{entry.pk}/change/")
    crontab = client.get(f"/admin/django_celery_beat/crontabschedule/{entry.crontab_id}/change/")

    assert page.status_code == 200
    assert 'name="_save"' in page.text
    assert crontab.status_code == 200
    assert 'name="_save"' in crontab.text
