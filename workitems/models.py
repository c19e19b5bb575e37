"""Work items of the Questions: what a study group makes of an allocation or a contribution, who
edits it, when it is due, and where it is in approval (issue 17).

Stages are events, never overwritten: the current stage, "late" and "in last call until …" are
derived from them (`querysets.py`). Which event may follow which is decided by
`services.record_stage_event`, the one way the admin, the API and the seed record one.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.codes import CODE, UniqueAnyCase
from core.dates import DatePrecision, date_in_range, dates_in_range, format_partial_date, period_end
from core.fields import CodeField, QuirkField
from core.models import Timestamped
from core.search import StoredSearchVector
from core.tenure import Tenure, TenureQuerySet, tenure_constraints
from core.translations import (
    TranslatedHistoricalRecords,
    TranslatedManager,
    TranslatedModel,
    clean_translations,
    original_language_field,
    translation_field,
)
from deliverables.models import Deliverable, Group, GroupKind, Person
from liaisons.models import LiaisonStatement
from meetings.models import Document, Meeting

from .querysets import (
    ENDED,
    LAST_CALL,
    PAST_TIMING,
    AllocationOutcome,
    Stage,
    WorkItemEventQuerySet,
    WorkItemQuerySet,
)

__all__ = [
    "LAST_CALL",
    "AllocationOutcome",
    "ApprovalTrack",
    "Stage",
    "WorkItem",
    "WorkItemEditor",
    "WorkItemEvent",
    "WorkItemKind",
]

NOT_STATED = "not stated"


class WorkItemKind(models.TextChoices):
    NEW_RECOMMENDATION = "new_recommendation", _("New Recommendation")
    REVISION = "revision", _("Revision")
    AMENDMENT = "amendment", _("Amendment")
    CORRIGENDUM = "corrigendum", _("Corrigendum")
    SUPPLEMENT = "supplement", _("Supplement")
    TECHNICAL_PAPER = "technical_paper", _("Technical Paper")
    TECHNICAL_REPORT = "technical_report", _("Technical Report")


class ApprovalTrack(models.TextChoices):
    AAP = "aap", _("AAP (alternative approval process)")
    TAP = "tap", _("TAP (traditional approval process)")
    AGREEMENT = "agreement", _("Agreement (non-normative text)")


class WorkItem(TranslatedModel, Timestamped):
    """A work item as the body writes it (Q.TSCA, X.509, H.Sup.mv). What the source does not
    state (its kind, track, study group) stays empty and is shown as "not stated"."""

    identifier = CodeField(
        max_length=40,
        unique=True,
        validators=[CODE.validator],
        help_text=_("As the body writes it: Q.TSCA, X.509, H.Sup.mv (also its address in URLs)."),
    )
    title = models.CharField(max_length=500, blank=True)
    kind = models.CharField(
        max_length=20,
        choices=WorkItemKind.choices,
        blank=True,
        help_text=_("Empty when the source does not say."),
    )
    study_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
        limit_choices_to={"kind": GroupKind.STUDY_GROUP},
        help_text=_("The study group responsible; empty when the source does not say."),
    )
    questions = models.ManyToManyField(
        Group,
        blank=True,
        related_name="question_work_items",
        limit_choices_to={"kind": GroupKind.QUESTION},
        help_text=_("The Question(s) of the study group responsible."),
    )
    base_text = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="base_text_of",
        help_text=_("The document the work starts from."),
    )
    timing = models.DateField(
        null=True,
        blank=True,
        validators=[date_in_range],
        help_text=_("The target (a month, as the work programme gives it)."),
    )
    timing_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.MONTH
    )
    approval_track = models.CharField(
        max_length=10,
        choices=ApprovalTrack.choices,
        blank=True,
        help_text=_("Empty when the source does not say."),
    )
    equivalent_texts = models.CharField(
        max_length=200, blank=True, help_text=_("Equivalent or common texts (ISO/IEC 9594-8).")
    )
    summary = models.TextField(blank=True)
    origin_deliverable = models.ForeignKey(
        Deliverable,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_items",
        help_text=_("The allocated deliverable the work item was made from."),
    )
    origin_document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="originated_work_items",
        help_text=_("The contribution that proposed it."),
    )
    origin_note = models.TextField(blank=True, help_text=_("Where it came from, in words."))
    quirk = QuirkField()
    # Optional translations of what the secretariat entered (core.translations).
    original_language = original_language_field()
    i18n = translation_field("title", "summary")
    related_liaisons = models.ManyToManyField(
        LiaisonStatement, blank=True, related_name="work_items"
    )

    # The weighted words search looks in (core.search), stored and GIN indexed.
    SEARCH_WEIGHTS: ClassVar[dict[str, str]] = {
        "identifier": "A",
        "title": "A",
        "equivalent_texts": "B",
        "summary": "B",
        "origin_note": "C",
    }
    search_vector = models.GeneratedField(
        expression=StoredSearchVector(SEARCH_WEIGHTS),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = TranslatedManager.from_queryset(WorkItemQuerySet)()
    history = TranslatedHistoricalRecords(
        m2m_fields=[questions, related_liaisons], excluded_fields=["search_vector"]
    )

    class Meta:
        ordering = ["identifier"]
        constraints = [
            UniqueAnyCase(
                Upper("identifier"),
                name="work_item_identifier_unique_any_case",
                violation_error_message=_(
                    "A work item with this identifier already exists (in some letter case)."
                ),
            ),
            CODE.check_constraint("identifier", "work_item_identifier_is_valid"),
            *dates_in_range("workitem", "timing"),
        ]
        indexes = [
            # A study group's work programme in list order, and the lateness question's range.
            models.Index(fields=["study_group", "identifier"], name="work_item_group_order"),
            models.Index(fields=["timing", "identifier"], name="work_item_timing_order"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}" if self.title else self.identifier

    def get_absolute_url(self) -> str:
        return reverse("workitems:work-item-detail", kwargs={"identifier": self.identifier})

    def clean(self) -> None:
        clean_translations(self)
        group = self.study_group if self.study_group_id else None
        if group is not None and group.kind != GroupKind.STUDY_GROUP:
            raise ValidationError({"study_group": _("Choose a study group.")})

    @staticmethod
    def check_questions(study_group: Group | None, questions: list[Group]) -> None:
        """The Questions must be Questions of the study group responsible (the admin form and
        the API both ask here). Raises ValidationError on `questions`."""
        wrong = [q.label for q in questions if q.kind != GroupKind.QUESTION]
        if wrong:
            raise ValidationError(
                {"questions": _("Not Questions: %(codes)s.") % {"codes": ", ".join(wrong)}}
            )
        if study_group is None:
            if questions:
                raise ValidationError(
                    {"study_group": _("Name the study group whose Questions these are.")}
                )
            return
        elsewhere = [q.label for q in questions if q.parent_id != study_group.pk]
        if elsewhere:
            raise ValidationError(
                {
                    "questions": _("Not Questions of %(group)s: %(codes)s.")
                    % {"group": study_group.code, "codes": ", ".join(elsewhere)}
                }
            )

    # Derived state. On a row from `WorkItem.objects.with_stage()` these read its annotations;
    # otherwise they ask the events (one query).

    def _current(self) -> tuple[str | None, dt.date | None]:
        if hasattr(self, "current_stage"):
            return self.current_stage, getattr(self, "current_stage_date", None)
        latest = self.events.order_by("-date", "-id").values_list("stage", "date").first()
        return (latest[0], latest[1]) if latest else (None, None)

    @property
    def stage(self) -> str | None:
        return self._current()[0]

    @property
    def stage_label(self) -> str | Promise:
        stage = self._current()[0]
        return Stage(stage).label if stage else _("No stage recorded")

    @property
    def timing_display(self) -> str:
        return format_partial_date(self.timing, self.timing_precision) or NOT_STATED

    @property
    def timing_ends(self) -> dt.date | None:
        """The last day the timing stands for (the end of its month)."""
        return period_end(self.timing, self.timing_precision) if self.timing else None

    def is_late(self, on: dt.date) -> bool:
        """The same rule as `WorkItemQuerySet.late(on)`, for one item."""
        ends = self.timing_ends
        if ends is None or ends >= on:
            return False
        return not self.events.filter(stage__in=PAST_TIMING).exists()

    def last_call_until(self, on: dt.date) -> dt.date | None:
        """The day the last call ends (four weeks after it was announced) if the item is in last
        call on `on`; None otherwise."""
        stage, date = self._current()
        if stage == Stage.LAST_CALL and date is not None and on < date + LAST_CALL:
            return date + LAST_CALL
        return None

    @property
    def has_ended(self) -> bool:
        return self._current()[0] in ENDED


class WorkItemEditor(Tenure):
    """An editor of a work item for a period; a change of editor closes one row and opens
    another, so earlier editors stay (as roles do)."""

    work_item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="editors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="editorships")
    note = models.CharField(max_length=255, blank=True)

    ends_before_start_message = _("An editorship cannot end before it starts.")

    objects = TenureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["work_item_id", "starts_on", "id"]
        indexes = [
            models.Index(fields=["work_item", "starts_on", "id"], name="work_item_editor_order"),
            models.Index(fields=["person", "work_item"], name="work_item_editor_person"),
        ]
        constraints = [
            *tenure_constraints(
                "workitemeditor",
                "work_item_editor_ends_after_it_starts",
                _("An editorship cannot end before it starts."),  # type: ignore[arg-type]
            ),
            models.UniqueConstraint(
                fields=["work_item", "person"],
                condition=Q(ends_on__isnull=True),
                name="one_open_editorship_per_person_and_item",
                violation_error_message=_("This person already edits this work item."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — editor of {self.work_item.identifier}"


class WorkItemEvent(Timestamped):
    """One stage of a work item: recorded by `services.record_stage_event`, never changed
    afterwards except its note (the history keeps every version)."""

    work_item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    date = models.DateField(validators=[date_in_range])
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_item_events",
        help_text=_("The meeting that took the step, when one did."),
    )
    decision = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The decision or document behind it (a chair's decision, TD475-R1)."),
    )
    note = models.TextField(blank=True)

    objects = WorkItemEventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        indexes = [
            # An item's timeline, and its latest event (the current stage) read backwards.
            models.Index(fields=["work_item", "date", "id"], name="work_item_event_timeline"),
            # Last calls running and ending (calendars, reminders), by date.
            models.Index(
                fields=["date"],
                condition=Q(stage="last_call"),
                name="work_item_event_last_calls",
            ),
        ]
        constraints = [*dates_in_range("workitemevent", "date")]

    def __str__(self) -> str:
        return f"{self.work_item.identifier}: {self.get_stage_display()} on {self.date}"

    @property
    def last_call_ends(self) -> dt.date | None:
        """The day a last call ends: four weeks after it was announced."""
        return self.date + LAST_CALL if self.stage == Stage.LAST_CALL else None
