"""iCalendar (RFC 5545) feeds of meetings and their contribution deadlines, built with `icalendar`.

Each meeting is a VEVENT: a timed meeting has DTSTART/DTEND in its own time zone (TZID) with a
VTIMEZONE generated from zoneinfo, so a calendar app shows 13:00 Geneva time as the right hour
wherever the reader is; a whole-day meeting has VALUE=DATE with DTEND the day after its last day
(RFC 5545 ends are exclusive). Each contribution deadline is its own whole-day VEVENT. UIDs are
derived from the meeting code (`meeting-<code>@<host>`, `deadline-<code>@<host>`), so a calendar
app that fetches the feed again updates its events instead of adding duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from core.calendars import DayEntry

from .models import Meeting, MeetingFormat

PRODID = "-//Standards Tracker//Meetings and contribution deadlines//EN"
# How often calendar apps that honour it should fetch the feed again.
REFRESH_INTERVAL = dt.timedelta(hours=6)


def feed_host() -> str:
    """The host name that makes UIDs globally unique (RFC 5545 recommends one per site)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def page_url(meeting: Meeting) -> str:
    return settings.SITE_URL + meeting.get_absolute_url()


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.code}@{feed_host()}"


def deadline_uid(meeting: Meeting) -> str:
    return f"deadline-{meeting.code}@{feed_host()}"


def location_text(meeting: Meeting) -> str:
    if meeting.venue:
        online = meeting.format == MeetingFormat.HYBRID
        if online:
            return gettext("%(venue)s (and online)") % {"venue": meeting.venue}
        return meeting.venue
    return gettext("Online") if meeting.format == MeetingFormat.VIRTUAL else ""


def _group_codes(meeting: Meeting) -> list[str]:
    return [group.code for group in meeting.groups.all()]


def meeting_event(meeting: Meeting, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("summary", meeting.title)
    if meeting.all_day:
        event.add("dtstart", meeting.start_date)
        event.add("dtend", meeting.end_date + dt.timedelta(days=1))
    else:
        event.add("dtstart", meeting.local_start)
        event.add("dtend", meeting.local_end)
    location = location_text(meeting)
    if location:
        event.add("location", location)
    lines = []
    groups = _group_codes(meeting)
    if groups:
        lines.append(
            gettext("%(kind)s of %(groups)s.")
            % {"kind": meeting.get_kind_display(), "groups": ", ".join(groups)}
        )
    if meeting.objectives:
        lines += ["", gettext("Objectives:"), meeting.objectives]
    if meeting.contribution_deadline:
        lines += [
            "",
            gettext("Contribution deadline: %(day)s.")
            % {"day": date_format(meeting.contribution_deadline, "j F Y")},
        ]
    lines += ["", page_url(meeting)]
    event.add("description", "\n".join(lines).strip())
    event.add("url", page_url(meeting))
    if groups:
        event.add("categories", groups)
    return event


def deadline_event(meeting: Meeting, stamp: dt.datetime) -> icalendar.Event:
    """The contribution deadline as a timed event at its cut-off (23:59 in the meeting's zone
    unless another time is announced): calendar apps show it at the reader's own hour."""
    cutoff = meeting.contribution_cutoff
    assert cutoff is not None  # noqa: S101 - called for meetings with a deadline only
    event = icalendar.Event()
    event.add("uid", deadline_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("summary", gettext("Contribution deadline: %(title)s") % {"title": meeting.title})
    event.add("dtstart", cutoff)
    event.add("dtend", cutoff)
    # A deadline is a reminder, not an engagement: it does not make the reader busy.
    event.add("transp", "TRANSPARENT")
    closing = gettext(
        "Contributions to %(title)s, %(when)s, close at %(time)s %(zone)s on %(day)s."
    ) % {
        "title": meeting.title,
        "when": meeting.when_display,
        "time": f"{cutoff:%H:%M}",
        "zone": meeting.time_zone,
        "day": date_format(cutoff, "j F Y"),
    }
    event.add("description", "\n\n".join((closing, page_url(meeting))))

    event.add("url", page_url(meeting))
    groups = _group_codes(meeting)
    if groups:
        event.add("categories", groups)
    return event


def day_event(entry: DayEntry, stamp: dt.datetime) -> icalendar.Event:
    """A whole-day entry another app adds (a last call ending, a target date)."""
    event = icalendar.Event()
    event.add("uid", f"{entry.uid}@{feed_host()}")
    event.add("dtstamp", stamp)
    event.add("summary", entry.summary)
    if entry.cutoff:
        event.add("dtstart", entry.cutoff)
        event.add("dtend", entry.cutoff)
    else:
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
    # Like a contribution deadline: a date to keep in mind, not a time the reader is busy.
    event.add("transp", "TRANSPARENT")
    url = settings.SITE_URL + entry.path
    event.add("description", f"{entry.description}\n\n{url}".strip())
    event.add("url", url)
    if entry.categories:
        event.add("categories", list(entry.categories))
    return event


def build_calendar(
    meetings: Iterable[Meeting],
    name: str,
    stamp: dt.datetime | None = None,
    entries: Iterable[DayEntry] = (),
) -> icalendar.Calendar:
    """A calendar of the meetings and their contribution deadlines, and the whole-day `entries`
    other apps add (core.calendars). `meetings` should have their groups prefetched (they are
    read for each event)."""
    stamp = stamp or timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    years = []
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, stamp))
        if meeting.contribution_deadline:
            calendar.add_component(deadline_event(meeting, stamp))
            years.append(meeting.contribution_deadline.year)
        if not meeting.all_day:
            years.append(meeting.start_date.year)
    for entry in entries:
        calendar.add_component(day_event(entry, stamp))
        if entry.cutoff:
            years.append(entry.cutoff.year)
    # One VTIMEZONE per TZID used above, generated from zoneinfo (icalendar ≥ 6), with the
    # transitions of the years the meetings fall in (not 1970–2038).
    if years:
        calendar.add_missing_timezones(
            first_date=dt.date(min(years) - 1, 1, 1), last_date=dt.date(max(years) + 2, 1, 1)
        )
    return calendar
