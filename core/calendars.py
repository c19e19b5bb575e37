"""Whole-day entries that higher apps add to a group's calendar feed (`/groups/SG17/calendar.ics`).

The feeds belong to the meetings app; a work item's last-call end or target date belongs to an
app above it. That app registers a `DaySource` here from its `AppConfig.ready()` (the same
inversion the reminders, search and page sections use), and the feed asks every source for the
entries of the group and window it serves, without knowing what they are.

A source answers two questions about one group's feed window (every day from `since` on):
`state`, cheap (one aggregate query), which goes into the feed's ETag so that a conditional GET
stays a 304 until one of the source's entries changes, appears or leaves the window; and
`entries`, the entries themselves, read only when the feed is built. `entries` takes several
groups at once, each entry once, in a fixed number of queries: a delegate's personal calendar
(accounts.feeds) asks for every group they follow together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DayEntry:
    """One whole-day calendar entry: a deadline or a target, never an engagement."""

    uid: str  # unique within the site and stable across fetches: "lastcall-q.tsca-2024-03-01"
    day: dt.date
    summary: str
    description: str
    path: str  # the record's page, e.g. "/work-items/Q.TSCA/"
    categories: tuple[str, ...] = field(default_factory=tuple)
    # A deadline with a cut-off (an aware datetime in its own zone): a timed entry at that
    # instant instead of a whole day.
    cutoff: dt.datetime | None = None


@dataclass(frozen=True)
class SourceState:
    """A short text that changes whenever the window's entries change (their count, ids and
    newest `last_updated`), "" when there are none; and that newest change (Last-Modified)."""

    key: str = ""
    last_modified: dt.datetime | None = None


@dataclass(frozen=True)
class DaySource:
    """`state(group_code, since)`: the `SourceState` of the group's entries on or after `since`;
    `entries(group_codes, since)`: the entries of any of the groups, each once."""

    state: Callable[[str, dt.date], SourceState]
    entries: Callable[[Collection[str], dt.date], Iterable[DayEntry]]


class DaySources:
    """The sources of a group feed's extra entries, by name (a second registration replaces)."""

    def __init__(self) -> None:
        self._sources: dict[str, DaySource] = {}

    def register(self, name: str, source: DaySource) -> None:
        self._sources[name] = source

    def unregister(self, name: str) -> None:
        self._sources.pop(name, None)

    def state(self, group_code: str, since: dt.date) -> SourceState:
        """Every source's state together: their keys, named, in registration order ("" when
        none has entries), and the newest change of any."""
        parts, newest = [], None
        for name, source in self._sources.items():
            state = source.state(group_code, since)
            if state.key:
                parts.append(f"{name}={state.key}")
            if state.last_modified and (newest is None or state.last_modified > newest):
                newest = state.last_modified
        return SourceState(";".join(parts), newest)

    def entries(self, group_codes: Collection[str], since: dt.date) -> list[DayEntry]:
        if not group_codes:
            return []
        return [
            entry
            for source in self._sources.values()
            for entry in source.entries(group_codes, since)
        ]


group_day_sources = DaySources()
