"""Calendar feeds to subscribe to: every meeting (/calendar.ics) or one group's
(/groups/RG-IEM/calendar.ics), with the contribution deadlines."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from deliverables.models import Group

from .calendar import build_calendar
from .models import Meeting

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _response(calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=15 * 60)
    return response


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.prefetch_related("groups")
    return _response(
        build_calendar(meetings, name="Standards Tracker: meetings and deadlines"),
        "meetings.ics",
    )


@require_safe
def group_calendar_feed(request: HttpRequest, code: str) -> HttpResponse:
    group = get_object_or_404(Group, code=code)
    meetings = group.meetings.prefetch_related("groups")
    return _response(
        build_calendar(meetings, name=f"{group.code}: meetings and deadlines"),
        f"{group.code.lower()}.ics",
    )
