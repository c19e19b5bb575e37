"""The secretariat's "what needs attention", shown on the admin index: overdue actions, open
actions with no due date left open long after their meeting, deadlines in the coming week,
statements awaiting reply, groups whose lifetime ends soon.

Bounded whatever the size of the work programme: every list is LIMIT-ed, and every count stops
at 1,000 (`core.pages.capped_count`, a LIMIT-ed subquery), shown as "1,000+" beyond it. Ten years of open
overdue actions are not ten times more urgent than one, and counting them all would read the
whole table on every visit to the admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core.pages import capped_count
from deliverables.models import Group
from liaisons.models import LiaisonStatement
from meetings.models import ActionItem, Meeting

ATTENTION_LIFETIME_DAYS = 90
ATTENTION_LIMIT = 15
# Open, undated and older than this since their meeting: flagged (settings.ATTENTION_UNDATED_DAYS).
UNDATED_DAYS_DEFAULT = 183


def undated_actions_open_since(today: dt.date) -> QuerySet[ActionItem]:
    """Open actions with no due date whose meeting began more than ATTENTION_UNDATED_DAYS (six
    months by default) before `today`: nothing else ever flags them (overdue needs a due date).
    Oldest first, read from the partial index `open_undated_action_order`."""
    days = getattr(settings, "ATTENTION_UNDATED_DAYS", UNDATED_DAYS_DEFAULT)
    cutoff = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(), dt.UTC)
    return (
        ActionItem.objects.open()
        .filter(due_date__isnull=True, meeting_starts_at__lt=cutoff)
        .select_related("meeting")
        .order_by("meeting_starts_at", "meeting", "position", "code")
    )


@dataclass
class Deadline:
    day: dt.date
    what: str
    record: object


def attention(today: dt.date | None = None) -> dict:
    """Overdue actions, deadlines in the coming week, statements awaiting reply, groups whose
    lifetime ends soon (or has ended while they are still marked active)."""
    today = today or timezone.localdate()
    week_end = today + dt.timedelta(days=7)
    overdue: QuerySet[ActionItem] = (
        ActionItem.objects.overdue(today)
        .select_related("meeting", "responsible_group", "responsible_person", "group")
        .order_by("due_date", "code")
    )
    # Each kind of deadline: the earliest ATTENTION_LIMIT of the week (a week of a big work
    # programme holds hundreds of due actions); merged, the earliest ATTENTION_LIMIT of all.
    meetings = Meeting.objects.with_deadline_between(today, week_end).order_by(
        "contribution_deadline", "pk"
    )
    actions = (
        ActionItem.objects.open()
        .filter(due_date__gte=today, due_date__lte=week_end)
        .select_related("meeting")
        .order_by("due_date", "pk")
    )
    statements = (
        LiaisonStatement.objects.filter(reply_deadline__gte=today, reply_deadline__lte=week_end)
        .select_related("document")
        .order_by("reply_deadline", "pk")
    )
    deadlines = [
        *(
            Deadline(m.contribution_deadline, gettext("Contribution deadline"), m)
            for m in meetings[: ATTENTION_LIMIT + 1]
        ),
        *(Deadline(a.due_date, gettext("Action due"), a) for a in actions[: ATTENTION_LIMIT + 1]),
        *(
            Deadline(s.reply_deadline, gettext("Reply due"), s)
            for s in statements[: ATTENTION_LIMIT + 1]
        ),
    ]
    deadlines.sort(key=lambda d: d.day)
    more_deadlines = len(deadlines) > ATTENTION_LIMIT
    awaiting = (
        LiaisonStatement.objects.awaiting_reply()
        .select_related("document")
        .order_by("reply_deadline")
    )
    lifetimes = (
        Group.objects.active()
        .lifetime_ending_by(today + dt.timedelta(days=ATTENTION_LIFETIME_DAYS))
        .order_by("lifetime_end")[:ATTENTION_LIMIT]
    )
    undated = undated_actions_open_since(today)
    return {
        "today": today,
        "overdue": list(overdue[:ATTENTION_LIMIT]),
        "overdue_total": capped_count(overdue),
        "undated": list(undated[:ATTENTION_LIMIT]),
        "undated_total": capped_count(undated),
        "undated_months": round(
            getattr(settings, "ATTENTION_UNDATED_DAYS", UNDATED_DAYS_DEFAULT) / 30.44
        ),
        "deadlines": deadlines[:ATTENTION_LIMIT],
        "more_deadlines": more_deadlines,
        "awaiting": list(awaiting[:ATTENTION_LIMIT]),
        "awaiting_total": capped_count(awaiting),
        "lifetimes": [(group, group.lifetime_has_ended(today)) for group in lifetimes],
    }
