"""The claim → send → mark protocol on the real database: nothing twice, nothing lost.

(The same guarantees through a real Celery worker and a real SMTP server are in
test_delivery.py.)"""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reminders.models import ReminderLog, ReminderStatus
from reminders.sweep import _claim, _read_log, _send_digests, plan, sweep

from .helpers import action, person

DAY = dt.date(2024, 2, 5)
DUE = DAY + dt.timedelta(days=7)


def claim_rows_as_a_dead_sweep(minutes_ago: float, status: str = ReminderStatus.PENDING) -> int:
    """Write the log rows a sweep would have claimed `minutes_ago` before dying (or failing)."""
    _, deliveries = plan(DAY)
    claimed_at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    for d in deliveries:
        ReminderLog.objects.create(
            kind=d.reminder.kind,
            item_key=d.reminder.item_key,
            item_label=d.reminder.title,
            deadline=d.reminder.deadline,
            lead_days=d.reminder.lead_days,
            recipient=d.email,
            sweep_date=DAY,
            status=status,
            claim_token=uuid.uuid4(),
            claimed_at=claimed_at,
            attempts=1,
            last_error="ConnectionRefusedError" if status == "failed" else "",
        )
    return len(deliveries)


@pytest.mark.django_db
def test_claims_of_a_sweep_that_died_are_sent_by_the_next_sweep_once_stale():
    action(DUE, responsible=person("alice@example.org"))
    action(DUE, responsible=person("bob@example.org"))
    claim_rows_as_a_dead_sweep(minutes_ago=11)  # the timeout is 10 minutes

    result = sweep(DAY)

    assert result.sent == 2
    assert len(mail.outbox) == 2
    assert set(ReminderLog.objects.values_list("status", "attempts")) == {("sent", 2)}


@pytest.mark.django_db
def test_claims_of_a_sweep_still_running_are_left_to_it():
    action(DUE, responsible=person("alice@example.org"))
    claim_rows_as_a_dead_sweep(minutes_ago=1)

    result = sweep(DAY)

    assert mail.outbox == []
    assert result.in_progress == 1
    assert ReminderLog.objects.get().status == ReminderStatus.PENDING


@pytest.mark.django_db
def test_failed_reminders_are_retried_by_the_next_sweep_and_recorded_once_sent():
    action(DUE, responsible=person("alice@example.org"))
    claim_rows_as_a_dead_sweep(minutes_ago=0, status=ReminderStatus.FAILED)

    result = sweep(DAY)

    assert result.sent == 1
    row = ReminderLog.objects.get()
    assert (row.status, row.attempts, row.last_error) == (ReminderStatus.SENT, 2, "")
    assert row.sent_at is not None
    assert row.message_id == mail.outbox[0].extra_headers["Message-ID"]


@pytest.mark.django_db
def test_a_sweep_does_not_send_what_another_sweep_took_over_meanwhile():
    action(DUE, responsible=person("alice@example.org"))
    _, deliveries = plan(DAY)
    _read_log(deliveries, timezone.now() - dt.timedelta(minutes=10))
    mine = uuid.uuid4()
    owned = _claim(deliveries, DAY, mine, timezone.now() - dt.timedelta(minutes=10))
    # While this sweep stalled, another one judged the claim stale and took it over.
    ReminderLog.objects.update(claim_token=uuid.uuid4())

    from reminders.sweep import SweepResult

    result = SweepResult(on=DAY, dry_run=False, deliveries=deliveries)
    _send_digests(owned, result, mine)

    assert mail.outbox == []
    assert deliveries[0].status == "being sent by another sweep"
    assert ReminderLog.objects.get().status == ReminderStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_four_sweeps_at_once_send_each_reminder_once():
    people = [person(f"delegate{n}@example.org") for n in range(6)]
    for n, who in enumerate(people):
        action(DUE, responsible=who, code=f"WP2-{n + 1}")
        action(DUE - dt.timedelta(days=6), responsible=who, code=f"WP2-{n + 11}")
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            sweep(DAY)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{p.name} <{p.email}>" for p in people)
    assert all(m.body.count("WP2-") >= 2 for m in mail.outbox)
    assert ReminderLog.objects.filter(status="sent").count() == 12
    assert ReminderLog.objects.exclude(status="sent").count() == 0


def _queries(on: dt.date, dry_run: bool) -> int:
    with CaptureQueriesContext(connection) as captured:
        sweep(on, dry_run=dry_run)
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False])
def test_the_sweep_runs_the_same_number_of_queries_for_3_or_30_due_items(dry_run):
    alice = person("alice@example.org")

    def add(n: int) -> None:
        for _ in range(n):
            action(DUE, responsible=alice)

    add(3)
    few = _queries(DAY, dry_run)
    ReminderLog.objects.all().delete()
    mail.outbox.clear()
    add(27)
    many = _queries(DAY, dry_run)

    assert len(mail.outbox) == (0 if dry_run else 1)
    assert few == many
