"""Reminders delivered for real: a Celery worker on the real Redis broker, and an SMTP server on
loopback (aiosmtpd) that counts what it receives. Each reminder arrives exactly once — when the
sweep runs twice, when two sweeps run at once, and when the mail server was down for a while."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from reminders.models import ReminderLog, ReminderStatus
from reminders.sweep import sweep
from reminders.tasks import sweep_reminders
from standards_tracker.celery import app
from tests.utils import SMTPServer

from .helpers import action, person

DAY = "2024-02-05"
ON = dt.date(2024, 2, 5)


@pytest.fixture
def smtp(settings):
    """An SMTP server on a free loopback port, and Django's SMTP backend pointed at it. The
    server is not started: each test starts it (or leaves it down) itself."""
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def worker():
    """The project's Celery app on the real Redis broker, and a worker with two threads."""
    url = os.environ["REDIS_URL"]
    keys = ("broker_url", "result_backend", "task_always_eager")
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        with start_worker(
            app,
            pool="threads",
            concurrency=2,
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=30,
        ) as running:
            yield running
    finally:
        # A sweep that saw another's claims queues a re-check for later: not for other tests.
        app.control.purge()
        app.conf.update(previous)


@pytest.fixture
def due_reminders(db):
    """Alice has two actions due, Bob one, and one action has nobody with an address: three
    digests (Alice, Bob, the secretariat's report), four reminders."""
    alice, bob = person("alice@example.org"), person("bob@example.org")
    action(ON + dt.timedelta(days=7), responsible=alice, code="WP2-1")
    action(ON + dt.timedelta(days=1), responsible=alice, code="WP2-2")
    action(ON + dt.timedelta(days=14), responsible=bob, code="WP2-3")
    action(ON + dt.timedelta(days=7), responsible=person(name="No Address"), code="WP2-4")
    return ["alice@example.org", "bob@example.org", "secretariat@example.org"]


def wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.services
def test_the_worker_sends_each_recipient_one_digest_through_the_mail_server(
    smtp, worker, due_reminders
):
    smtp.start()

    outcome = sweep_reminders.delay(on=DAY).get(timeout=60)

    assert outcome["sent"] == 4
    assert smtp.inbox.recipients() == due_reminders
    alice = next(m for rcpts, m in smtp.inbox.messages if rcpts == ("alice@example.org",))
    assert alice["Subject"].startswith("Reminder: 2 deadlines: action due 6 Feb; action due 12 Feb")
    assert alice.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in alice.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    assert (
        alice["Message-ID"]
        == ReminderLog.objects.filter(recipient="alice@example.org").values_list(
            "message_id", flat=True
        )[0]
    )
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}


@pytest.mark.services
def test_running_the_sweep_twice_delivers_each_reminder_once(smtp, worker, due_reminders):
    smtp.start()

    sweep_reminders.delay(on=DAY).get(timeout=60)
    second = sweep_reminders.delay(on=DAY).get(timeout=60)

    assert second["sent"] == 0
    assert second["already_sent"] == 4
    assert smtp.inbox.recipients() == due_reminders


@pytest.mark.services
def test_two_sweeps_at_once_on_two_worker_threads_deliver_each_reminder_once(
    smtp, worker, due_reminders
):
    smtp.start()

    first, second = sweep_reminders.delay(on=DAY), sweep_reminders.delay(on=DAY)
    outcomes = [first.get(timeout=60), second.get(timeout=60)]

    assert sum(o["sent"] for o in outcomes) == 4
    assert smtp.inbox.recipients() == due_reminders
    assert ReminderLog.objects.filter(status="sent").count() == 4


@pytest.mark.services
def test_with_the_mail_server_down_the_task_retries_and_every_reminder_arrives_once_it_is_back(
    smtp, worker, due_reminders
):
    result = sweep_reminders.delay(on=DAY)  # nothing listens on the port yet
    wait_for(lambda: ReminderLog.objects.filter(status=ReminderStatus.FAILED).count() == 4)
    assert smtp.inbox.recipients() == []

    smtp.start()
    outcome = result.get(timeout=120)

    assert result.status == "SUCCESS"
    assert outcome["sent"] == 4
    assert smtp.inbox.recipients() == due_reminders
    rows = ReminderLog.objects.all()
    assert {row.status for row in rows} == {ReminderStatus.SENT}
    assert all(row.attempts >= 2 for row in rows)
    assert all("Connection refused" in row.last_error or row.last_error == "" for row in rows)


def test_a_refused_address_does_not_hold_back_the_others_and_is_tried_again_by_the_next_sweep(
    smtp, due_reminders
):
    smtp.inbox.refuse = {"bob@example.org"}
    smtp.start()

    first = sweep(ON)

    assert first.failed == 1
    assert first.transient_failures == 0  # 550: not worth retrying within minutes
    assert smtp.inbox.recipients() == ["alice@example.org", "secretariat@example.org"]
    bob = ReminderLog.objects.get(recipient="bob@example.org")
    assert bob.status == ReminderStatus.FAILED
    assert "550" in bob.last_error

    smtp.inbox.refuse = set()
    second = sweep(ON)

    assert second.sent == 1
    assert smtp.inbox.recipients() == due_reminders
