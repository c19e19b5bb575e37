"""Demo data of the liaisons app: the liaison statements TSAG TD315 names, from `liaisons.yaml`.

The five outgoing statements the meeting approved (TD474, TD475-R1, TD480-R1, TD484-R1, TD485),
each linked to the action that approved it, and the incoming ones of clauses 3.3, 4.4 and 5.1
with their senders where the report gives them — unknown senders, dates and purposes stay empty,
shown as "not stated". Every judgement call is a `quirk:` next to its record (and in
docs/seed-data-quirks.md), stored in the record's `quirk` field, read-only in the admin.

Runs after the deliverables and meetings loaders: groups, deliverables, documents, meetings and
actions are looked up, never created here; a name the YAML gets wrong, a key the loader does not
know or a value the model refuses stops the load with every problem listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.seed import (
    FAILED,
    Section,
    SeedFile,
    SeedReport,
    SeedValueError,
    named,
    partial_date,
    quirk,
    upsert,
)
from deliverables.models import Deliverable, Group
from meetings.models import ActionItem, Document, Meeting
from meetings.querysets import split_document_code

from ..models import LiaisonStatement

SEED_FILE = Path(__file__).with_name("liaisons.yaml")
# How the YAML writes "[to all ITU-T SGs]": every study group, as such.
ALL_STUDY_GROUPS = "ALL_STUDY_GROUPS"

SECTIONS = {
    "liaison_statements": (
        Section.of(
            ["key", "direction", "status"],
            [
                "document",
                "reference",
                "title",
                "from_groups",
                "from_note",
                "to_groups",
                "purpose",
                "date",
                "reply_deadline",
                "approved_at_meeting",
                "approved_by_action",
                "replies_to",
                "related_deliverables",
                "related_groups",
                "summary",
            ],
        ),
        "key",
    )
}


def data_file() -> Path:
    """The file `load` reads (`load_seed_data` checks every file's keys before loading any)."""
    return SEED_FILE


def load(report: SeedReport, path: Path | None = None) -> None:
    source = SeedFile(path or SEED_FILE)
    data = source.read(SECTIONS)
    lookups = _Lookups()
    loaded: dict[str, Any] = {}
    for item in _replied_to_first(source, data["liaison_statements"]):
        with source.record(f"liaison_statements: {item['key']}"):
            loaded[item["key"]] = FAILED  # until it loads: a reply to it is skipped quietly
            loaded[item["key"]] = _load_statement(report, item, lookups, loaded)
    source.raise_if_any()


def _replied_to_first(source: SeedFile, items: list[dict]) -> list[dict]:
    """The statements in an order where each comes after the one it replies to."""
    by_key = {item["key"]: item for item in items}
    ordered: list[dict] = []
    placed: set[str] = set()

    def place(item: dict, chain: tuple[str, ...]) -> None:
        key = item["key"]
        if key in placed:
            return
        target = item.get("replies_to")
        if target is not None and target in by_key:
            if target in chain:
                source.add(f"liaison_statements: {key}", "replies_to", "a cycle of replies")
                return
            place(by_key[target], (*chain, key))
        ordered.append(item)
        placed.add(key)

    for item in items:
        place(item, ())
    return ordered


class _Lookups:
    """Records of the layers below, fetched once."""

    def __init__(self) -> None:
        self.groups = {group.code: group for group in Group.objects.all()}
        self.deliverables = {item.code: item for item in Deliverable.objects.all()}
        self.meetings = {meeting.code: meeting for meeting in Meeting.objects.all()}
        self.documents = {
            (document.number, document.revision): document for document in Document.objects.all()
        }
        self.actions = {
            (action.meeting.code, action.code): action
            for action in ActionItem.objects.select_related("meeting")
        }

    def groups_named(self, codes: Iterable[str] | None, key: str) -> list[Group]:
        return [named(self.groups, code, key, "group") for code in codes or ()]

    def deliverables_named(self, codes: Iterable[str] | None, key: str) -> list[Deliverable]:
        return [named(self.deliverables, code, key, "deliverable") for code in codes or ()]

    def meeting(self, code: str | None, key: str) -> Meeting | None:
        return None if code is None else named(self.meetings, code, key, "meeting")

    def document(self, code: str | None) -> Document | None:
        """Exactly the revision named: "TD485" is revision 0, "TD480-R1" revision 1."""
        if code is None:
            return None
        number, revision = split_document_code(str(code))
        return named(self.documents, (number, revision or 0), "document", "document")

    def action(self, meeting: Meeting | None, code: str | None) -> ActionItem | None:
        if code is None:
            return None
        if meeting is None:
            raise SeedValueError(
                "approved_by_action",
                "an action needs the meeting that agreed it (approved_at_meeting)",
            )
        return named(self.actions, (meeting.code, code), "approved_by_action", "action")


def _load_statement(
    report: SeedReport,
    item: dict,
    lookups: _Lookups,
    loaded: dict[str, Any],
) -> LiaisonStatement:
    to_groups: Any = item.get("to_groups") or []
    to_all = to_groups == ALL_STUDY_GROUPS
    date, date_precision = partial_date(item, "date")
    reply_deadline, _ = partial_date(item, "reply_deadline")
    meeting = lookups.meeting(item.get("approved_at_meeting"), "approved_at_meeting")
    replies_to = item.get("replies_to")
    values = {
        "document": lookups.document(item.get("document")),
        "reference": item.get("reference") or "",
        "title": item.get("title") or "",
        "direction": item["direction"],
        "from_note": item.get("from_note") or "",
        "to_all_study_groups": to_all,
        # Unknown stays unknown: an empty purpose reads "not stated".
        "purpose": item.get("purpose") or "",
        "date": date,
        "date_precision": date_precision,
        "reply_deadline": reply_deadline,
        "status": item["status"],
        "approved_at": meeting,
        "approved_by_action": lookups.action(meeting, item.get("approved_by_action")),
        "replies_to": named(loaded, replies_to, "replies_to", "statement") if replies_to else None,
        "summary": item.get("summary") or "",
        "quirk": quirk(item),
    }
    return upsert(
        report,
        LiaisonStatement,
        {"code": item["key"]},
        values,
        m2m={
            "from_groups": lookups.groups_named(item.get("from_groups"), "from_groups"),
            "to_groups": [] if to_all else lookups.groups_named(to_groups, "to_groups"),
            "related_deliverables": lookups.deliverables_named(
                item.get("related_deliverables"), "related_deliverables"
            ),
            "related_groups": lookups.groups_named(item.get("related_groups"), "related_groups"),
        },
    )
