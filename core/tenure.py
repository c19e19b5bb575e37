"""A person holding something for a period: a role in a group, the editorship of a work item.

A change of holder closes one row and opens another, so earlier holders stay in the history
(after the IETF Datatracker). Both kinds share one reading of "held on a day" — begun (or start
unknown) and not yet ended (or end unknown) — in SQL (`held_on`, `TenureQuerySet`) and in memory
(`Tenure.held_on`), so a page, the API and the reminder sweep cannot disagree about who is current.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import DatePrecision, date_in_range, dates_in_range, format_partial_date
from .models import Timestamped, TimestampedQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_T = TypeVar("_T", bound="Tenure")


def held_on(on: dt.date, prefix: str = "") -> Q:
    """Held on `on`, as a filter; `prefix` reaches the tenure through a relation ("editors__")."""
    return (Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": on})) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": on})
    )


class TenureQuerySet(TimestampedQuerySet[_T]):
    def ended_with_holder(self, on: dt.date) -> Q | None:
        """Rows whose tenure ended with what they are held in, whatever their own dates say (a
        role ends with its group): None when nothing ends them so. Overridden per kind."""
        return None

    def _held(self, on: dt.date) -> Q:
        ended = self.ended_with_holder(on)
        return held_on(on) if ended is None else held_on(on) & ~ended

    def current(self, on: dt.date | None = None) -> Self:
        """Held on a day (today by default)."""
        return self.filter(self._held(on or timezone.localdate()))

    def not_current(self, on: dt.date | None = None) -> Self:
        """The exact complement of `current()`: ended, or not yet begun."""
        on = on or timezone.localdate()
        over = Q(starts_on__gt=on) | Q(ends_on__lte=on)
        ended = self.ended_with_holder(on)
        return self.filter(over if ended is None else over | ended)

    def past(self, on: dt.date | None = None) -> Self:
        on = on or timezone.localdate()
        ended = self.ended_with_holder(on)
        return self.filter(Q(ends_on__lte=on) if ended is None else Q(ends_on__lte=on) | ended)

    def with_is_current(self, on: dt.date | None = None) -> Self:
        """Annotate `is_current`, so lists show it without a query per row."""
        on = on or timezone.localdate()
        return self.annotate(
            is_current=Case(When(self._held(on), then=Value(True)), default=Value(False))
        )


def tenure_constraints(model_name: str, ends_after_starts: str, message: str) -> list[Any]:
    """The database's half of the period rule, for a concrete tenure's `Meta.constraints`."""
    return [
        *dates_in_range(model_name, "starts_on", "ends_on"),
        models.CheckConstraint(
            condition=Q(ends_on__isnull=True)
            | Q(starts_on__isnull=True)
            | Q(ends_on__gte=F("starts_on")),
            name=ends_after_starts,
            violation_error_message=message,
        ),
    ]


class Tenure(Timestamped):
    """Held from `starts_on` to `ends_on` (exclusive), each known to the day, month or year:
    "stepped down as of September 2023" gives a month, so no day is invented."""

    ends_before_start_message: ClassVar[StrOrPromise] = _("It cannot end before it starts.")

    starts_on = models.DateField(
        null=True, blank=True, validators=[date_in_range], help_text=_("Empty when not known.")
    )
    starts_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ends_on = models.DateField(
        null=True, blank=True, validators=[date_in_range], help_text=_("Empty while it is held.")
    )
    ends_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": self.ends_before_start_message})

    def held_on(self, day: dt.date) -> bool:
        """The same rule as `TenureQuerySet.current()`, for one row already in memory."""
        begun = self.starts_on is None or self.starts_on <= day
        return begun and (self.ends_on is None or self.ends_on > day)

    @property
    def starts_on_display(self) -> str:
        return format_partial_date(self.starts_on, self.starts_on_precision)

    @property
    def ends_on_display(self) -> str:
        return format_partial_date(self.ends_on, self.ends_on_precision)
