"""Liaison statements, incoming and outgoing, their replies and attachments."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.codes import SLUG, UniqueAnyCase
from core.dates import DatePrecision, date_in_range, dates_in_range, format_partial_date
from core.fields import QuirkField, SlugCodeField
from core.models import Timestamped, TimestampedQuerySet
from core.search import StoredSearchVector
from core.translations import (
    TranslatedHistoricalRecords,
    TranslatedManager,
    TranslatedModel,
    clean_translations,
    original_language_field,
    translation_field,
)
from core.uploads import generated_name, type_label
from deliverables.models import Deliverable, Group, Person
from meetings.models import ActionItem, Document, Meeting, deadline_cutoff

from .querysets import LiaisonStatementQuerySet

NOT_STATED = _("not stated")
ALL_STUDY_GROUPS = _("all study groups")


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


class LiaisonPurpose(models.TextChoices):
    ACTION = "action", _("For action")
    COMMENT = "comment", _("For comment")
    INFORMATION = "information", _("For information")


class LiaisonStatus(models.TextChoices):
    # Outgoing: draft -> approved -> sent.
    DRAFT = "draft", pgettext_lazy("liaison status", "Draft")
    APPROVED = "approved", pgettext_lazy("liaison status", "Approved")
    SENT = "sent", pgettext_lazy("liaison status", "Sent")
    # Incoming: received -> answered, or received -> no reply needed.
    RECEIVED = "received", pgettext_lazy("liaison status", "Received")
    ANSWERED = "answered", pgettext_lazy("liaison status", "Answered")
    NO_REPLY_NEEDED = "no_reply_needed", pgettext_lazy("liaison status", "No reply needed")


# The one table of the state flow: where each direction starts, and which moves are allowed.
# Read by LiaisonStatement.move_to (admin and API), clean() and the database constraint.
INITIAL_STATUS: dict[str, str] = {
    Direction.OUTGOING: LiaisonStatus.DRAFT,
    Direction.INCOMING: LiaisonStatus.RECEIVED,
}
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Direction.OUTGOING: {
        LiaisonStatus.DRAFT: (LiaisonStatus.APPROVED,),
        LiaisonStatus.APPROVED: (LiaisonStatus.SENT,),
        LiaisonStatus.SENT: (),
    },
    Direction.INCOMING: {
        LiaisonStatus.RECEIVED: (LiaisonStatus.ANSWERED, LiaisonStatus.NO_REPLY_NEEDED),
        LiaisonStatus.ANSWERED: (),
        LiaisonStatus.NO_REPLY_NEEDED: (),
    },
}
# No reply is awaited from anybody once a statement is in one of these.
REPLY_SETTLED = (LiaisonStatus.ANSWERED, LiaisonStatus.NO_REPLY_NEEDED)


def statuses_of(direction: str) -> tuple[str, ...]:
    return tuple(TRANSITIONS.get(direction, {}))


def _status_matches_direction() -> Q:
    return Q(
        *(
            Q(direction=direction, status__in=list(states))
            for direction, states in TRANSITIONS.items()
        ),
        _connector=Q.OR,
    )


class LiaisonStatement(TranslatedModel, Timestamped):
    """A liaison statement. Unknown facts stay unknown: an empty sender, purpose or date is shown
    as "not stated", never guessed."""

    code = SlugCodeField(
        max_length=60,
        unique=True,
        validators=[SLUG.validator],
        help_text=_("Stable key for URLs: the document code (td480-r1) or the reference."),
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_statements",
    )
    reference = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The statement's own reference when known only by it (e.g. TSAG-LS14R1)."),
    )
    title = models.CharField(
        max_length=500, blank=True, help_text=_("Empty when the source does not give it.")
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    from_groups = models.ManyToManyField(Group, blank=True, related_name="liaisons_sent")
    from_note = models.CharField(
        max_length=255, blank=True, help_text=_("A sender that is none of our groups.")
    )
    to_groups = models.ManyToManyField(Group, blank=True, related_name="liaisons_received")
    to_all_study_groups = models.BooleanField(
        default=False, help_text=_("Addressed to all ITU-T study groups, whichever exist.")
    )
    purpose = models.CharField(
        max_length=12,
        choices=LiaisonPurpose.choices,
        blank=True,
        help_text=_("Empty when the source does not state it."),
    )
    date = models.DateField(
        _("sent"),
        null=True,
        blank=True,
        validators=[date_in_range],
        help_text=_(
            "The date the sender gave it (sent). Empty when not stated; the first day of "
            "the month or year when only that is known."
        ),
    )
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_('How much of the date the source gives (an oLS of "August 2023": month).'),
    )
    received_on = models.DateField(
        _("received / posted"),
        null=True,
        blank=True,
        validators=[date_in_range],
        help_text=_("The day it reached us or was posted here; kept apart from the sent date."),
    )
    reply_deadline = models.DateField(null=True, blank=True, validators=[date_in_range])
    reply_deadline_time = models.TimeField(
        null=True,
        blank=True,
        help_text=_(
            "Cut-off time of the reply deadline, in the time zone of the meeting that "
            "approved the statement (else the site's); empty: 23:59."
        ),
    )
    status = models.CharField(
        max_length=16,
        choices=LiaisonStatus.choices,
        default=LiaisonStatus.DRAFT,
        help_text=_(
            "Outgoing: draft, approved, sent. Incoming: received, then answered or no reply "
            "needed. Changed by a decision (move_to), not edited."
        ),
    )
    status_decision = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("The decision that moved it to its status (e.g. action WP2-9, TSAG plenary)."),
    )
    status_changed_on = models.DateField(
        null=True,
        blank=True,
        validators=[date_in_range],
        help_text=_("When that decision was taken."),
    )
    approved_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="liaisons_approved"
    )
    approved_by_action = models.ForeignKey(
        ActionItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaisons_approved",
    )
    contact = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="liaison_contacts"
    )
    replies_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    related_deliverables = models.ManyToManyField(
        Deliverable, blank=True, related_name="liaison_statements"
    )
    related_groups = models.ManyToManyField(Group, blank=True, related_name="related_liaisons")
    summary = models.TextField(blank=True, help_text=_("What is asked of the recipients."))
    quirk = QuirkField()
    # Optional translations of what the secretariat entered (core.translations).
    original_language = original_language_field()
    i18n = translation_field("title", "summary")

    # The weighted words search looks in (core.search), stored and GIN indexed.
    SEARCH_WEIGHTS: ClassVar[dict[str, str]] = {
        "code": "A",
        "reference": "A",
        "title": "A",
        "summary": "B",
        "from_note": "C",
    }
    search_vector = models.GeneratedField(
        expression=StoredSearchVector(SEARCH_WEIGHTS),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # Statuses after which no reply is awaited; the queryset reads them here (it cannot import
    # this module, which imports it).
    REPLY_SETTLED: ClassVar[tuple[str, ...]] = REPLY_SETTLED

    objects = TranslatedManager.from_queryset(LiaisonStatementQuerySet)()
    history = TranslatedHistoricalRecords(
        m2m_fields=[from_groups, to_groups, related_deliverables, related_groups],
        excluded_fields=["search_vector"],
    )

    class Meta:
        # Newest first; undated statements ("not stated") after the dated ones.
        ordering = [F("date").desc(nulls_last=True), "code"]
        constraints = [
            UniqueAnyCase(
                Upper("code"),
                name="liaison_statement_code_unique_any_case",
                violation_error_message=_(
                    "A liaison statement with this code already exists (in some letter case)."
                ),
            ),
            SLUG.check_constraint("code", "liaison_statement_code_is_valid"),
            *dates_in_range(
                "liaisonstatement", "date", "reply_deadline", "received_on", "status_changed_on"
            ),
            models.CheckConstraint(
                condition=Q(reply_deadline__isnull=True)
                | Q(date__isnull=True)
                | Q(reply_deadline__gte=F("date")),
                name="reply_deadline_not_before_statement",
                violation_error_message=_(
                    "The reply deadline cannot be before the statement's date."
                ),
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(document__isnull=False),
                name="one_liaison_statement_per_document",
                violation_error_message=_("This document is already a liaison statement."),
            ),
            models.CheckConstraint(
                condition=_status_matches_direction(),
                name="liaison_status_matches_direction",
                violation_error_message=_(
                    "Outgoing statements are draft, approved or sent; incoming "
                    "ones received, answered or no reply needed."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(replies_to=F("pk")),
                name="statement_does_not_reply_to_itself",
                violation_error_message=_("A statement cannot reply to itself."),
            ),
        ]
        indexes = [
            # The list's own order (date DESC NULLS LAST, code), alone and within one status
            # (the admin's status filter), are indexed on PostgreSQL only, by migrations 0005 and
            # 0008: SQLite, the embedded default, cannot build NULLS LAST into an index. A page
            # then reads 100 rows of an index instead of sorting every statement.
            # The few statements to all study groups, read for every study group's inbox.
            models.Index(
                fields=["date"],
                condition=Q(to_all_study_groups=True),
                name="liaison_to_all_study_groups",
            ),
        ]

    def __str__(self) -> str:
        return self.display_code

    def get_absolute_url(self) -> str:
        return reverse("liaisons:liaison-detail", kwargs={"code": self.code})

    def clean(self) -> None:
        clean_translations(self)
        errors = {}
        action = self.approved_by_action if self.approved_by_action_id else None
        if action is not None and not self.approved_at_id:
            # The action names the meeting that agreed it; saying it twice is not required.
            self.approved_at = action.meeting
        if self.reply_deadline and self.date and self.reply_deadline < self.date:
            errors["reply_deadline"] = gettext(
                "The reply deadline cannot be before the statement's date."
            )
        if self.direction in TRANSITIONS and self.status not in statuses_of(self.direction):
            if self.direction == Direction.INCOMING:
                message = gettext("An incoming statement is %(allowed)s, not %(status)s.")
            else:
                message = gettext("An outgoing statement is %(allowed)s, not %(status)s.")
            errors["status"] = message % {
                "allowed": _either(statuses_of(self.direction)),
                "status": self.status,
            }
        if action is not None and action.meeting_id != self.approved_at_id:
            errors["approved_by_action"] = gettext(
                "This action was agreed at another meeting than the one that approved the "
                "statement."
            )
        if self.replies_to_id:
            if self.pk and self.replies_to_id == self.pk:
                errors["replies_to"] = gettext("A statement cannot reply to itself.")
            else:
                seen, current = set(), self.replies_to
                while current is not None and current.pk not in seen:
                    if self.pk and current.pk == self.pk:
                        errors["replies_to"] = gettext("This would make a cycle of replies.")
                        break
                    seen.add(current.pk)
                    current = current.replies_to
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def initial_status(direction: str) -> str:
        """Where a new statement starts: an incoming one is received, never a draft."""
        return INITIAL_STATUS.get(direction, LiaisonStatus.DRAFT)

    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS.get(self.direction, {}).get(self.status, ())

    def check_move(self, status: str, decision: str) -> None:
        """Raise ValidationError (on `status`, `status_decision`) unless TRANSITIONS allows the
        move from the current status and a decision is named."""
        allowed = self.next_statuses()
        errors = {}
        if status not in allowed:
            wanted = LiaisonStatus(status).label if status in LiaisonStatus.values else status
            # Whole sentences per direction: the adjective agrees with "statement" in some
            # languages; the statuses are the flow's own labels.
            incoming = self.direction == Direction.INCOMING
            if allowed:
                message = (
                    gettext(
                        "An incoming statement that is %(status)s cannot become %(wanted)s; "
                        "it can become %(allowed)s."
                    )
                    if incoming
                    else gettext(
                        "An outgoing statement that is %(status)s cannot become %(wanted)s; "
                        "it can become %(allowed)s."
                    )
                )
            else:
                message = (
                    gettext(
                        "An incoming statement that is %(status)s cannot become %(wanted)s; "
                        "that is final."
                    )
                    if incoming
                    else gettext(
                        "An outgoing statement that is %(status)s cannot become %(wanted)s; "
                        "that is final."
                    )
                )
            errors["status"] = message % {
                "status": self.get_status_display().lower(),
                "wanted": str(wanted).lower(),
                "allowed": _either(allowed),
            }
        if not (decision or "").strip():
            errors["status_decision"] = gettext("Say which decision moves it (e.g. action WP2-9).")
        if errors:
            raise ValidationError(errors)

    def apply_move(self, status: str, decision: str, on: dt.date | None = None) -> None:
        """Set a move along the flow on this instance, unsaved, or raise ValidationError: for a
        caller that saves it with its other changes in one write (the admin's form, the API's
        update), under the row lock the caller holds."""
        self.check_move(status, decision)
        self.status = status
        self.status_decision = decision.strip()
        self.status_changed_on = on or timezone.localdate()
        others = [f.name for f in self._meta.fields if f.name != "status_changed_on"]
        self.clean_fields(exclude=others)

    def move_to(self, status: str, decision: str, on: dt.date | None = None) -> None:
        """Move the statement along its state flow (TRANSITIONS), recording the decision that
        moved it and when (today unless `on`). A refused move raises ValidationError keyed by
        field and changes nothing."""
        with transaction.atomic():
            # From the stored state, locked: two people moving it at once cannot both pass.
            stored = type(self).objects.select_for_update().only("status").get(pk=self.pk)
            self.status = stored.status
            self.apply_move(status, decision, on)
            self.save(
                update_fields=["status", "status_decision", "status_changed_on", "last_updated"]
            )

    @staticmethod
    def code_for(document: Document | None, reference: str) -> str:
        """The code of a statement entered without one: its document's (td480-r1), else its
        reference's (tsag-ls14r1). The admin form and the API both ask it here. Raises
        ValidationError on `code` when there is neither."""
        derived = slugify(document.code if document is not None else reference or "")
        if not derived:
            raise ValidationError(
                {"code": gettext("Give a code, a document or a reference to name the statement.")}
            )
        return derived

    @property
    def asks_for_reply(self) -> bool:
        """For action, with a reply deadline, and not answered or settled: the in-memory half of
        `LiaisonStatementQuerySet._asks_for_reply()`; who has replied decides the rest."""
        return (
            self.purpose == LiaisonPurpose.ACTION
            and self.reply_deadline is not None
            and self.status not in REPLY_SETTLED
        )

    @property
    def reply_time_zone(self) -> str:
        """The zone the reply deadline is read in: the approving meeting's, else the site's."""
        return self.approved_at.time_zone if self.approved_at else settings.TIME_ZONE

    @property
    def reply_cutoff(self) -> dt.datetime | None:
        return deadline_cutoff(self.reply_deadline, self.reply_deadline_time, self.reply_time_zone)

    @property
    def display_code(self) -> str:
        if self.document is not None:
            return self.document.code
        return self.reference or self.code

    # The *_display texts below read the prefetched relations (`.all()`), so a list that
    # prefetches from_groups/to_groups shows them without a query per row.

    @property
    def title_display(self) -> str:
        return self.title or str(NOT_STATED)

    @property
    def from_display(self) -> str:
        senders = [group.code for group in self.from_groups.all()]
        if self.from_note:
            senders.append(self.from_note)
        return ", ".join(senders) or str(NOT_STATED)

    @property
    def to_display(self) -> str:
        recipients = [group.code for group in self.to_groups.all()]
        if self.to_all_study_groups:
            recipients.insert(0, str(ALL_STUDY_GROUPS))
        return ", ".join(recipients) or str(NOT_STATED)

    @property
    def purpose_display(self) -> str:
        return self.get_purpose_display() if self.purpose else str(NOT_STATED)

    @property
    def answered(self) -> bool:
        """Whether any statement replies to this one (reads prefetched replies)."""
        return bool(self.replies.all())

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.date_precision) or str(NOT_STATED)


def _either(statuses: tuple[str, ...]) -> str:
    """'draft, approved or sent': the statuses' labels as one alternative."""
    labels = [str(LiaisonStatus(status).label).lower() for status in statuses]
    if len(labels) < 2:
        return "".join(labels)
    return gettext("%(others)s or %(last)s") % {
        "others": ", ".join(labels[:-1]),
        "last": labels[-1],
    }


def attachment_path(instance: Attachment, filename: str) -> str:
    return generated_name("liaisons", filename)


class Attachment(Timestamped):
    statement = models.ForeignKey(
        LiaisonStatement, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    objects = TimestampedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # statement_id, not statement: ordering by the relation would join to use its ordering.
        ordering = ["statement_id", "created", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("liaisons:attachment-download", kwargs={"pk": self.pk})

    @property
    def type_label(self) -> str:
        return type_label(self.content_type, self.original_name)
