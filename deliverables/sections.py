"""The sections of this app's record pages, which the apps above fill from their
`AppConfig.ready()` (the meetings of a group, the statements about a deliverable…), and the hook
through which an app above says what an allocation led to (the matrix's cells)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.pages import Sections

if TYPE_CHECKING:
    from .models import Deliverable, Group

GROUP_SECTIONS = Sections()
DELIVERABLE_SECTIONS = Sections()
PERSON_SECTIONS = Sections()


@dataclass(frozen=True)
class Outcome:
    """What the allocation of one deliverable to one group led to, as a cell shows it."""

    key: str  # a machine name, also the cell's style: "none", "agreed", "consented", "approved"
    label: str  # "No work item yet", "Work item agreed"…
    short: str = ""  # what a narrow cell shows: "Agreed" (the label is read out in full)
    url: str = ""  # where to see it (the group's work items from that deliverable)


# What one allocated cell shows: (deliverable id, group) → its outcome, or None for nothing.
OutcomeLookup = Callable[[int, "Group"], Outcome | None]
# (the page's deliverables, the page's columns) → the lookup for that page's cells.
OutcomeSource = Callable[[Sequence["Deliverable"], Sequence["Group"]], OutcomeLookup]


def _nothing(deliverable_id: int, group: Group) -> Outcome | None:
    return None


class AllocationOutcomes:
    """The one source of allocation outcomes, registered by the app that records what groups
    make of their allocations (work items). It answers for a whole page of the matrix at once,
    so a page costs the same number of queries whatever its cells hold; with no source
    registered, cells show the allocation alone."""

    def __init__(self) -> None:
        self._source: OutcomeSource | None = None

    def register(self, source: OutcomeSource) -> None:
        self._source = source

    def unregister(self) -> None:
        self._source = None

    @property
    def registered(self) -> bool:
        return self._source is not None

    def for_page(
        self, deliverables: Sequence[Deliverable], groups: Sequence[Group]
    ) -> OutcomeLookup:
        if self._source is None or not deliverables or not groups:
            return _nothing
        return self._source(deliverables, groups)


ALLOCATION_OUTCOMES = AllocationOutcomes()
