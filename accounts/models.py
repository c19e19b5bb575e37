"""A login's link to a person of the work programme, and its personal calendar feed's key."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Timestamped, TimestampedQuerySet
from deliverables.models import Person


class LinkStatus(models.TextChoices):
    PROPOSED = "proposed", _("Linked by a verified e-mail (to confirm)")
    CONFIRMED = "confirmed", _("Confirmed by the secretariat")
    UNDONE = "undone", _("Undone by the secretariat")


class PersonLink(Timestamped):
    """How a login came to be a person's: made when a verified address of the login is a
    person's address, then confirmed or undone by the secretariat.

    While proposed or confirmed, `Person.user` points at the login (what the reminders and the
    pages read); undone, it does not, and the row stays so that the same address does not link
    them again at the next sign-in.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_link"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="login_links")
    email = models.EmailField(help_text=_("The verified address both share."))
    status = models.CharField(
        max_length=10, choices=LinkStatus.choices, default=LinkStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who in the secretariat confirmed or undid it."),
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = TimestampedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "-created", "id"]
        verbose_name = _("login linked to a person")
        verbose_name_plural = _("logins linked to people")
        constraints = [
            # One live login per person (Person.user is one-to-one too).
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(status="undone"),
                name="one_live_login_link_per_person",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created"], name="personlink_status_created")]

    def __str__(self) -> str:
        return f"{self.user} → {self.person} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.status == LinkStatus.UNDONE or not (self.person_id and self.user_id):
            return
        taken = (
            Person.objects.filter(pk=self.person_id)
            .exclude(user=None)
            .exclude(user_id=self.user_id)
            .exists()
        )
        if taken:
            raise ValidationError({"person": _("This person already has another login.")})


def new_feed_key() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedKey(Timestamped):
    """The secret in a user's personal calendar URL. Regenerating replaces it, so the old URL
    stops working at once (anyone it was shared with loses the feed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_key"
    )
    key = models.CharField(max_length=64, unique=True, default=new_feed_key, editable=False)

    objects = TimestampedQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal calendar key")

    def __str__(self) -> str:
        return f"{self.user}'s calendar key"
