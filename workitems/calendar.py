"""Work items in the group calendars (`/groups/SG17/calendar.ics`, `/groups/Q1-17/calendar.ics`):
the day each last call ends, and each target date (timing) not yet met, as whole-day entries of
the study group responsible and of the item's Questions. Registered with the feeds through
`core.calendars.group_day_sources` in `WorkitemsConfig.ready()`.

Both follow the feed's window: a last call whose end falls on or after the window's first day,
a timing whose last day does. The state (one aggregate query) goes into the feed's ETag, so a
new stage, a changed timing or an entry leaving the window changes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext

from core.calendars import DayEntry, DaySource, SourceState
from core.dates import DatePrecision, period_start

from .models import LAST_CALL, Stage, WorkItem, WorkItemEvent
from .querysets import PAST_TIMING


def _concerning(codes: Collection[str]) -> Q:
    """Work items of any of the groups `codes`: their study group's, or one of their
    Questions'."""
    questions = WorkItem.questions.through.objects.filter(
        workitem_id=OuterRef("pk"), group__code__in=codes
    )
    return Q(study_group__code__in=codes) | Q(Exists(questions))


def _last_calls(codes: Collection[str], since: dt.date) -> QuerySet[WorkItemEvent]:
    """Last-call events of the groups' items whose end is on or after `since` (the partial
    index on last calls' dates)."""
    return WorkItemEvent.objects.filter(
        stage=Stage.LAST_CALL,
        date__gte=since - LAST_CALL,
        work_item__in=WorkItem.objects.filter(_concerning(codes)).values("pk"),
    )


def _reaches(since: dt.date, prefix: str = "") -> Q:
    """A timing whose last day (of its day, month or year) is on or after `since`."""
    return (
        Q(**{f"{prefix}timing_precision": DatePrecision.DAY, f"{prefix}timing__gte": since})
        | Q(
            **{
                f"{prefix}timing_precision": DatePrecision.MONTH,
                f"{prefix}timing__gte": period_start(since, "month"),
            }
        )
        | Q(
            **{
                f"{prefix}timing_precision": DatePrecision.YEAR,
                f"{prefix}timing__gte": period_start(since, "year"),
            }
        )
    )


def _not_met() -> Q:
    """Neither consented nor determined, nor anything after, nor withdrawn or deleted."""
    met = WorkItemEvent.objects.filter(work_item=OuterRef("pk"), stage__in=PAST_TIMING)
    return ~Q(Exists(met))


def _timings(codes: Collection[str], since: dt.date) -> QuerySet[WorkItem]:
    """The groups' items with a timing not yet met whose last day is on or after `since`."""
    return WorkItem.objects.filter(_concerning(codes)).filter(_reaches(since)).filter(_not_met())


def state(code: str, since: dt.date) -> SourceState:
    """The window's last calls and timings in one aggregate over the group's items and their
    events: how many and which (sums of ids), and the newest change of any of the group's items
    or events (a stage recorded, a timing moved), so the feed's ETag follows them."""
    calls = Q(events__stage=Stage.LAST_CALL, events__date__gte=since - LAST_CALL)
    timings = _reaches(since) & _not_met()
    found = (
        WorkItem.objects.filter(_concerning([code]))
        .order_by()
        .aggregate(
            calls=Count("events", filter=calls),
            call_ids=Sum("events__id", filter=calls),
            timings=Count("pk", filter=timings, distinct=True),
            timing_ids=Sum("pk", filter=timings, distinct=True),
            items_changed=Max("last_updated"),
            events_changed=Max("events__last_updated"),
        )
    )
    if not found["calls"] and not found["timings"]:
        return SourceState()
    newest = max(v for v in (found["items_changed"], found["events_changed"]) if v)
    key = (
        f"lc{found['calls']}:{found['call_ids']}:t{found['timings']}:{found['timing_ids']}:"
        f"{newest.isoformat()}"
    )
    return SourceState(key, newest)


def entries(codes: Collection[str], since: dt.date) -> Iterator[DayEntry]:
    for event in (
        _last_calls(codes, since)
        .select_related("work_item", "work_item__study_group")
        .order_by("date", "id")
    ):
        item = event.work_item
        ends = event.date + LAST_CALL
        yield DayEntry(
            uid=f"last-call-{item.identifier.lower()}-{event.date.isoformat()}",
            day=ends,
            summary=gettext("Last call ends: %(item)s") % {"item": item.identifier},
            description=(
                gettext(
                    "The last call on %(item)s “%(title)s”, announced on %(date)s, ends: "
                    "comments of substance are due by then (AAP)."
                )
                if item.title
                else gettext(
                    "The last call on %(item)s, announced on %(date)s, ends: comments of "
                    "substance are due by then (AAP)."
                )
            )
            % {
                "item": item.identifier,
                "title": item.title,
                "date": date_format(event.date, "j F Y"),
            },
            path=item.get_absolute_url(),
            categories=tuple(g for g in (item.study_group and item.study_group.code,) if g),
        )
    for item in _timings(codes, since).select_related("study_group").order_by("timing", "pk"):
        ends = item.timing_ends
        if ends is None or ends < since:
            continue
        yield DayEntry(
            uid=f"timing-{item.identifier.lower()}",
            day=ends,
            summary=gettext("Target: %(item)s (%(timing)s)")
            % {"item": item.identifier, "timing": item.timing_display},
            description=(
                gettext(
                    "The timing of %(item)s “%(title)s” is %(timing)s: it is late if not "
                    "consented or determined by then."
                )
                if item.title
                else gettext(
                    "The timing of %(item)s is %(timing)s: it is late if not consented or "
                    "determined by then."
                )
            )
            % {"item": item.identifier, "title": item.title, "timing": item.timing_display},
            path=item.get_absolute_url(),
            categories=tuple(g for g in (item.study_group and item.study_group.code,) if g),
        )


WORK_ITEM_DAYS = DaySource(state=state, entries=entries)
