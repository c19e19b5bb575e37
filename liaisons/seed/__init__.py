"""Demo data of the liaisons app: the liaison statements TSAG TD315 names, from `liaisons.yaml`.

The five outgoing statements the meeting approved (TD474, TD475-R1, TD480-R1, TD484-R1, TD485),
each linked to the action that approved it, and the incoming ones of clauses 3.3, 4.4 and 5.1
with their senders where the report gives them — unknown senders, dates and purposes stay empty,
shown as "not stated". Every judgement call is a `quirk:` next to its record (and in
docs/seed-data-quirks.md); quirks are documentation and are not loaded.

Runs after the deliverables and meetings loaders: groups, deliverables, documents, meetings and
actions are looked up, never created here; a name the YAML gets wrong stops the load.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from core.dates import DatePrecision, parse_partial_date
from core.seed import SeedReport, read_yaml, upsert
from deliverables.models import Deliverable, Group
from meetings.models import ActionItem, Document, Meeting
from meetings.querysets import split_document_code

from ..models import LiaisonStatement

SEED_FILE = Path(__file__).with_name("liaisons.yaml")
# How the YAML writes "[to all ITU-T SGs]": every study group, as such.
ALL_STUDY_GROUPS = "ALL_STUDY_GROUPS"


def load(report: SeedReport) -> None:
    data = read_yaml(SEED_FILE)
    lookups = _Lookups()
    loaded: dict[str, LiaisonStatement] = {}
    for item in _replied_to_first(data["liaison_statements"]):
        loaded[item["key"]] = _load_statement(report, item, lookups, loaded)


def _replied_to_first(items: list[dict]) -> list[dict]:
    """The statements in an order where each comes after the one it replies to."""
    by_key = {item["key"]: item for item in items}
    ordered: list[dict] = []
    placed: set[str] = set()

    def place(item: dict, chain: tuple[str, ...]) -> None:
        key = item["key"]
        if key in placed:
            return
        target = item.get("replies_to")
        if target is not None:
            if target not in by_key:
                raise ImproperlyConfigured(
                    f"liaisons.yaml: {key} replies to {target!r}, which it does not hold."
                )
            if target in chain:
                raise ImproperlyConfigured(f"liaisons.yaml: a cycle of replies through {key}.")
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

    def groups_named(self, codes: Iterable[str] | None) -> list[Group]:
        return [self._get(self.groups, code, "group") for code in codes or ()]

    def deliverables_named(self, codes: Iterable[str] | None) -> list[Deliverable]:
        return [self._get(self.deliverables, code, "deliverable") for code in codes or ()]

    def meeting(self, code: str | None) -> Meeting | None:
        return None if code is None else self._get(self.meetings, code, "meeting")

    def document(self, code: str | None) -> Document | None:
        """Exactly the revision named: "TD485" is revision 0, "TD480-R1" revision 1."""
        if code is None:
            return None
        number, revision = split_document_code(code)
        return self._get(self.documents, (number, revision or 0), "document")

    def action(self, meeting: Meeting | None, code: str | None) -> ActionItem | None:
        if code is None:
            return None
        if meeting is None:
            raise ImproperlyConfigured(
                f"liaisons.yaml names the action {code!r} without the meeting that agreed it."
            )
        return self._get(self.actions, (meeting.code, code), "action")

    @staticmethod
    def _get(records: dict, key: Any, kind: str):
        try:
            return records[key]
        except KeyError:
            raise ImproperlyConfigured(
                f"liaisons.yaml names the {kind} {key!r}, which the seed data of the layers "
                "below does not hold."
            ) from None


def _partial_date(value: Any) -> tuple[Any, str]:
    if value in (None, ""):
        return None, DatePrecision.DAY
    return parse_partial_date(str(value))


def _load_statement(
    report: SeedReport,
    item: dict,
    lookups: _Lookups,
    loaded: dict[str, LiaisonStatement],
) -> LiaisonStatement:
    to_groups = item.get("to_groups") or []
    to_all = to_groups == ALL_STUDY_GROUPS
    date, date_precision = _partial_date(item.get("date"))
    reply_deadline, _ = _partial_date(item.get("reply_deadline"))
    meeting = lookups.meeting(item.get("approved_at_meeting"))
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
        "replies_to": loaded[replies_to] if replies_to else None,
        "summary": item.get("summary") or "",
    }
    return upsert(
        report,
        LiaisonStatement,
        {"code": item["key"]},
        values,
        m2m={
            "from_groups": lookups.groups_named(item.get("from_groups")),
            "to_groups": [] if to_all else lookups.groups_named(to_groups),
            "related_deliverables": lookups.deliverables_named(item.get("related_deliverables")),
            "related_groups": lookups.groups_named(item.get("related_groups")),
        },
    )
