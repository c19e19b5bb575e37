"""Dates known only to the month or year, as the sources give them ("October 2023").

A partial date is stored as the first day of its period plus a precision, so it sorts and filters
in SQL like any date, and is never shown with a day the source did not give.
"""

import calendar
import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The dates every part of the app can handle: a work programme's dates lie well inside, and far
# from either end the calendar feed's time-zone conversion and date arithmetic (a month before,
# a day after, the end of a period, a reminder's cadence) can never leave Python's 1..9999.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2999
EARLIEST_DATE = dt.date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = dt.date(LATEST_YEAR, 12, 31)
# Datetimes get a day's margin on both sides, so any time zone's local date stays in range.
EARLIEST_DATETIME = dt.datetime(EARLIEST_YEAR, 1, 2, tzinfo=dt.UTC)
LATEST_DATETIME = dt.datetime(LATEST_YEAR, 12, 30, tzinfo=dt.UTC)
DATE_RANGE_MESSAGE = format_lazy(
    _("Give a date between {earliest} and {latest}."), earliest=EARLIEST_YEAR, latest=LATEST_YEAR
)


@deconstructible
class DateInRange:
    """Refuses a date (or a datetime) outside the years the app handles."""

    def __call__(self, value: Any) -> None:
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.UTC)
            inside = EARLIEST_DATETIME <= value <= LATEST_DATETIME
        elif isinstance(value, dt.date):
            inside = EARLIEST_DATE <= value <= LATEST_DATE
        else:
            return
        if not inside:
            raise ValidationError(DATE_RANGE_MESSAGE, code="date_out_of_range")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateInRange)

    def __hash__(self) -> int:
        return hash("DateInRange")


date_in_range = DateInRange()


def dates_in_range(model_name: str, *fields: str, datetimes: bool = False) -> list[Any]:
    """Check constraints keeping each of `fields` in the range (NULL allowed), so rows written
    past the model (SQL, bulk loads) hold to it too."""
    low, high = (EARLIEST_DATETIME, LATEST_DATETIME) if datetimes else (EARLIEST_DATE, LATEST_DATE)
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__range": (low, high)}),
            name=f"{model_name}_{name}_in_range",
            violation_error_message=DATE_RANGE_MESSAGE,
        )
        for name in fields
    ]


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


_PARTIAL = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


class DateOutOfRange(ValueError):
    """A well-formed date outside EARLIEST_YEAR..LATEST_YEAR."""


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """'2023-10' → (2023-10-01, 'month'); '2024' → year; '2024-01-26' → day."""
    match = _PARTIAL.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match["year"])
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateOutOfRange(DATE_RANGE_MESSAGE)
    if match["day"]:
        return dt.date(year, int(match["month"]), int(match["day"])), DatePrecision.DAY
    if match["month"]:
        return dt.date(year, int(match["month"]), 1), DatePrecision.MONTH
    return dt.date(year, 1, 1), DatePrecision.YEAR


def period_start(value: dt.date, precision: str) -> dt.date:
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def period_end(value: dt.date, precision: str) -> dt.date:
    """The last day the partial date can stand for."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def format_partial_date(value: dt.date | None, precision: str) -> str:
    """'October 2023', '2023', '26 January 2024'; '' when unknown."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    # In the reader's language ("octobre 2023", "26 janvier 2024"): one rule, core.i18n's.
    from core.i18n import long_date, month_year

    if precision == DatePrecision.MONTH:
        return month_year(value)
    return long_date(value)


def iso_partial_date(value: dt.date | None, precision: str) -> str | None:
    """'2023-10' for a month, as the API gives it."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
