"""Reminder source of the deliverables app: group lifetimes ending, to the secretariat.

Registered with the reminder machinery from `DeliverablesConfig.ready()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import period_end
from core.reminder_sources import Reminder, SweepContext

from .models import Group

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def lifetimes_ending(ctx: SweepContext) -> Iterator[Reminder]:
    """Active groups whose lifetime ends within a lifetime lead time (default 90, 30 and 7 days:
    an extension needs a decision of the parent group, which takes a meeting to take).

    A lifetime known to the month ("until June 2024") ends on the last day of that month."""
    leads = ctx.lifetime_lead_days
    horizon = ctx.on + dt.timedelta(days=max(leads, default=0))
    groups = (
        Group.objects.active().lifetime_ending_between(ctx.on, horizon).select_related("parent")
    )
    for group in groups.order_by("lifetime_end", "code"):
        end = period_end(group.lifetime_end, group.lifetime_end_precision)
        lead = ctx.lead_for(end, leads)
        if lead is None:
            continue
        # Lazy, like every text of a reminder: each recipient reads it in their own language.
        lifetime = (
            format_lazy(
                _("until {end} (decision {decision})"),
                end=group.lifetime_end_display,
                decision=group.lifetime_decision,
            )
            if group.lifetime_decision
            else format_lazy(_("until {end}"), end=group.lifetime_end_display)
        )
        details: list[tuple[StrOrPromise, StrOrPromise]] = [(_("Lifetime"), lifetime)]
        if group.parent:
            details.append((_("Reports to"), group.parent.code))
        yield Reminder(
            kind="group-lifetime",
            item=group,
            deadline=end,
            lead_days=lead,
            what=_("Lifetime ends"),
            title=f"{group.code} {group.name}",
            time_zone=ctx.time_zone,
            summary=_(
                "Extend the lifetime (a decision of the parent group), or close the group and "
                "record what becomes of its work."
            ),
            details=details,
            secretariat=True,
            follow_groups={group.pk},
        )
