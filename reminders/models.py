"""Subscriptions (a user follows a group, a deliverable or a meeting) and the reminder log."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.follow import followables
from core.models import Timestamped, TimestampedQuerySet
from deliverables.models import Deliverable, Group
from liaisons.models import LiaisonStatement
from meetings.models import Meeting

from .querysets import ReminderLogQuerySet, SubscriptionQuerySet

FOLLOWABLE = ("group", "deliverable", "meeting", "liaison")
ALREADY_FOLLOWED = {
    "group": _("You already follow this group."),
    "deliverable": _("You already follow this deliverable."),
    "meeting": _("You already follow this meeting."),
    "liaison": _("You already follow this liaison."),
}


def _exactly_one_followed() -> Q:
    condition = Q(pk__in=[])
    for name in FOLLOWABLE:
        condition |= Q(
            **{f"{name}__isnull": False},
            **{f"{other}__isnull": True for other in FOLLOWABLE if other != name},
        )
    return condition


class Subscription(Timestamped):
    """A signed-in user follows one record: a group, a deliverable, a meeting or a liaison
    statement.

    Foreign keys rather than a generic relation: the database keeps them consistent
    (deleting a meeting deletes who followed it) and the sweep finds followers with a plain join.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_subscriptions"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    deliverable = models.ForeignKey(
        Deliverable, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    liaison = models.ForeignKey(
        LiaisonStatement,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("liaison statement"),
    )
    objects = SubscriptionQuerySet.as_manager()
    # Who stopped following what, and when (an unsubscribe link leaves a trace).
    history = HistoricalRecords()

    class Meta:
        ordering = ["user_id", "created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_followed(),
                name="subscription_follows_exactly_one_record",
                violation_error_message=(
                    _("Follow exactly one group, deliverable, meeting or liaison statement.")
                ),
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"one_subscription_per_user_and_{name}",
                    violation_error_message=ALREADY_FOLLOWED[name],
                )
                for name in FOLLOWABLE
            ),
        ]
        # The "What I follow" page: a user's subscriptions, oldest first, a page at a time.
        indexes = [models.Index(fields=["user", "created", "id"], name="subscription_user_created")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.target_label}"

    @property
    def target(self) -> models.Model | None:
        return self.group or self.deliverable or self.meeting or self.liaison

    @property
    def target_kind(self) -> str:
        return next((name for name in FOLLOWABLE if getattr(self, f"{name}_id")), "")

    @property
    def target_label(self) -> str:
        """'group RG-IEM', 'deliverable FGMV-04', 'meeting RG-IEM interim virtual meeting'."""
        target = self.target
        if target is None:
            return "nothing"
        followable = followables.get(self.target_kind)
        return f"{self.target_kind} {followable.name(target) if followable else target}"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Each reminder as it falls due (one e-mail a day at most)")
    WEEKLY = "weekly", _("One e-mail a week: the deadlines of the week ahead")
    NONE = "none", _("No e-mail about what I follow")


def site_lead_days() -> tuple[int, ...]:
    """The lead times the sweep offers (REMINDER_LEAD_DAYS), longest first."""
    return tuple(sorted({int(d) for d in settings.REMINDER_LEAD_DAYS if int(d) > 0}, reverse=True))


def language_choices() -> list[tuple[str, str]]:
    """The site's languages (LANGUAGES), read when asked: a callable, so the migration names it
    rather than freezing today's list."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def site_language(code: str | None) -> str:
    """`code` (a page's language, 'fr-ch') as one of the site's languages ('fr'); empty when
    the site has none like it."""
    try:
        variant = translation.get_supported_language_variant(code or "")
    except LookupError:
        return ""
    return variant if variant in dict(settings.LANGUAGES) else ""


class ReminderPreferenceQuerySet(TimestampedQuerySet):
    def languages(self, user_ids: Iterable[int]) -> dict[int, str]:
        """The chosen language of each of these users who chose one (one query)."""
        return dict(
            self.filter(user_id__in=set(user_ids))
            .exclude(language="")
            .values_list("user_id", "language")
        )


class ReminderPreference(Timestamped):
    """How a user hears of the deadlines of what they follow. A user without one gets the
    site's default: each reminder at every lead time, in the daily digest.

    Reminders a user gets for what they are responsible for or lead (an action of theirs, a
    statement to their group) are not theirs to switch off: only those of what they follow.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    frequency = models.CharField(
        _("e-mail"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    # JSON rather than an array: the embedded default database is SQLite.
    lead_days = models.JSONField(
        _("days before a deadline"),
        null=True,
        blank=True,
        help_text=_("Chosen among the site's lead times; empty: all of them."),
    )
    # Every e-mail to the user (reminders, digests, their account's) is written in it. Set at
    # sign-up to the language the page was in; empty: the site's default language.
    language = models.CharField(
        _("language"),
        max_length=15,
        blank=True,
        choices=language_choices,
        help_text=_("The language of the e-mails you receive."),
    )

    objects = ReminderPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder setting")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"

    def clean(self) -> None:
        offered = site_lead_days()
        chosen = self.lead_days
        if chosen is None:
            return
        if not isinstance(chosen, list) or any(
            not isinstance(d, int) or d not in offered for d in chosen
        ):
            raise ValidationError(
                {
                    "lead_days": _("Choose among %(offered)s days.")
                    % {"offered": ", ".join(map(str, offered))}
                }
            )
        self.lead_days = sorted(set(chosen), reverse=True)

    @property
    def leads(self) -> tuple[int, ...]:
        return leads_for(self.lead_days)


def leads_for(lead_days: list[int] | None) -> tuple[int, ...]:
    """The lead times a stored choice means: the site's when none was made; those still offered
    otherwise (a lead time the site stopped offering is dropped)."""
    offered = site_lead_days()
    if lead_days is None:
        return offered
    return tuple(d for d in offered if d in lead_days)


class WeeklyDigest(Timestamped):
    """One weekly digest to one user: claimed (a row) before it is sent, so that two runs of the
    task never send the same week twice; a digest the mail server refused is deleted again for
    the next run to retry."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_digests"
    )
    week_of = models.DateField(help_text=_("The first day of the week the digest covers."))
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = TimestampedQuerySet.as_manager()

    class Meta:
        ordering = ["-week_of", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_of"], name="one_weekly_digest_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.user}: week of {self.week_of}"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Pending (being sent)")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (retried by the next sweep)")
    UNDELIVERABLE = (
        "undeliverable",
        _("Undeliverable (nobody to send to, not even the secretariat)"),
    )


class ReminderLog(Timestamped):
    """One reminder to one recipient: the claim before sending and the proof after.

    The unique key (item, deadline, lead time, recipient) is what makes a reminder go out once:
    see `reminders.sweep` for the claim → send → mark protocol.
    """

    kind = models.CharField(max_length=40)
    item_key = models.CharField(
        max_length=120,
        help_text=_("The record reminded about, e.g. action:meetings.actionitem:42."),
    )
    item_label = models.CharField(max_length=300)
    item_url = models.URLField(max_length=500, blank=True)
    deadline = models.DateField()
    lead_days = models.SmallIntegerField(
        help_text=_("Days before the deadline (0 on the day; negative once it has passed).")
    )
    recipient = models.CharField(
        max_length=254,
        blank=True,
        help_text=_("E-mail address (lower case); empty when nobody at all could be reached."),
    )
    recipient_name = models.CharField(max_length=200, blank=True)
    nobody_reachable = models.BooleanField(
        default=False,
        help_text=_(
            "Sent to the secretariat because nobody meant to get it has an e-mail address."
        ),
    )
    status = models.CharField(
        max_length=15, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    sweep_date = models.DateField(help_text=_("The day of the sweep that last claimed it."))
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the mail server accepted the message.")
    )
    message_id = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)

    objects = ReminderLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "id"]
        verbose_name = _("reminder log entry")
        verbose_name_plural = _("reminder log")
        constraints = [
            models.UniqueConstraint(
                fields=["item_key", "deadline", "lead_days", "recipient"],
                name="one_reminder_per_item_deadline_lead_and_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="sent_reminder_has_a_sending_time",
            ),
        ]
        indexes = [
            models.Index(fields=["claim_token"], name="reminderlog_claim_token"),
            models.Index(fields=["status", "sweep_date"], name="reminderlog_status_sweep"),
        ]

    def __str__(self) -> str:
        to = self.recipient or "nobody"
        return f"{self.item_label} — {self.deadline:%d %b %Y} ({self.lead_days:+d} d) → {to}"
