"""Dates known only to the month or year, as the sources give them ("October 2023").

A partial date is stored as the first day of its period plus a precision, so it sorts and filters
in SQL like any date, and is never shown with a day the source did not give.
"""

import calendar
import datetime as dt
import re

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


_PARTIAL = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """'2023-10' → (2023-10-01, 'month'); '2024' → year; '2024-01-26' → day."""
    match = _PARTIAL.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match["year"])
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
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def iso_partial_date(value: dt.date | None, precision: str) -> str | None:
    """'2023-10' for a month, as the API gives it."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
