"""The sections of record pages: those of this app's pages (filled by the apps above), and those
this app adds to the pages of the deliverables app (registered in `MeetingsConfig.ready()`)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from core.pages import SECTION_ROWS, Sections, first_rows
from deliverables.models import Deliverable, Group, Person

from .models import ActionItem, Document, Session

MEETING_SECTIONS = Sections()
DOCUMENT_SECTIONS = Sections()
ACTION_SECTIONS = Sections()


def group_meetings(group: Group, request) -> dict:
    now = timezone.now()
    meetings = group.meetings.prefetch_related("groups")
    upcoming, upcoming_total = first_rows(meetings.upcoming(now).order_by("starts_at"))
    return {
        "upcoming": upcoming,
        "upcoming_total": upcoming_total,
        "past": list(meetings.past(now).order_by("-starts_at")[:10]),
        "past_total": meetings.past(now).count(),
        "group": group,
    }


def group_actions(group: Group, request) -> dict:
    actions, total = first_rows(
        ActionItem.objects.for_lists().concerning(group).order_by("status", "due_date", "pk")
    )
    return {
        "actions": actions,
        "total": total,
        "today": timezone.localdate(),
        "more_url": f"/actions/?group={group.code}",
        "empty": gettext("No action item concerns %(code)s.") % {"code": group.code},
    }


def deliverable_decisions(deliverable: Deliverable, request) -> dict:
    actions, total = first_rows(
        deliverable.action_items.select_related(
            "meeting", "group", "responsible_group", "responsible_person"
        )
        .prefetch_related("documents")
        .order_by("meeting_starts_at", "position", "pk")
    )
    documents, documents_total = (
        first_rows(
            Document.objects.filter(action_items__deliverables=deliverable)
            .distinct()
            .order_by("number", "revision")
        )
        if actions
        else ([], 0)
    )
    return {
        "actions": actions,
        "total": total,
        "documents": documents,
        "documents_total": documents_total,
        "today": timezone.localdate(),
        "empty": gettext("No recorded action item refers to this deliverable."),
        "intro": gettext(
            "Action items that decided about this deliverable, and the documents behind them."
        ),
    }


def person_actions(person: Person, request) -> dict | None:
    actions, total = first_rows(ActionItem.objects.for_lists().filter(responsible_person=person))
    if not actions:
        return None
    return {
        "actions": actions,
        "total": total,
        "today": timezone.localdate(),
        "more_url": f"/actions/?responsible={person.slug}" if total > SECTION_ROWS else "",
    }


def person_sessions(person: Person, request) -> dict | None:
    sessions, total = first_rows(
        Session.objects.filter(Q(moderators=person) | Q(speakers=person))
        .distinct()
        .select_related("meeting")
        .prefetch_related("moderators")
        .order_by("-starts_at", "pk")
    )
    if not sessions:
        return None
    for session in sessions:
        session.person_moderates = person in session.moderators.all()
    return {"sessions": sessions, "total": total}
