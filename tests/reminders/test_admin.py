"""The reminder log and subscriptions in the secretariat's admin (that the log only reads, and
the contract every admin keeps: tests/test_admin_contract.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
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


SCHEDULER_PAGES = [
    "/admin/django_celery_beat/periodictask/",
    "/admin/django_celery_beat/crontabschedule/",
    "/admin/django_celery_beat/intervalschedule/",
    "/admin/django_celery_beat/solarschedule/",
    "/admin/django_celery_beat/clockedschedule/",
]


def test_the_secretariat_sees_the_reminder_schedule_not_the_schedulers_internals(
    client, secretariat_user
):
    client.force_login(secretariat_user)
    index = client.get("/admin/").text
    assert "Reminder schedule" in index
    assert "/admin/reminders/schedule/" in index
    for internal in ("Crontabs", "Intervals", "Solar events", "Clocked", "Periodic tasks"):
        assert internal not in index, internal
    for url in SCHEDULER_PAGES:
        assert client.get(url).status_code == 403, url


def test_superusers_keep_the_schedulers_own_pages(admin_client):
    for url in SCHEDULER_PAGES:
        assert admin_client.get(url).status_code == 200, url


def test_the_secretariat_changes_the_sweeps_hour_and_pauses_it_in_a_simple_form(
    client, secretariat_user
):
    client.force_login(secretariat_user)
    page = client.get("/admin/reminders/schedule/")
    assert page.status_code == 200
    assert page.context["form"]["hour"].value() == settings.REMINDER_SWEEP_HOUR
    assert "Europe/Zurich" in page.text

    response = client.post("/admin/reminders/schedule/", {"hour": "7"}, follow=True)

    entry = PeriodicTask.objects.get(task=TASK_NAME)
    assert (entry.crontab.hour, entry.crontab.minute, entry.enabled) == ("7", "0", False)
    assert str(entry.crontab.timezone) == "Europe/Zurich"
    assert "Reminders are paused: every day at 07:00" in response.text
    client.post("/admin/reminders/schedule/", {"hour": "6", "enabled": "on"})
    entry.refresh_from_db()
    assert (entry.crontab.hour, entry.enabled) == ("6", True)


def test_a_bad_hour_is_a_form_error_and_changes_nothing(client, secretariat_user):
    client.force_login(secretariat_user)
    before = PeriodicTask.objects.get(task=TASK_NAME).crontab_id
    page = client.post("/admin/reminders/schedule/", {"hour": "25", "enabled": "on"})
    assert page.status_code == 200
    assert "hour" in page.context["form"].errors
    assert PeriodicTask.objects.get(task=TASK_NAME).crontab_id == before


def test_people_who_may_not_change_the_schedule_cannot_open_it(client):
    reader = User.objects.create_user("reader", password="a-long-password-9", is_staff=True)
    client.force_login(reader)
    assert client.get("/admin/reminders/schedule/").status_code == 403
