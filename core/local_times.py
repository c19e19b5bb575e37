"""Local wall-clock times read in a time zone, refusing the ones a daylight-saving change makes
impossible or ambiguous instead of moving them silently.

On the spring-forward day in Europe/Zurich, 02:30 never happens (the clocks go from 02:00 to
03:00); on the autumn day it happens twice (at +02:00, then again at +01:00). Python's `zoneinfo`
answers both with some instant all the same; a meeting announced for such a time would be
stored an hour off without anyone noticing. `aware_local_time` says which times are possible.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from core import i18n

MINUTE = dt.timedelta(minutes=1)


def _exists(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether the wall time `naive` happens in `zone` (a time in a gap comes back changed)."""
    there_and_back = naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
    return there_and_back.replace(tzinfo=None) == naive


def _offset(value: dt.timedelta | None) -> str:
    """A UTC offset as people write it: UTC+02:00, UTC−03:30."""
    minutes = int((value or dt.timedelta()).total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _iso_offset(value: dt.timedelta | None) -> str:
    return _offset(value).removeprefix("UTC").replace("−", "-")


def _clock(value: dt.datetime, day_of: dt.datetime) -> str:
    """The hour, with its day when that is not the day asked about (a gap may span midnight)."""
    return i18n.clock(value) if value.date() == day_of.date() else _when(value)


def _when(naive: dt.datetime) -> str:
    # In the page's language, as every date the site writes (core.i18n).
    return gettext("%(time)s on %(date)s") % {
        "time": i18n.clock(naive),
        "date": i18n.long_date(naive.date()),
    }


def aware_local_time(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """`naive` read as a wall-clock time in `zone`, or a ValidationError (code `dst_gap` or
    `dst_fold`) naming the times that are possible: a time skipped when the clocks go forward
    names the gap's edges; a time that happens twice names its two UTC offsets, and how to give
    one (with an offset, which the API takes)."""
    earlier = naive.replace(tzinfo=zone, fold=0)
    later = naive.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return earlier
    if not _exists(naive, zone):
        # Walk back to the last minute before the gap; gaps are an hour or so (a day at most).
        start = naive.replace(second=0, microsecond=0)
        while not _exists(start - MINUTE, zone):
            start -= MINUTE
        jump = (later.utcoffset() or dt.timedelta()) - (earlier.utcoffset() or dt.timedelta())
        end = start + abs(jump)
        raise ValidationError(
            gettext(
                "%(when)s does not exist in %(zone)s: the clocks go forward from %(start)s to "
                "%(end)s that day. Choose a time before %(start)s or from %(end)s on."
            ),
            code="dst_gap",
            params={
                "when": _when(naive),
                "zone": zone.key,
                "start": _clock(start, naive),
                "end": _clock(end, naive),
            },
        )
    first, second = earlier.utcoffset(), later.utcoffset()
    raise ValidationError(
        gettext(
            "%(when)s happens twice in %(zone)s, the clocks going back that night: first at "
            "%(first)s, then again at %(second)s. Say which by giving the time with its offset "
            "(%(first_iso)s or %(second_iso)s; the API takes either), or choose another time."
        ),
        code="dst_fold",
        params={
            "when": _when(naive),
            "zone": zone.key,
            "first": _offset(first),
            "second": _offset(second),
            "first_iso": f"{naive:%Y-%m-%dT%H:%M}{_iso_offset(first)}",
            "second_iso": f"{naive:%Y-%m-%dT%H:%M}{_iso_offset(second)}",
        },
    )


def start_of_day(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The first instant of `day` in `zone`: local midnight, or — where the clocks go forward at
    midnight (Havana, Beirut, Santiago…) — the end of that gap, 01:00. A whole-day meeting runs
    from the start of its first day to the start of the day after its last."""
    # zoneinfo reads a time in a gap with the offset before it, which is the gap's end; a
    # midnight that happens twice is taken at its first occurrence (fold=0). Through UTC, so the
    # result is a real wall time (01:00), which compares equal to the same instant in any zone
    # (PEP 495 makes a time in a gap unequal to every time in another zone).
    return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC).astimezone(zone)
