"""The reminder sweep: what is due today, for whom, sent once and never lost.

`sweep(on)` asks every registered source (see `registry`) for today's reminders, works out who
gets each one, and sends one digest per recipient. It is a plain function: the Celery task and
the `send_reminders` command both call it, and the tests call it without Celery.

Who gets a reminder
    The people the source names (the responsible person), the current leadership and liaison
    contacts (or all current role holders) of the groups it names, the secretariat when it says
    so, and every active user following one of its records. Addresses come from the person's
    e-mail, else their login's. A reminder nobody can receive goes to the secretariat in a
    separate digest saying who lacks an address; with no secretariat address either, it is
    recorded as *undeliverable* in the log and logged as an error, never dropped silently.

Exactly once: claim → send → mark
    A reminder to one recipient is identified by (item, deadline, lead time, recipient), the
    unique key of `ReminderLog`. Each sweep draws a random claim token and:

    1. reads the log rows of today's reminders (one query) and sorts each reminder into: new,
       already sent, being sent by another sweep (a *pending* claim refreshed recently), or to
       retry (*failed*, or *pending* but not refreshed for `REMINDER_CLAIM_TIMEOUT_MINUTES`);
    2. claims the new ones with one `INSERT … ON CONFLICT DO NOTHING` (`bulk_create(
       ignore_conflicts=True)`) carrying its token, rows in key order so that two sweeps
       inserting the same rows wait on each other in the same order and cannot deadlock;
       where another sweep inserted first, the database keeps that sweep's row and token;
    3. reclaims the ones to retry with `SELECT … FOR UPDATE SKIP LOCKED` and an `UPDATE` whose
       condition (failed, or pending and stale) is evaluated under the row lock, so of two
       sweeps reclaiming the same row exactly one gets it;
    4. reads back the rows carrying its token: those, and only those, are its to send;
    5. per recipient, refreshes its claims with `UPDATE … WHERE claim_token = <mine> AND status
       = 'pending'` (this doubles as a check that no other sweep took them over), sends the digest,
       and only once the mail server has accepted it marks the rows *sent* (`sent_at`,
       `Message-ID`). A refused message marks its rows *failed* and the sweep goes on with the
       next recipient; a server that is down (or drops the connection) marks the rest of the
       sweep's claims *failed* and stops. The Celery task then retries with backoff — except
       after permanent (5xx) refusals only, which wait for the next daily sweep.
       Long sweeps refresh all their claims every third of the timeout, so a claim only goes stale
       when its sweep is gone.

Why this holds
    * Two sweeps at once (two workers, beat plus a manual run): every row is created or
      reclaimed by exactly one of them (unique key; row lock + re-checked condition), and a sweep
      sends only rows carrying its own token. Nothing is sent twice.
    * A second sweep the same day finds the rows *sent* and sends nothing.
    * A worker killed before the mail server accepted a digest leaves its rows *pending*; they
      stop being refreshed, go stale after the timeout and are reclaimed by the next sweep (the
      task notices claims held elsewhere and schedules a re-check after the timeout, and
      `acks_late` redelivers a task whose worker died). Nothing is lost.
    * Mail server down: rows *failed* → retried by the task's retries and by every later sweep
      while the reminder is still current. Nothing is lost.
    * The one window that cannot be closed without a transaction spanning the database and the
      mail server: the worker dies after the server accepted a digest and before the `UPDATE`
      that records it (one statement's time). The rows then go stale and are sent again: we
      prefer a rare duplicate to a lost reminder. The resent digest carries the same
      `Message-ID` (derived from the claimed rows), which mail stores use to show it once.
    * A sweep stalled longer than the timeout between refreshing its claims and sending (longer
      than `EMAIL_TIMEOUT`, far below the timeout) could send a digest another sweep reclaimed;
      the timeout (default 10 minutes) is chosen far above any single send.

Lead times are caught up: the reminder due today is the one for the latest lead time already
reached (`SweepContext.lead_for`), so a day without a sweep delays a reminder, never skips it.
The weekly reminders of overdue actions are the exception: only the actions whose reminder day
is today are read (`SweepContext.overdue_reminder_days`, decided in SQL), so that tens of
thousands of actions overdue for years are not loaded every day; a week's reminder missed by a
day without any sweep comes a week later, one that failed is retried the same day by the task.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
import uuid
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.api.permissions import SECRETARIAT_GROUP
from core.follow import followables
from core.reminder_sources import Reminder, SweepContext, reminder_sources
from deliverables.models import Group, Role, RoleKind

from .emails import absolute_url, build_digest, message_id, record_url
from .models import (
    FOLLOWABLE,
    DigestFrequency,
    ReminderLog,
    ReminderPreference,
    ReminderStatus,
    Subscription,
    leads_for,
)

# Who a reminder goes to and why, and who it could not reach, are read by each recipient in
# their own language: lazy, evaluated when their digest is written.
NO_ADDRESS = _("{name} ({reason}): no e-mail address")
_lowered = lazy(lambda text: str(text).lower(), str)

logger = logging.getLogger(__name__)

# How a reminder to one recipient stands, in a sweep's eyes.
NEW = "new"
ALREADY_SENT = "already sent"
IN_PROGRESS = "being sent by another sweep"
RETRY = "retry"
SENT = "sent"
FAILED = "failed"
UNDELIVERABLE = "undeliverable"
ALREADY_RECORDED = "already recorded as undeliverable"

# Refused for this message only: the connection is still good for the next digest.
PER_MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPSenderRefused,
)


def today() -> dt.date:
    """Today in the reminders' time zone (Europe/Zurich by default), whatever the server's."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(settings.REMINDER_TIME_ZONE))


def context_for(on: dt.date) -> SweepContext:
    lead_days = tuple(
        sorted({int(d) for d in settings.REMINDER_LEAD_DAYS if int(d) > 0}, reverse=True)
    )
    lifetime = getattr(settings, "REMINDER_LIFETIME_LEAD_DAYS", (90, 30, 7))
    return SweepContext(
        on=on,
        lead_days=lead_days,
        overdue_every_days=int(settings.REMINDER_OVERDUE_EVERY_DAYS),
        lifetime_lead_days=tuple(sorted({int(d) for d in lifetime if int(d) > 0}, reverse=True)),
        time_zone=settings.REMINDER_TIME_ZONE,
    )


def claim_timeout() -> dt.timedelta:
    return dt.timedelta(minutes=float(getattr(settings, "REMINDER_CLAIM_TIMEOUT_MINUTES", 10)))


@dataclass(slots=True)  # tens of thousands a day at 10×: slots make them cheaper to build
class Delivery:
    """One reminder for one recipient: a row of the log once claimed."""

    reminder: Reminder
    url: str
    email: str  # lower case; "" when nobody at all can be reached
    name: str = ""
    user_id: int | None = None
    nobody_reachable: bool = False
    reasons: list[str] = field(default_factory=list)
    subscriptions: dict[int, str] = field(default_factory=dict)  # id → "group RG-IEM"
    missing: list[str] = field(default_factory=list)  # who could not be reached, and why
    status: str = NEW
    log_id: int | None = None

    @property
    def identity(self) -> tuple[str, dt.date, int, str]:
        r = self.reminder
        return (r.item_key, r.deadline, r.lead_days, self.email)


@dataclass
class SweepResult:
    on: dt.date
    dry_run: bool
    reminders: list[Reminder] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    messages: int = 0  # digests the mail server accepted
    errors: list[str] = field(default_factory=list)
    # Failures worth retrying within minutes (server away, 4xx); a permanent refusal (5xx: no
    # such mailbox) is only tried again by the next daily sweep.
    transient_failures: int = 0

    def count(self, status: str) -> int:
        return sum(1 for d in self.deliveries if d.status == status)

    @property
    def sent(self) -> int:
        return self.count(SENT)

    @property
    def failed(self) -> int:
        return self.count(FAILED)

    @property
    def in_progress(self) -> int:
        return self.count(IN_PROGRESS)

    @property
    def undeliverable(self) -> int:
        return self.count(UNDELIVERABLE) + self.count(ALREADY_RECORDED)

    def as_dict(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "dry_run": self.dry_run,
            "reminders": len(self.reminders),
            "messages": self.messages,
            **{
                status.replace(" ", "_"): self.count(status)
                for status in (
                    NEW,
                    ALREADY_SENT,
                    IN_PROGRESS,
                    SENT,
                    FAILED,
                    UNDELIVERABLE,
                )
            },
            "transient_failures": self.transient_failures,
            "errors": self.errors,
        }


# --- Who gets what -----------------------------------------------------------------------------


def _person_address(person) -> str:
    if person.email:
        return person.email.strip().lower()
    if person.user_id and person.user.is_active and person.user.email:
        return person.user.email.strip().lower()
    return ""


# What `_user_address` reads of a follower: their login's and their person record's.
USER_COLUMNS = (
    "user__email",
    "user__first_name",
    "user__last_name",
    "user__username",
    "user__person__name",
    "user__person__email",
)


# A follower's reminder setting, read in the same query (a left join: most users have none).
PREFERENCE_COLUMNS = (
    "user__reminder_preference__frequency",
    "user__reminder_preference__lead_days",
)


def _user_address(
    email: str, first_name: str, last_name: str, username: str, person_name, person_email
) -> tuple[str, str]:
    """A follower's address and name: their login's e-mail, else their person record's (the
    person's name, else the login's full name — User.get_full_name() — else its username)."""
    name = person_name or f"{first_name} {last_name}".strip() or username
    address = email or person_email or ""
    return address.strip().lower(), name


def _target_names(keys: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """'group SG17', 'meeting RG-IEM interim virtual meeting' for each (kind, id) followed:
    one query per kind, each record named once however many follow it."""
    ids: dict[str, set[int]] = defaultdict(set)
    for kind, pk in keys:
        ids[kind].add(pk)
    names = {}
    for kind, pks in ids.items():
        followable = followables.get(kind)
        model = Subscription._meta.get_field(kind).related_model
        related = followable.select_related if followable else ()
        for pk, record in model._default_manager.select_related(*related).in_bulk(pks).items():
            names[(kind, pk)] = f"{kind} {followable.name(record) if followable else record}"
    return names


def secretariat_addresses() -> list[tuple[str, str]]:
    """SECRETARIAT_EMAILS and the active members of the "secretariat" group with an address."""
    found: dict[str, str] = {}
    for email in settings.SECRETARIAT_EMAILS:
        if email.strip():
            found.setdefault(email.strip().lower(), "Secretariat")
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=SECRETARIAT_GROUP)
        .exclude(email="")
        .order_by("pk")
    )
    for user in users:
        found.setdefault(user.email.strip().lower(), user.get_full_name() or user.get_username())
    return sorted(found.items())


class _Recipients:
    """Everyone the sweep's reminders might go to, fetched in a constant number of queries."""

    def __init__(
        self,
        reminders: list[Reminder],
        on: dt.date,
        frequency: str = "daily",
        filter_leads: bool = True,
    ) -> None:
        # The followers served: the daily sweep's, or the weekly digest's (every deadline of
        # the week ahead, whatever their lead times: `filter_leads` False).
        self.frequency = frequency
        self.filter_leads = filter_leads
        group_ids = set().union(*(r.leadership_of | r.members_of for r in reminders))
        self.roles_by_group: dict[int, list[Role]] = defaultdict(list)
        self.leadership_ids: set[int] = set()
        self.group_codes: dict[int, str] = {}
        if group_ids:
            self.group_codes = dict(
                Group.objects.filter(pk__in=group_ids).values_list("pk", "code")
            )
            current = Role.objects.current(on).filter(group_id__in=group_ids)
            for role in current.select_related("person__user", "group").order_by("group", "pk"):
                self.roles_by_group[role.group_id].append(role)
            # The leadership is the deliverables app's rule; asked, not repeated here.
            self.leadership_ids = set(current.leadership().values_list("pk", flat=True))
        # "rapporteur, RG-IEM", once per role (get_role_display() is slow, and a role is named
        # in every reminder of its group).
        self.role_reasons: dict[int, str] = {
            role.pk: format_lazy(
                _("{role}, {group}"),
                role=_lowered(RoleKind(role.role).label),
                group=role.group.code,
            )
            for roles in self.roles_by_group.values()
            for role in roles
        }
        follows = [
            set().union(*(getattr(r, f"follow_{k}") for r in reminders))
            for k in ("groups", "deliverables", "meetings", "liaisons")
        ]
        # Followers by record followed, so each reminder looks up only its own records: as
        # (subscription id, user id) pairs, read as plain values (about 20,000 subscriptions
        # concern a day's reminders at 10×: model instances of each subscription, its user,
        # person and target were a third of a dry run).
        self.followers: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
        # A follower's label ("group SG17") and address, worked out once per record followed
        # and once per user, not once per reminder of the record it follows.
        self.labels: dict[int, str] = {}
        self.addresses: dict[int, tuple[str, str]] = {}
        # Each follower's reminder setting (ReminderPreference; the site's default without one):
        # how often (`frequency`) and at which lead times they hear of what they follow.
        self.settings: dict[int, tuple[str, tuple[int, ...]]] = {}
        if any(follows):
            target_of: dict[int, tuple[str, int]] = {}
            users: dict[int, tuple] = {}
            columns = [f"{kind}_id" for kind in FOLLOWABLE]
            rows = Subscription.objects.following(*follows).values_list(
                "pk", "user_id", *PREFERENCE_COLUMNS, *columns, *USER_COLUMNS
            )
            for pk, user_id, frequency, lead_days, *row in rows:
                kind, target_id = next(
                    (kind, target) for kind, target in zip(FOLLOWABLE, row, strict=False) if target
                )
                self.followers[(kind, target_id)].append((pk, user_id))
                target_of[pk] = (kind, target_id)
                users.setdefault(user_id, tuple(row[len(columns) :]))
                if user_id not in self.settings:
                    self.settings[user_id] = (
                        frequency or DigestFrequency.DAILY,
                        leads_for(lead_days),
                    )
            names = _target_names(set(self.followers))
            self.labels = {pk: names[key] for pk, key in target_of.items()}
            self.addresses = {user_id: _user_address(*row) for user_id, row in users.items()}
        self._secretariat: list[tuple[str, str]] | None = None

    def wants(self, user_id: int, reminder: Reminder) -> bool:
        """Whether a follower hears of this reminder, by their setting: a reminder of what they
        follow, in this (daily) sweep, at one of their lead times. Reminders on or after the
        deadline (lead 0 or less) come whatever the lead times chosen."""
        frequency, leads = self.settings.get(user_id, (self.frequency, ()))
        if frequency != self.frequency:
            return False
        return reminder.lead_days <= 0 or not self.filter_leads or reminder.lead_days in leads

    @property
    def secretariat(self) -> list[tuple[str, str]]:
        if self._secretariat is None:
            self._secretariat = secretariat_addresses()
        return self._secretariat

    def _add_obligations(self, reminder: Reminder, add, missing: list[str]) -> None:
        """The recipients a reminder has whoever follows what: the people it names, the groups'
        leadership or members, the secretariat (the daily sweep's only, never a digest's)."""
        for person in reminder.people:
            if email := _person_address(person):
                add(email, person.name, reminder.person_reason, person.user_id)
            else:
                missing.append(
                    format_lazy(NO_ADDRESS, name=person.name, reason=reminder.person_reason)
                )
        for group_id in sorted(reminder.leadership_of | reminder.members_of):
            roles = [
                role
                for role in self.roles_by_group.get(group_id, [])
                if group_id in reminder.members_of
                or role.pk in self.leadership_ids
                or role.role == RoleKind.LIAISON_CONTACT
            ]
            if not roles:
                code = self.group_codes.get(group_id, f"#{group_id}")
                wanted = (
                    _("{code}: no current role")
                    if group_id in reminder.members_of
                    else _("{code}: no current leadership or liaison contact")
                )
                missing.append(format_lazy(wanted, code=code))
            for role in roles:
                reason = self.role_reasons[role.pk]
                if email := _person_address(role.person):
                    add(email, role.person.name, reason, role.person.user_id)
                else:
                    missing.append(format_lazy(NO_ADDRESS, name=role.person.name, reason=reason))
        if reminder.secretariat:
            for email, name in self.secretariat:
                add(email, name, _("secretariat"))
            if not self.secretariat:
                missing.append(
                    _("the secretariat: no SECRETARIAT_EMAILS and no member with an address")
                )

    def deliveries_for(self, reminder: Reminder) -> list[Delivery]:
        url = absolute_url(reminder.path) if reminder.path else record_url(reminder.item)
        found: dict[str, Delivery] = {}
        missing: list[str] = []

        def add(email: str, name: str, reason: str, user_id=None, subscription_id=None) -> None:
            delivery = found.get(email)
            if delivery is None:
                delivery = found[email] = Delivery(
                    reminder=reminder, url=url, email=email, name=name
                )
            delivery.name = delivery.name or name
            delivery.user_id = delivery.user_id or user_id
            if reason not in delivery.reasons:
                delivery.reasons.append(reason)
            if subscription_id is not None:
                delivery.subscriptions[subscription_id] = self.labels[subscription_id]

        if self.frequency == DigestFrequency.DAILY:
            self._add_obligations(reminder, add, missing)
        followed = [
            *(("group", pk) for pk in reminder.follow_groups),
            *(("deliverable", pk) for pk in reminder.follow_deliverables),
            *(("meeting", pk) for pk in reminder.follow_meetings),
            *(("liaison", pk) for pk in reminder.follow_liaisons),
        ]
        subscriptions = [sub for key in followed for sub in self.followers.get(key, [])]
        for subscription_id, user_id in sorted(subscriptions):
            if not self.wants(user_id, reminder):
                continue
            email, name = self.addresses[user_id]
            if email:
                add(
                    email,
                    name,
                    format_lazy(_("you follow {what}"), what=self.labels[subscription_id]),
                    user_id,
                    subscription_id,
                )
        if found:
            return [found[email] for email in sorted(found)]
        if self.frequency != DigestFrequency.DAILY:
            return []
        if not self.secretariat:
            return [
                Delivery(
                    reminder=reminder, url=url, email="", nobody_reachable=True, missing=missing
                )
            ]
        return [
            Delivery(
                reminder=reminder,
                url=url,
                email=email,
                name=name,
                nobody_reachable=True,
                reasons=[_("nobody meant to get it could be reached")],
                missing=missing,
            )
            for email, name in self.secretariat
        ]


def plan(on: dt.date) -> tuple[list[Reminder], list[Delivery]]:
    """Today's reminders and, for each, its recipients (no log, no mail)."""
    reminders = reminder_sources.collect(context_for(on))
    recipients = _Recipients(reminders, on)
    deliveries = [d for reminder in reminders for d in recipients.deliveries_for(reminder)]
    return reminders, deliveries


# --- The log: what was already sent, and claiming ---------------------------------------------


def _read_log(deliveries: list[Delivery], stale_before: dt.datetime) -> None:
    """Sort each delivery by what the log says of it (one query)."""
    keys = {d.reminder.item_key for d in deliveries}
    if not keys:
        return
    rows = {
        (item_key, deadline, lead_days, recipient): (pk, status, claimed_at)
        for pk, item_key, deadline, lead_days, recipient, status, claimed_at in (
            ReminderLog.objects.filter(item_key__in=keys).values_list(
                "pk", "item_key", "deadline", "lead_days", "recipient", "status", "claimed_at"
            )
        )
    }
    for delivery in deliveries:
        row = rows.get(delivery.identity)
        if row is None:
            delivery.status = NEW if delivery.email else UNDELIVERABLE
            continue
        delivery.log_id, status, claimed_at = row
        if status == ReminderStatus.SENT:
            delivery.status = ALREADY_SENT
        elif status == ReminderStatus.UNDELIVERABLE:
            delivery.status = ALREADY_RECORDED
        elif status == ReminderStatus.PENDING and claimed_at >= stale_before:
            delivery.status = IN_PROGRESS
        else:
            delivery.status = RETRY


def _log_row(delivery: Delivery, on: dt.date, **fields) -> ReminderLog:
    reminder = delivery.reminder
    return ReminderLog(
        kind=reminder.kind,
        item_key=reminder.item_key,
        item_label=f"{reminder.what}: {reminder.title}"[:300],
        item_url=delivery.url[:500],
        deadline=reminder.deadline,
        lead_days=reminder.lead_days,
        recipient=delivery.email,
        recipient_name=delivery.name[:200],
        nobody_reachable=delivery.nobody_reachable,
        sweep_date=on,
        **fields,
    )


def _claim(
    deliveries: list[Delivery], on: dt.date, token: uuid.UUID, stale_before: dt.datetime
) -> list[Delivery]:
    """Claim this sweep's share of the deliveries; returns the ones it now owns."""
    now = timezone.now()
    new = sorted((d for d in deliveries if d.status == NEW), key=lambda d: d.identity)
    undeliverable = sorted(
        (d for d in deliveries if d.status == UNDELIVERABLE), key=lambda d: d.identity
    )
    rows = [
        _log_row(
            d, on, status=ReminderStatus.PENDING, claim_token=token, claimed_at=now, attempts=1
        )
        for d in new
    ] + [
        _log_row(
            d, on, status=ReminderStatus.UNDELIVERABLE, last_error="; ".join(map(str, d.missing))
        )
        for d in undeliverable
    ]
    if rows:
        ReminderLog.objects.bulk_create(rows, ignore_conflicts=True)
    retry_ids = sorted(d.log_id for d in deliveries if d.status == RETRY)
    if retry_ids:
        with transaction.atomic():
            free = list(
                ReminderLog.objects.select_for_update(skip_locked=True)
                .filter(pk__in=retry_ids)
                .retryable(stale_before)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            ReminderLog.objects.filter(pk__in=free).retryable(stale_before).update(
                status=ReminderStatus.PENDING,
                claim_token=token,
                claimed_at=now,
                attempts=F("attempts") + 1,
                sweep_date=on,
            )
    if not (new or retry_ids):
        return []
    mine = {
        (row.item_key, row.deadline, row.lead_days, row.recipient): row.pk
        for row in ReminderLog.objects.claimed_by(token)
        .filter(status=ReminderStatus.PENDING)
        .only("item_key", "deadline", "lead_days", "recipient")
    }
    owned = []
    for delivery in deliveries:
        if delivery.status not in (NEW, RETRY):
            continue
        if delivery.identity in mine:
            delivery.log_id = mine[delivery.identity]
            owned.append(delivery)
        else:
            delivery.status = IN_PROGRESS  # another sweep got there first
    return owned


# --- Sending ------------------------------------------------------------------------------------


def _send_digests(owned: list[Delivery], result: SweepResult, token: uuid.UUID) -> None:
    digests: dict[tuple[str, bool], list[Delivery]] = defaultdict(list)
    for delivery in owned:
        digests[(delivery.email, delivery.nobody_reachable)].append(delivery)
    mine = ReminderLog.objects.claimed_by(token)
    refresh_every = claim_timeout().total_seconds() / 3
    last_refresh = time.monotonic()
    # Each recipient reads their digest in the language they chose (one query for all).
    languages = ReminderPreference.objects.languages(d.user_id for d in owned if d.user_id)
    connection = get_connection()
    try:
        for index, key in enumerate(sorted(digests)):
            deliveries = digests[key]
            if time.monotonic() - last_refresh > refresh_every:
                mine.filter(status=ReminderStatus.PENDING).update(claimed_at=timezone.now())
                last_refresh = time.monotonic()
            ids = [d.log_id for d in deliveries]
            confirmed = mine.filter(pk__in=ids, status=ReminderStatus.PENDING).update(
                claimed_at=timezone.now()
            )
            if confirmed != len(ids):  # another sweep took some over: send only what is ours
                still = set(
                    mine.filter(pk__in=ids, status=ReminderStatus.PENDING).values_list(
                        "pk", flat=True
                    )
                )
                for delivery in deliveries:
                    if delivery.log_id not in still:
                        delivery.status = IN_PROGRESS
                deliveries = [d for d in deliveries if d.log_id in still]
                ids = [d.log_id for d in deliveries]
                if not deliveries:
                    continue
            user_id = next((d.user_id for d in deliveries if d.user_id), None)
            message = build_digest(
                deliveries,
                result.on,
                ids,
                connection=connection,
                language=languages.get(user_id) if user_id else None,
            )
            try:
                connection.send_messages([message])
            except PER_MESSAGE_ERRORS as exc:
                _mark_failed(mine.filter(pk__in=ids), deliveries, exc, result)
                continue
            except (smtplib.SMTPException, OSError) as exc:
                # The server is down or dropped us: the rest would fail alike. Release every
                # claim of this sweep as failed, for the task's retry and the next sweep.
                rest = [d for k in sorted(digests)[index:] for d in digests[k]]
                _mark_failed(mine.filter(status=ReminderStatus.PENDING), rest, exc, result)
                break
            mine.filter(pk__in=ids).update(
                status=ReminderStatus.SENT,
                sent_at=timezone.now(),
                message_id=message.extra_headers["Message-ID"],
                last_error="",
            )
            for delivery in deliveries:
                delivery.status = SENT
            result.messages += 1
    finally:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError):
            logger.warning("Could not close the mail server connection cleanly", exc_info=True)


def _is_permanent(exc: BaseException) -> bool:
    """A 5xx answer to this very message (the mailbox does not exist, the content is refused):
    retrying in a few minutes would get the same answer."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPDataError | smtplib.SMTPSenderRefused):
        return exc.smtp_code >= 500
    return False


def _mark_failed(rows, deliveries: list[Delivery], exc: BaseException, result: SweepResult) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    rows.update(status=ReminderStatus.FAILED, last_error=error)
    for delivery in deliveries:
        delivery.status = FAILED
    if not _is_permanent(exc):
        result.transient_failures += len(deliveries)
    result.errors.append(f"{deliveries[0].email}: {error}" if deliveries else error)
    logger.warning("Reminder digest not sent (%s); a later sweep will retry it", error)


def sweep(on: dt.date | None = None, dry_run: bool = False) -> SweepResult:
    """Send today's reminders (or, with `dry_run`, only say what would be sent).

    Runs outside any transaction (each step commits on its own: a claim must be visible to
    other sweeps at once). Returns what happened; delivery failures are recorded, not raised.
    """
    on = on or today()
    result = SweepResult(on=on, dry_run=dry_run)
    result.reminders, result.deliveries = plan(on)
    stale_before = timezone.now() - claim_timeout()
    _read_log(result.deliveries, stale_before)
    if dry_run:
        return result
    token = uuid.uuid4()
    owned = _claim(result.deliveries, on, token, stale_before)
    for delivery in result.deliveries:
        if delivery.status == UNDELIVERABLE:  # newly recorded: say it once, loudly
            logger.error(
                "Reminder nobody can receive, not even the secretariat: %s %s — %s (%s)",
                delivery.reminder.what,
                delivery.reminder.deadline,
                delivery.reminder.title,
                "; ".join(map(str, delivery.missing)),
            )
    if owned:
        _send_digests(owned, result, token)
    logger.info("Reminder sweep for %s: %s", on, result.as_dict())
    return result


__all__ = ["Delivery", "SweepResult", "message_id", "plan", "sweep", "today"]
