"""The change log other tools read (`/api/v1/changes/`), the webhooks the secretariat registers,
and the log of each delivery."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .targets import check_target_url


class ChangeType(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    DELETED = "deleted", _("deleted")


HISTORY_TYPES = {"+": ChangeType.CREATED, "~": ChangeType.UPDATED, "-": ChangeType.DELETED}


class Change(models.Model):
    """One created, updated or deleted record of a kind the API shows, appended in the
    transaction that made the change (so a rolled-back change leaves no row).

    Append-only, read in (`transaction`, `id`) order: `transaction` is PostgreSQL's 64-bit id
    of the writing transaction, and the feed only shows rows of transactions older than every
    one still running. An id or a timestamp alone is taken when the row is written, not when it
    becomes visible: a slow transaction would commit a row below a cursor a tool already holds,
    and the tool would never see it. (SQLite runs one writer at a time, so its rows commit in
    id order and `transaction` stays 0.)"""

    id = models.BigAutoField(primary_key=True)
    transaction = models.BigIntegerField(
        default=0, help_text=_("PostgreSQL's id of the transaction that wrote it (0 on SQLite).")
    )
    happened_at = models.DateTimeField(help_text=_("When the change was made (UTC)."))
    kind = models.CharField(max_length=40, help_text=_("The API's name for the record's kind."))
    code = models.CharField(max_length=255, help_text=_("The record's key in its API URL."))
    object_pk = models.CharField(max_length=64)
    change_type = models.CharField(max_length=10, choices=ChangeType.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        ordering = ["transaction", "id"]
        indexes = [models.Index(fields=["transaction", "id"], name="change_feed_order")]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} {self.change_type}"


class Webhook(models.Model):
    """An endpoint of another tool that hears of every committed change of the kinds and events
    it asks for, in a JSON POST signed with its secret."""

    name = models.CharField(max_length=100, help_text=_("Whose tool it is, for the log."))
    url = models.URLField(
        max_length=500,
        validators=[check_target_url],
        help_text=_(
            "http(s) only; addresses on private, loopback or link-local networks are refused."
        ),
    )
    secret = models.CharField(
        max_length=200,
        help_text=_(
            "Shared with the receiver, which checks the X-Tracker-Signature-256 header "
            "with it (README: Webhooks)."
        ),
    )
    kinds = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "The API kinds it hears of (deliverables, meetings…); none ticked: every kind."
        ),
    )
    on_created = models.BooleanField(default=True, help_text=_("Send when a record is created."))
    on_updated = models.BooleanField(default=True, help_text=_("Send when a record is changed."))
    on_deleted = models.BooleanField(default=True, help_text=_("Send when a record is deleted."))
    enabled = models.BooleanField(default=True)

    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def wants(self, kind: str, change_type: str) -> bool:
        return (
            self.enabled
            and (not self.kinds or kind in self.kinds)
            and getattr(self, f"on_{change_type}", False)
        )


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed (gave up)")


class Delivery(models.Model):
    """One change for one webhook: its payload as sent, and how the sending went. Deliveries
    of one record to one webhook go out in id order (a delivery waits for the earlier one)."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=40)
    code = models.CharField(max_length=255)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("How long the last attempt took, in milliseconds.")
    )
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["webhook", "change"], name="one_delivery_per_change")
        ]
        indexes = [
            models.Index(
                fields=["webhook", "kind", "code", "id"],
                condition=models.Q(status="pending"),
                name="delivery_pending_per_record",
            ),
            models.Index(fields=["status", "id"], name="delivery_status_list"),
        ]

    def __str__(self) -> str:
        return f"{self.webhook} · {self.kind} {self.code} {self.payload.get('event', '')}"
