"""Reminder source of the liaisons app: reply deadlines of statements for action.

Built here, where liaison statements are known, and registered with the reminder machinery from
`LiaisonsConfig.ready()`: the apps below never look liaison statements up.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import format_partial_date
from core.reminder_sources import Reminder, SweepContext
from deliverables.models import Group

from .models import LiaisonStatement

# Lazy: a sweep builds each reminder once and its e-mails are written in each reader's language.
ALL_ITU_T_STUDY_GROUPS = _("all ITU-T study groups")
NOT_STATED = pgettext_lazy("sender or addressee", "not stated")
FROM = pgettext_lazy("sender", "From")
TO = pgettext_lazy("addressee", "To")
PURPOSE = _("Purpose")
DATED = _("Dated")
DELIVERABLES = _("Deliverables")
REPLY_DEADLINE = _("Reply deadline")
TITLE = _("Liaison statement {code}: {title}")

lazy_partial_date = lazy(format_partial_date, str)


def reply_deadlines(ctx: SweepContext) -> Iterator[Reminder]:
    """Statements awaiting a reply whose deadline is within a lead time (or today), to the
    current leadership and liaison contacts of each group addressed — directly, or as one of
    "all study groups" (the study groups of the day, never a stored copy of the list)."""
    statements = (
        LiaisonStatement.objects.awaiting_reply()
        .reply_due_before(ctx.horizon)
        .filter(reply_deadline__gte=ctx.on)
        .select_related("document", "approved_at")
        .prefetch_related(
            "to_groups",
            "from_groups",
            "related_deliverables",
            Prefetch(
                "replies",
                queryset=LiaisonStatement.objects.only("pk", "replies_to").prefetch_related(
                    Prefetch("from_groups", queryset=Group.objects.only("pk"))
                ),
            ),
        )
        .order_by("reply_deadline", "pk")
    )
    study_groups: list[Group] | None = None
    for statement in statements:
        lead = ctx.lead_for(statement.reply_deadline)
        if lead is None:
            continue
        addressed = list(statement.to_groups.all())
        if statement.to_all_study_groups:
            if study_groups is None:  # one query per sweep, only when needed
                study_groups = list(Group.objects.study_groups().active().order_by("code"))
            addressed += [group for group in study_groups if group not in addressed]
        # A group that has replied is not reminded, while the others still are.
        replied = {
            group.pk for reply in statement.replies.all() for group in reply.from_groups.all()
        }
        addressed = [group for group in addressed if group.pk not in replied]
        to = [group.code for group in statement.to_groups.all()]
        if statement.to_all_study_groups:
            to.append(ALL_ITU_T_STUDY_GROUPS)
        senders = [group.code for group in statement.from_groups.all()]
        if statement.from_note:
            senders.append(statement.from_note)
        zone = statement.approved_at.time_zone if statement.approved_at else ctx.time_zone
        deliverables = list(statement.related_deliverables.all())
        details = [
            (FROM, ", ".join(senders) or NOT_STATED),
            (TO, _join(to) if to else NOT_STATED),
            (PURPOSE, statement.get_purpose_display()),
        ]
        if statement.date:
            # Lazy: written out in each recipient's language, to the precision the source gives.
            details.append((DATED, lazy_partial_date(statement.date, statement.date_precision)))
        if deliverables:
            details.append((DELIVERABLES, ", ".join(d.code for d in deliverables)))
        yield Reminder(
            kind="liaison-reply",
            item=statement,
            deadline=statement.reply_deadline,
            lead_days=lead,
            what=REPLY_DEADLINE,
            title=format_lazy(TITLE, code=statement.display_code, title=statement.title),
            time_zone=zone,
            summary=statement.summary,
            details=details,
            leadership_of={group.pk for group in addressed},
            follow_groups={group.pk for group in addressed},
            follow_deliverables={d.pk for d in deliverables},
            follow_meetings={statement.approved_at_id} if statement.approved_at_id else set(),
            follow_liaisons={statement.pk},
        )


def _join(items: list) -> str:
    """'SG17, all ITU-T study groups', its lazy parts read in the reader's language."""
    return format_lazy(", ".join("{}" for _item in items), *items)
