"""The questions users ask of work items, as chainable QuerySet methods.

The current stage, "late" and "in last call until …" are derived from the events, never stored,
so they can never disagree with the timeline they come from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Case, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import IsNull
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, period_start
from core.models import TimestampedQuerySet

if TYPE_CHECKING:
    from deliverables.models import Deliverable, Group, Person

    from .models import WorkItem, WorkItemEvent  # noqa: F401

# A last call lasts four weeks from its announcement (Recommendation ITU-T A.8).
LAST_CALL_DAYS = 28
LAST_CALL = dt.timedelta(days=LAST_CALL_DAYS)


class Stage(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed as a work item")
    CONSENTED = "consented", _("Consented (AAP)")
    DETERMINED = "determined", _("Determined (TAP)")
    LAST_CALL = "last_call", _("Last call")
    COMMENTS_RESOLUTION = "comments_resolution", _("Comments resolution")
    ADDITIONAL_REVIEW = "additional_review", _("Additional review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DELETED = "deleted", _("Deleted")


# Stages that mean the text left the Question's hands: consented or determined, or anything that
# comes after (an item is no longer "late" once there), or ended (withdrawn, deleted).
PAST_TIMING = (
    Stage.CONSENTED,
    Stage.DETERMINED,
    Stage.LAST_CALL,
    Stage.COMMENTS_RESOLUTION,
    Stage.ADDITIONAL_REVIEW,
    Stage.APPROVED,
    Stage.PUBLISHED,
    Stage.WITHDRAWN,
    Stage.DELETED,
)
ENDED = (Stage.WITHDRAWN, Stage.DELETED)


class AllocationOutcome(models.TextChoices):
    """What an allocation of a deliverable to a study group led to, furthest stage first
    reached by any of the work items made from it (withdrawn or deleted ones do not count)."""

    NONE = "none", _("No work item yet")
    PROPOSED = "proposed", _("Work item proposed")
    AGREED = "agreed", _("Work item agreed")
    CONSENTED = "consented", _("Consented or determined")
    APPROVED = "approved", _("Approved")

    @property
    def rank(self) -> int:
        return list(AllocationOutcome).index(self)


_OUTCOME_OF_STAGE = {
    Stage.PROPOSED: AllocationOutcome.PROPOSED,
    Stage.AGREED: AllocationOutcome.AGREED,
    Stage.CONSENTED: AllocationOutcome.CONSENTED,
    Stage.DETERMINED: AllocationOutcome.CONSENTED,
    Stage.LAST_CALL: AllocationOutcome.CONSENTED,
    Stage.COMMENTS_RESOLUTION: AllocationOutcome.CONSENTED,
    Stage.ADDITIONAL_REVIEW: AllocationOutcome.CONSENTED,
    Stage.APPROVED: AllocationOutcome.APPROVED,
    Stage.PUBLISHED: AllocationOutcome.APPROVED,
}


def _timing_passed_before(day: dt.date) -> Q:
    """The timing's last day (the end of its month or year) falls before `day`."""
    return (
        Q(timing_precision=DatePrecision.DAY, timing__lt=day)
        | Q(timing_precision=DatePrecision.MONTH, timing__lt=period_start(day, "month"))
        | Q(timing_precision=DatePrecision.YEAR, timing__lt=period_start(day, "year"))
    )


class WorkItemEventQuerySet(TimestampedQuerySet["WorkItemEvent"]):
    def timeline(self) -> WorkItemEventQuerySet:
        return self.order_by("date", "id")


class WorkItemQuerySet(TimestampedQuerySet["WorkItem"]):
    def _related(self, name: str) -> Any:
        """The model behind one of the item's relations (models.py imports this module)."""
        model: Any = self.model._meta.get_field(name).related_model
        return model.objects

    def _events(self) -> Any:
        return self._related("events")

    def _latest_event(self) -> Any:
        return self._events().filter(work_item=OuterRef("pk")).order_by("-date", "-id")

    def with_stage(self) -> WorkItemQuerySet:
        """Annotates `current_stage` and `current_stage_date`: the latest event's (by date, then
        as recorded); NULL for an item with no event yet."""
        if "current_stage" in self.query.annotations:
            return self
        latest = self._latest_event()
        return self.annotate(
            current_stage=Subquery(latest.values("stage")[:1]),
            current_stage_date=Subquery(latest.values("date")[:1]),
        )

    def with_stage_in(self, stages: Iterable[str]) -> WorkItemQuerySet:
        return self.with_stage().filter(Q(current_stage__in=list(stages)))

    def late(self, on: dt.date) -> WorkItemQuerySet:
        """Timing passed on `on` (the end of its month) and not yet consented or determined,
        nor withdrawn, deleted, approved or published."""
        past = self._events().filter(work_item=OuterRef("pk"), stage__in=PAST_TIMING)
        return self.filter(_timing_passed_before(on), timing__isnull=False).filter(~Exists(past))

    def with_late(self, on: dt.date) -> WorkItemQuerySet:
        """Annotates `late`: the rule of `late(on)` as a column, for lists that show it.

        "No such event" is asked as a first-row subquery being NULL, not as NOT EXISTS: in a
        column PostgreSQL turns NOT EXISTS into one hashed scan of every event (64,000 at 10×,
        16 ms) even under a page's LIMIT, where a probe of the item's own events costs µs."""
        past = self._events().filter(work_item=OuterRef("pk"), stage__in=PAST_TIMING)
        none_past = IsNull(Subquery(past.values("pk")[:1]), True)
        return self.annotate(
            late=Case(
                When(_timing_passed_before(on) & Q(none_past), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def in_last_call(self, on: dt.date) -> WorkItemQuerySet:
        """In last call on `on`: the latest event is a last call announced fewer than four weeks
        before `on`. Annotates `last_call_ends` (its last day + 1: the day it has ended)."""
        return (
            self.with_stage()
            .filter(Q(current_stage=Stage.LAST_CALL) & Q(current_stage_date__gt=on - LAST_CALL))
            .annotate(
                # date + interval is a timestamp in PostgreSQL: cast back to the day.
                last_call_ends=Cast(
                    F("current_stage_date") + Value(LAST_CALL), output_field=models.DateField()
                )
            )
        )

    def for_study_group(self, group: Group) -> WorkItemQuerySet:
        return self.filter(study_group=group)

    def for_question(self, question: Group) -> WorkItemQuerySet:
        return self.filter(questions=question)

    def edited_by(self, person: Person, on: dt.date | None = None) -> WorkItemQuerySet:
        """Items `person` edits or edited; only those they edit on `on` when given."""
        editors = self._related("editors").filter(work_item=OuterRef("pk"), person=person)
        if on is not None:
            editors = editors.current(on)
        return self.filter(Exists(editors))

    def from_allocation(self, deliverable: Deliverable) -> WorkItemQuerySet:
        return self.filter(origin_deliverable=deliverable)

    def allocation_outcomes(
        self, deliverables: Iterable[Deliverable | int]
    ) -> dict[tuple[int, int], AllocationOutcome]:
        """For the allocations of `deliverables`: {(deliverable id, study group id): outcome},
        the furthest any work item made from the deliverable in that study group got. One
        query, grouped in SQL; a pair missing from the result is `AllocationOutcome.NONE`."""
        ids = [d if isinstance(d, int) else d.pk for d in deliverables]
        if not ids:
            return {}
        ranks = [
            When(events__stage=stage, then=Value(outcome.rank))
            for stage, outcome in _OUTCOME_OF_STAGE.items()
        ]
        ended = self._events().filter(work_item=OuterRef("pk"), stage__in=ENDED)
        rows = (
            self.filter(origin_deliverable_id__in=ids, study_group__isnull=False)
            .filter(~Exists(ended))
            .order_by()
            .values("origin_deliverable_id", "study_group_id")
            # An item with no event yet exists all the same: at least "proposed".
            .annotate(best=Max(Case(*ranks, default=Value(AllocationOutcome.PROPOSED.rank))))
        )
        outcomes = list(AllocationOutcome)
        return {
            (row["origin_deliverable_id"], row["study_group_id"]): outcomes[row["best"] or 0]
            for row in rows
        }
