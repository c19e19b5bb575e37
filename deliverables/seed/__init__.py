"""Demo data of the work programme: TSAG TD315 (WP2/TSAG report, January 2024), its groups,
leadership and the 22 FG-MV deliverables of Annex 2 with their distribution.

The data lives in `work_programme.yaml`, written from the source documents. Every deliberate
deviation from a literal transcription is explained in a `quirk:` entry next to the record it
concerns (and listed in docs/seed-data-quirks.md); the loader reads the data fields and stores
nothing the file does not say. `quirk:` texts are documentation and are not loaded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.dates import DatePrecision, parse_partial_date
from core.seed import SeedReport, read_yaml, upsert

from ..models import Deliverable, Distribution, Group, Person, Role

DATA = Path(__file__).with_name("work_programme.yaml")
# How the YAML names the "All for information" recipient of Annex 2: every study group, as such.
ALL_STUDY_GROUPS = "ALL_STUDY_GROUPS"


class SeedDataError(ValueError):
    """The YAML says something the loader cannot store as it stands."""


def partial_date(value: Any) -> tuple[dt.date | None, str]:
    """'2023-10' → (2023-10-01, month); a YAML date or '2024-01-26' → day; null → unknown."""
    if value in (None, ""):
        return None, DatePrecision.DAY
    return parse_partial_date(str(value))


def load(report: SeedReport, path: Path = DATA) -> None:
    data = read_yaml(path)
    groups = load_groups(report, data["groups"])
    people = load_people(report, data["people"])
    load_roles(report, data["roles"], groups, people)
    load_deliverables(report, data["deliverables"], groups)


def _parents_first(rows: list[dict]) -> list[dict]:
    """The groups ordered so that each parent is stored before the groups that report to it."""
    by_code = {row["code"]: row for row in rows}
    ordered: list[dict] = []
    placed: set[str] = set()

    def place(row: dict, path: tuple[str, ...]) -> None:
        code = row["code"]
        if code in placed:
            return
        if code in path:
            raise SeedDataError(f"groups: {' → '.join((*path, code))} report to each other")
        parent = row.get("parent")
        if parent:
            if parent not in by_code:
                raise SeedDataError(f"groups: {code} reports to {parent}, which is not listed")
            place(by_code[parent], (*path, code))
        placed.add(code)
        ordered.append(row)

    for row in rows:
        place(row, ())
    return ordered


def load_groups(report: SeedReport, rows: list[dict]) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for row in _parents_first(rows):
        established, established_precision = partial_date(row.get("established"))
        lifetime_end, lifetime_end_precision = partial_date(row.get("lifetime_end"))
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "parent": groups[row["parent"]] if row.get("parent") else None,
            "mandate": row.get("mandate") or "",
            "established": established,
            "established_precision": established_precision,
            "lifetime_end": lifetime_end,
            "lifetime_end_precision": lifetime_end_precision,
            "lifetime_decision": row.get("lifetime_end_decision") or "",
            "status": row.get("status") or "active",
            "succession_kind": row.get("succession_kind") or "",
            "succession_note": row.get("succession_note") or "",
        }
        groups[row["code"]] = upsert(report, Group, {"code": row["code"]}, values)
    # Successors may come later in the file than their predecessors: a second pass.
    for row in rows:
        if row.get("successor"):
            group = groups[row["code"]]
            successor = groups.get(row["successor"])
            if successor is None:
                raise SeedDataError(f"groups: successor {row['successor']} is not listed")
            if group.successor_id != successor.pk:
                group.successor = successor
                group.full_clean()
                group.save()
                report.updated[Group._meta.verbose_name_plural] += 1
    return groups


def load_people(report: SeedReport, rows: list[dict]) -> dict[str, Person]:
    people = {}
    for row in rows:
        values = {
            "name": row["name"],
            "affiliation": row.get("affiliation") or "",
            "country": row.get("country") or "",
            "email": row.get("email") or "",
        }
        people[row["slug"]] = upsert(report, Person, {"slug": row["slug"]}, values)
    return people


def load_roles(
    report: SeedReport, rows: list[dict], groups: dict[str, Group], people: dict[str, Person]
) -> None:
    """Roles keyed by person, group, role and start: a change of leadership is two records (the
    old one ended, the new one begun), never one record overwritten."""
    for row in rows:
        starts_on, starts_on_precision = partial_date(row.get("starts_on"))
        ends_on, ends_on_precision = partial_date(row.get("ends_on"))
        lookup = {
            "person": people[row["person"]],
            "group": groups[row["group"]],
            "role": row["role"],
            "starts_on": starts_on,
        }
        values = {
            "starts_on_precision": starts_on_precision,
            "ends_on": ends_on,
            "ends_on_precision": ends_on_precision,
            "decision": row.get("decision") or "",
            "note": row.get("note") or "",
        }
        upsert(report, Role, lookup, values)


def load_deliverables(report: SeedReport, rows: list[dict], groups: dict[str, Group]) -> None:
    for row in rows:
        approved, approved_precision = partial_date(row.get("approved"))
        values = {
            "type": row["type"],
            "title": row["title"],
            "owner": groups[row["owner"]],
            "approved": approved,
            "approved_precision": approved_precision,
            "approving_meeting": row.get("approving_meeting") or "",
            "status": row["status"],
            "summary": row.get("summary") or "",
        }
        deliverable = upsert(report, Deliverable, {"code": row["code"]}, values)
        load_distribution(report, deliverable, row, groups)


def load_distribution(
    report: SeedReport, deliverable: Deliverable, row: dict, groups: dict[str, Group]
) -> None:
    wanted = set()
    for line in row.get("distribution") or []:
        decision = line.get("decision") or row.get("distribution_decision") or ""
        if line["group"] == ALL_STUDY_GROUPS:
            lookup = {"deliverable": deliverable, "to_all_study_groups": True}
        else:
            if line["group"] not in groups:
                raise SeedDataError(f"{row['code']}: unknown group {line['group']}")
            lookup = {"deliverable": deliverable, "group": groups[line["group"]]}
        values = {"purpose": line["purpose"], "decision": decision}
        wanted.add(upsert(report, Distribution, lookup, values).pk)
    # A line the file no longer lists goes, so the database says what the file says.
    for stale in deliverable.distribution.exclude(pk__in=wanted):
        stale.delete()
        report.updated[Distribution._meta.verbose_name_plural] += 1
