"""Subscriptions (a user follows a group, a deliverable or a meeting) and the reminder log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.follow import followables
from core.models import Timestamped
from deliverables.models import Deliverable, Group
from meetings.models import Meeting

from .querysets import ReminderLogQuerySet, SubscriptionQuerySet

FOLLOWABLE = ("group", "deliverable", "meeting")


class Subscription(Timestamped):
    """A signed-in user follows one record: a group, a deliverable or a meeting.

    Three foreign keys rather than a generic relation: the database keeps them consistent
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
    objects = SubscriptionQuerySet.as_manager()
    # Who stopped following what, and when (an unsubscribe link leaves a trace).
    history = HistoricalRecords()

    class Meta:
        ordering = ["user_id", "created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(group__isnull=False, deliverable__isnull=True, meeting__isnull=True)
                    | Q(group__isnull=True, deliverable__isnull=False, meeting__isnull=True)
                    | Q(group__isnull=True, deliverable__isnull=True, meeting__isnull=False)
                ),
                name="subscription_follows_exactly_one_record",
                violation_error_message="Follow exactly one group, deliverable or meeting.",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"one_subscription_per_user_and_{name}",
                    violation_error_message=f"You already follow this {name}.",
                )
                for name in FOLLOWABLE
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.target_label}"

    @property
    def target(self) -> models.Model | None:
        return self.group or self.deliverable or self.meeting

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


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "Pending (being sent)"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (retried by the next sweep)"
    UNDELIVERABLE = "undeliverable", "Undeliverable (nobody to send to, not even the secretariat)"


class ReminderLog(Timestamped):
    """One reminder to one recipient: the claim before sending and the proof after.

    The unique key (item, deadline, lead time, recipient) is what makes a reminder go out once:
    see `reminders.sweep` for the claim → send → mark protocol.
    """

    kind = models.CharField(max_length=40)
    item_key = models.CharField(
        max_length=120, help_text="The record reminded about, e.g. action:meetings.actionitem:42."
    )
    item_label = models.CharField(max_length=300)
    item_url = models.URLField(max_length=500, blank=True)
    deadline = models.DateField()
    lead_days = models.SmallIntegerField(
        help_text="Days before the deadline (0 on the day; negative once it has passed)."
    )
    recipient = models.CharField(
        max_length=254,
        blank=True,
        help_text="E-mail address (lower case); empty when nobody at all could be reached.",
    )
    recipient_name = models.CharField(max_length=200, blank=True)
    nobody_reachable = models.BooleanField(
        default=False,
        help_text="Sent to the secretariat because nobody meant to get it has an e-mail address.",
    )
    status = models.CharField(
        max_length=15, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    sweep_date = models.DateField(help_text="The day of the sweep that last claimed it.")
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the mail server accepted the message."
    )
    message_id = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)

    objects = ReminderLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "id"]
        verbose_name = "reminder log entry"
        verbose_name_plural = "reminder log"
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
