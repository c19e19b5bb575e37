"""Meetings and their sessions, documents (TDs, contributions) and action items."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import ClassVar

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.codes import ACTION_CODE, DOCUMENT_NUMBER, SLUG, UniqueAnyCase
from core.dates import date_in_range, dates_in_range
from core.fields import CodeField, QuirkField, SlugCodeField
from core.i18n import date_range, long_date
from core.local_times import aware_local_time, start_of_day
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
from core.uploads import StoredFileFacts, generated_name, stored_file_facts, validate_upload
from deliverables.models import Deliverable, Group, Person

from .querysets import ACTION_DUE_KEY, ActionItemQuerySet, DocumentQuerySet, MeetingQuerySet

ALL_TIME_ZONES = sorted(zoneinfo.available_timezones())
_KNOWN_TIME_ZONES = frozenset(ALL_TIME_ZONES)


DEFAULT_CUTOFF = dt.time(23, 59)


def deadline_cutoff(
    day: dt.date | None, time: dt.time | None, zone_name: str
) -> dt.datetime | None:
    """A deadline's day and cut-off time as an instant in `zone_name` (23:59 by default).
    A wall time skipped by a daylight-saving change is read forward, as zoneinfo does."""
    if day is None:
        return None
    return dt.datetime.combine(day, time or DEFAULT_CUTOFF, zoneinfo.ZoneInfo(zone_name))


def validate_time_zone(value: str) -> None:
    if value not in _KNOWN_TIME_ZONES:
        raise ValidationError(
            gettext("%(value)s is not a known time zone; use an IANA name such as Europe/Zurich."),
            params={"value": value},
        )


def _long_date(value: dt.date | None) -> str:
    """'05 March 2024', with the month in the reader's language."""
    return date_format(value, "d F Y") if value else ""


def _require(values: dict, keys: tuple[str, str]) -> None:
    missing = {key: gettext("This field is required.") for key in keys if key not in values}
    if missing:
        raise ValidationError(missing)


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    WORKING_PARTY = "working_party", _("Working party meeting")
    RAPPORTEUR_GROUP = "rapporteur_group", _("Rapporteur group meeting")
    FOCUS_GROUP = "focus_group", _("Focus group meeting")
    AD_HOC = "ad_hoc", _("Ad hoc group meeting")
    WORKSHOP = "workshop", _("Workshop")
    FORUM = "forum", _("Forum")
    OTHER = "other", _("Other event")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class Meeting(TranslatedModel, Timestamped):
    """Any gathering of one or more groups, or an event.

    Times are stored in UTC and entered and shown in the meeting's own time zone. A whole-day
    meeting has `all_day` set and runs from local midnight of its first day to local midnight after
    its last day: its hours are not facts, only its dates are, and it is shown as dates."""

    code = SlugCodeField(max_length=80, unique=True, validators=[SLUG.validator])
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    format = models.CharField(
        max_length=10,
        choices=MeetingFormat.choices,
        default=MeetingFormat.IN_PERSON,
        blank=True,
        help_text=_("Empty when the announcement does not say."),
    )
    groups = models.ManyToManyField(Group, blank=True, related_name="meetings")
    time_zone = models.CharField(
        max_length=64,
        default="Europe/Zurich",
        validators=[validate_time_zone],
        help_text=_("The IANA time zone the meeting is announced in (Europe/Zurich for Geneva)."),
    )
    all_day = models.BooleanField(default=False, help_text=_("Whole days, no hours announced."))
    starts_at = models.DateTimeField(validators=[date_in_range])
    ends_at = models.DateTimeField(validators=[date_in_range])
    venue = models.CharField(max_length=255, blank=True)
    host = models.CharField(max_length=255, blank=True, help_text=_("Host organisations."))
    organisers = models.CharField(max_length=255, blank=True)
    objectives = models.TextField(blank=True)
    contribution_deadline = models.DateField(
        null=True,
        blank=True,
        validators=[date_in_range],
        help_text=_("Last day for contributions, in the meeting's time zone."),
    )
    contribution_deadline_time = models.TimeField(
        null=True,
        blank=True,
        help_text=_(
            "Cut-off time of the contribution deadline, in the meeting's time zone "
            "(empty: 23:59, as ITU announces them)."
        ),
    )
    outcome = models.TextField(blank=True)
    url = models.URLField(blank=True)
    # Facts the event pages give beside the programme: who to contact, the wider event it is part
    # of or held with, and groups it concerns without organising it.
    contact = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_as_contact",
        help_text=_("The contact person the announcement names."),
    )
    part_of = models.CharField(
        max_length=255,
        blank=True,
        help_text=_('The event it is a session of, as the source names it ("WSIS Forum 2025").'),
    )
    held_with = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("An event it is held in conjunction with, as the source names it."),
    )
    related_groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="related_meetings",
        help_text=_(
            "Groups it concerns without organising it (FG-MV, whose meeting preceded the forum)."
        ),
    )
    quirk = QuirkField()
    # Optional translations of what the secretariat entered (core.translations).
    original_language = original_language_field()
    i18n = translation_field("title")

    # The weighted words search looks in (core.search), stored and GIN indexed.
    SEARCH_WEIGHTS: ClassVar[dict[str, str]] = {
        "code": "A",
        "title": "A",
        "venue": "C",
        "objectives": "B",
        "outcome": "C",
    }
    search_vector = models.GeneratedField(
        expression=StoredSearchVector(SEARCH_WEIGHTS),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = TranslatedManager.from_queryset(MeetingQuerySet)()
    history = TranslatedHistoricalRecords(
        m2m_fields=[groups, related_groups], excluded_fields=["search_vector"]
    )

    class Meta:
        ordering = ["starts_at", "code"]
        indexes = [models.Index(fields=["starts_at", "code"], name="meeting_time_order")]
        constraints = [
            UniqueAnyCase(
                Upper("code"),
                name="meeting_code_unique_any_case",
                violation_error_message=_(
                    "A meeting with this code already exists (in some letter case)."
                ),
            ),
            SLUG.check_constraint("code", "meeting_code_is_valid"),
            *dates_in_range("meeting", "starts_at", "ends_at", datetimes=True),
            *dates_in_range("meeting", "contribution_deadline"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(contribution_deadline__isnull=True)
                | Q(contribution_deadline__lt=F("starts_at")),
                name="contribution_deadline_precedes_meeting",
                violation_error_message=_("The contribution deadline must precede the meeting."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting-detail", kwargs={"code": self.code})

    def clean(self) -> None:
        clean_translations(self)
        errors = {}
        known_zone = self.time_zone in _KNOWN_TIME_ZONES
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = gettext("A meeting cannot end before it starts.")
        elif self.all_day and self.starts_at and self.ends_at and known_zone:
            # Whole days run from local midnight to local midnight; any other hour would be an
            # invented one that calendars and pages would then show.
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = gettext("A whole-day meeting lasts at least one day.")
            elif self.starts_at != start_of_day(
                self.local_start.date(), self.zone
            ) or self.ends_at != start_of_day(self.local_end.date(), self.zone):
                errors["all_day"] = gettext(
                    "A whole-day meeting starts and ends at midnight in its own time zone."
                )
        if (
            self.contribution_deadline
            and self.starts_at
            and known_zone
            and self.contribution_deadline >= self.local_start.date()
        ):
            errors["contribution_deadline"] = gettext(
                "The contribution deadline must be before the meeting's first day (%(day)s)."
            ) % {"day": _long_date(self.local_start.date())}
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> dt.datetime:
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def contribution_cutoff(self) -> dt.datetime | None:
        """The instant contributions close: the deadline's day at its cut-off time (23:59 unless
        one is given) in the meeting's zone."""
        return deadline_cutoff(
            self.contribution_deadline, self.contribution_deadline_time, self.time_zone
        )

    @property
    def local_end(self) -> dt.datetime:
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def start_date(self) -> dt.date:
        return self.local_start.date()

    @property
    def end_date(self) -> dt.date:
        """The last day of the meeting (inclusive), in its own time zone."""
        if self.all_day:
            return (self.local_end - dt.timedelta(seconds=1)).date()
        return self.local_end.date()

    @property
    def when_display(self) -> str:
        """As announced: '22–26 January 2024', '20 February 2024, 13:00–14:30 (Europe/Zurich)';
        the dates in the reader's language (core.i18n, the one rule for dates)."""
        start, end = self.start_date, self.end_date
        if self.all_day:
            return date_range(start, end)
        hours = f"{self.local_start:%H:%M}–{self.local_end:%H:%M}"
        if start == end:
            return f"{long_date(start)}, {hours} ({self.time_zone})"
        return (
            f"{long_date(start)} {self.local_start:%H:%M} – {long_date(end)} "
            f"{self.local_end:%H:%M} ({self.time_zone})"
        )

    def set_local_times(
        self,
        start: dt.date | dt.datetime,
        end: dt.date | dt.datetime,
    ) -> None:
        """Set the times from local dates (whole days, `end` inclusive) or local datetimes.
        A local time that the day's daylight-saving change skips or makes happen twice is
        refused (ValidationError keyed `starts_at`/`ends_at`, naming the possible times), never
        moved; a time given with its offset is taken as it is."""
        zone = self.zone
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            instants, errors = {}, {}
            for key, value in (("starts_at", start), ("ends_at", end)):
                try:
                    instants[key] = value if value.tzinfo else aware_local_time(value, zone)
                except ValidationError as error:
                    errors[key] = error
            if errors:
                raise ValidationError(errors)
            self.all_day = False
            self.starts_at, self.ends_at = instants["starts_at"], instants["ends_at"]
        else:
            self.all_day = True
            self.starts_at = start_of_day(start, zone)
            self.ends_at = start_of_day(end + dt.timedelta(days=1), zone)

    def enter_local_times(
        self,
        *,
        time_zone: str | None = None,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        starts_at: dt.datetime | None = None,
        ends_at: dt.datetime | None = None,
    ) -> None:
        """Set the times as the secretariat enters them, the one way for the admin form and the
        API alike: whole days (`start_date`/`end_date`, inclusive) or local times (`starts_at`/
        `ends_at`, read in the meeting's time zone unless they carry an offset), in `time_zone`
        when given.

        What is left out keeps what the meeting says locally now: a corrected time zone keeps
        the announced dates and hours, a new end keeps the start. Raises ValidationError keyed by
        these argument names, changing nothing. That the meeting ends after it starts and that
        the contribution deadline precedes its first day are `clean()`'s to say, for every
        writer."""
        zone_name = time_zone or self.time_zone
        try:
            validate_time_zone(zone_name)
        except ValidationError as error:
            raise ValidationError({"time_zone": error.messages}) from error
        dates = {
            key: value
            for key, value in (("start_date", start_date), ("end_date", end_date))
            if value is not None
        }
        times = {
            key: value
            for key, value in (("starts_at", starts_at), ("ends_at", ends_at))
            if value is not None
        }
        if dates and times:
            raise ValidationError(
                {
                    "start_date": gettext(
                        "Give the first and last days of a whole-day meeting, or the "
                        "start and end times of a timed one, not both."
                    )
                }
            )
        scheduled = self.starts_at is not None and self.ends_at is not None
        start: dt.date | dt.datetime
        end: dt.date | dt.datetime
        if dates:
            if scheduled and self.all_day:
                dates = {"start_date": self.start_date, "end_date": self.end_date, **dates}
            _require(dates, ("start_date", "end_date"))
            start, end = dates["start_date"], dates["end_date"]
            if end < start:
                raise ValidationError(
                    {"end_date": gettext("The last day cannot come before the first day.")}
                )
        elif times:
            if scheduled and not self.all_day:
                # Kept as the instants they are in the same zone (a time the clocks' going back
                # made happen twice stays the one chosen); read anew as wall times in a new zone.
                start_now, end_now = self.local_start, self.local_end
                if zone_name != self.time_zone:
                    start_now, end_now = (
                        start_now.replace(tzinfo=None),
                        end_now.replace(tzinfo=None),
                    )
                times = {"starts_at": start_now, "ends_at": end_now, **times}
            _require(times, ("starts_at", "ends_at"))
            start, end = times["starts_at"], times["ends_at"]
        elif not scheduled:
            raise ValidationError(
                {
                    "starts_at": gettext(
                        "Give the start and end times, or the first and last days of a "
                        "whole-day meeting."
                    )
                }
            )
        elif zone_name != self.time_zone:
            if self.all_day:
                start, end = self.start_date, self.end_date
            else:
                start = self.local_start.replace(tzinfo=None)
                end = self.local_end.replace(tzinfo=None)
        else:
            return
        self.time_zone = zone_name
        self.set_local_times(start, end)


class Session(Timestamped):
    """A part of an event, with its own times, moderators and speakers."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=300)
    starts_at = models.DateTimeField(validators=[date_in_range])
    ends_at = models.DateTimeField(validators=[date_in_range])
    description = models.TextField(blank=True)
    moderators = models.ManyToManyField(Person, blank=True, related_name="moderated_sessions")
    speakers = models.ManyToManyField(Person, blank=True, related_name="sessions_spoken_at")

    objects = TimestampedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[moderators, speakers])

    class Meta:
        # meeting_id, not meeting: ordering by the relation would join to order by its ordering.
        ordering = ["meeting_id", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": gettext("A session cannot end before it starts.")})
        # The meeting may not be saved yet (a session added with its meeting in the admin).
        meeting = self.meeting if Session.meeting.is_cached(self) or self.meeting_id else None
        if (
            meeting is not None
            and meeting.starts_at
            and meeting.ends_at
            and self.starts_at
            and self.ends_at
            and (self.starts_at < meeting.starts_at or self.ends_at > meeting.ends_at)
        ):
            raise ValidationError(
                {"starts_at": gettext("A session takes place within its meeting's times.")}
            )


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Report")
    MEETING_REPORT = "meeting_report", _("Meeting report")
    PROGRESS_REPORT = "progress_report", _("Progress report")
    LIAISON_STATEMENT = "liaison_statement", _("Liaison statement")
    CONTRIBUTION = "contribution", _("Contribution")
    AGENDA = "agenda", _("Agenda")
    OTHER = "other", pgettext_lazy("document kind", "Other")


document_number_validator = DOCUMENT_NUMBER.validator


def document_path(instance: Document, filename: str) -> str:
    return generated_name("documents", filename)


class Document(Timestamped):
    """A TD or contribution. TD480-R1 is revision 1 of TD480; asking for TD480 finds the latest."""

    number = CodeField(max_length=30, validators=[document_number_validator])
    revision = models.PositiveSmallIntegerField(default=0)
    # Blank when the source names a document without giving its title (TD304-R1, C55).
    title = models.CharField(max_length=500, blank=True)
    description = models.TextField(
        blank=True,
        help_text=_(
            "What the source says the document is, when it gives no title (C55: "
            '"Contribution on the topic of metaverse").'
        ),
    )
    source = models.CharField(max_length=255, blank=True, help_text=_("Who submitted it."))
    source_group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    url = models.URLField(blank=True)
    # The one upload path (core.uploads): checked by content and size, stored under a generated
    # name, served by the document's download view, deleted with the record (django-cleanup).
    file = models.FileField(upload_to=document_path, blank=True, validators=[validate_upload])
    quirk = QuirkField()

    # The weighted words search looks in (core.search), stored and GIN indexed.
    SEARCH_WEIGHTS: ClassVar[dict[str, str]] = {
        "number": "A",
        "title": "A",
        "description": "B",
        "source": "C",
    }
    search_vector = models.GeneratedField(
        expression=StoredSearchVector(SEARCH_WEIGHTS),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["number", "revision"]
        indexes = [
            # The admin's "kind" filter: a page of one kind in list order, and its capped count,
            # read from this index instead of walking every document (100,000 at 10×).
            models.Index(fields=["kind", "number", "revision"], name="document_kind_list_order"),
        ]
        constraints = [
            DOCUMENT_NUMBER.check_constraint("number", "document_number_is_valid"),
            models.UniqueConstraint(
                fields=["number", "revision"],
                name="one_document_per_number_and_revision",
                violation_error_message=_("This document number and revision already exist."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.title else self.code

    def get_absolute_url(self) -> str:
        return reverse("meetings:document-detail", kwargs={"code": self.code})

    def file_facts(self) -> StoredFileFacts | None:
        """Type and size of its stored file, for the pages offering it; None without one."""
        return stored_file_facts(self.file)

    def get_file_url(self) -> str:
        """Where its file is downloaded (through the app, never MEDIA_URL); empty without one."""
        return reverse("meetings:document-file", kwargs={"code": self.code}) if self.file else ""

    def clean(self) -> None:
        if self.number and self.revision is not None:
            # Checked here as well as by the constraint so the message names a field.
            taken = Document.objects.filter(number=self.number, revision=self.revision)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"revision": gettext("%(code)s already exists.") % {"code": self.code}}
                )

    @property
    def code(self) -> str:
        return f"{self.number}-R{self.revision}" if self.revision else self.number


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action status", "Open")
    DONE = "done", pgettext_lazy("action status", "Done")
    DROPPED = "dropped", pgettext_lazy("action status", "Dropped")


class ActionItem(Timestamped):
    """An action agreed at a meeting. Overdue is derived from the due date, never stored."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    code = CodeField(max_length=40, validators=[ACTION_CODE.validator])
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order in the meeting report.")
    )
    # A copy of the meeting's start, so that lists order actions by meeting and report order from
    # one index of this table rather than through a join. Kept by the database (triggers on both
    # tables, see the migration), never written by the application: it holds whatever the
    # meeting says, however either row was written (save, update, bulk_create, SQL).
    meeting_starts_at = models.DateTimeField(
        null=True,
        editable=False,
        help_text=_("The meeting's start (a sort key the database keeps)."),
    )
    text = models.TextField()
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
        help_text=_("The group whose action it is (the heading it stands under)."),
    )
    responsible_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_for_actions",
    )
    responsible_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_for_actions",
    )
    responsible_note = models.CharField(
        max_length=255, blank=True, help_text=_("Who must act, when it is none of our records.")
    )
    concerned_groups = models.ManyToManyField(Group, blank=True, related_name="concerning_actions")
    documents = models.ManyToManyField(Document, blank=True, related_name="action_items")
    deliverables = models.ManyToManyField(Deliverable, blank=True, related_name="action_items")
    due_date = models.DateField(null=True, blank=True, validators=[date_in_range])
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closing_note = models.TextField(blank=True)
    quirk = QuirkField()
    closed_on = models.DateField(null=True, blank=True, validators=[date_in_range])

    # The weighted words search looks in (core.search), stored and GIN indexed.
    SEARCH_WEIGHTS: ClassVar[dict[str, str]] = {"code": "A", "text": "B", "responsible_note": "C"}
    search_vector = models.GeneratedField(
        expression=StoredSearchVector(SEARCH_WEIGHTS),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ActionItemQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[concerned_groups, documents, deliverables],
        excluded_fields=["meeting_starts_at", "search_vector"],
    )

    class Meta:
        ordering = ["meeting_starts_at", "meeting_id", "position", "code"]
        indexes = [
            models.Index(
                fields=["meeting_starts_at", "meeting", "position", "code"],
                name="actionitem_list_order",
            ),
            # The same order within one status (the admin's status filter and its count).
            models.Index(
                fields=["status", "meeting_starts_at", "meeting", "position", "code"],
                name="actionitem_status_list_order",
            ),
            # The reminder sweep selects open actions by due date (a window ahead, and the few
            # overdue dates whose weekly reminder falls today); closed actions (most of them)
            # are never asked for, so they stay out of the index.
            models.Index(
                fields=["due_date"], condition=Q(status="open"), name="open_action_due_date"
            ),
            # The open actions still ahead, soonest first, undated last (the home page).
            models.Index(ACTION_DUE_KEY, condition=Q(status="open"), name="open_action_due_key"),
            # Open actions with no due date, oldest meeting first: the attention page's "open
            # without a due date for long" reads the start of this index and stops.
            models.Index(
                fields=["meeting_starts_at", "meeting", "position", "code"],
                condition=Q(status="open", due_date__isnull=True),
                name="open_undated_action_order",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "code"],
                name="one_action_code_per_meeting",
                violation_error_message=_("This meeting already has an action with this code."),
            ),
            UniqueAnyCase(
                F("meeting"),
                Upper("code"),
                name="one_action_code_per_meeting_any_case",
                violation_error_message=_(
                    "This meeting already has an action with this code (in some letter case)."
                ),
            ),
            ACTION_CODE.check_constraint("code", "action_code_is_valid"),
            *dates_in_range("actionitem", "due_date", "closed_on"),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True) | ~Q(status="open"),
                name="open_action_has_no_closing_date",
                violation_error_message=_("An open action has no closing date."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:action-detail", kwargs={"meeting": self.meeting.code, "code": self.code}
        )

    def clean(self) -> None:
        errors = {}
        if self.status == ActionStatus.OPEN and self.closed_on:
            errors["closed_on"] = gettext("An open action has no closing date.")
        elif self.status != ActionStatus.OPEN and not self.closed_on:
            errors["closed_on"] = gettext("Say when the action was closed.")
        meeting = self.meeting if self.meeting_id else None
        if meeting is not None and self.code:
            # Checked here as well as by the constraint so the message names the code field.
            taken = ActionItem.objects.filter(meeting=meeting, code__iexact=self.code)
            taken = taken.exclude(pk=self.pk)
            if taken.exists():
                errors["code"] = gettext("%(meeting)s already has an action %(code)s.") % {
                    "meeting": meeting.code,
                    "code": self.code,
                }
        if meeting is not None and self.closed_on and self.closed_on < meeting.start_date:
            errors["closed_on"] = gettext(
                "An action cannot be closed before the meeting that agreed it."
            )
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.status == ActionStatus.OPEN and self.due_date is not None and self.due_date < on

    def close(
        self, status: str, note: str = "", on: dt.date | None = None, *, commit: bool = True
    ) -> None:
        """Mark an open action done or dropped, with a closing note and date (today by default).

        The one way an action is closed: the API's close action, the admin's bulk actions and
        its change form (with `commit=False`, the form saving the rest of its changes alongside)
        all come here. Raises ValidationError, changing nothing, when the action is already
        closed or the closing would break a rule of the model."""
        if status not in (ActionStatus.DONE, ActionStatus.DROPPED):
            raise ValidationError({"status": gettext("Close an action as done or dropped.")})
        if self.status != ActionStatus.OPEN:
            # One whole sentence per status: the adjective agrees with its noun in some languages.
            if self.status == ActionStatus.DROPPED:
                message = gettext("%(code)s is already dropped (closed on %(day)s).")
            else:
                message = gettext("%(code)s is already done (closed on %(day)s).")
            raise ValidationError(
                {"status": message % {"code": self.code, "day": _long_date(self.closed_on)}}
            )

        before = (self.status, self.closing_note, self.closed_on)
        self.status = status
        self.closing_note = note or self.closing_note
        self.closed_on = on or timezone.localdate()
        try:
            self.full_clean()
        except ValidationError:
            self.status, self.closing_note, self.closed_on = before
            raise
        if commit:
            self.save()
