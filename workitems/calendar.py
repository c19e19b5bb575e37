"""Work items in the group calendars (`/groups/SG17/calendar.ics`, `/groups/Q1-17/calendar.ics`):
the day each last call ends, and each target date (timing) not yet met, as whole-day entries of
the study group responsible and of the item's Questions. Registered with the feeds through
`core.calendars.group_day_sources` in `WorkitemsConfig.ready()`.

Both follow the feed's window: a last call whose end falls on or after the window's first day,
a timing whose last day does. The state (one aggregate query each) goes into the feed's ETag, so
a new stage, a changed timing or an entry leaving the window changes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum

from core.calendars import DayEntry, DaySource, SourceState
from core.dates import DatePrecision, period_start

from .models import LAST_CALL, Stage, WorkItem, WorkItemEvent
from .querysets import PAST_TIMING


def _concerning(code: str) -> Q:
    """Work items of the group `code`: its study group's, or one of its Questions'."""
    questions = WorkItem.questions.through.objects.filter(
        workitem_id=OuterRef("pk"), group__code=code
    )
    return Q(study_group__code=code) | Q(Exists(questions))


def _last_calls(code: str, since: dt.date) -> QuerySet[WorkItemEvent]:
    """Last-call events of the group's items whose end is on or after `since` (the partial
    index on last calls' dates)."""
    return WorkItemEvent.objects.filter(
        stage=Stage.LAST_CALL,
        date__gte=since - LAST_CALL,
        work_item__in=WorkItem.objects.filter(_concerning(code)).values("pk"),
    )


def _timings(code: str, since: dt.date) -> QuerySet[WorkItem]:
    """The group's items with a timing whose last day is on or after `since`, not yet met
    (neither consented nor determined, nor anything after, nor withdrawn or deleted)."""
    met = WorkItemEvent.objects.filter(work_item=OuterRef("pk"), stage__in=PAST_TIMING)
    reaches = (
        Q(timing_precision=DatePrecision.DAY, timing__gte=since)
        | Q(timing_precision=DatePrecision.MONTH, timing__gte=period_start(since, "month"))
        | Q(timing_precision=DatePrecision.YEAR, timing__gte=period_start(since, "year"))
    )
    return WorkItem.objects.filter(_concerning(code)).filter(reaches).filter(~Exists(met))


def _state(rows: QuerySet, prefix: str) -> tuple[str, dt.datetime | None]:
    found = rows.order_by().aggregate(n=Count("pk"), ids=Sum("pk"), newest=Max("last_updated"))
    if not found["n"]:
        return "", None
    newest = found["newest"]
    return f"{prefix}{found['n']}:{found['ids']}:{newest.isoformat()}", newest


def state(code: str, since: dt.date) -> SourceState:
    """Counts, ids and newest change of the window's last calls and timings (two aggregates)."""
    calls, calls_newest = _state(_last_calls(code, since), "lc")
    # A timing stops being an entry when its item is consented: the item's events count too.
    found = (
        _timings(code, since)
        .order_by()
        .aggregate(
            n=Count("pk", distinct=True),
            ids=Sum("pk", distinct=True),
            newest=Max("last_updated"),
            events=Max("events__last_updated"),
        )
    )
    parts, newest = [calls] if calls else [], calls_newest
    if found["n"]:
        changed = max(v for v in (found["newest"], found["events"]) if v)
        parts.append(f"t{found['n']}:{found['ids']}:{changed.isoformat()}")
        newest = max(v for v in (newest, changed) if v)
    return SourceState("|".join(parts), newest)


def entries(code: str, since: dt.date) -> Iterator[DayEntry]:
    for event in (
        _last_calls(code, since)
        .select_related("work_item", "work_item__study_group")
        .order_by("date", "id")
    ):
        item = event.work_item
        ends = event.date + LAST_CALL
        yield DayEntry(
            uid=f"last-call-{item.identifier.lower()}-{event.date.isoformat()}",
            day=ends,
            summary=f"Last call ends: {item.identifier}",
            description=(
                f"The last call on {item.identifier}"
                + (f" “{item.title}”" if item.title else "")
                + f", announced on {event.date.day} {event.date:%B %Y}, ends: comments of "
                "substance are due by then (AAP)."
            ),
            path=item.get_absolute_url(),
            categories=tuple(g for g in (item.study_group and item.study_group.code,) if g),
        )
    for item in _timings(code, since).select_related("study_group").order_by("timing", "pk"):
        ends = item.timing_ends
        if ends is None or ends < since:
            continue
        yield DayEntry(
            uid=f"timing-{item.identifier.lower()}",
            day=ends,
            summary=f"Target: {item.identifier} ({item.timing_display})",
            description=(
                f"The timing of {item.identifier}"
                + (f" “{item.title}”" if item.title else "")
                + f" is {item.timing_display}: it is late if not consented or determined by "
                "then."
            ),
            path=item.get_absolute_url(),
            categories=tuple(g for g in (item.study_group and item.study_group.code,) if g),
        )


WORK_ITEM_DAYS = DaySource(state=state, entries=entries)
