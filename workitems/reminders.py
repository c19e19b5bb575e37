"""Reminder sources of work items (registered in `WorkitemsConfig.ready()`), each to the item's
current editors and the rapporteurs of its Questions (their leadership), and to the followers
of its study group, Questions and origin deliverable:

- a last call ending: before the day it ends, at the sweep's lead times (14, 7, 1 days);
- a timing passing: before the last day of its month, for items not yet consented or
  determined;
- an item late (timing passed, not consented or determined): on the first day it is late, then
  every `overdue_every_days` (weekly), as overdue actions are. Only the items whose reminder day
  is today are read: their timings are listed from the cadence in SQL terms (one value per
  cadence day), so thousands of items late for years are not loaded every day.

The reminder log's unique key (item, deadline, lead time, recipient) sends each one once.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, period_start
from core.reminder_sources import Reminder, SweepContext
from deliverables.models import Group

from .models import LAST_CALL, WorkItem, WorkItemEditor
from .querysets import PAST_TIMING

# A day in the language of whoever reads the reminder ("05 February 2024", "05 février 2024").
_day = lazy(lambda day: date_format(day, "d F Y"), str)


def _with_recipients(items: QuerySet[WorkItem], on: dt.date) -> QuerySet[WorkItem]:
    editors = WorkItemEditor.objects.current(on).select_related("person__user").order_by("pk")
    return (
        items.select_related("study_group")
        .defer("search_vector", "origin_note")
        .prefetch_related(
            Prefetch("editors", queryset=editors, to_attr="current_editors"),
            Prefetch("questions", queryset=Group.objects.only("pk", "code", "kind")),
        )
    )


def _reminder(
    ctx: SweepContext, item: WorkItem, kind: str, deadline: dt.date, lead: int, what: str
) -> Reminder:
    questions = list(item.questions.all())
    details = [
        (_("Study group"), item.study_group.code if item.study_group else _("not stated")),
        (_("Questions"), ", ".join(q.label for q in questions) or _("not stated")),
        (_("Timing"), item.timing_display),
        (_("Stage"), item.stage_label),
    ]
    editors = [editor.person for editor in item.current_editors]
    if editors:
        details.append((_("Editors"), ", ".join(person.name for person in editors)))
    groups = {q.pk for q in questions} | ({item.study_group_id} if item.study_group_id else set())
    # Lazy: one reminder goes to many people, each reading it in their own language.
    title = (
        format_lazy(
            _("Work item {identifier}: {title}"),
            identifier=item.identifier,
            title=textwrap.shorten(item.title, 90, placeholder="…"),
        )
        if item.title
        else format_lazy(_("Work item {identifier}"), identifier=item.identifier)
    )
    return Reminder(
        kind=kind,
        item=item,
        deadline=deadline,
        lead_days=lead,
        what=what,
        title=title,
        time_zone=ctx.time_zone,  # a work item's dates belong to no meeting's zone
        summary=item.summary,
        details=details,
        people=editors,
        person_reason=format_lazy(_("editor of {identifier}"), identifier=item.identifier),
        # The rapporteurs and associate rapporteurs of its Questions (their leadership).
        leadership_of={q.pk for q in questions},
        follow_groups=groups,
        follow_deliverables={item.origin_deliverable_id} if item.origin_deliverable_id else set(),
    )


def last_calls_ending(ctx: SweepContext) -> Iterator[Reminder]:
    """Items in last call whose last call ends within a lead time."""
    items = (
        WorkItem.objects.in_last_call(ctx.on)
        .filter(last_call_ends__lte=ctx.horizon)
        .order_by("last_call_ends", "pk")
    )
    for item in _with_recipients(items, ctx.on):
        lead = ctx.lead_for(item.last_call_ends)
        if lead is None:
            continue
        reminder = _reminder(
            ctx, item, "work-item-last-call", item.last_call_ends, lead, _("Last call ends")
        )
        reminder.details.insert(
            0,
            (
                _("Last call"),
                format_lazy(
                    _("announced {date}, {days} days"),
                    date=_day(item.current_stage_date),
                    days=LAST_CALL.days,
                ),
            ),
        )
        yield reminder


def _not_met(items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    """Not yet consented or determined (nor anything after, nor withdrawn or deleted)."""
    return items.exclude(events__stage__in=PAST_TIMING)


def timings_passing(ctx: SweepContext) -> Iterator[Reminder]:
    """Items whose timing's last day is within a lead time (or today), not yet met."""
    on, horizon = ctx.on, ctx.horizon
    reaches = (
        Q(timing_precision=DatePrecision.DAY, timing__gte=on)
        | Q(timing_precision=DatePrecision.MONTH, timing__gte=period_start(on, "month"))
        | Q(timing_precision=DatePrecision.YEAR, timing__gte=period_start(on, "year"))
    )
    items = _not_met(WorkItem.objects.filter(reaches, timing__lte=horizon)).with_stage()
    for item in _with_recipients(items.order_by("timing", "pk"), on):
        deadline = item.timing_ends
        lead = ctx.lead_for(deadline) if deadline else None
        if lead is None:
            continue
        yield _reminder(ctx, item, "work-item-timing", deadline, lead, _("Timing ends"))


def late_days(ctx: SweepContext, oldest: dt.date) -> dict[str, list[dt.date]]:
    """The timings (by precision) of the items whose late reminder falls today: an item is late
    from the day after its timing's last day, reminded that day and then every cadence
    (`SweepContext.overdue_reminder_days` of that first late day)."""
    days: dict[str, list[dt.date]] = {p: [] for p in DatePrecision.values}
    for first_late in ctx.overdue_reminder_days(oldest + dt.timedelta(days=1)):
        last_day = first_late - dt.timedelta(days=1)
        days[DatePrecision.DAY].append(last_day)
        if first_late.day == 1:  # the last day of a month
            days[DatePrecision.MONTH].append(period_start(last_day, "month"))
            if first_late.month == 1:  # the last day of a year
                days[DatePrecision.YEAR].append(period_start(last_day, "year"))
    return days


def _timing_in(days: dict[str, list[dt.date]]) -> Q:
    condition = Q(pk__in=[])
    for precision, values in days.items():
        if values:
            condition |= Q(timing_precision=precision, timing__in=values)
    return condition


def late_items(ctx: SweepContext) -> Iterator[Reminder]:
    """Late items whose reminder day is today (the first late day, then every cadence)."""
    oldest = WorkItem.objects.filter(timing__isnull=False).aggregate(oldest=Min("timing"))["oldest"]
    if oldest is None:
        return
    items = WorkItem.objects.late(ctx.on).filter(_timing_in(late_days(ctx, oldest))).with_stage()
    for item in _with_recipients(items.order_by("timing", "pk"), ctx.on):
        first_late = item.timing_ends + dt.timedelta(days=1)
        lead = ctx.overdue_lead_for(first_late)
        if lead is None:
            continue
        yield _reminder(ctx, item, "work-item-late", first_late, lead, _("Late since"))


SOURCES: tuple[tuple[str, Callable[[SweepContext], Iterable[Reminder]]], ...] = (
    ("workitems.last_calls", last_calls_ending),
    ("workitems.timings", timings_passing),
    ("workitems.late", late_items),
)
