"""Groups, people and their roles, deliverables and their distribution (allocation)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any, ClassVar

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.auth_groups import is_secretariat
from core.codes import CODE, SLUG, UniqueAnyCase
from core.dates import DatePrecision, date_in_range, dates_in_range, format_partial_date, period_end
from core.fields import CodeField, QuirkField
from core.models import Timestamped, TimestampedQuerySet
from core.search import StoredSearchVector
from core.tenure import Tenure, tenure_constraints
from core.translations import (
    TranslatedHistoricalRecords,
    TranslatedManager,
    TranslatedModel,
    clean_translations,
    original_language_field,
    translation_field,
)

from .querysets import DeliverableQuerySet, DistributionQuerySet, GroupQuerySet, RoleQuerySet

# Codes appear in URLs (/groups/RG-IEM/, /deliverables/FGMV-04/): one rule, core.codes.CODE.
code_validator = CODE.validator

# A Question's code: Q1-17 (Question 1 of SG17), Q6-16; Q4.1-17 for a sub-Question.
QUESTION_CODE = re.compile(r"(?P<number>Q[0-9][0-9.]*)-(?P<group>[0-9]+)")
# A study period as the body writes it: 2022-2024 (first and last year).
STUDY_PERIOD_PATTERN = r"^[0-9]{4}-[0-9]{4}$"
STUDY_PERIOD_MESSAGE = _('Give the study period as its first and last year, e.g. "2022-2024".')
study_period_validator = RegexValidator(STUDY_PERIOD_PATTERN, STUDY_PERIOD_MESSAGE)


class GroupKind(models.TextChoices):
    ADVISORY_GROUP = "advisory_group", _("Advisory group")
    WORKING_PARTY = "working_party", _("Working party")
    RAPPORTEUR_GROUP = "rapporteur_group", _("Rapporteur group")
    FOCUS_GROUP = "focus_group", _("Focus group")
    STUDY_GROUP = "study_group", _("Study group")
    JOINT_COORDINATION_ACTIVITY = "joint_coordination_activity", _("Joint coordination activity")
    AD_HOC_GROUP = "ad_hoc_group", _("Ad hoc group")
    # A study group's Question (Q1/17): its code is the URL form Q1-17 (core.codes.CODE allows
    # no slash), its `label` the body's form; its study objectives are the group's `mandate`.
    QUESTION = "question", _("Question")
    # A body the sources name with no kind of ours: TD315's IEWSC, a steering committee; SPCG.
    COMMITTEE = "committee", _("Committee")
    OTHER = "other", _("Other body")


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Succession(models.TextChoices):
    MERGED_INTO = "merged_into", _("Merged into")
    SUCCEEDED_BY = "succeeded_by", _("Succeeded by")
    # TD315: SG9 and SG16's consolidation is agreed, its structure still to be worked out (for
    # WTSA-24); neither group has merged yet and there is no new group.
    CONSOLIDATION_AGREED = "consolidation_agreed", _("Consolidation agreed in principle")


class Group(TranslatedModel, Timestamped):
    """Any body of the work programme: TSAG, a working party, a rapporteur group, a study group…"""

    code = CodeField(max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=32, choices=GroupKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The group this one reports to."),
    )
    mandate = models.TextField(blank=True, help_text=_("Mandate or terms of reference."))
    established = models.DateField(null=True, blank=True, validators=[date_in_range])
    established_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    lifetime_end = models.DateField(
        null=True,
        blank=True,
        validators=[date_in_range],
        help_text=_("When the group's mandate ends (focus groups)."),
    )
    lifetime_end_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    lifetime_decision = models.CharField(
        max_length=100, blank=True, help_text=_("The decision that set the lifetime (e.g. WP2-7).")
    )
    status = models.CharField(
        max_length=10, choices=GroupStatus.choices, default=GroupStatus.ACTIVE
    )
    succession_kind = models.CharField(
        max_length=20,
        choices=Succession.choices,
        blank=True,
        help_text=_("Merged into or succeeded by another group (the successor may not exist yet)."),
    )
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )
    succession_note = models.TextField(blank=True)
    study_period = models.CharField(
        max_length=9,
        blank=True,
        validators=[study_period_validator],
        help_text=_(
            "The study period a study group or Question belongs to, as the body writes it "
            '("2022-2024"); empty when the source does not say.'
        ),
    )
    quirk = QuirkField()
    # Optional translations of what the secretariat entered (core.translations).
    original_language = original_language_field()
    i18n = translation_field("name")
    # The weighted words search looks in (core.search), stored and GIN indexed.
    SEARCH_WEIGHTS: ClassVar[dict[str, str]] = {"code": "A", "name": "A", "mandate": "C"}
    search_vector = models.GeneratedField(
        expression=StoredSearchVector(SEARCH_WEIGHTS),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = TranslatedManager.from_queryset(GroupQuerySet)()
    history = TranslatedHistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["code"]
        constraints = [
            UniqueAnyCase(
                Upper("code"),
                name="group_code_unique_any_case",
                violation_error_message=_(
                    "A group with this code already exists (in some letter case)."
                ),
            ),
            CODE.check_constraint("code", "group_code_is_valid"),
            *dates_in_range("group", "established", "lifetime_end"),
            models.CheckConstraint(
                condition=Q(lifetime_end__isnull=True)
                | Q(established__isnull=True)
                | Q(lifetime_end__gte=F("established")),
                name="group_lifetime_ends_after_it_starts",
                violation_error_message=_(
                    "The lifetime cannot end before the group is established."
                ),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | ~Q(succession_kind=""),
                name="group_successor_has_a_kind",
                violation_error_message=_(
                    "Say whether the group merged into or was succeeded by its successor."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("pk")),
                name="group_is_not_its_own_successor",
            ),
            models.CheckConstraint(
                condition=Q(study_period="") | Q(study_period__regex=STUDY_PERIOD_PATTERN),
                name="group_study_period_is_first_and_last_year",
                violation_error_message=STUDY_PERIOD_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("deliverables:group-detail", kwargs={"code": self.code})

    def clean(self) -> None:
        clean_translations(self)
        errors = {}
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("A group cannot report to itself.")
        elif self.parent_id and self.pk:
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    errors["parent"] = _("This parent would make the group report to itself.")
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if self.successor_id and self.pk and self.successor_id == self.pk:
            errors["successor"] = _("A group cannot succeed itself.")
        if self.established and self.lifetime_end and self.lifetime_end < self.established:
            errors["lifetime_end"] = _("The lifetime cannot end before the group is established.")
        if re.fullmatch(STUDY_PERIOD_PATTERN.strip("^$"), self.study_period or ""):
            first, last = (int(year) for year in self.study_period.split("-"))
            if last < first:
                errors["study_period"] = _("A study period cannot end before it starts.")
        if self.kind == GroupKind.QUESTION:
            parent = self.parent if self.parent_id else None
            if parent is None or parent.kind != GroupKind.STUDY_GROUP:
                errors.setdefault("parent", _("A Question belongs to a study group: choose it."))
        if errors:
            raise ValidationError(errors)

    @property
    def is_study_group(self) -> bool:
        return self.kind == GroupKind.STUDY_GROUP

    @property
    def is_question(self) -> bool:
        return self.kind == GroupKind.QUESTION

    @property
    def label(self) -> str:
        """The group as the body writes it: a Question's Q1-17 is "Q1/17"; others their code."""
        if self.kind == GroupKind.QUESTION:
            match = QUESTION_CODE.fullmatch(self.code)
            if match:
                return f"{match['number']}/{match['group']}"
        return self.code

    def lifetime_has_ended(self, on: dt.date) -> bool:
        """The lifetime's last day (30 June for "until June 2024") is before `on`."""
        if self.lifetime_end is None:
            return False
        return period_end(self.lifetime_end, self.lifetime_end_precision) < on

    def has_ended(self, on: dt.date) -> bool:
        """Closed, or its lifetime is over: it has no current roles (`RoleQuerySet.current()`
        asks the same in SQL). Derived, never stored, so a focus group whose lifetime ran out
        needs no one to close it."""
        return self.status == GroupStatus.CLOSED or self.lifetime_has_ended(on)

    def state_display(self, on: dt.date) -> str:
        """ "Active", "Closed", or "Ended June 2024" once the lifetime is over."""
        if self.status == GroupStatus.ACTIVE and self.lifetime_has_ended(on):
            return f"Ended {self.lifetime_end_display}"
        return self.get_status_display()

    @property
    def state_today(self) -> str:
        return self.state_display(timezone.localdate())

    @property
    def has_ended_today(self) -> bool:
        return self.has_ended(timezone.localdate())

    @property
    def lifetime_end_display(self) -> str:
        return format_partial_date(self.lifetime_end, self.lifetime_end_precision)

    @property
    def established_display(self) -> str:
        return format_partial_date(self.established, self.established_precision)


class Person(Timestamped):
    slug = models.SlugField(max_length=100, unique=True, validators=[SLUG.validator])
    honorific = models.CharField(
        max_length=20,
        blank=True,
        help_text=_(
            'As the sources write it before the name ("Mr", "Ms", "Dr"); empty when not stated.'
        ),
    )
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=255, blank=True)
    country = models.CharField(max_length=100, blank=True)
    # Shown to the secretariat only (`email_visible_to`); the reminders use it without showing it.
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_("The login of this person, when they have one (for subscriptions)."),
    )
    quirk = QuirkField()

    objects = TimestampedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["user"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("people")
        constraints = [SLUG.check_constraint("slug", "person_slug_is_valid")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("deliverables:person-detail", kwargs={"slug": self.slug})

    @property
    def name_with_honorific(self) -> str:
        """ "Ms Gaëlle Martin-Cocher": the name as the documents address the person."""
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @staticmethod
    def email_visible_to(user: Any) -> bool:
        """Whether `user` may see people's e-mail addresses: the secretariat only, on the pages,
        in the API and in the admin alike (the reminders use them without showing them)."""
        return is_secretariat(user)


class RoleKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    ASSOCIATE_RAPPORTEUR = "associate_rapporteur", _("Associate rapporteur")
    # "the workshop steering committee lead by Mr Didier Berthoumieux" (TD315 7.1): led, not
    # chaired, in the source's words.
    LEAD = "lead", _("Lead")
    EDITOR = "editor", _("Editor")
    LIAISON_CONTACT = "liaison_contact", _("Liaison contact")

    @property
    def rank(self) -> int:
        """Order of office: the order declared above, chair first (`RoleQuerySet.by_rank()`
        orders by the same)."""
        return list(RoleKind).index(self)


# Roles a group has one holder of at a time (a chair, a rapporteur; vice-chairs and associate
# rapporteurs may be several). A second holder comes in through a hand-over that ends the first.
SINGLE_HOLDER_ROLES = (RoleKind.CHAIR, RoleKind.RAPPORTEUR)
SINGLE_HOLDER_MESSAGE = _(
    "This group already has a current holder of this role, which has one holder at a time: "
    "end that role first, or use “Hand over a role”, which ends it and opens the new one."
)


class Role(Tenure):
    """A person holding a role in a group for a period. A change of leadership closes the old role
    and opens a new one, so earlier holders stay in the history (after the IETF Datatracker)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=RoleKind.choices)
    decision = models.CharField(
        max_length=100, blank=True, help_text=_("The decision behind it (e.g. action WP2-3).")
    )
    note = models.TextField(blank=True)
    quirk = QuirkField()

    ends_before_start_message = _("A role cannot end before it starts.")

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # The group's own column, not its code: an ordering through a join cannot be read from
        # an index. Pages that list roles across groups order them explicitly.
        ordering = ["group_id", "role", "starts_on", "id"]
        indexes = [
            models.Index(fields=["group", "role", "starts_on", "id"], name="role_group_order"),
        ]
        constraints = [
            *tenure_constraints(
                "role", "role_ends_after_it_starts", "A role cannot end before it starts."
            ),
            models.UniqueConstraint(
                fields=["person", "group", "role"],
                condition=Q(ends_on__isnull=True),
                name="one_open_role_per_person_group_and_kind",
                violation_error_message=_("This person already holds this role in this group."),
            ),
            # Open (no end date) is what the database can see of "current"; the admin once
            # accepted two current WP2 chairs.
            models.UniqueConstraint(
                fields=["group", "role"],
                condition=Q(ends_on__isnull=True, role__in=SINGLE_HOLDER_ROLES),
                name="one_open_holder_of_a_single_holder_role",
                violation_error_message=SINGLE_HOLDER_MESSAGE,
                violation_error_code="single_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.group.code}"

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        """The single-holder rule is a conditional constraint, which Django reports for the whole
        record; the admin form and the API show it on the role field, where it is decided."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise _role_keyed(error) from None

    # What `held_on` reads of the group: querysets that load the group with `.only()` add them.
    GROUP_FIELDS: ClassVar[tuple[str, ...]] = ("status", "lifetime_end", "lifetime_end_precision")

    def held_on(self, day: dt.date) -> bool:
        """The same rule as `RoleQuerySet.current()`, for one role already in memory: held by its
        dates, and its group has not ended (a role ends with its group)."""
        return super().held_on(day) and not self.group.has_ended(day)


def _role_keyed(error: ValidationError) -> ValidationError:
    errors = error.update_error_dict({})
    whole = errors.get(NON_FIELD_ERRORS, [])
    single = [e for e in whole if getattr(e, "code", None) == "single_holder"]
    if single:
        errors[NON_FIELD_ERRORS] = [e for e in whole if getattr(e, "code", None) != "single_holder"]
        errors.setdefault("role", []).extend(single)
        errors = {field: messages for field, messages in errors.items() if messages}
    return ValidationError(errors)


class DeliverableType(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    SUPPLEMENT = "supplement", _("Supplement")
    TECHNICAL_REPORT = "technical_report", _("Technical Report")
    TECHNICAL_SPECIFICATION = "technical_specification", _("Technical Specification")
    TECHNICAL_PAPER = "technical_paper", _("Technical Paper")
    OTHER = "other", _("Other")


class DeliverableStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    TRANSFERRED = "transferred", _("Transferred")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Deliverable(TranslatedModel, Timestamped):
    code = CodeField(max_length=40, unique=True, validators=[code_validator])
    type = models.CharField(max_length=32, choices=DeliverableType.choices)
    title = models.CharField(max_length=500)
    owner = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="owned_deliverables",
        help_text=_("The group that produced the deliverable."),
    )
    approved = models.DateField(
        null=True,
        blank=True,
        validators=[date_in_range],
        help_text=_("Approval date, to the precision the source gives."),
    )
    approved_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    # Text, not a link to meetings.Meeting: the deliverables app sits below the meetings app.
    approving_meeting = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.DRAFT
    )
    summary = models.TextField(
        blank=True,
        help_text=_('Paragraphs separated by a blank line; bullet lines start with "- ".'),
    )
    quirk = QuirkField()
    # Optional translations of what the secretariat entered (core.translations).
    original_language = original_language_field()
    i18n = translation_field("title", "summary")

    # The weighted words search looks in (core.search), stored and GIN indexed.
    SEARCH_WEIGHTS: ClassVar[dict[str, str]] = {"code": "A", "title": "A", "summary": "B"}
    search_vector = models.GeneratedField(
        expression=StoredSearchVector(SEARCH_WEIGHTS),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = TranslatedManager.from_queryset(DeliverableQuerySet)()
    history = TranslatedHistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["code"]
        constraints = [
            UniqueAnyCase(
                Upper("code"),
                name="deliverable_code_unique_any_case",
                violation_error_message=_(
                    "A deliverable with this code already exists (in some letter case)."
                ),
            ),
            CODE.check_constraint("code", "deliverable_code_is_valid"),
            *dates_in_range("deliverable", "approved"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved__isnull=False) | Q(status="withdrawn"),
                name="approved_deliverable_has_a_date",
                violation_error_message=_("An approved deliverable needs its approval date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        clean_translations(self)

    def get_absolute_url(self) -> str:
        return reverse("deliverables:deliverable-detail", kwargs={"code": self.code})

    @property
    def approved_display(self) -> str:
        return format_partial_date(self.approved, self.approved_precision)


class Purpose(models.TextChoices):
    ALLOCATED = "allocated", _("Allocated")
    FOR_INFORMATION = "for_information", _("For information")


class Distribution(Timestamped):
    """One line of a deliverable's distribution: to one group, or to all study groups as such
    ("All for information" in TD315 Annex 2), never expanded into today's list."""

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="distribution"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="distributions"
    )
    to_all_study_groups = models.BooleanField(
        default=False, help_text=_("Sent to every study group, whichever exist.")
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    decision = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The decision that made it (e.g. action WP2-8, TD480-R1, TSAG January 2024)."),
    )

    objects = DistributionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # Lines are read per deliverable (prefetched): "all study groups" first, then as added.
        ordering = ["deliverable_id", "-to_all_study_groups", "id"]
        verbose_name = _("distribution line")
        constraints = [
            models.CheckConstraint(
                condition=(Q(group__isnull=False) & Q(to_all_study_groups=False))
                | (Q(group__isnull=True) & Q(to_all_study_groups=True)),
                name="distribution_names_one_group_or_all_study_groups",
                violation_error_message=_("Choose either one group or all study groups."),
            ),
            models.UniqueConstraint(
                fields=["deliverable", "group"],
                name="one_distribution_line_per_deliverable_and_group",
                violation_error_message=_("This deliverable already goes to this group."),
            ),
            models.UniqueConstraint(
                fields=["deliverable"],
                condition=Q(to_all_study_groups=True),
                name="one_all_study_groups_line_per_deliverable",
                violation_error_message=_("This deliverable already goes to all study groups."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deliverable.code} → {self.recipient_display}: {self.get_purpose_display()}"

    def clean(self) -> None:
        if self.group_id and self.to_all_study_groups:
            raise ValidationError(
                {"group": _("Choose either one group or all study groups, not both.")}
            )
        if not self.group_id and not self.to_all_study_groups:
            raise ValidationError({"group": _("Choose a group, or all study groups.")})

    @staticmethod
    def check_recipients(lines: Iterable[Mapping[str, Any]]) -> None:
        """One line per receiving group and one "all study groups" line at most, for a whole
        distribution before any line is written (the constraints hold it row by row; this says
        which recipient is named twice). `lines` are the lines' fields: the API's, the admin
        inline's. Raises ValidationError on `distribution`."""
        seen: set[object] = set()
        for line in lines:
            group = line.get("group")
            if line.get("to_all_study_groups"):
                key, recipient = "all", _("all study groups")
            elif group is not None:
                key, recipient = group.pk, group.code
            else:
                continue  # neither a group nor all: clean() says so for that line
            if key in seen:
                raise ValidationError(
                    {
                        "distribution": _(
                            "The distribution names %(recipient)s twice; give one line per group."
                        )
                        % {"recipient": recipient}
                    }
                )
            seen.add(key)

    @property
    def recipient_display(self) -> str:
        if self.to_all_study_groups or self.group is None:
            return gettext("All study groups")
        return self.group.code
