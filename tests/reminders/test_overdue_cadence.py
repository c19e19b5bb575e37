"""The overdue cadence is chosen in SQL: only the actions whose reminder day is today are read,
and the reminders sent are exactly those of the rule `SweepContext.overdue_lead_for`."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from core.reminder_sources import SweepContext
from meetings.models import ActionItem
from meetings.reminders import action_items
from reminders.models import ReminderLog
from reminders.sweep import context_for, sweep

from .helpers import DONE, action, at_sweep_hour, closed_action, person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 3, 1)
YEARS_AGO = dt.date(2021, 6, 9)  # a Wednesday, 1,000 days before TODAY


def python_rule(ctx: SweepContext) -> set[tuple[int, int]]:
    """(action, lead) of every open action the rule names today, as the sweep once found them:
    all open actions due up to the horizon, the lead decided in Python."""
    found = set()
    for item in ActionItem.objects.open().exclude(due_date=None):
        due = item.due_date
        lead = ctx.lead_for(due) if due > ctx.on else ctx.overdue_lead_for(due)
        if lead is not None:
            found.add((item.pk, lead))
    return found


def selected(ctx: SweepContext) -> set[tuple[int, int]]:
    return {(r.item.pk, r.lead_days) for r in action_items(ctx)}


def test_an_action_overdue_for_years_is_reminded_on_its_cadence_day_and_not_on_the_others():
    alice = person("alice@example.org")
    item = action(YEARS_AGO, responsible=alice)
    days = [TODAY + dt.timedelta(days=n) for n in range(15)]

    sent = {}
    for day in days:
        before = len(mail.outbox)
        with time_machine.travel(at_sweep_hour(day), tick=False):
            result = sweep()
        sent[day] = len(mail.outbox) - before
        # Not even a candidate on the other days: the backlog is not read at all.
        assert bool(result.reminders) == ((day - YEARS_AGO).days % 7 == 0)

    assert [day for day, n in sent.items() if n] == [
        day for day in days if (day - YEARS_AGO).days % 7 == 0
    ]
    assert sorted(
        ReminderLog.objects.filter(item_key__endswith=f":{item.pk}").values_list(
            "lead_days", flat=True
        )
    ) == sorted(-((day - YEARS_AGO).days // 7) * 7 for day in days if sent[day])


@pytest.mark.parametrize("every", [7, 3, 1, 0])
def test_the_sql_selection_sends_what_the_python_rule_sent(settings, every):
    """Day by day, what the SQL selects is what the Python rule named, less what it had
    already named the day before (which the daily sweep had sent then, see the log's key)."""
    settings.REMINDER_OVERDUE_EVERY_DAYS = every
    alice = person("alice@example.org")
    for days in (-20, -14, -13, -8, -7, -3, -1, 0, 1, 3, 6, 7, 13, 14, 15, 60, 400, 1000, 3651):
        action(TODAY - dt.timedelta(days=days), responsible=alice)
    closed_action(TODAY - dt.timedelta(days=14), DONE, responsible=alice)
    action(None, responsible=alice)

    yesterday = python_rule(context_for(TODAY - dt.timedelta(days=1)))
    for n in range(10):
        ctx = context_for(TODAY + dt.timedelta(days=n))
        rule = python_rule(ctx)
        assert selected(ctx) <= rule
        assert rule - selected(ctx) <= yesterday
        yesterday = rule


def test_the_cadence_days_reach_back_to_the_oldest_open_action():
    ctx = SweepContext(on=TODAY, overdue_every_days=7)

    assert ctx.overdue_reminder_days(TODAY - dt.timedelta(days=15)) == [
        TODAY,
        TODAY - dt.timedelta(days=7),
        TODAY - dt.timedelta(days=14),
    ]
    assert ctx.overdue_reminder_days(TODAY + dt.timedelta(days=1)) == []
    assert SweepContext(on=TODAY, overdue_every_days=0).overdue_reminder_days(
        dt.date(2000, 1, 1)
    ) == [TODAY]
