"""Which kinds of record a signed-in user may follow, registered by the app that owns each kind.

The reminders app keeps the subscriptions; the apps below it say what can be followed from their
`AppConfig.ready()`, so the follow buttons, the follow view, the subscriptions API and its
filters all read one list instead of naming groups, deliverables and meetings each time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Model
from django.utils.translation import gettext


def _code(record: Model) -> str:
    return str(getattr(record, "code", record))


def _kind_and_code(record: Model) -> str:
    return gettext("the %(kind)s %(code)s") % {
        "kind": record._meta.verbose_name,
        "code": _code(record),
    }


@dataclass(frozen=True)
class Followable:
    """One kind of followable record: its name in URLs and the API, its model, and how to name
    one on a button (`name`: "SG17") and in a sentence (`describe`: "the group SG17")."""

    kind: str
    model: type[Model]
    name: Callable[[Model], str] = _code
    describe: Callable[[Model], str] = _kind_and_code
    # What `name` reads of related records, so lists of them name each without a query per row.
    select_related: tuple[str, ...] = ()

    def get(self, code: str) -> Model:
        return self.model._default_manager.get(code=code)


class Followables:
    def __init__(self) -> None:
        self._kinds: dict[str, Followable] = {}

    def register(
        self,
        kind: str,
        model: type[Model],
        name: Callable[[Model], str] = _code,
        describe: Callable[[Model], str] = _kind_and_code,
        select_related: tuple[str, ...] = (),
    ) -> None:
        self._kinds[kind] = Followable(kind, model, name, describe, select_related)

    def get(self, kind: str) -> Followable | None:
        return self._kinds.get(kind)

    def for_record(self, record: Model) -> Followable | None:
        return next((f for f in self._kinds.values() if isinstance(record, f.model)), None)

    def kinds(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def __iter__(self) -> Iterator[Followable]:
        return iter(self._kinds.values())

    def __contains__(self, kind: object) -> bool:
        return kind in self._kinds


followables = Followables()
