"""The reminder registry: each app contributes *sources*, the sweep asks them all.

A source is a function `(SweepContext) -> Iterable[Reminder]` that answers, with the app's own
QuerySet methods, "which of my records have a deadline worth reminding about today, and who should
hear of it". It names people and groups, never e-mail addresses: the sweep resolves the current
leadership of groups, the subscriptions and the secretariat once for every source together, so a
sweep runs the same number of queries whatever the number of records.

Sources are registered from their app's `AppConfig.ready()`, which keeps the layering: the
liaisons app builds the reminders about liaison statements and hands them up; nothing below it
looks them up. This module imports no app, so any app may import it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, ngettext

if TYPE_CHECKING:
    from django.db import models
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class SweepContext:
    """What a source needs to know about the sweep: the day and the configured lead times."""

    on: dt.date
    lead_days: tuple[int, ...] = (14, 7, 1)
    overdue_every_days: int = 7
    lifetime_lead_days: tuple[int, ...] = (90, 30, 7)
    time_zone: str = "Europe/Zurich"  # the zone `on` is a day of

    @property
    def start(self) -> dt.datetime:
        """The first instant of the sweep's day (for "upcoming" questions)."""
        return dt.datetime.combine(self.on, dt.time(), zoneinfo.ZoneInfo(self.time_zone))

    @property
    def horizon(self) -> dt.date:
        """The furthest deadline any lead time reaches today."""
        return self.on + dt.timedelta(days=max(self.lead_days, default=0))

    def lead_for(self, deadline: dt.date, leads: Iterable[int] | None = None) -> int | None:
        """The lead time (days before `deadline`) whose reminder is due today, or None.

        It is the latest lead time already reached: 9 days before a deadline with lead times
        14, 7 and 1 it is 14. A day the sweep did not run is thus caught up the next day (the
        reminder says how many days are really left), and a reminder already sent for that lead
        time is not sent again (the reminder log's unique key). On the deadline day itself the
        shortest lead time still applies, so a reminder missed the day before is not lost.
        """
        days_left = (deadline - self.on).days
        if days_left < 0:
            return None
        reached = [
            lead for lead in (self.lead_days if leads is None else leads) if lead >= days_left
        ]
        return min(reached) if reached else None

    def overdue_lead_for(self, deadline: dt.date) -> int | None:
        """For deadlines that keep mattering once passed (action items): 0 on the deadline day,
        then -7, -14… (every `overdue_every_days`); None before the deadline. With
        `overdue_every_days` = 0 only the reminder on the deadline day is sent."""
        days_late = (self.on - deadline).days
        if days_late < 0:
            return None
        every = self.overdue_every_days
        if every <= 0:
            return 0
        return -(days_late // every) * every

    def overdue_reminder_days(self, oldest: dt.date) -> list[dt.date]:
        """The deadlines, back to `oldest`, whose overdue reminder falls today: today (lead 0),
        then today - every, today - 2·every… — exactly the deadlines for which
        `overdue_lead_for` names a lead it did not name yesterday, i.e. the only overdue
        reminders that are new today. A source selects `deadline IN (these)` through an index
        instead of loading every open overdue record (tens of thousands overdue for years) to
        find, in Python, the few whose week turns today.

        Unlike the lead times before a deadline, a weekly overdue reminder whose day had no
        sweep at all is not caught up the next day (the next one comes a cadence later); one
        that failed is retried by the task the same day (it sweeps the same `on`)."""
        if oldest > self.on:
            return []
        every = self.overdue_every_days
        if every <= 0:
            return [self.on]
        return [
            self.on - dt.timedelta(days=k * every)
            for k in range((self.on - oldest).days // every + 1)
        ]


@dataclass
class Reminder:
    """One deadline of one record, as of the sweep's day, and who is meant to hear of it.

    The reminder's identity in the log is (`item_key`, `deadline`, `lead_days`, recipient): a new
    deadline (a meeting moved) or the next lead time makes a new reminder; nothing else does.
    """

    kind: str  # stable machine name, part of the identity: "action", "contribution-deadline"…
    item: models.Model  # the record, with get_absolute_url()
    deadline: dt.date
    lead_days: int  # days before the deadline; 0 on the day; negative once it has passed
    what: StrOrPromise  # the deadline in words: "Contribution deadline", "Action due"…
    title: str  # the record in words: "RG-IEM interim virtual meeting, 20 February 2024"
    time_zone: str  # the zone the deadline's date belongs to (the meeting's)
    summary: StrOrPromise = ""  # what is asked (the action's text, the meeting's objectives)
    details: list[tuple[StrOrPromise, StrOrPromise]] = field(
        default_factory=list
    )  # ("Meeting", "20 Feb…")
    # Who is meant to hear of it (resolved by the sweep, in bulk, for all sources at once):
    people: list[Any] = field(default_factory=list)  # deliverables.Person, e.g. responsible
    person_reason: str = "responsible"
    leadership_of: set[int] = field(default_factory=set)  # groups: leadership + liaison contacts
    members_of: set[int] = field(default_factory=set)  # groups: everyone holding a current role
    secretariat: bool = False
    # Records whose followers (subscriptions) also hear of it:
    follow_groups: set[int] = field(default_factory=set)
    follow_deliverables: set[int] = field(default_factory=set)
    follow_meetings: set[int] = field(default_factory=set)
    follow_liaisons: set[int] = field(default_factory=set)
    # The record's page (a path), when the source builds it cheaply for many records at once
    # (`path_template`); empty: the sweep asks `item.get_absolute_url()`, one reverse() each.
    path: str = ""

    @functools.cached_property
    def item_key(self) -> str:
        # Cached: read for each recipient of the reminder (tens of thousands a day at 10×).
        return f"{self.kind}:{self.item._meta.label_lower}:{self.item.pk}"

    def days_left(self, on: dt.date) -> int:
        return (self.deadline - on).days

    def when(self, on: dt.date) -> str:
        """'in 7 days', 'tomorrow', 'today', 'yesterday', '14 days ago'."""
        days = self.days_left(on)
        if days == 0:
            return gettext("today")
        if days == 1:
            return gettext("tomorrow")
        if days == -1:
            return gettext("yesterday")
        if days > 0:
            return ngettext("in %(days)d day", "in %(days)d days", days) % {"days": days}
        return ngettext("%(days)d day ago", "%(days)d days ago", -days) % {"days": -days}


def path_template(viewname: str, **placeholders: str) -> Callable[..., str]:
    """`reverse(viewname, kwargs=…)` for many records, reversed once.

    A source with a thousand reminders a day would otherwise pay a full `reverse()` per record
    (resolver and language look-ups: about a third of a dry run's time at 10×). The URL is
    reversed once with `placeholders` (values the path converters accept and that cannot occur
    elsewhere in the URL) and each call substitutes the record's values. Only for codes whose
    characters need no quoting (letters, digits, '.', '-', '_': every code kind of core.codes).
    """
    from django.urls import reverse  # here: this module imports no Django machinery at load

    template = reverse(viewname, kwargs=placeholders)
    # Cut once into literal parts and names, so a value is never searched for placeholders.
    by_placeholder = {placeholder: name for name, placeholder in placeholders.items()}
    parts = re.split("(" + "|".join(map(re.escape, by_placeholder)) + ")", template)

    def build(**values: str) -> str:
        return "".join(
            str(values[by_placeholder[part]]) if index % 2 else part
            for index, part in enumerate(parts)
        )

    return build


Source = Callable[[SweepContext], Iterable[Reminder]]


class SourceRegistry:
    """The sources of reminders, by name (registering a name again replaces it)."""

    def __init__(self) -> None:
        self._sources: dict[str, Source] = {}

    def register(self, name: str, source: Source) -> None:
        self._sources[name] = source

    def unregister(self, name: str) -> None:
        self._sources.pop(name, None)

    def names(self) -> list[str]:
        return list(self._sources)

    def items(self) -> list[tuple[str, Source]]:
        return list(self._sources.items())

    def collect(self, context: SweepContext) -> list[Reminder]:
        return [reminder for _, source in self.items() for reminder in source(context)]


reminder_sources = SourceRegistry()
