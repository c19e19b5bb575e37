"""A user's personal calendar, at a secret address (`/me/calendar/<key>.ics`): the meetings they
follow and those of the groups they follow (with their contribution deadlines), the reply
deadlines of the liaison statements they follow or that are addressed to their groups, and their
own open action items, and what the groups they follow add to their own calendars (a work
item's last call ending, its target date: core.calendars.group_day_sources), each with alarms
(VALARM) at the user's reminder lead times.

Built by the meetings' calendar builder (meetings.calendar) with whole-day entries
(core.calendars.DayEntry): one builder for every feed. A fixed number of queries whatever the
number of records followed; the key is the only credential, so a wrong or regenerated key is a
plain 404 and the response is private to caches.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

import icalendar
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.calendars import DayEntry, group_day_sources
from liaisons.models import LiaisonStatement
from meetings.calendar import build_calendar
from meetings.feeds import CONTENT_TYPE, DEFAULT_MONTHS, window_start
from meetings.models import ActionItem, Meeting
from reminders.models import ReminderPreference, Subscription, leads_for

from .models import CalendarFeedKey

# A feed is for a calendar app, not a page: bounded like a page, so a user following everything
# does not make every fetch read the whole work programme.
MAX_ITEMS = 500


def add_alarms(calendar: icalendar.Calendar, leads: tuple[int, ...]) -> None:
    """A display alarm `lead` days before the start of every event (a deadline's cut-off, a
    meeting's first hour)."""
    for event in calendar.walk("VEVENT"):
        for lead in leads:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", -dt.timedelta(days=lead))
            alarm.add("description", str(event.get("summary", "")))
            event.add_component(alarm)


def action_entries(user, since: dt.date) -> list[DayEntry]:
    actions = (
        ActionItem.objects.open()
        .filter(responsible_person__user=user, due_date__gte=since)
        .select_related("meeting")
        .order_by("due_date", "pk")[:MAX_ITEMS]
    )
    return [
        DayEntry(
            uid=f"action-{action.code}",
            day=action.due_date,
            summary=_("Action %(code)s due") % {"code": action.code},
            description=action.text,
            path=action.get_absolute_url(),
            categories=("action",),
        )
        for action in actions
        if action.due_date is not None
    ]


def reply_entries(liaison_ids: set[int], group_ids: set[int], since: dt.date) -> list[DayEntry]:
    statements = (
        LiaisonStatement.objects.filter(reply_deadline__gte=since)
        .filter(
            Q(pk__in=liaison_ids)
            | Q(
                pk__in=LiaisonStatement.objects.awaiting_reply()
                .filter(to_groups__in=group_ids)
                .values("pk")
            )
        )
        .select_related("document", "approved_at")
        .order_by("reply_deadline", "pk")[:MAX_ITEMS]
    )
    return [
        DayEntry(
            uid=f"reply-{statement.code}",
            day=statement.reply_deadline,
            summary=_("Reply deadline: %(code)s %(title)s")
            % {"code": statement.display_code, "title": statement.title},
            description=statement.summary,
            path=statement.get_absolute_url(),
            categories=("liaison",),
            cutoff=statement.reply_cutoff,
        )
        for statement in statements
        if statement.reply_deadline is not None
    ]


def personal_calendar(user) -> icalendar.Calendar:
    since = window_start(DEFAULT_MONTHS)
    follows = list(
        Subscription.objects.of(user).values_list(
            "group_id", "group__code", "meeting_id", "liaison_id"
        )
    )
    group_ids = {g for g, _c, _m, _l in follows if g}
    group_codes = sorted({c for _g, c, _m, _l in follows if c})
    meeting_ids = {m for _g, _c, m, _l in follows if m}
    liaison_ids = {s for _g, _c, _m, s in follows if s}
    of_groups = Meeting.groups.through.objects.filter(group_id__in=group_ids).values("meeting_id")
    meetings = (
        Meeting.objects.filter(Q(pk__in=meeting_ids) | Q(pk__in=of_groups), ends_at__gte=since)
        .order_by("starts_at", "code")
        .prefetch_related("groups")[:MAX_ITEMS]
    )
    lead_days, language = ReminderPreference.objects.filter(user=user).values_list(
        "lead_days", "language"
    ).first() or (None, "")
    # Calendar programs send no language of their own: the feed is in the one the user chose.
    with translation.override(language) if language else nullcontext():
        calendar = build_calendar(
            meetings,
            name=_("Standards Tracker: what I follow"),
            entries=[
                *action_entries(user, since.date()),
                *reply_entries(liaison_ids, group_ids, since.date()),
                # What the followed groups' own calendars show beyond meetings (a work item's
                # last call ending, its target date), from the same sources.
                *group_day_sources.entries(group_codes, since.date()),
            ],
        )
        add_alarms(calendar, leads_for(lead_days))
    return calendar


@require_safe
def personal_calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    feed_key = CalendarFeedKey.objects.filter(key=key).select_related("user").first()
    if feed_key is None or not feed_key.user.is_active:
        raise Http404
    response = HttpResponse(personal_calendar(feed_key.user).to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="my-standards-tracker.ics"'
    # The address is a secret: no shared cache keeps it, no search engine lists it.
    patch_cache_control(response, private=True, max_age=15 * 60)
    response["X-Robots-Tag"] = "noindex"
    return response
