"""Demo data of the meetings app: the meetings, documents and actions of TSAG TD315 and the
related event pages, from `meetings.yaml` (see docs/seed-data-quirks.md for every judgement call).

Runs after the deliverables loader: groups, people and deliverables are looked up by code or slug,
never created here. Meeting times in the YAML are local to each meeting's `time_zone` (a date
alone is a whole day) and go through `Meeting.set_local_times`, as the admin does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from core.seed import SeedReport, read_yaml, upsert
from deliverables.models import Deliverable, Group, Person

from ..models import ActionItem, Document, Meeting, Session

SEED_FILE = Path(__file__).with_name("meetings.yaml")


def load(report: SeedReport) -> None:
    data = read_yaml(SEED_FILE)
    lookups = _Lookups()
    meetings = {item["code"]: _load_meeting(report, item, lookups) for item in data["meetings"]}
    for item in data["documents"]:
        _load_document(report, item, lookups, meetings)
    for item in data["action_items"]:
        _load_action_item(report, item, lookups, meetings)


class _Lookups:
    """Records of the layer below, fetched once; a name the YAML gets wrong stops the load."""

    def __init__(self) -> None:
        self.groups = {group.code: group for group in Group.objects.all()}
        self.people = {person.slug: person for person in Person.objects.all()}
        self.deliverables = {item.code: item for item in Deliverable.objects.all()}

    def group(self, code: str | None) -> Group | None:
        return None if code is None else self._get(self.groups, code, "group")

    def groups_named(self, codes: Iterable[str] | None) -> list[Group]:
        return [self._get(self.groups, code, "group") for code in codes or ()]

    def people_named(self, slugs: Iterable[str] | None) -> list[Person]:
        return [self._get(self.people, slug, "person") for slug in slugs or ()]

    def deliverables_named(self, codes: Iterable[str] | None) -> list[Deliverable]:
        return [self._get(self.deliverables, code, "deliverable") for code in codes or ()]

    @staticmethod
    def _get(records: dict, key: str, kind: str):
        try:
            return records[key]
        except KeyError:
            raise ImproperlyConfigured(
                f"meetings.yaml names the {kind} {key!r}, which the work programme seed data "
                "does not hold."
            ) from None


def _local(value: Any) -> dt.date | dt.datetime:
    """A YAML start/end: 'YYYY-MM-DD' (a whole day) or 'YYYY-MM-DDTHH:MM' (local wall time)."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    text = str(value)
    return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _text(item: dict, key: str) -> str:
    """Unknown facts are null or absent in the YAML; the model stores them as empty text."""
    return (item.get(key) or "").strip()


def _load_meeting(report: SeedReport, item: dict, lookups: _Lookups) -> Meeting:
    times = Meeting(time_zone=item["time_zone"])
    start, end = _local(item["start"]), _local(item["end"])
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        raise ImproperlyConfigured(
            f"Meeting {item['code']}: start and end must both be dates or both be times."
        )
    times.set_local_times(start, end)
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
            "objectives": _text(item, "objectives"),
            "contribution_deadline": _date(item.get("contribution_deadline")),
            "outcome": _text(item, "outcome"),
            "url": _text(item, "url"),
        },
        m2m={"groups": lookups.groups_named(item.get("groups"))},
    )
    for session in item.get("sessions") or ():
        _load_session(report, meeting, session, lookups)
    return meeting


def _load_session(report: SeedReport, meeting: Meeting, item: dict, lookups: _Lookups) -> None:
    zone = meeting.zone
    starts_at = _local(item["start"]).replace(tzinfo=zone)
    ends_at = _local(item["end"]).replace(tzinfo=zone)
    upsert(
        report,
        Session,
        {"meeting": meeting, "title": item["title"], "starts_at": starts_at},
        {"ends_at": ends_at, "description": _text(item, "description")},
        m2m={
            "moderators": lookups.people_named(item.get("moderators")),
            "speakers": lookups.people_named(item.get("speakers")),
        },
    )


def _meeting(meetings: dict[str, Meeting], code: str | None, where: str) -> Meeting | None:
    if code is None:
        return None
    try:
        return meetings[code]
    except KeyError:
        raise ImproperlyConfigured(f"{where} names the unknown meeting {code!r}.") from None


def _load_document(
    report: SeedReport, item: dict, lookups: _Lookups, meetings: dict[str, Meeting]
) -> None:
    upsert(
        report,
        Document,
        {"number": item["number"], "revision": item.get("revision") or 0},
        {
            "title": _text(item, "title"),
            "source": _text(item, "source"),
            "source_group": lookups.group(item.get("source_group")),
            "meeting": _meeting(meetings, item.get("meeting"), f"Document {item['number']}"),
            "kind": item["kind"],
            "url": _text(item, "url"),
        },
    )


def _document(code: str) -> Document:
    """TD480-R1 is that revision; TD485 (no revision given) is the latest one, as everywhere."""
    document = Document.objects.resolve(code)
    if document is None:
        raise ImproperlyConfigured(f"meetings.yaml names the unknown document {code!r}.")
    return document


def _load_action_item(
    report: SeedReport, item: dict, lookups: _Lookups, meetings: dict[str, Meeting]
) -> None:
    where = f"Action {item['code']}"
    upsert(
        report,
        ActionItem,
        {"meeting": _meeting(meetings, item["meeting"], where), "code": item["code"]},
        {
            "position": item["position"],
            "text": item["text"].strip(),
            "group": lookups.group(item.get("group")),
            "responsible_group": lookups.group(item.get("responsible_group")),
            "responsible_person": (
                lookups.people_named([item["responsible_person"]])[0]
                if item.get("responsible_person")
                else None
            ),
            "responsible_note": _text(item, "responsible_note"),
            "due_date": _date(item.get("due_date")),
            "status": item.get("status") or "open",
            "closing_note": _text(item, "closing_note"),
            "closed_on": _date(item.get("closed_on")),
        },
        m2m={
            "concerned_groups": lookups.groups_named(item.get("groups")),
            "documents": [_document(code) for code in item.get("documents") or ()],
            "deliverables": lookups.deliverables_named(item.get("deliverables")),
        },
    )
