"""Calendar feeds to subscribe to: every meeting (/calendar.ics) or one group's
(/groups/RG-IEM/calendar.ics), with the contribution deadlines.

A feed holds a window, so it stays the same size however many years of meetings the tracker
holds: every meeting that ends on or after the same day `months` months ago (12 unless the URL
says `?months=N`, from 1 to 120), and everything ahead. A wrong `months` is a 400 naming the
range.

Both feeds answer conditional GETs without building the calendar: one aggregate query over the
window's meetings and their sessions gives `Last-Modified` (the newest `last_updated`) and the
`ETag` (that, the window, which meetings are in it and the language the feed's words are in, so
an edit, an addition, a removal, a meeting leaving the window or another language all change it); `If-None-Match` or `If-Modified-Since` then answer 304.
A full GET reads the feed's text from the cache under that ETag when an earlier request built it.

A group's feed also holds the whole-day entries the apps above register for its window
(`core.calendars.group_day_sources`: a work item's last call ending, its target date); their
state (one aggregate query per source) goes into the ETag and Last-Modified the same way.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext
from django.views.decorators.http import condition, require_safe

from core.calendars import SourceState, group_day_sources
from deliverables.models import Group

from .calendar import build_calendar
from .models import Meeting

CONTENT_TYPE = "text/calendar; charset=utf-8"

# The window: meetings that ended at most this many months ago, and everything ahead.
DEFAULT_MONTHS = 12
MIN_MONTHS = 1
MAX_MONTHS = 120
MONTHS_PARAMETER = "months"


def bad_months_text() -> str:
    return gettext(
        "%(parameter)s must be a whole number of months from %(min)d to %(max)d "
        "(default %(default)d): the feed holds the meetings that ended in that many past "
        "months and everything ahead."
    ) % {
        "parameter": MONTHS_PARAMETER,
        "min": MIN_MONTHS,
        "max": MAX_MONTHS,
        "default": DEFAULT_MONTHS,
    }


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, stdlib_calendar.monthrange(year, month)[1]))


def window_months(request: HttpRequest) -> int | None:
    """The `months` the request asks for, the default when it asks for none, None when the
    value is not a whole number within the range."""
    raw = request.GET.get(MONTHS_PARAMETER)
    if raw is None or raw == "":
        return DEFAULT_MONTHS
    try:
        months = int(raw)
    except ValueError:
        return None
    return months if MIN_MONTHS <= months <= MAX_MONTHS else None


def window_start(months: int, now: dt.datetime | None = None) -> dt.datetime:
    """Midnight UTC of the same day `months` months ago: meetings ending before it are left out."""
    today = (now or timezone.now()).astimezone(dt.UTC).date()
    return dt.datetime.combine(months_before(today, months), dt.time(), dt.UTC)


def in_window(meetings: QuerySet[Meeting], months: int) -> QuerySet[Meeting]:
    return meetings.filter(ends_at__gte=window_start(months)).order_by("starts_at", "code")


@dataclass(frozen=True)
class FeedState:
    """What a conditional GET needs, from one aggregate query."""

    last_modified: dt.datetime | None
    etag: str | None


def _feed_state(
    request: HttpRequest,
    scope: str,
    meetings: QuerySet[Meeting],
    extra: Callable[[dt.date], SourceState] | None = None,
) -> FeedState:
    """The window's state, computed once per request (both condition functions read it).
    `extra(first day of the window)` is the state of the entries other apps add."""
    cached = getattr(request, "_calendar_feed_state", None)
    if cached is not None:
        return cached
    months = window_months(request)
    state = FeedState(None, None)
    if months is not None:
        added = extra(window_start(months).date()) if extra else SourceState()
        row = (
            in_window(meetings, months)
            .order_by()
            .aggregate(
                meetings=Count("id", distinct=True),
                # Which meetings are in the window: changes when one leaves it or another replaces it.
                ids=Sum("id", distinct=True),
                meeting_updated=Max("last_updated"),
                session_updated=Max("sessions__last_updated"),
            )
        )
        if row["meetings"] or added.key:
            changes = (row["meeting_updated"], row["session_updated"], added.last_modified)
            newest = max((v for v in changes if v), default=None)
            meeting = row["meeting_updated"].isoformat() if row["meeting_updated"] else "-"
            session = row["session_updated"].isoformat() if row["session_updated"] else "-"
            key = "|".join(
                (
                    scope,
                    # The feed's words are in the reader's language: one ETag (and cached
                    # text) per language.
                    get_language() or "",
                    str(months),
                    str(row["meetings"]),
                    str(row["ids"]),
                    meeting,
                    session,
                    added.key,
                )
            )
            state = FeedState(newest, hashlib.sha256(key.encode()).hexdigest()[:32])
    request._calendar_feed_state = state  # type: ignore[attr-defined]
    return state


def _all_state(request: HttpRequest) -> FeedState:
    return _feed_state(request, "all", Meeting.objects.all())


def _group_state(request: HttpRequest, code: str) -> FeedState:
    # No group, or nothing of it in the window: no validators, and the view answers (404).
    return _feed_state(
        request,
        f"group:{code}",
        Meeting.objects.filter(groups__code=code),
        lambda since: group_day_sources.state(code, since),
    )


BODY_CACHE_SECONDS = 24 * 60 * 60


def _body(state: FeedState, build: Callable[[], Any]) -> bytes:
    """The feed's iCalendar text, kept in the cache under its ETag: a feed is the same text for
    as long as its ETag is (any edit, addition or meeting leaving the window changes both), so
    only the first subscriber after a change pays for building it, whatever its size. Shared by
    every process when the cache is Redis."""
    key = f"calendar-feed:{state.etag}" if state.etag else None
    body = cache.get(key) if key else None
    if body is None:
        body = build().to_ical()
        if key:
            cache.set(key, body, BODY_CACHE_SECONDS)
    return body


def _response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=15 * 60)
    return response


def _bad_months() -> HttpResponse:
    response = HttpResponseBadRequest(bad_months_text(), content_type="text/plain; charset=utf-8")
    response.write("\n")
    return response


@require_safe
@condition(
    etag_func=lambda request: _all_state(request).etag,
    last_modified_func=lambda request: _all_state(request).last_modified,
)
def calendar_feed(request: HttpRequest) -> HttpResponse:
    months = window_months(request)
    if months is None:
        return _bad_months()
    meetings = in_window(Meeting.objects.all(), months).prefetch_related("groups")
    body = _body(
        _all_state(request),
        lambda: build_calendar(meetings, name=gettext("Standards Tracker: meetings and deadlines")),
    )
    return _response(body, "meetings.ics")


@require_safe
@condition(
    etag_func=lambda request, code: _group_state(request, code).etag,
    last_modified_func=lambda request, code: _group_state(request, code).last_modified,
)
def group_calendar_feed(request: HttpRequest, code: str) -> HttpResponse:
    months = window_months(request)
    if months is None:
        return _bad_months()
    group = get_object_or_404(Group, code=code)
    meetings = in_window(group.meetings.all(), months).prefetch_related("groups")
    since = window_start(months).date()
    body = _body(
        _group_state(request, code),
        lambda: build_calendar(
            meetings,
            name=gettext("%(code)s: meetings and deadlines") % {"code": group.code},
            entries=group_day_sources.entries([group.code], since),
        ),
    )
    return _response(body, f"{group.code.lower()}.ics")
