"""Demo data of the workitems app: the work items TSAG TD315 names, from `work_items.yaml`.

Only Q.TSCA, announced to SG2, SG11 and SG17 by the liaison statement TD475-R1, with exactly what
the report says of it; everything else stays empty ("not stated"). Stages listed in the YAML are
recorded through `services.record_stage_event`, the rules the admin and the API apply, and only
once (a stage already on the timeline on that day is not recorded again).

Runs after the liaisons loader: groups, Questions, documents, deliverables, meetings, people and
statements are looked up, never created here; a name the YAML gets wrong, a key the loader does
not know or a value the model refuses stops the load with every problem listed. Each `quirk:` is
stored in the work item's `quirk` field, read-only in the admin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.dates import DatePrecision
from core.seed import (
    CHANGE_REASON,
    Section,
    SeedFile,
    SeedReport,
    SeedValueError,
    full_date,
    partial_date,
    quirk,
    upsert,
)
from deliverables.models import Deliverable, Group, Person
from liaisons.models import LiaisonStatement
from meetings.models import Document, Meeting
from meetings.querysets import split_document_code

from ..models import WorkItem, WorkItemEditor
from ..services import record_stage_event

SEED_FILE = Path(__file__).with_name("work_items.yaml")

SECTIONS = {
    "work_items": (
        Section.of(
            ["identifier"],
            [
                "title",
                "kind",
                "study_group",
                "questions",
                "base_text",
                "timing",
                "approval_track",
                "equivalent_texts",
                "summary",
                "origin_deliverable",
                "origin_document",
                "origin_note",
                "related_liaisons",
            ],
            nested={
                "editors": Section.of(["person"], ["starts_on", "ends_on", "note"]),
                "events": Section.of(["stage", "date"], ["meeting", "decision", "note"]),
            },
        ),
        "identifier",
    )
}


def data_file() -> Path:
    """The file `load` reads (`load_seed_data` checks every file's keys before loading any)."""
    return SEED_FILE


def load(report: SeedReport, path: Path | None = None) -> None:
    source = SeedFile(path or SEED_FILE)
    for item in source.read(SECTIONS)["work_items"]:
        with source.record(f"work_items: {item['identifier']}"):
            _load_item(report, item)
    source.raise_if_any()


def _get(model: Any, what: str, field_name: str, **lookup: Any) -> Any:
    found = model._default_manager.filter(**lookup).first()
    if found is None:
        raise SeedValueError(
            field_name,
            f"names the {what} {next(iter(lookup.values()))!r}, which the seed data of the "
            "layers below does not hold",
        )
    return found


def _document(item: dict, key: str) -> Document | None:
    code = item.get(key)
    if not code:
        return None
    number, revision = split_document_code(str(code))
    return _get(Document, "document", key, number=number, revision=revision or 0)


def _load_item(report: SeedReport, item: dict) -> WorkItem:
    timing, timing_precision = partial_date(item, "timing", DatePrecision.MONTH)
    study_group = item.get("study_group")
    origin = item.get("origin_deliverable")
    values = {
        "title": item.get("title") or "",
        "kind": item.get("kind") or "",
        "study_group": (
            _get(Group, "study group", "study_group", code=study_group) if study_group else None
        ),
        "base_text": _document(item, "base_text"),
        "timing": timing,
        "timing_precision": timing_precision,
        "approval_track": item.get("approval_track") or "",
        "equivalent_texts": item.get("equivalent_texts") or "",
        "summary": item.get("summary") or "",
        "origin_deliverable": (
            _get(Deliverable, "deliverable", "origin_deliverable", code=origin) if origin else None
        ),
        "origin_document": _document(item, "origin_document"),
        "origin_note": item.get("origin_note") or "",
        "quirk": quirk(item),
    }
    questions = [
        _get(Group, "Question", "questions", code=code) for code in item.get("questions") or ()
    ]
    WorkItem.check_questions(values["study_group"], questions)
    work_item = upsert(
        report,
        WorkItem,
        {"identifier": item["identifier"]},
        values,
        m2m={
            "questions": questions,
            "related_liaisons": [
                _get(LiaisonStatement, "liaison statement", "related_liaisons", code=code)
                for code in item.get("related_liaisons") or ()
            ],
        },
    )
    for editor in item.get("editors") or ():
        starts_on, starts_precision = partial_date(editor, "starts_on")
        ends_on, ends_precision = partial_date(editor, "ends_on")
        upsert(
            report,
            WorkItemEditor,
            {
                "work_item": work_item,
                "person": _get(Person, "person", "editors", slug=editor["person"]),
                "starts_on": starts_on,
            },
            {
                "starts_on_precision": starts_precision,
                "ends_on": ends_on,
                "ends_on_precision": ends_precision,
                "note": editor.get("note") or "",
            },
        )
    for event in item.get("events") or ():
        _record(report, work_item, event)
    return work_item


def _record(report: SeedReport, work_item: WorkItem, event: dict) -> None:
    date = full_date(event, "date")
    name = "work item events"
    if work_item.events.filter(stage=event["stage"], date=date).exists():
        report.unchanged[name] += 1
        return
    meeting = event.get("meeting")
    recorded = record_stage_event(
        work_item,
        event["stage"],
        date,
        meeting=_get(Meeting, "meeting", "events", code=meeting) if meeting else None,
        decision=event.get("decision") or "",
        note=event.get("note") or "",
    )
    recorded.history.update(history_change_reason=CHANGE_REASON)
    report.created[name] += 1
