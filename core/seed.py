"""The demo data loader's shared mechanism: idempotent upserts that report what they changed, and
the checks that refuse a data file which says something the loader would not store.

Each app keeps its structured data in `<app>/seed/*.yaml` and a `load(report)` function in
`<app>/seed/__init__.py` that calls `upsert`. `manage.py load_seed_data` runs them in layer order in
one transaction; running it twice changes nothing.

A data file is checked before anything is written: a key the loader does not read (a misspelt
`lifetime_ends` would otherwise be ignored, and clear the value on a loaded database) or a missing
required key is a `SeedProblem`. A value the model refuses (`full_clean()`), an unknown date or a
name the layers below do not hold is one too, reported against the record being loaded. Every
problem of a file is reported, as file, record, field and message, by one `SeedDataError`; the
command prints them without a traceback and the transaction leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from .dates import DatePrecision, parse_partial_date

CHANGE_REASON = "Loaded by load_seed_data"
# Every record of every section may carry one: why a value differs from the source (stored in the
# record's `quirk` field, read-only in the admin, and listed in docs/seed-data-quirks.md).
QUIRK = "quirk"
WHOLE_RECORD = "—"


@dataclass(frozen=True)
class SeedProblem:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


class SeedDataError(Exception):
    """The data says something the loader cannot store as it stands: every problem found."""

    def __init__(self, problems: Iterable[SeedProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class Failed:
    """Stands, in the loaders' tables of records loaded so far, for a record whose load failed:
    a record that names it is skipped without a problem of its own (the failed record's problem
    is reported already), so one mistake is reported once."""

    def __repr__(self) -> str:
        return "FAILED"


FAILED = Failed()


class _DependsOnFailed(Exception):
    pass


@dataclass
class RecordLoad:
    """What `SeedFile.record` yields: `ok` is False once the record's load has failed."""

    ok: bool = True


class SeedValueError(ValueError):
    """One field of the record being loaded is wrong (an unknown group, a malformed date)."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Section:
    """The keys one section of a data file may use: `required` must be there, `optional` may."""

    required: frozenset[str]
    optional: frozenset[str] = frozenset()
    # Keys whose value is a list of mappings, each with keys of its own (a meeting's sessions).
    nested: Mapping[str, Section] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        required: Iterable[str],
        optional: Iterable[str] = (),
        nested: Mapping[str, Section] | None = None,
    ) -> Section:
        return cls(frozenset(required), frozenset(optional) | {QUIRK}, nested or {})

    @property
    def allowed(self) -> frozenset[str]:
        return self.required | self.optional | frozenset(self.nested)


@dataclass
class SeedFile:
    """One data file being loaded: reads it, checks its keys, and collects its problems."""

    path: Path
    problems: list[SeedProblem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    def read(self, sections: Mapping[str, tuple[Section, str]]) -> dict[str, list[dict]]:
        """The file's sections, after checking every record's keys. `sections` maps a section's
        name to its keys and the key naming a record in messages ("code", "slug", …)."""
        try:
            data = read_yaml(self.path)
        except yaml.YAMLError as error:
            problem = SeedProblem(self.name, WHOLE_RECORD, WHOLE_RECORD, str(error))
            raise SeedDataError([problem]) from None
        if not isinstance(data, dict):
            data = {}
        for name in data.keys() - sections.keys():
            self.add(name, WHOLE_RECORD, f"unknown section; expected one of {_listed(sections)}")
        for name, (section, key) in sections.items():
            rows = data.get(name)
            if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
                self.add(name, WHOLE_RECORD, "missing, or not a list of records")
                data[name] = []
                continue
            for position, row in enumerate(rows, start=1):
                self._check(section, row, self.label(name, row, key, position))
        self.raise_if_any()
        return data

    def _check(self, section: Section, row: dict, record: str) -> None:
        for key in sorted(row.keys() - section.allowed, key=str):
            self.add(record, str(key), f"unknown key; expected one of {_listed(section.allowed)}")
        for key in sorted(section.required - row.keys()):
            self.add(record, key, "required key missing")
        for key, inner in section.nested.items():
            items = row.get(key) or []
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                self.add(record, key, "not a list of records")
                continue
            for position, item in enumerate(items, start=1):
                self._check(inner, item, f"{record} › {key} {position}")

    @staticmethod
    def label(section: str, row: dict, key: str, position: int) -> str:
        """How a record is named in messages: "groups: SG9", or its position when unnamed."""
        return f"{section}: {row.get(key) or f'#{position}'}"

    def add(self, record: str, field_name: str, message: str) -> None:
        self.problems.append(SeedProblem(self.name, record, field_name, message))

    @contextmanager
    def record(self, record: str) -> Iterator[RecordLoad]:
        """Loads one record: what goes wrong becomes a problem of this record, and the load goes
        on with the next one so that every problem is reported at once."""
        result = RecordLoad()
        try:
            yield result
        except ValidationError as error:
            result.ok = False
            for field_name, messages in error.message_dict.items():
                name = WHOLE_RECORD if field_name == NON_FIELD_ERRORS else field_name
                for message in messages:
                    self.add(record, name, message)
        except SeedValueError as error:
            result.ok = False
            self.add(record, error.field, error.message)
        except _DependsOnFailed:
            result.ok = False

    def raise_if_any(self) -> None:
        if self.problems:
            raise SeedDataError(self.problems)


def _listed(keys: Iterable[str]) -> str:
    return ", ".join(sorted(keys))


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


def quirk(row: Mapping[str, Any]) -> str:
    """The record's note on how it differs from the source ("" when it does not)."""
    return (row.get(QUIRK) or "").strip()


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


def partial_date(
    row: Mapping[str, Any], key: str, default: str = DatePrecision.DAY
) -> tuple[dt.date | None, str]:
    """'2023-10' → (2023-10-01, month); a YAML date or '2024-01-26' → day; absent or null →
    unknown (None, `default`)."""
    value = row.get(key)
    if value in (None, ""):
        return None, default
    try:
        return parse_partial_date(str(value))
    except ValueError as error:
        message = str(error)
        if repr(str(value)) not in message:
            message = f"{str(value)!r}: {message}"
        raise SeedValueError(key, message) from None


def full_date(row: Mapping[str, Any], key: str) -> dt.date | None:
    """A day ('2024-06-12' or a YAML date), or None when absent."""
    value = row.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SeedValueError(key, f"{value!r} is not a date of the form YYYY-MM-DD.") from None


def named(records: Mapping[Any, Any], key: Any, field_name: str, kind: str) -> Any:
    """The record `key` names, from records already loaded or looked up; an unknown name is a
    problem of `field_name`."""
    try:
        found = records[key]
    except (KeyError, TypeError):
        raise SeedValueError(
            field_name, f"names the {kind} {key!r}, which the seed data does not hold"
        ) from None
    if found is FAILED:
        raise _DependsOnFailed
    return found
