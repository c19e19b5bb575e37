"""The Celery task: a thin wrapper around `sweep()`, scheduled daily by celery beat.

Idempotent by construction (the reminder log's unique key): running it twice, at once or after
a crash, sends nothing twice. `acks_late` means a task whose worker dies mid-sweep is delivered
again; retries with exponential backoff and jitter cover a mail server or database that is
briefly away; what still failed is picked up by the next sweep.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .sweep import claim_timeout, sweep

logger = logging.getLogger(__name__)

TASK_NAME = "reminders.tasks.sweep_reminders"
# Claims held by another sweep are checked again after they could have gone stale, at most
# this many times in a row (a sweep killed mid-way is then finished within the hour).
MAX_RECHECKS = 3


class ReminderDeliveryError(Exception):
    """Some digests were not accepted by the mail server; their reminders are marked failed."""


RETRY_ON = (
    ReminderDeliveryError,
    smtplib.SMTPException,
    ConnectionError,
    OSError,
    OperationalError,  # the database restarting
    InterfaceError,
)


@shared_task(
    bind=True,
    name=TASK_NAME,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=RETRY_ON,
    retry_backoff=2,  # 2, 4, 8 … seconds, each drawn at random below that (full jitter)
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=12,  # about two hours of retries; after that the next daily sweep takes over
)
def sweep_reminders(self, on: str | None = None, recheck: int = 0) -> dict:
    """Send the reminders due on `on` (ISO date; today in REMINDER_TIME_ZONE by default)."""
    day = dt.date.fromisoformat(on) if on else None
    result = sweep(day)
    if result.transient_failures:
        raise ReminderDeliveryError(
            f"{result.transient_failures} reminder(s) not accepted by the mail server yet: "
            + "; ".join(result.errors[:5])
        )
    if result.in_progress and recheck < MAX_RECHECKS and not self.request.is_eager:
        # Claims held by another sweep: normally a sweep still running, which will send them;
        # if its worker died, they go stale after the claim timeout and this re-check sends them.
        sweep_reminders.apply_async(
            kwargs={"on": on, "recheck": recheck + 1},
            countdown=claim_timeout().total_seconds() + 30,
        )
    return result.as_dict()


DIGEST_TASK_NAME = "reminders.tasks.send_weekly_digests"


@shared_task(
    name=DIGEST_TASK_NAME,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=RETRY_ON,
    retry_backoff=2,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=12,
)
def send_weekly_digests(on: str | None = None) -> dict:
    """The weekly digests of the week from `on` (ISO date; today by default). Safe to run twice:
    each user's digest of a week is claimed once (WeeklyDigest's unique key)."""
    from .digests import send_weekly_digests as send

    result = send(dt.date.fromisoformat(on) if on else None)
    if result["failed"]:
        raise ReminderDeliveryError(f"{result['failed']} weekly digest(s) not sent yet")
    return result
