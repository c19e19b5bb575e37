"""Demo data of the work programme: TSAG TD315 (WP2/TSAG report, January 2024), its groups,
leadership and the 22 FG-MV deliverables of Annex 2 with their distribution.

The data lives in `work_programme.yaml`, written from the source documents. Every deliberate
deviation from a literal transcription is explained in a `quirk:` entry next to the record it
concerns (and listed in docs/seed-data-quirks.md); the loader stores it in the record's `quirk`
field, shown read-only in the admin. A key the loader does not know, or a value the model refuses,
stops the load with every problem listed (core.seed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.seed import (
    FAILED,
    Section,
    SeedFile,
    SeedReport,
    named,
    partial_date,
    quirk,
    upsert,
)

from ..models import Deliverable, Distribution, Group, Person, Role

DATA = Path(__file__).with_name("work_programme.yaml")
# How the YAML names the "All for information" recipient of Annex 2: every study group, as such.
ALL_STUDY_GROUPS = "ALL_STUDY_GROUPS"

SECTIONS = {
    "groups": (
        Section.of(
            ["code", "name", "kind"],
            [
                "parent",
                "status",
                "mandate",
                "established",
                "lifetime_end",
                "lifetime_end_decision",
                "succession_kind",
                "successor",
                "succession_note",
            ],
        ),
        "code",
    ),
    "people": (
        Section.of(["slug", "name"], ["honorific", "affiliation", "country", "email"]),
        "slug",
    ),
    "roles": (
        Section.of(["person", "group", "role"], ["starts_on", "ends_on", "decision", "note"]),
        "person",
    ),
    "deliverables": (
        Section.of(
            ["code", "type", "title", "owner", "status"],
            ["approved", "approving_meeting", "summary", "distribution_decision"],
            nested={"distribution": Section.of(["group", "purpose"], ["decision"])},
        ),
        "code",
    ),
}


def data_file() -> Path:
    """The file `load` reads (`load_seed_data` checks every file's keys before loading any)."""
    return DATA


def load(report: SeedReport, path: Path | None = None) -> None:
    source = SeedFile(path or DATA)
    data = source.read(SECTIONS)
    groups = load_groups(report, source, data["groups"])
    people = load_people(report, source, data["people"])
    load_roles(report, source, data["roles"], groups, people)
    load_deliverables(report, source, data["deliverables"], groups)
    source.raise_if_any()


def _parents_first(source: SeedFile, rows: list[dict]) -> list[dict]:
    """The groups ordered so that each parent is stored before the groups that report to it."""
    by_code = {row["code"]: row for row in rows}
    ordered: list[dict] = []
    placed: set[str] = set()

    def place(row: dict, path: tuple[str, ...]) -> None:
        code = row["code"]
        if code in placed:
            return
        if code in path:
            source.add(
                f"groups: {code}", "parent", f"{' → '.join((*path, code))} report to each other"
            )
            return
        parent = row.get("parent")
        if parent and parent in by_code:
            place(by_code[parent], (*path, code))
        placed.add(code)
        ordered.append(row)

    for row in rows:
        place(row, ())
    return ordered


def load_groups(report: SeedReport, source: SeedFile, rows: list[dict]) -> dict[str, Any]:
    # A group whose load failed is FAILED here: the records naming it are skipped quietly.
    groups: dict[str, Any] = {}
    for row in _parents_first(source, rows):
        with source.record(f"groups: {row['code']}"):
            groups[row["code"]] = FAILED
            established, established_precision = partial_date(row, "established")
            lifetime_end, lifetime_end_precision = partial_date(row, "lifetime_end")
            parent = row.get("parent")
            values = {
                "name": row["name"],
                "kind": row["kind"],
                "parent": named(groups, parent, "parent", "group") if parent else None,
                "mandate": row.get("mandate") or "",
                "established": established,
                "established_precision": established_precision,
                "lifetime_end": lifetime_end,
                "lifetime_end_precision": lifetime_end_precision,
                "lifetime_decision": row.get("lifetime_end_decision") or "",
                "status": row.get("status") or "active",
                "succession_kind": row.get("succession_kind") or "",
                "succession_note": row.get("succession_note") or "",
                "quirk": quirk(row),
            }
            groups[row["code"]] = upsert(report, Group, {"code": row["code"]}, values)
    # Successors may come later in the file than their predecessors: a second pass.
    for row in rows:
        if row.get("successor") and groups.get(row["code"], FAILED) is not FAILED:
            with source.record(f"groups: {row['code']}"):
                group = groups[row["code"]]
                successor = named(groups, row["successor"], "successor", "group")
                if group.successor_id != successor.pk:
                    group.successor = successor
                    group.full_clean()
                    group.save()
                    report.updated[Group._meta.verbose_name_plural] += 1
    return groups


def load_people(report: SeedReport, source: SeedFile, rows: list[dict]) -> dict[str, Any]:
    people: dict[str, Any] = {}
    for row in rows:
        with source.record(f"people: {row['slug']}"):
            people[row["slug"]] = FAILED
            values = {
                "honorific": row.get("honorific") or "",
                "name": row["name"],
                "affiliation": row.get("affiliation") or "",
                "country": row.get("country") or "",
                "email": row.get("email") or "",
                "quirk": quirk(row),
            }
            people[row["slug"]] = upsert(report, Person, {"slug": row["slug"]}, values)
    return people


def load_roles(
    report: SeedReport,
    source: SeedFile,
    rows: list[dict],
    groups: dict[str, Any],
    people: dict[str, Any],
) -> None:
    """Roles keyed by person, group, role and start: a change of leadership is two records (the
    old one ended, the new one begun), never one record overwritten."""
    for row in rows:
        with source.record(f"roles: {row['person']} / {row['group']} / {row['role']}"):
            starts_on, starts_on_precision = partial_date(row, "starts_on")
            ends_on, ends_on_precision = partial_date(row, "ends_on")
            lookup = {
                "person": named(people, row["person"], "person", "person"),
                "group": named(groups, row["group"], "group", "group"),
                "role": row["role"],
                "starts_on": starts_on,
            }
            values = {
                "starts_on_precision": starts_on_precision,
                "ends_on": ends_on,
                "ends_on_precision": ends_on_precision,
                "decision": row.get("decision") or "",
                "note": row.get("note") or "",
                "quirk": quirk(row),
            }
            upsert(report, Role, lookup, values)


def load_deliverables(
    report: SeedReport, source: SeedFile, rows: list[dict], groups: dict[str, Any]
) -> None:
    for row in rows:
        with source.record(f"deliverables: {row['code']}"):
            approved, approved_precision = partial_date(row, "approved")
            values = {
                "type": row["type"],
                "title": row["title"],
                "owner": named(groups, row["owner"], "owner", "group"),
                "approved": approved,
                "approved_precision": approved_precision,
                "approving_meeting": row.get("approving_meeting") or "",
                "status": row["status"],
                "summary": row.get("summary") or "",
                "quirk": quirk(row),
            }
            deliverable = upsert(report, Deliverable, {"code": row["code"]}, values)
            load_distribution(report, deliverable, row, groups)


def load_distribution(
    report: SeedReport, deliverable: Deliverable, row: dict, groups: dict[str, Any]
) -> None:
    wanted = set()
    for line in row.get("distribution") or []:
        decision = line.get("decision") or row.get("distribution_decision") or ""
        if line["group"] == ALL_STUDY_GROUPS:
            lookup = {"deliverable": deliverable, "to_all_study_groups": True}
        else:
            group = named(groups, line["group"], "distribution", "group")
            lookup = {"deliverable": deliverable, "group": group}
        values = {"purpose": line["purpose"], "decision": decision}
        wanted.add(upsert(report, Distribution, lookup, values).pk)
    # A line the file no longer lists goes, so the database says what the file says.
    for stale in deliverable.distribution.exclude(pk__in=wanted):
        stale.delete()
        report.updated[Distribution._meta.verbose_name_plural] += 1
