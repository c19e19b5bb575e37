"""The Celery task sending one webhook delivery: thin, idempotent and safe to run twice.

It takes the delivery's id, re-reads it, and does nothing when it is gone, already delivered or
given up, or locked by another run of the same task. A delivery waits while an earlier one of
the same record to the same webhook is pending: that one starts it when it is done, so a
receiver hears of a record's changes in order. A failed attempt is retried with exponential
backoff and jitter; after WEBHOOKS_MAX_ATTEMPTS the delivery is marked failed (the admin's
"send again" queues it anew). Without a broker (tasks run in-process) the retries follow each
other at once, at most three attempts, so a request that saved a record is not held long."""

from __future__ import annotations

import random

from celery import shared_task
from django.conf import settings
from django.db import transaction

from .models import Delivery, DeliveryStatus
from .webhooks import attempt, earlier_pending, give_up, next_pending

EAGER_MAX_ATTEMPTS = 3


def backoff_seconds(attempts: int) -> float:
    """Full jitter below 2, 4, 8 … seconds, at most an hour."""
    return random.uniform(0, min(3600, 2**attempts))  # noqa: S311 - jitter, not a secret


RETRY = "retry"


def _attempt_once(delivery_id: int, limit: int) -> str:
    """One attempt at the delivery, if it is still to go and no earlier one of its record is:
    what became of it ("delivered", "failed", RETRY, or why nothing was done)."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("webhook")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return "nothing to do"
        if earlier_pending(delivery):
            return "waiting for an earlier delivery of the same record"
        delivered = attempt(delivery)
        if not delivered and delivery.attempts < limit:
            return RETRY
        if not delivered:
            give_up(delivery)
    following = next_pending(delivery)
    if following is not None:
        transaction.on_commit(lambda: deliver_webhook.delay(following))
    return delivery.status


@shared_task(
    bind=True,
    name="integrations.tasks.deliver_webhook",
    acks_late=True,
    max_retries=None,
    ignore_result=True,  # the delivery log is the result
)
def deliver_webhook(self, delivery_id: int) -> str:
    if self.request.is_eager:
        # In-process: the attempts follow each other at once (Celery's eager retry would
        # propagate the Retry to the caller), at most EAGER_MAX_ATTEMPTS.
        limit = min(settings.WEBHOOKS_MAX_ATTEMPTS, EAGER_MAX_ATTEMPTS)
        outcome = RETRY
        while outcome == RETRY:
            outcome = _attempt_once(delivery_id, limit)
        return outcome
    outcome = _attempt_once(delivery_id, settings.WEBHOOKS_MAX_ATTEMPTS)
    if outcome == RETRY:
        attempts = Delivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True)
        raise self.retry(countdown=backoff_seconds(attempts.first() or 1))
    return outcome


PRUNE_TASK_NAME = "integrations.tasks.prune_change_log"


@shared_task(name=PRUNE_TASK_NAME, acks_late=True)
def prune_change_log() -> int:
    """The daily housekeeping of the change log (beat entry: integrations.schedule): deleting
    twice is deleting once."""
    from datetime import timedelta

    from .changes import prune_changes

    return prune_changes(timedelta(days=settings.CHANGES_RETENTION_DAYS))
