"""The demo data loader's shared mechanism: idempotent upserts that report what they changed.

Each app keeps its structured data in `<app>/seed/*.yaml` and a `load(report)` function in
`<app>/seed/__init__.py` that calls `upsert`. `manage.py load_seed_data` runs them in layer order in
one transaction; running it twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import models

CHANGE_REASON = "Loaded by load_seed_data"


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{name}: {self.created[name]} created, {self.updated[name]} updated, "
            f"{self.unchanged[name]} unchanged"
            for name in names
        ]

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def upsert(
    report: SeedReport,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    m2m: dict[str, Iterable[models.Model]] | None = None,
) -> models.Model:
    """Create or update one record so that it says exactly `values` (and `m2m`), validated by the
    model's own `full_clean()`; records nothing when it already does."""
    name = model._meta.verbose_name_plural
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        status = "created"
    else:
        changed = [key for key, value in values.items() if getattr(instance, key) != value]
        for key in changed:
            setattr(instance, key, values[key])
        status = "updated" if changed else "unchanged"
    if status != "unchanged":
        instance.full_clean()
        instance._change_reason = CHANGE_REASON  # type: ignore[attr-defined]  # simple_history's
        instance.save()
    for relation, targets in (m2m or {}).items():
        manager = getattr(instance, relation)
        wanted = {target.pk for target in targets}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(list(wanted))
            if status == "unchanged":
                status = "updated"
    getattr(report, status)[name] += 1
    return instance
