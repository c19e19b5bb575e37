"""The weekly digest: for the users who chose it (ReminderPreference), one e-mail with every
deadline of the week ahead of what they follow, instead of the daily sweep's reminders.

The same sources and the same recipients' rules as the sweep (`_Recipients`, in its weekly
mode: followers only, every deadline of the week whatever the lead times), so the two cannot
disagree about what concerns whom. Sent once per user and week: a `WeeklyDigest` row is claimed
(its unique key) before sending and removed again if the mail server refuses, for the next run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import smtplib
from collections import defaultdict

from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.reminder_sources import reminder_sources

from .emails import build_digest
from .models import DigestFrequency, ReminderPreference, WeeklyDigest
from .sweep import Delivery, _Recipients, context_for, today

logger = logging.getLogger(__name__)

WEEK = 7


def week_ahead(on: dt.date) -> tuple[list[Delivery], dict[int, list[Delivery]]]:
    """Every reminder of the week from `on` for the users with a weekly digest, by user."""
    # A lead time for every day of the week: each deadline up to 7 days away is "due" today.
    context = dataclasses.replace(context_for(on), lead_days=tuple(range(WEEK, 0, -1)))
    reminders = [r for r in reminder_sources.collect(context) if r.deadline >= on]
    recipients = _Recipients(reminders, on, frequency=DigestFrequency.WEEKLY, filter_leads=False)
    deliveries = [d for reminder in reminders for d in recipients.deliveries_for(reminder)]
    by_user: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        if delivery.user_id:
            by_user[delivery.user_id].append(delivery)
    return deliveries, by_user


def _claim(user_id: int, on: dt.date, items: int) -> WeeklyDigest | None:
    try:
        with transaction.atomic():
            return WeeklyDigest.objects.create(user_id=user_id, week_of=on, items=items)
    except IntegrityError:
        return None  # sent (or being sent) by another run


def send_weekly_digests(on: dt.date | None = None) -> dict:
    """Send this week's digests (`on`: the first day of the week covered, today by default).
    Returns counts; a refused message is released for the next run and counted as failed."""
    on = on or today()
    _deliveries, by_user = week_ahead(on)
    sent, skipped, failed = 0, 0, 0
    languages = ReminderPreference.objects.languages(by_user)
    connection = get_connection()
    try:
        for user_id in sorted(by_user):
            deliveries = sorted(
                by_user[user_id], key=lambda d: (d.reminder.deadline, d.reminder.title)
            )
            digest = _claim(user_id, on, len(deliveries))
            if digest is None:
                skipped += 1
                continue
            message = build_digest(
                deliveries,
                on,
                [digest.pk],
                connection=connection,
                weekly=True,
                language=languages.get(user_id),
            )
            try:
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError):
                logger.warning("Weekly digest to user %s not sent", user_id, exc_info=True)
                digest.delete()
                failed += 1
                continue
            WeeklyDigest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
            sent += 1
    finally:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError):
            logger.warning("Could not close the mail server connection cleanly", exc_info=True)
    result = {"on": on.isoformat(), "sent": sent, "already_sent": skipped, "failed": failed}
    logger.info("Weekly digests: %s", result)
    return result
