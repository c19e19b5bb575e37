"""The sections this app adds to the pages of the lower apps: a group's liaison inbox, and the
statements about a deliverable, a person, a meeting, an action item or a document (registered in
`LiaisonsConfig.ready()`)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core.pages import SECTION_ROWS, CappedCount, capped_count, first_rows
from deliverables.models import Deliverable, Group, Person
from meetings.models import ActionItem, Document, Meeting

from .models import LiaisonStatement

LIST_TEMPLATE = "liaisons/sections/statements.html"


def _section(
    statements: QuerySet,
    empty: str,
    *,
    hide_empty: bool = False,
    counted: QuerySet | None = None,
    **extra,
) -> dict | None:
    """The first rows of `statements` and their total (counted on `counted` when given: the
    same rows in a form cheaper to count); None when there are none and `hide_empty`, so the
    section is left off the page."""
    if counted is None:
        rows, total = first_rows(statements)
    else:
        rows = list(statements[:SECTION_ROWS])
        total = capped_count(counted) if rows else CappedCount(0)
    if hide_empty and not rows:
        return None
    return {
        "statements": rows,
        "total": total,
        "today": timezone.localdate(),
        "empty": empty,
        **extra,
    }


def group_inbox(group: Group, request) -> dict | None:
    # The first rows in the inbox index's order, tested row by row; the count from the union.
    statements = (
        LiaisonStatement.objects.for_lists()
        .addressed_to(group, first_rows=True)
        .by_reply_deadline()
    )
    return _section(
        statements,
        gettext("No liaison statement is addressed to %(code)s.") % {"code": group.code},
        counted=LiaisonStatement.objects.addressed_to(group),
        intro=gettext(
            "Statements addressed to this group, directly or to all study groups, soonest reply "
            "deadline first."
        )
        if group.is_study_group
        else gettext("Statements addressed to this group, soonest reply deadline first."),
        more_url=f"/liaisons/?to={group.code}",
    )


def group_sent(group: Group, request) -> dict | None:
    statements = LiaisonStatement.objects.for_lists().sent_by(group).newest_first()
    return _section(statements, "", hide_empty=True, more_url=f"/liaisons/?from={group.code}")


def deliverable_liaisons(deliverable: Deliverable, request) -> dict | None:
    statements = LiaisonStatement.objects.for_lists().filter(related_deliverables=deliverable)
    return _section(
        statements.newest_first(),
        gettext("No liaison statement refers to this deliverable."),
        more_url=f"/liaisons/?deliverable={deliverable.code}",
    )


def person_liaisons(person: Person, request) -> dict | None:
    statements = LiaisonStatement.objects.for_lists().filter(contact=person).newest_first()
    return _section(statements, "", hide_empty=True)


def meeting_liaisons(meeting: Meeting, request) -> dict | None:
    statements = LiaisonStatement.objects.for_lists().filter(approved_at=meeting).order_by("code")
    return _section(statements, "", hide_empty=True, more_url=f"/liaisons/?meeting={meeting.code}")


def action_liaisons(action: ActionItem, request) -> dict | None:
    statements = LiaisonStatement.objects.for_lists().filter(approved_by_action=action)
    return _section(statements, "", hide_empty=True)


def document_liaisons(document: Document, request) -> dict | None:
    statements = LiaisonStatement.objects.for_lists().filter(document__number=document.number)
    return _section(
        statements,
        "",
        hide_empty=True,
        intro=gettext("This document is (a revision of) a liaison statement."),
    )
