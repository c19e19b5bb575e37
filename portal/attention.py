"""The secretariat's "what needs attention", shown on the admin index: overdue actions, deadlines
in the coming week, statements awaiting reply, groups whose lifetime ends soon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from deliverables.models import Group
from liaisons.models import LiaisonStatement
from meetings.models import ActionItem, Meeting

ATTENTION_LIFETIME_DAYS = 90
ATTENTION_LIMIT = 15


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
    meetings = Meeting.objects.with_deadline_between(today, week_end)
    actions = (
        ActionItem.objects.open()
        .filter(due_date__gte=today, due_date__lte=week_end)
        .select_related("meeting")
    )
    statements = LiaisonStatement.objects.filter(
        reply_deadline__gte=today, reply_deadline__lte=week_end
    ).select_related("document")
    deadlines = [
        *(Deadline(m.contribution_deadline, "Contribution deadline", m) for m in meetings),
        *(Deadline(a.due_date, "Action due", a) for a in actions),
        *(Deadline(s.reply_deadline, "Reply due", s) for s in statements),
    ]
    deadlines.sort(key=lambda d: d.day)
    awaiting = (
        LiaisonStatement.objects.awaiting_reply()
        .select_related("document")
        .order_by("reply_deadline")
    )
    lifetimes = (
        Group.objects.active()
        .lifetime_ending_by(today + dt.timedelta(days=ATTENTION_LIFETIME_DAYS))
        .order_by("lifetime_end")
    )
    return {
        "today": today,
        "overdue": list(overdue[:ATTENTION_LIMIT]),
        "overdue_total": overdue.count(),
        "deadlines": deadlines,
        "awaiting": list(awaiting[:ATTENTION_LIMIT]),
        "awaiting_total": awaiting.count(),
        "lifetimes": [(group, group.lifetime_has_ended(today)) for group in lifetimes],
    }
