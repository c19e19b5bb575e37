"""Reminder sources of the meetings app: action items due and overdue, contribution deadlines.

Registered with the reminder machinery from `MeetingsConfig.ready()`. Each source runs a fixed
number of queries whatever the number of records (select_related / prefetch_related).
"""

from __future__ import annotations

import datetime as dt
import textwrap
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator

from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.reminder_sources import Reminder, SweepContext, path_template
from core.time_zone_names import zone_name

from .models import ActionItem, Meeting

# Lazy: a sweep builds each reminder once and its e-mails are written in each reader's language.
ACTION_DUE = _("Action due")
OVERDUE_ACTION = _("Overdue action, due")
ACTION_TITLE = _("Action {code}: {text}")
AGREED_AT = _("Agreed at")
RESPONSIBLE = _("Responsible")
NOT_STATED = pgettext_lazy("who is responsible", "not stated")
DELIVERABLES = _("Deliverables")
CONTRIBUTION_DEADLINE = _("Contribution deadline")
MEETING = _("Meeting")
GROUPS = _("Groups")
WHERE = _("Where")


def _zone_of(moment: dt.datetime) -> str:
    info = moment.tzinfo
    return zone_name(info, moment) if isinstance(info, zoneinfo.ZoneInfo) else moment.tzname() or ""


def meeting_when(meeting: Meeting) -> str:
    """The meeting's dates (and hours) in its own time zone, the zone named as the pages name it:
    'Tuesday 20 February 2024, 13:00–14:30 Central European Time (UTC+1)' ("CET" or "CST" alone
    is ambiguous to a reader elsewhere), or '22–26 January 2024' for whole days."""
    start, end = meeting.local_start, meeting.local_end
    first, last = meeting.start_date, meeting.end_date
    if first == last:
        days = f"{first:%A} {first.day} {first:%B %Y}"
    elif (first.year, first.month) == (last.year, last.month):
        days = f"{first.day}–{last.day} {last:%B %Y}"
    elif first.year == last.year:
        days = f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    else:
        days = f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"
    if meeting.all_day:
        return days
    hours = (
        f"{start:%H:%M}–{end:%H:%M} {_zone_of(end)}"
        if first == last
        else f"{start:%H:%M} {_zone_of(start)}"
    )
    return f"{days}, {hours}"


def shorten(text: str, width: int) -> str:
    """textwrap.shorten(text, width, placeholder='…'), without its wrapping machinery for the
    texts that fit once their white space is collapsed (most actions: a thousand a day)."""
    collapsed = " ".join(text.split())
    if len(collapsed) <= width:
        return collapsed
    return textwrap.shorten(collapsed, width, placeholder="…")


def action_items(ctx: SweepContext) -> Iterator[Reminder]:
    """Open actions within a lead time of their due date, due today, or overdue (weekly).

    Only the actions with a reminder today are read: those due within the longest lead time,
    and the overdue ones whose cadence day is today (their due dates listed from the cadence,
    in SQL), not the whole overdue backlog."""
    items = list(
        ActionItem.objects.open()
        .due_for_reminder(ctx.on, ctx.horizon, ctx.overdue_every_days)
        .select_related("meeting", "responsible_group", "responsible_person__user")
        # Only what a reminder shows or links to: a thousand rows a day at 10×, and model
        # instances with every column (timestamps parsed, search vectors) were half its cost.
        .only(
            *("pk", "code", "text", "due_date", "responsible_note"),
            *("meeting", "group", "responsible_group", "responsible_person"),
            *("meeting__code", "meeting__title", "meeting__time_zone", "meeting__all_day"),
            *("meeting__starts_at", "meeting__ends_at", "responsible_group__code"),
            *("responsible_person__name", "responsible_person__email"),
            *("responsible_person__user__is_active", "responsible_person__user__email"),
        )
        .order_by("due_date", "pk")
    )
    # Groups concerned and deliverables as key pairs from the link tables (no model instances,
    # no related managers per action), deliverables in their natural order (code).
    ids = [item.pk for item in items]
    concerned: dict[int, set[int]] = defaultdict(set)
    for item_id, group_id in ActionItem.concerned_groups.through.objects.filter(
        actionitem_id__in=ids
    ).values_list("actionitem_id", "group_id"):
        concerned[item_id].add(group_id)
    linked: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for item_id, deliverable_id, code in (
        ActionItem.deliverables.through.objects.filter(actionitem_id__in=ids)
        .order_by("deliverable__code", "deliverable_id")
        .values_list("actionitem_id", "deliverable_id", "deliverable__code")
    ):
        linked[item_id].append((deliverable_id, code))
    action_path = path_template(
        "meetings:action-detail", meeting="zz-meeting-placeholder", code="ZZ.CODE.PLACEHOLDER"
    )
    agreed_at: dict[int, str] = {}  # many actions share a meeting: format its dates once
    for item in items:
        due: dt.date = item.due_date
        lead = ctx.lead_for(due) if due > ctx.on else ctx.overdue_lead_for(due)
        if lead is None:
            continue
        if item.meeting_id not in agreed_at:
            agreed_at[item.meeting_id] = format_lazy(
                _("{meeting}, {when}"), meeting=item.meeting.title, when=meeting_when(item.meeting)
            )
        responsible = [
            text
            for text in (
                item.responsible_person.name if item.responsible_person else "",
                item.responsible_group.code if item.responsible_group else "",
                item.responsible_note,
            )
            if text
        ]
        accountable_group = item.responsible_group_id or item.group_id
        groups = {item.group_id, item.responsible_group_id} | concerned.get(item.pk, set())
        groups.discard(None)
        deliverables = linked.get(item.pk, [])
        yield Reminder(
            kind="action",
            item=item,
            deadline=due,
            lead_days=lead,
            what=ACTION_DUE if due >= ctx.on else OVERDUE_ACTION,
            title=format_lazy(ACTION_TITLE, code=item.code, text=shorten(item.text, 90)),
            time_zone=item.meeting.time_zone,
            summary=item.text,
            details=[
                (AGREED_AT, agreed_at[item.meeting_id]),
                (RESPONSIBLE, ", ".join(responsible) or NOT_STATED),
                *(
                    [(DELIVERABLES, ", ".join(code for __, code in deliverables))]
                    if deliverables
                    else []
                ),
            ],
            people=[item.responsible_person] if item.responsible_person else [],
            # A plain string: the sweep compares and joins the reasons of each recipient.
            person_reason=gettext("responsible for action %(code)s") % {"code": item.code},
            leadership_of={accountable_group} if accountable_group else set(),
            follow_groups=groups,
            follow_deliverables={pk for pk, __ in deliverables},
            follow_meetings={item.meeting_id},
            path=action_path(meeting=item.meeting.code, code=item.code),
        )


def contribution_deadlines(ctx: SweepContext) -> Iterator[Reminder]:
    """Upcoming meetings whose contribution deadline is within a lead time, to everyone holding
    a current role in the meeting's groups."""
    meetings = (
        Meeting.objects.upcoming(ctx.start)
        .with_deadline_between(ctx.on, ctx.horizon)
        .prefetch_related("groups")
        .order_by("contribution_deadline", "pk")
    )
    for meeting in meetings:
        lead = ctx.lead_for(meeting.contribution_deadline)
        if lead is None:
            continue
        groups = list(meeting.groups.all())
        details = [(MEETING, meeting_when(meeting))]
        if groups:
            details.append((GROUPS, ", ".join(group.code for group in groups)))
        details.append((WHERE, meeting.venue or meeting.get_format_display()))
        yield Reminder(
            kind="contribution-deadline",
            item=meeting,
            deadline=meeting.contribution_deadline,
            lead_days=lead,
            what=CONTRIBUTION_DEADLINE,
            title=format_lazy(
                _("{meeting}, {day}"),
                meeting=meeting.title,
                day=f"{meeting.start_date.day} {meeting.start_date:%B %Y}",
            ),
            time_zone=meeting.time_zone,
            summary=meeting.objectives,
            details=details,
            members_of={group.pk for group in groups},
            follow_groups={group.pk for group in groups},
            follow_meetings={meeting.pk},
        )
