"""The questions users ask of the work programme, as chainable QuerySet methods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from core.dates import DatePrecision, period_start
from core.models import TimestampedQuerySet
from core.tenure import TenureQuerySet

if TYPE_CHECKING:
    # Named as strings in the QuerySets' generic bases (for mypy).
    from .models import Deliverable, Distribution, Group, Role  # noqa: F401


def _lifetime_over_before(day: dt.date, prefix: str = "") -> Q:
    """The lifetime's last day (the end of its month or year, when that is all we know) falls
    before `day`. `prefix` reaches the group through a relation ("group__")."""
    end, precision = f"{prefix}lifetime_end", f"{prefix}lifetime_end_precision"
    return (
        Q(**{precision: DatePrecision.DAY, f"{end}__lt": day})
        | Q(**{precision: DatePrecision.MONTH, f"{end}__lt": period_start(day, "month")})
        | Q(**{precision: DatePrecision.YEAR, f"{end}__lt": period_start(day, "year")})
    )


def group_ended_by(day: dt.date, prefix: str = "") -> Q:
    """The group is closed, or its lifetime is over by `day` (`Group.has_ended`)."""
    return Q(**{f"{prefix}status": "closed"}) | _lifetime_over_before(day, prefix)


def _other_end(queryset: QuerySet, relation: str) -> Any:
    """The model at the other end of `relation` (models.py imports this module, so the models
    are reached through the relations rather than imported)."""
    return queryset.model._meta.get_field(relation).related_model


STUDY_PERIOD_YEARS = 4
FIRST_STUDY_PERIOD = 1997  # 1997–2000, 2001–2004, … 2025–2028: ITU-T's four-year cycle


@dataclass(frozen=True, order=True)
class StudyPeriod:
    """A four-year study period, named by its first year (2025 for 2025–2028)."""

    start: int

    @classmethod
    def holding(cls, year: int) -> StudyPeriod:
        """The period a year falls in (2026 → 2025–2028)."""
        return cls(
            FIRST_STUDY_PERIOD
            + STUDY_PERIOD_YEARS * ((year - FIRST_STUDY_PERIOD) // STUDY_PERIOD_YEARS)
        )

    @classmethod
    def current(cls, today: dt.date | None = None) -> StudyPeriod:
        return cls.holding((today or timezone.localdate()).year)

    @classmethod
    def of_group(cls, group: Group, today: dt.date | None = None) -> StudyPeriod:
        """The period a group belongs to: the one holding its `established` date. A group with
        no date (the demo data's SG2…SG20, groups entered by hand) counts as one of the current
        period, the only one such a group can stand for today."""
        if group.established is None:
            return cls.current(today)
        return cls.holding(group.established.year)

    @property
    def end(self) -> int:
        return self.start + STUDY_PERIOD_YEARS - 1

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.end, 12, 31)

    @property
    def label(self) -> str:
        return f"{self.start}–{self.end}"

    def __str__(self) -> str:
        return self.label


class GroupQuerySet(TimestampedQuerySet["Group"]):
    def study_groups(self) -> GroupQuerySet:
        return self.filter(kind="study_group")

    def study_groups_first(self) -> GroupQuerySet:
        """Study groups, then the other groups, each in natural code order (SG2 < SG11): the
        columns of the allocation matrix."""
        study_group_last = Case(When(kind="study_group", then=Value(0)), default=Value(1))
        return self.alias(study_group_last=study_group_last).order_by("study_group_last", "code")

    def receiving_any_of(self, deliverables: QuerySet | None = None) -> GroupQuerySet:
        """The groups that receive at least one of `deliverables` (None: of any deliverable) —
        the matrix's candidate columns, decided in SQL: named by one of their lines, or a study
        group when one of them goes to all study groups."""
        lines = _other_end(self, "distributions").objects.all()
        if deliverables is None:
            # An index probe per group (a few hundred), whatever the number of lines.
            return self.filter(
                (Q(kind="study_group") & Exists(lines.filter(to_all_study_groups=True)))
                | Exists(lines.filter(group=OuterRef("pk")))
            )
        lines = lines.filter(deliverable__in=deliverables.values("pk"))
        # `pk IN (…)` rather than a correlated EXISTS: PostgreSQL hashes the named groups once
        # (a correlated EXISTS under OR rescans the lines for every group).
        return self.filter(
            (Q(kind="study_group") & Exists(lines.filter(to_all_study_groups=True)))
            | Q(pk__in=lines.filter(group__isnull=False).values("group_id"))
        )

    def active(self) -> GroupQuerySet:
        return self.filter(status="active")

    def lifetime_ending_between(self, start: dt.date, end: dt.date) -> GroupQuerySet:
        """Groups whose lifetime ends within [start, end]. A lifetime known to the month or year
        ("until June 2024") ends on the last day of that period (30 June 2024)."""
        return self.filter(
            _lifetime_over_before(end + dt.timedelta(days=1)) & ~_lifetime_over_before(start)
        )

    def lifetime_ending_by(self, day: dt.date) -> GroupQuerySet:
        """Groups whose lifetime ends on or before `day`, including those it has already ended."""
        return self.filter(_lifetime_over_before(day + dt.timedelta(days=1)))


class RoleQuerySet(TenureQuerySet["Role"]):
    def ended_with_holder(self, on: dt.date) -> Q:
        """A role ends with its group (closed, or its lifetime over): FG-MV's leaders are not
        current once its lifetime is over, whatever their own end dates say."""
        return group_ended_by(on, "group__")

    def leadership(self) -> RoleQuerySet:
        return self.filter(
            role__in=("chair", "lead", "vice_chair", "rapporteur", "associate_rapporteur")
        )

    def by_rank(self) -> RoleQuerySet:
        """In order of office — chair, vice-chairs, rapporteurs, associate rapporteurs, editors,
        liaison contacts (`RoleKind`'s order, its `rank`) — then by the holder's name."""
        role: Any = self.model._meta.get_field("role")
        kinds = [value for value, _ in role.choices]
        rank = Case(
            *(When(role=kind, then=Value(index)) for index, kind in enumerate(kinds)),
            default=Value(len(kinds)),
        )
        return self.alias(rank=rank).order_by("rank", "person__name", "pk")


def _reaches(group: Group, purpose: str | None) -> Q:
    """Distribution lines that reach `group`: named directly, or "all study groups" when the
    group is a study group (SG12, never named in TD315, included)."""
    reaches = Q(group=group)
    if group.is_study_group:
        reaches |= Q(to_all_study_groups=True)
    if purpose:
        reaches &= Q(purpose=purpose)
    return reaches


class DistributionQuerySet(TimestampedQuerySet["Distribution"]):
    def reaching(self, group: Group) -> DistributionQuerySet:
        """The lines by which `group` receives deliverables, the line naming it before the
        "all study groups" one: what it receives directly says how it receives it."""
        return self.filter(_reaches(group, None)).order_by("to_all_study_groups", "pk")


class DeliverableQuerySet(TimestampedQuerySet["Deliverable"]):
    def _with_distribution(self, condition: Q) -> DeliverableQuerySet:
        # Exists() rather than a join: no duplicate rows, no distinct(), counts stay right.
        lines = _other_end(self, "distribution").objects
        return self.filter(Exists(lines.filter(condition, deliverable=OuterRef("pk"))))

    def allocated_to(self, group: Group) -> DeliverableQuerySet:
        """What `group` takes forward."""
        return self._with_distribution(_reaches(group, "allocated"))

    def for_information_to(self, group: Group) -> DeliverableQuerySet:
        """What `group` receives for information only, "all study groups" included."""
        return self._with_distribution(_reaches(group, "for_information"))

    def received_by(self, group: Group) -> DeliverableQuerySet:
        return self._with_distribution(_reaches(group, None))

    def as_received_by(self, group: Group) -> DeliverableQuerySet:
        """What `group` receives, each with how it receives it — `received_purpose`,
        `received_decision`, `received_via_all` — from the line naming the group, else from the
        "all study groups" line (a deliverable allocated to SG17 and sent to all study groups for
        information is, for SG17, allocated)."""
        line = _other_end(self, "distribution").objects.reaching(group)
        line = line.filter(deliverable=OuterRef("pk"))
        return self.received_by(group).annotate(
            received_purpose=Subquery(line.values("purpose")[:1]),
            received_decision=Subquery(line.values("decision")[:1]),
            received_via_all=Subquery(line.values("to_all_study_groups")[:1]),
        )

    def received_as(self, group: Group, purpose: str) -> DeliverableQuerySet:
        """What `group` receives as `purpose` by the line that says how it receives it — the
        line naming it, else the "all study groups" one (`as_received_by`'s rule).

        Found from the distribution lines reaching the group (its own through the group index,
        the "all study groups" ones less those it is named on) instead of by working out how
        every deliverable reaches it and filtering on that: a study group receives thousands of
        deliverables through "all study groups" at ten times ITU-T's size, and its page asks
        for the first few of each purpose."""
        lines = _other_end(self, "distribution").objects
        named = lines.filter(group=group).order_by()  # sets of keys: no sort
        ids = named.filter(purpose=purpose).values("deliverable_id")
        if group.is_study_group:
            via_all = (
                lines.filter(to_all_study_groups=True, purpose=purpose)
                .order_by()
                .exclude(deliverable_id__in=named.values("deliverable_id"))
                .values("deliverable_id")
            )
            ids = ids.union(via_all, all=True)
        return self.filter(pk__in=ids)

    def approved_after(self, day: dt.date) -> DeliverableQuerySet:
        """Approved on or after `day`. A deliverable approved "in October 2023" counts for any day
        of October: its approval period overlaps the range."""
        return self.filter(
            Q(approved_precision=DatePrecision.DAY, approved__gte=day)
            | Q(approved_precision=DatePrecision.MONTH, approved__gte=period_start(day, "month"))
            | Q(approved_precision=DatePrecision.YEAR, approved__gte=period_start(day, "year"))
        )

    def approved_before(self, day: dt.date) -> DeliverableQuerySet:
        """Approved on or before `day` (the period starts on or before it)."""
        return self.filter(approved__lte=day)
