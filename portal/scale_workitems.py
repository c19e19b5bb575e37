"""The work programme's Questions and work items at scale (issue 17), a step of
`portal.scale_data.Generator`: Questions under the generated study groups with their rapporteurs,
and work items with their editors and a timeline of stage events that follows the approval
procedures (AAP: agreed → consented → last call → approved → published, with comments
resolution and additional review for some; TAP: agreed → determined → approved; texts agreed
by agreement: agreed → approved), cut at today, so the current period holds items at every
stage, some late (timing passed, not yet consented or determined) and some in last call.

At scale 10: about 15,000 work items and 60,000 events (1,500 and 6,000 at scale 1), 1,300
Questions. Rows are bulk-inserted (no history), as the rest of the generated data.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING

from core.dates import DatePrecision
from deliverables.models import Distribution, Group, GroupKind, GroupStatus, Purpose, Role, RoleKind
from liaisons.models import LiaisonStatement
from meetings.models import Document, DocumentKind
from workitems.models import (
    ApprovalTrack,
    Stage,
    WorkItem,
    WorkItemEditor,
    WorkItemEvent,
    WorkItemKind,
)

from .scale_words import STUDY_GROUPS, TOPICS

if TYPE_CHECKING:
    from .scale_data import Generator, GroupInfo

KIND_WEIGHTS = [
    (WorkItemKind.NEW_RECOMMENDATION, 45),
    (WorkItemKind.REVISION, 20),
    (WorkItemKind.AMENDMENT, 8),
    (WorkItemKind.CORRIGENDUM, 4),
    (WorkItemKind.SUPPLEMENT, 10),
    (WorkItemKind.TECHNICAL_PAPER, 6),
    (WorkItemKind.TECHNICAL_REPORT, 7),
]
NON_NORMATIVE = (
    WorkItemKind.SUPPLEMENT,
    WorkItemKind.TECHNICAL_PAPER,
    WorkItemKind.TECHNICAL_REPORT,
)
QUESTIONS_PER_SG = 12
# Stages that a meeting takes (the others are announced by the secretariat).
AT_MEETINGS = (Stage.AGREED, Stage.CONSENTED, Stage.DETERMINED)


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


class WorkItemMaker:
    def __init__(self, gen: Generator) -> None:
        self.gen = gen
        self.rnd = gen.rnd
        self.today = gen.today
        # The meetings of each group, by start, to tie the stages taken at meetings to one.
        self.meetings: dict[int, list[tuple[dt.date, dt.date, int, list[int]]]] = {}
        for meeting in gen.meetings:
            for group in meeting.groups:
                self.meetings.setdefault(group.id, []).append(
                    (meeting.start, meeting.end, meeting.id, meeting.documents)
                )
        for rows in self.meetings.values():
            rows.sort()

    def run(self) -> None:
        self.make_questions()
        self.make_items()

    # --- Questions -----------------------------------------------------------------------

    def make_questions(self) -> None:
        gen = self.gen
        study_groups = [g for g in gen.groups if g.kind == GroupKind.STUDY_GROUP]
        # A dozen Questions per study group (ITU-T's size: about 130 a period), the current
        # period's study groups first, then the nearest periods': at scale 1 the current period
        # has them all, at scale 10 every period.
        order = sorted(
            study_groups,
            key=lambda g: (abs(g.period.start - gen.current.start), g.period.start, g.sg_number),
        )
        slots = [(sg, number) for sg in order for number in range(1, QUESTIONS_PER_SG + 1)]
        rows, owners = [], []
        for sg, number in slots[: gen.want["questions"]]:
            closed = sg.period.end < self.today.year
            rows.append(
                Group(
                    code=f"Q{number}-{sg.sg_number}-{sg.period.start}",
                    name=f"Question {number}/{sg.sg_number}: {self.rnd.choice(TOPICS)}",
                    kind=GroupKind.QUESTION,
                    parent_id=sg.id,
                    mandate=gen.summary("Question", (2, 4)),
                    established=sg.period.first_day,
                    established_precision="year",
                    study_period=f"{sg.period.start}-{sg.period.end}",
                    status=GroupStatus.CLOSED if closed else GroupStatus.ACTIVE,
                )
            )
            owners.append(sg)
        # Counted apart from the groups and roles the rest of the generator makes.
        created = Group.objects.bulk_create(rows, batch_size=gen.batch_size)
        gen.counts["questions"] = len(created)
        self.questions: dict[int, list[int]] = {}
        roles = []
        for question, sg in zip(created, owners, strict=True):
            self.questions.setdefault(sg.id, []).append(question.pk)
            period = sg.period
            ends_on = period.last_day if period.end < self.today.year else None
            starts_on = period.first_day
            if period.first_day > self.today:
                continue  # nobody appointed yet for a period to come
            people = self.rnd.sample(gen.people, min(len(gen.people), 3))
            kinds = [RoleKind.RAPPORTEUR] + [RoleKind.ASSOCIATE_RAPPORTEUR] * self.rnd.choice(
                [0, 1, 1, 2]
            )
            for person, kind in zip(people, kinds, strict=False):
                roles.append(
                    Role(
                        person_id=person,
                        group_id=question.pk,
                        role=kind,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        decision=f"SG{sg.sg_number} meeting {starts_on:%B %Y}",
                    )
                )
        gen.counts["rapporteurs of Questions"] = len(
            Role.objects.bulk_create(roles, batch_size=gen.batch_size)
        )

    # --- work items ----------------------------------------------------------------------

    def meeting_before(self, group: int, day: dt.date) -> tuple[dt.date, int, list[int]] | None:
        """The group's last meeting ending on or before `day`, within 120 days of it."""
        rows = self.meetings.get(group)
        if not rows:
            return None
        index = bisect.bisect_right(rows, (day, dt.date.max, 1 << 62, []))
        while index > 0:
            _start, end, pk, documents = rows[index - 1]
            if end <= day:
                return (end, pk, documents) if (day - end).days <= 120 else None
            index -= 1
        return None

    def timeline(self, track: str, agreed: dt.date, timing: dt.date, sg: int) -> list[tuple]:
        """(stage, date, meeting id) of a work item's planned life, dates never decreasing."""
        rnd = self.rnd
        events: list[tuple[str, dt.date, int | None]] = []

        def add(stage: str, day: dt.date) -> dt.date:
            previous = events[-1][1] if events else dt.date.min
            day = max(day, previous) if events else day
            meeting = None
            if stage in AT_MEETINGS:
                found = self.meeting_before(sg, day)
                if found is not None and found[0] >= previous:
                    day, meeting = found[0], found[1]
            events.append((stage, day, meeting))
            return day

        if rnd.random() < 0.3:
            add(Stage.PROPOSED, agreed - _days(rnd.randint(60, 200)))
        day = add(Stage.AGREED, agreed)
        if rnd.random() < 0.03:
            add(Stage.WITHDRAWN, day + _days(rnd.randint(90, 700)))
            return events
        if rnd.random() < 0.05:
            return events  # stalled: never consented, late once its timing passes
        # Most texts are ready around their timing, some well after it (late).
        ready = timing + _days(rnd.randint(-200, 120 if rnd.random() < 0.8 else 500))
        ready = max(ready, day + _days(90))
        if track == ApprovalTrack.AGREEMENT:
            day = add(Stage.APPROVED, ready)
        elif track == ApprovalTrack.TAP:
            day = add(Stage.DETERMINED, ready)
            day = add(Stage.APPROVED, day + _days(rnd.randint(60, 150)))
        else:
            day = add(Stage.CONSENTED, ready)
            day = add(Stage.LAST_CALL, day + _days(rnd.randint(7, 25)))
            if rnd.random() < 0.2:  # comments of substance
                day = add(Stage.COMMENTS_RESOLUTION, day + _days(28))
                day = add(Stage.ADDITIONAL_REVIEW, day + _days(rnd.randint(14, 60)))
                day = add(Stage.APPROVED, day + _days(21))
            else:
                day = add(Stage.APPROVED, day + _days(28))
        if rnd.random() < 0.85:
            add(Stage.PUBLISHED, day + _days(rnd.randint(30, 120)))
        return events

    def make_items(self) -> None:
        gen, rnd, today = self.gen, self.rnd, self.today
        taken = {i.upper() for i in WorkItem.objects.values_list("identifier", flat=True)}
        sg_infos = {g.id: g for g in gen.groups if g.kind == GroupKind.STUDY_GROUP}
        allocated: dict[int, list[int]] = {}
        for group_id, deliverable_id in Distribution.objects.filter(
            purpose=Purpose.ALLOCATED, group_id__in=list(sg_infos)
        ).values_list("group_id", "deliverable_id"):
            allocated.setdefault(group_id, []).append(deliverable_id)
        contributions = set(
            Document.objects.filter(kind=DocumentKind.CONTRIBUTION, number__startswith="C")
            .filter(meeting_id__in=[m.id for m in gen.meetings])
            .values_list("pk", flat=True)
        )
        statements = list(LiaisonStatement.objects.order_by("pk").values_list("pk", flat=True))
        periods = [p for p in gen.periods if p.first_day <= today]
        kinds, weights = zip(*KIND_WEIGHTS, strict=True)
        counter = 0
        rows: list[WorkItem] = []
        plans: list[tuple[GroupInfo, list[tuple], dt.date]] = []
        question_links: list[tuple[int, int]] = []
        liaison_links: list[tuple[int, int]] = []
        for n in range(gen.want["work_items"]):
            period = periods[n % len(periods)]
            sg = rnd.choice(gen.study_groups[period.start])
            series = STUDY_GROUPS[sg.sg_number][1]
            kind = rnd.choices(kinds, weights)[0]
            identifier = ""
            while not identifier or identifier.upper() in taken:
                counter += 1
                identifier = {
                    WorkItemKind.NEW_RECOMMENDATION: f"{series}.N{counter}",
                    WorkItemKind.REVISION: f"{series}.R{counter}rev",
                    WorkItemKind.AMENDMENT: f"{series}.A{counter}-Amd1",
                    WorkItemKind.CORRIGENDUM: f"{series}.C{counter}-Cor1",
                    WorkItemKind.SUPPLEMENT: f"{series}.Sup.w{counter}",
                    WorkItemKind.TECHNICAL_PAPER: f"TP-{series}{counter}",
                    WorkItemKind.TECHNICAL_REPORT: f"TR-{series}{counter}",
                }[kind]
            taken.add(identifier.upper())
            if kind in NON_NORMATIVE:
                track = ApprovalTrack.AGREEMENT
            else:
                track = ApprovalTrack.TAP if rnd.random() < 0.12 else ApprovalTrack.AAP
            last = min(period.last_day, today)
            agreed = gen.day_in(period.first_day, last)
            timing = _month(agreed + _days(rnd.randint(300, 1000)))
            events = self.timeline(track, agreed, timing, sg.id)
            current = period.first_day <= today <= period.last_day
            # A share of the current period's AAP items in last call today.
            if (
                current
                and track == ApprovalTrack.AAP
                and rnd.random() < 0.06
                and agreed < today - _days(120)
            ):
                consented = today - _days(rnd.randint(8, 40))
                early = (Stage.PROPOSED, Stage.AGREED)
                events = [e for e in events if e[1] < consented and e[0] in early]
                events += [
                    (Stage.CONSENTED, consented, None),
                    (Stage.LAST_CALL, min(today, consented + _days(rnd.randint(3, 7))), None),
                ]
            events = [e for e in events if e[1] <= today]
            origin_deliverable = origin_document = None
            note = ""
            roll = rnd.random()
            if roll < 0.45 and allocated.get(sg.id):
                origin_deliverable = rnd.choice(allocated[sg.id])
            elif roll < 0.75:
                found = self.meeting_before(sg.id, agreed)
                docs = [d for d in (found[2] if found else []) if d in contributions]
                if docs:
                    origin_document = rnd.choice(docs)
                else:
                    note = f"Proposed at the {sg.code.split('-')[0]} meeting."
            found = self.meeting_before(sg.id, agreed)
            base_text = rnd.choice(found[2]) if found and found[2] and rnd.random() < 0.4 else None
            equivalent = f"ISO/IEC {rnd.randint(9000, 30000)}" if rnd.random() < 0.08 else ""
            rows.append(
                WorkItem(
                    identifier=identifier,
                    title=gen.title(),
                    kind=kind,
                    study_group_id=sg.id,
                    base_text_id=base_text,
                    timing=timing,
                    timing_precision=DatePrecision.MONTH,
                    approval_track=track,
                    equivalent_texts=equivalent,
                    summary=gen.summary("work item", (2, 4)),
                    origin_deliverable_id=origin_deliverable,
                    origin_document_id=origin_document,
                    origin_note=note,
                )
            )
            plans.append((sg, events, agreed))
        created = gen.bulk(WorkItem, rows)
        event_rows, editor_rows = [], []
        for item, (sg, events, agreed) in zip(created, plans, strict=True):
            questions = self.questions.get(sg.id, [])
            if questions:
                chosen = rnd.sample(questions, min(len(questions), 2 if rnd.random() < 0.1 else 1))
                question_links += [(item.pk, q) for q in chosen]
            if statements and rnd.random() < 0.1:
                liaison_links.append((item.pk, rnd.choice(statements)))
            for stage, day, meeting in events:
                decision = ""
                if stage in AT_MEETINGS and meeting is not None:
                    decision = f"{sg.code.split('-')[0]} meeting report, {day:%B %Y}"
                event_rows.append(
                    WorkItemEvent(
                        work_item_id=item.pk,
                        stage=stage,
                        date=day,
                        meeting_id=meeting,
                        decision=decision,
                    )
                )
            editors = rnd.sample(gen.people, min(len(gen.people), rnd.choice([1, 1, 1, 2, 2, 3])))
            for index, person in enumerate(editors):
                starts = agreed
                ends = None
                if index == 0 and len(editors) > 1 and rnd.random() < 0.3:
                    # Handed over: the first editor left, the others stay.
                    ends = gen.day_in(agreed, max(agreed, today))
                editor_rows.append(
                    WorkItemEditor(
                        work_item_id=item.pk, person_id=person, starts_on=starts, ends_on=ends
                    )
                )
        gen.bulk(WorkItemEvent, event_rows)
        gen.bulk(WorkItemEditor, editor_rows)
        gen.link(WorkItem, "questions", question_links)
        gen.link(WorkItem, "related_liaisons", liaison_links)


def make_work_items(gen: Generator) -> None:
    WorkItemMaker(gen).run()
