"""Demo data of the meetings app: the meetings, documents and actions of TSAG TD315 and the
related event pages, from `meetings.yaml` (see docs/seed-data-quirks.md for every judgement call;
each record's `quirk:` is stored in its `quirk` field, read-only in the admin).

Runs after the deliverables loader: groups, people and deliverables are looked up by code or slug,
never created here. Meeting times in the YAML are local to each meeting's `time_zone` (a date
alone is a whole day) and go through `Meeting.set_local_times`, as the admin does. A key the
loader does not know, or a value the model refuses, stops the load with every problem listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.seed import (
    FAILED,
    Section,
    SeedFile,
    SeedReport,
    SeedValueError,
    full_date,
    named,
    quirk,
    upsert,
)
from deliverables.models import Deliverable, Group, Person

from ..models import ActionItem, Document, Meeting, Session

SEED_FILE = Path(__file__).with_name("meetings.yaml")

SECTIONS = {
    "meetings": (
        Section.of(
            ["code", "title", "kind", "time_zone", "start", "end"],
            [
                "format",
                "groups",
                "related_groups",
                "venue",
                "host",
                "organisers",
                "contact",
                "part_of",
                "held_with",
                "objectives",
                "contribution_deadline",
                "outcome",
                "url",
            ],
            nested={
                "sessions": Section.of(
                    ["title", "start", "end"], ["description", "moderators", "speakers"]
                )
            },
        ),
        "code",
    ),
    "documents": (
        Section.of(
            ["number", "kind"],
            ["revision", "title", "description", "source", "source_group", "meeting", "url"],
        ),
        "number",
    ),
    "action_items": (
        Section.of(
            ["position", "code", "meeting", "text"],
            [
                "group",
                "responsible_group",
                "responsible_person",
                "responsible_note",
                "groups",
                "documents",
                "deliverables",
                "due_date",
                "status",
                "closing_note",
                "closed_on",
            ],
        ),
        "code",
    ),
}


def data_file() -> Path:
    """The file `load` reads (`load_seed_data` checks every file's keys before loading any)."""
    return SEED_FILE


def load(report: SeedReport, path: Path | None = None) -> None:
    source = SeedFile(path or SEED_FILE)
    data = source.read(SECTIONS)
    lookups = _Lookups()
    meetings: dict[str, Any] = {}
    for item in data["meetings"]:
        with source.record(f"meetings: {item['code']}"):
            meetings[item["code"]] = FAILED  # until it loads: what names it is skipped quietly
            meetings[item["code"]] = _load_meeting(report, source, item, lookups)
    for item in data["documents"]:
        label = f"{item['number']}-R{item['revision']}" if item.get("revision") else item["number"]
        with source.record(f"documents: {label}"):
            _load_document(report, item, lookups, meetings)
    for item in data["action_items"]:
        with source.record(f"action_items: {item['code']}"):
            _load_action_item(report, item, lookups, meetings)
    source.raise_if_any()


class _Lookups:
    """Records of the layer below, fetched once; a name the YAML gets wrong is a problem of the
    field that names it."""

    def __init__(self) -> None:
        self.groups = {group.code: group for group in Group.objects.all()}
        self.people = {person.slug: person for person in Person.objects.all()}
        self.deliverables = {item.code: item for item in Deliverable.objects.all()}

    def group(self, item: dict, key: str) -> Group | None:
        code = item.get(key)
        return None if code is None else named(self.groups, code, key, "group")

    def groups_named(self, item: dict, key: str) -> list[Group]:
        return [named(self.groups, code, key, "group") for code in item.get(key) or ()]

    def person(self, item: dict, key: str) -> Person | None:
        slug = item.get(key)
        return None if slug is None else named(self.people, slug, key, "person")

    def people_named(self, item: dict, key: str) -> list[Person]:
        return [named(self.people, slug, key, "person") for slug in item.get(key) or ()]

    def deliverables_named(self, item: dict, key: str) -> list[Deliverable]:
        return [named(self.deliverables, code, key, "deliverable") for code in item.get(key) or ()]


def _local(item: dict, key: str) -> dt.date | dt.datetime:
    """A YAML start/end: 'YYYY-MM-DD' (a whole day) or 'YYYY-MM-DDTHH:MM' (local wall time)."""
    value = item[key]
    if isinstance(value, dt.datetime | dt.date):
        return value
    text = str(value)
    try:
        return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    except ValueError:
        raise SeedValueError(
            key, f"{text!r} is not a day (YYYY-MM-DD) or a local time (YYYY-MM-DDTHH:MM)."
        ) from None


def _text(item: dict, key: str) -> str:
    """Unknown facts are null or absent in the YAML; the model stores them as empty text."""
    return (item.get(key) or "").strip()


def _load_meeting(report: SeedReport, source: SeedFile, item: dict, lookups: _Lookups) -> Meeting:
    times = Meeting(time_zone=item["time_zone"])
    start, end = _local(item, "start"), _local(item, "end")
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        raise SeedValueError("end", "start and end must both be dates or both be times.")
    try:
        times.set_local_times(start, end)
    except (ValueError, LookupError) as error:
        raise SeedValueError("time_zone", str(error)) from None
    meeting = upsert(
        report,
        Meeting,
        {"code": item["code"]},
        {
            "title": item["title"],
            "kind": item["kind"],
            "format": item.get("format") or "",
            "time_zone": item["time_zone"],
            "all_day": times.all_day,
            "starts_at": times.starts_at,
            "ends_at": times.ends_at,
            "venue": _text(item, "venue"),
            "host": _text(item, "host"),
            "organisers": _text(item, "organisers"),
            "contact": lookups.person(item, "contact"),
            "part_of": _text(item, "part_of"),
            "held_with": _text(item, "held_with"),
            "objectives": _text(item, "objectives"),
            "contribution_deadline": full_date(item, "contribution_deadline"),
            "outcome": _text(item, "outcome"),
            "url": _text(item, "url"),
            "quirk": quirk(item),
        },
        m2m={
            "groups": lookups.groups_named(item, "groups"),
            "related_groups": lookups.groups_named(item, "related_groups"),
        },
    )
    for position, session in enumerate(item.get("sessions") or (), start=1):
        with source.record(f"meetings: {item['code']} › sessions {position}"):
            _load_session(report, meeting, session, lookups)
    return meeting


def _load_session(report: SeedReport, meeting: Meeting, item: dict, lookups: _Lookups) -> None:
    zone = meeting.zone
    starts_at = _local(item, "start").replace(tzinfo=zone)
    ends_at = _local(item, "end").replace(tzinfo=zone)
    upsert(
        report,
        Session,
        {"meeting": meeting, "title": item["title"], "starts_at": starts_at},
        {"ends_at": ends_at, "description": _text(item, "description")},
        m2m={
            "moderators": lookups.people_named(item, "moderators"),
            "speakers": lookups.people_named(item, "speakers"),
        },
    )


def _meeting(meetings: dict[str, Any], item: dict) -> Meeting | None:
    code = item.get("meeting")
    return None if code is None else named(meetings, code, "meeting", "meeting")


def _load_document(
    report: SeedReport, item: dict, lookups: _Lookups, meetings: dict[str, Any]
) -> None:
    upsert(
        report,
        Document,
        {"number": item["number"], "revision": item.get("revision") or 0},
        {
            "title": _text(item, "title"),
            "description": _text(item, "description"),
            "source": _text(item, "source"),
            "source_group": lookups.group(item, "source_group"),
            "meeting": _meeting(meetings, item),
            "kind": item["kind"],
            "url": _text(item, "url"),
            "quirk": quirk(item),
        },
    )


def _documents(codes: Iterable[Any]) -> list[Document]:
    """TD480-R1 is that revision; TD485 (no revision given) is the latest one, as everywhere."""
    found = []
    for code in codes:
        document = Document.objects.resolve(str(code))
        if document is None:
            raise SeedValueError("documents", f"names the document {code!r}, which is not listed")
        found.append(document)
    return found


def _load_action_item(
    report: SeedReport, item: dict, lookups: _Lookups, meetings: dict[str, Any]
) -> None:
    upsert(
        report,
        ActionItem,
        {"meeting": _meeting(meetings, item), "code": item["code"]},
        {
            "position": item["position"],
            "text": str(item["text"]).strip(),
            "group": lookups.group(item, "group"),
            "responsible_group": lookups.group(item, "responsible_group"),
            "responsible_person": lookups.person(item, "responsible_person"),
            "responsible_note": _text(item, "responsible_note"),
            "due_date": full_date(item, "due_date"),
            "status": item.get("status") or "open",
            "closing_note": _text(item, "closing_note"),
            "closed_on": full_date(item, "closed_on"),
            "quirk": quirk(item),
        },
        m2m={
            "concerned_groups": lookups.groups_named(item, "groups"),
            "documents": _documents(item.get("documents") or ()),
            "deliverables": lookups.deliverables_named(item, "deliverables"),
        },
    )
