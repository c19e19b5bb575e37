"""A synthetic work programme of a given size, to measure the application on (issue 12).

`generate(scale=1)` adds to the database what a standards body of ITU-T's size keeps over ten
study periods; `scale=10` ten times that (at least 300 groups, 3,000 people with 10,000 roles,
20,000 deliverables with 60,000 distribution lines, 2,000 meetings, 100,000 documents, 100,000
action items, 10,000 liaison statements, and followers). The same seed (and the same day) gives
the same records, codes included.

Every generated code carries its study period (SG17-2025, SG17-2025-WP1, sg17-2025-wp1-2026-03-10)
or a number range the demo data does not use (TD1000 and up, C1000 and up), so it runs on top of
`load_seed_data` without a collision. The rows are written with `bulk_create` (no history records:
the history tables stay for what people edit) and respect every constraint and `clean()` rule of
the models; tests/portal/test_scale_data.py runs `full_clean()` on a sample.

Study periods are four years (1997–2000 … 2033–2036); the one holding "today" is the current one,
seven lie before it and two after, so dates fall in the past and in the future.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from deliverables.models import (
    SINGLE_HOLDER_ROLES,
    Deliverable,
    DeliverableStatus,
    DeliverableType,
    Distribution,
    Group,
    GroupKind,
    GroupStatus,
    Person,
    Purpose,
    Role,
    RoleKind,
    Succession,
)
from deliverables.querysets import STUDY_PERIOD_YEARS as PERIOD_YEARS
from deliverables.querysets import StudyPeriod
from liaisons.models import Direction, LiaisonPurpose, LiaisonStatement, LiaisonStatus
from meetings.models import (
    ActionItem,
    ActionStatus,
    Document,
    DocumentKind,
    Meeting,
    MeetingFormat,
    MeetingKind,
    Session,
)
from reminders.models import Subscription
from workitems.models import WorkItem, WorkItemEditor, WorkItemEvent

from .scale_words import (
    AFFILIATIONS,
    CONTEXTS,
    EXTERNAL_BODIES,
    FIRST_NAMES,
    FOCUS_GROUP_ACRONYMS,
    LAST_NAMES,
    NOUNS,
    QUALIFIERS,
    SENTENCES,
    STUDY_GROUPS,
    TOPICS,
    VERBS,
    ZONES,
)
from .scale_workitems import make_work_items

# How many of each record one unit of scale adds (scale 10 is the "ten times").
PER_SCALE = {
    "extra_groups": 25,  # working parties, rapporteur groups, focus groups (study groups apart)
    "people": 300,
    "roles": 1_000,
    "deliverables": 2_000,
    "distribution": 6_000,
    "meetings": 200,
    "documents": 10_000,
    "action_items": 10_000,
    "liaison_statements": 1_000,
    "users": 100,
    "subscriptions": 500,
    "questions": 130,  # a dozen per study group, the current period's first (issue 17)
    "work_items": 1_500,  # with about four stage events each, editors and Questions
}
STUDY_PERIODS = 10
BATCH_SIZE = 2_000
# Words the benchmark searches for: one in most summaries, one in about one record in 2,000.
COMMON_WORD = "network"
RARE_WORD = "holographic"
RARE_EVERY = 2_000


def study_periods(today: dt.date, count: int = STUDY_PERIODS) -> list[StudyPeriod]:
    """The ten periods (seven before the current one, two after), or the `count` nearest to the
    current one for a small scale."""
    current = StudyPeriod.current(today).start
    ten = [StudyPeriod(current + PERIOD_YEARS * offset) for offset in range(-7, 3)]
    nearest = sorted(ten, key=lambda period: (abs(period.start - current), -period.start))
    return sorted(nearest[: max(1, min(count, STUDY_PERIODS))], key=lambda period: period.start)


def targets(scale: float) -> dict[str, int]:
    """How many records of each kind `scale` asks for (at least one of each)."""
    return {name: max(1, math.ceil(per * scale)) for name, per in PER_SCALE.items()}


@dataclass
class GroupInfo:
    id: int
    code: str
    kind: str
    period: StudyPeriod
    sg_number: int
    name: str


@dataclass
class MeetingInfo:
    id: int
    code: str
    start: dt.date
    end: dt.date
    period: StudyPeriod
    groups: list[GroupInfo]
    documents: list[int] = field(default_factory=list)
    actions: list[int] = field(default_factory=list)


class Generator:
    def __init__(
        self,
        scale: float,
        seed: int = 1,
        today: dt.date | None = None,
        batch_size: int = BATCH_SIZE,
        log: Callable[[str], None] | None = None,
    ) -> None:
        if scale <= 0:
            raise ValueError("The scale must be positive (1 is ITU-T's size, 10 ten times it).")
        self.scale = scale
        self.rnd = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
        self.today = today or timezone.localdate()
        self.batch_size = batch_size
        self.log = log or (lambda message: None)
        self.want = targets(scale)
        # All ten periods from a tenth of the size up; fewer (at least two) below it.
        self.periods = study_periods(self.today, max(2, math.ceil(100 * scale)))
        self.current = next(p for p in self.periods if p.start <= self.today.year <= p.end)
        self.counts: dict[str, int] = {}
        self.text_counter = 0

    # --- helpers -------------------------------------------------------------------------

    def bulk(self, model: type[models.Model], rows: Iterable[models.Model]) -> list:
        created = model.objects.bulk_create(list(rows), batch_size=self.batch_size)
        name = model._meta.verbose_name_plural
        self.counts[name] = self.counts.get(name, 0) + len(created)
        return created

    def link(self, model: type[models.Model], name: str, pairs: Iterable[tuple[int, int]]) -> None:
        """Bulk-insert rows of the many-to-many `model.name` from (source id, target id) pairs."""
        m2m = model._meta.get_field(name)
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        rows = [through(**{f"{source}_id": a, f"{target}_id": b}) for a, b in dict.fromkeys(pairs)]
        through.objects.bulk_create(rows, batch_size=self.batch_size * 5)
        key = f"{model._meta.model_name}.{name}"
        self.counts[key] = self.counts.get(key, 0) + len(rows)

    def day_in(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rnd.randrange((end - start).days + 1))

    def words(self, count: int) -> list[str]:
        return self.rnd.sample(NOUNS, count)

    def title(self) -> str:
        context = self.rnd.choice(CONTEXTS)
        text = f"{self.rnd.choice(QUALIFIERS)} {self.rnd.choice(TOPICS)}"
        return f"{text} {context}".strip()

    def summary(self, kind: str, sentences: tuple[int, int] = (3, 5)) -> str:
        self.text_counter += 1
        chosen = self.rnd.sample(SENTENCES, self.rnd.randint(*sentences))
        parts = []
        for template in chosen:
            n1, n2 = self.words(2)
            parts.append(
                template.format(
                    kind=kind,
                    verb=self.rnd.choice(VERBS),
                    n1=n1,
                    n2=n2,
                    topic=self.rnd.choice(TOPICS),
                    context=self.rnd.choice(CONTEXTS) or "in operator networks",
                ).replace("  ", " ")
            )
        if self.text_counter % RARE_EVERY == 0:
            parts.append(f"A {RARE_WORD} display profile is included for study.")
        return " ".join(parts)

    def period_of(self, day: dt.date) -> StudyPeriod:
        return next(p for p in self.periods if p.first_day <= day <= p.last_day)

    # --- the work programme --------------------------------------------------------------

    def run(self) -> dict[str, int]:
        started = time.monotonic()
        steps = [
            ("groups", self.make_groups),
            ("people", self.make_people),
            ("roles", self.make_roles),
            ("deliverables", self.make_deliverables),
            ("meetings", self.make_meetings),
            ("documents", self.make_documents),
            ("action items", self.make_action_items),
            ("liaison statements", self.make_liaison_statements),
            ("work items", self.make_work_items),
            ("followers", self.make_followers),
        ]
        for name, step in steps:
            begun = time.monotonic()
            step()
            self.log(f"{name}: {time.monotonic() - begun:.1f} s")
        self.log(f"total: {time.monotonic() - started:.1f} s")
        return self.counts

    def make_groups(self) -> None:
        taken = set(Group.objects.values_list("code", flat=True))
        study_groups: list[Group] = []
        for period in self.periods:
            closed = period.end < self.today.year
            for number, (title, _, _) in STUDY_GROUPS.items():
                study_groups.append(
                    Group(
                        code=f"SG{number}-{period.start}",
                        name=f"ITU-T Study Group {number}: {title} (study period {period.label})",
                        kind=GroupKind.STUDY_GROUP,
                        mandate=self.summary("study group", (2, 3)),
                        established=period.first_day,
                        established_precision="year",
                        status=GroupStatus.CLOSED if closed else GroupStatus.ACTIVE,
                    )
                )
        clash = taken & {group.code for group in study_groups}
        if clash:
            raise ValueError(
                f"Generated groups already exist ({', '.join(sorted(clash)[:3])}…): the scale "
                "data is generated once, into a database that holds at most the demo data."
            )
        study_groups = self.bulk(Group, study_groups)
        # Each study group is succeeded by the same study group of the next period.
        by_key = {(g.code.split("-")[0], int(g.code.split("-")[1])): g for g in study_groups}
        successors = []
        for group in study_groups:
            name, year = group.code.split("-")
            following = by_key.get((name, int(year) + PERIOD_YEARS))
            if following is not None:
                group.successor = following
                group.succession_kind = Succession.SUCCEEDED_BY
                group.succession_note = f"Continued in study period {year}+{PERIOD_YEARS}."
                successors.append(group)
        Group.objects.bulk_update(
            successors, ["successor", "succession_kind", "succession_note"], self.batch_size
        )
        self.groups: list[GroupInfo] = [
            GroupInfo(
                g.pk,
                g.code,
                g.kind,
                StudyPeriod(int(g.code.split("-")[1])),
                int(g.code[2:].split("-")[0]),
                g.name,
            )
            for g in study_groups
        ]
        # Working parties and rapporteur groups, the current period's study groups first.
        order = sorted(
            self.groups,
            key=lambda g: (abs(g.period.start - self.current.start), g.period.start, g.sg_number),
        )
        extra = self.want["extra_groups"]
        focus = max(1, extra // 25)
        per_sg: dict[str, int] = {}
        wps: dict[str, str] = {}
        rows: list[tuple[Group, GroupInfo]] = []
        for n in range(extra - focus):
            sg = order[n % len(order)]
            j = per_sg.get(sg.code, 0)
            per_sg[sg.code] = j + 1
            closed = sg.period.end < self.today.year
            status = GroupStatus.CLOSED if closed else GroupStatus.ACTIVE
            topic = self.rnd.choice(TOPICS)
            if j % 3 == 0:
                code = f"{sg.code}-WP{j // 3 + 1}"
                wps[sg.code] = code
                row = Group(
                    code=code,
                    name=f"Working Party {j // 3 + 1}/{sg.sg_number} on {topic}",
                    kind=GroupKind.WORKING_PARTY,
                    parent_id=sg.id,
                    established=sg.period.first_day,
                    established_precision="year",
                    status=status,
                )
                kind = GroupKind.WORKING_PARTY
            else:
                code = f"{sg.code}-RG{j}"
                row = Group(
                    code=code,
                    name=f"Rapporteur group on {topic}",
                    kind=GroupKind.RAPPORTEUR_GROUP,
                    mandate=self.summary("rapporteur group", (2, 3)),
                    status=status,
                )
                row._parent_code = wps[sg.code]
                kind = GroupKind.RAPPORTEUR_GROUP
            rows.append((row, GroupInfo(0, code, kind, sg.period, sg.sg_number, row.name)))
        sg13 = {g.period.start: g for g in self.groups if g.sg_number == 13}
        for n in range(focus):
            period = self.periods[n % len(self.periods)]
            acronym = FOCUS_GROUP_ACRONYMS[n % len(FOCUS_GROUP_ACRONYMS)]
            established = self.day_in(period.first_day, period.last_day - dt.timedelta(days=400))
            lifetime_end = dt.date(established.year + 2, established.month, 1)
            ended = lifetime_end < self.today
            code = f"FG-{acronym}-{period.start}"
            if n >= len(self.periods):
                code = f"{code}-{n // len(self.periods) + 1}"
            row = Group(
                code=code,
                name=f"Focus Group on {self.rnd.choice(TOPICS)}",
                kind=GroupKind.FOCUS_GROUP,
                parent_id=sg13[period.start].id,
                mandate=self.summary("focus group", (2, 4)),
                established=established,
                lifetime_end=lifetime_end,
                lifetime_end_precision="month",
                lifetime_decision=f"SG13-{period.start} meeting",
                status=GroupStatus.CLOSED if ended else GroupStatus.ACTIVE,
            )
            rows.append((row, GroupInfo(0, code, GroupKind.FOCUS_GROUP, period, 13, row.name)))
        # Working parties first, so the rapporteur groups can name their parent by id.
        by_code = {}
        for first in (True, False):
            batch = [(r, i) for r, i in rows if (r.kind == GroupKind.WORKING_PARTY) == first]
            for row, _ in batch:
                if hasattr(row, "_parent_code"):
                    row.parent_id = by_code[row._parent_code]
            for row, info in zip(
                self.bulk(Group, [r for r, _ in batch]), [i for _, i in batch], strict=True
            ):
                info.id = row.pk
                by_code[row.code] = row.pk
                self.groups.append(info)
        self.by_period: dict[int, list[GroupInfo]] = {}
        for info in self.groups:
            self.by_period.setdefault(info.period.start, []).append(info)
        self.study_groups = {
            p.start: [g for g in self.by_period[p.start] if g.kind == GroupKind.STUDY_GROUP]
            for p in self.periods
        }

    def make_people(self) -> None:
        taken = set(Person.objects.values_list("slug", flat=True))
        rows = []
        for n in range(self.want["people"]):
            first, last = self.rnd.choice(FIRST_NAMES), self.rnd.choice(LAST_NAMES)
            slug = f"{slugify(first)}-{slugify(last)}-{n + 1}"
            if slug in taken:
                slug = f"{slug}-s"
            affiliation, country = self.rnd.choice(AFFILIATIONS)
            rows.append(
                Person(
                    slug=slug,
                    name=f"{first} {last}",
                    affiliation=affiliation,
                    country=country,
                    email="" if n % 9 == 0 else f"{slug}@example.org",
                )
            )
        self.people = [person.pk for person in self.bulk(Person, rows)]

    def make_roles(self) -> None:
        kinds = [
            (RoleKind.CHAIR, 1),
            (RoleKind.VICE_CHAIR, 3),
            (RoleKind.RAPPORTEUR, 3),
            (RoleKind.ASSOCIATE_RAPPORTEUR, 3),
            (RoleKind.EDITOR, 4),
            (RoleKind.LIAISON_CONTACT, 1),
        ]
        names, weights = zip(*kinds, strict=True)
        open_roles: set[tuple[int, int, str]] = set()
        rows = []
        while len(rows) < self.want["roles"]:
            group = self.groups[len(rows) % len(self.groups)]
            role = self.rnd.choices(names, weights)[0]
            person = self.rnd.choice(self.people)
            period = group.period
            starts_on = self.day_in(period.first_day, min(period.last_day, self.today))
            if period.start > self.today.year:
                starts_on = period.first_day
            ends_on = None
            if period.end < self.today.year:
                ends_on = period.last_day
            elif self.rnd.random() < 0.2 and starts_on < self.today:
                ends_on = self.day_in(starts_on, self.today)  # handed over: history of a role
            # A chair or a rapporteur has one open holder per group (Role's constraint).
            key = (0 if role in SINGLE_HOLDER_ROLES else person, group.id, role)
            if ends_on is None:
                if key in open_roles:
                    continue
                open_roles.add(key)
            rows.append(
                Role(
                    person_id=person,
                    group_id=group.id,
                    role=role,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    decision=f"{group.code.split('-')[0]} meeting {starts_on:%B %Y}",
                )
            )
        self.bulk(Role, rows)

    def make_deliverables(self) -> None:
        taken = set(Deliverable.objects.values_list("code", flat=True))
        used: set[str] = set(taken)
        type_weights = [
            (DeliverableType.RECOMMENDATION, 70),
            (DeliverableType.SUPPLEMENT, 10),
            (DeliverableType.TECHNICAL_REPORT, 8),
            (DeliverableType.TECHNICAL_PAPER, 6),
            (DeliverableType.TECHNICAL_SPECIFICATION, 4),
            (DeliverableType.OTHER, 2),
        ]
        types, weights = zip(*type_weights, strict=True)
        counters: dict[tuple[str, str], int] = {}
        rows, owners = [], []
        for n in range(self.want["deliverables"]):
            period = self.periods[n % len(self.periods)]
            sg = self.rnd.choice(self.study_groups[period.start])
            candidates = [g for g in self.by_period[period.start] if g.sg_number == sg.sg_number]
            owner = sg if self.rnd.random() < 0.6 else self.rnd.choice(candidates)
            kind = self.rnd.choices(types, weights)[0]
            series, first = STUDY_GROUPS[sg.sg_number][1], STUDY_GROUPS[sg.sg_number][2]
            code = ""
            while not code or code in used:
                key = (series, kind)
                counters[key] = counters.get(key, 0) + 1
                number = counters[key]
                code = {
                    DeliverableType.RECOMMENDATION: f"{series}.{first + number - 1}",
                    DeliverableType.SUPPLEMENT: f"{series}.Sup{number}",
                    DeliverableType.TECHNICAL_REPORT: f"{series}STR-{number}",
                    DeliverableType.TECHNICAL_PAPER: f"{series}STP-{number}",
                    DeliverableType.TECHNICAL_SPECIFICATION: f"{series}STS-{number}",
                    DeliverableType.OTHER: f"{series}SOTH-{number}",
                }[kind]
            used.add(code)
            future = period.first_day > self.today
            last = min(period.last_day, self.today)
            if future:
                status = DeliverableStatus.DRAFT
            elif period.end < self.today.year:
                status = self.rnd.choices(
                    [
                        DeliverableStatus.APPROVED,
                        DeliverableStatus.SUPERSEDED,
                        DeliverableStatus.WITHDRAWN,
                        DeliverableStatus.TRANSFERRED,
                        DeliverableStatus.DRAFT,
                    ],
                    [60, 25, 6, 3, 6],
                )[0]
            else:
                status = self.rnd.choices(
                    [DeliverableStatus.APPROVED, DeliverableStatus.DRAFT], [55, 45]
                )[0]
            approved, precision = None, "day"
            if status != DeliverableStatus.DRAFT and not (
                status == DeliverableStatus.WITHDRAWN and self.rnd.random() < 0.5
            ):
                approved = self.day_in(period.first_day, last)
                if self.rnd.random() < 0.15:
                    approved, precision = approved.replace(day=1), "month"
            label = {
                DeliverableType.RECOMMENDATION: "Recommendation",
                DeliverableType.SUPPLEMENT: "Supplement",
            }.get(kind, "Technical Report")
            rows.append(
                Deliverable(
                    code=code,
                    type=kind,
                    title=self.title(),
                    owner_id=owner.id,
                    approved=approved,
                    approved_precision=precision,
                    approving_meeting=(
                        f"{sg.code.split('-')[0]} meeting, Geneva, {approved:%B %Y}"
                        if approved
                        else ""
                    ),
                    status=status,
                    summary=self.summary(label),
                )
            )
            owners.append((sg, period))
        created = self.bulk(Deliverable, rows)
        self.deliverables = [(d.pk, period) for d, (_, period) in zip(created, owners, strict=True)]
        self.deliverables_by_period: dict[int, list[int]] = {}
        for pk, period in self.deliverables:
            self.deliverables_by_period.setdefault(period.start, []).append(pk)

        lines: list[Distribution] = []
        seen: set[tuple[int, int | None]] = set()

        def add(deliverable: int, group: int | None, purpose: str, decision: str) -> None:
            if (deliverable, group) in seen:
                return
            seen.add((deliverable, group))
            lines.append(
                Distribution(
                    deliverable_id=deliverable,
                    group_id=group,
                    to_all_study_groups=group is None,
                    purpose=purpose,
                    decision=decision,
                )
            )

        for deliverable, (sg, period) in zip(created, owners, strict=True):
            decision = f"{sg.code.split('-')[0]} meeting {period.start}"
            add(deliverable.pk, sg.id, Purpose.ALLOCATED, decision)
            others = [g for g in self.study_groups[period.start] if g.id != sg.id]
            for other in self.rnd.sample(others, min(len(others), self.rnd.choice([1, 2, 2, 3]))):
                add(deliverable.pk, other.id, Purpose.FOR_INFORMATION, decision)
            if self.rnd.random() < 0.05:
                add(deliverable.pk, None, Purpose.FOR_INFORMATION, "TSAG")
        # Top up to the target with more "for information" lines, to any group of the period.
        pairs = list(zip(created, owners, strict=True))
        while len(lines) < self.want["distribution"]:
            deliverable, (sg, period) = self.rnd.choice(pairs)
            group = self.rnd.choice(self.by_period[period.start])
            add(deliverable.pk, group.id, Purpose.FOR_INFORMATION, "TSAG")
        self.bulk(Distribution, lines)

    def make_meetings(self) -> None:
        taken = set(Meeting.objects.values_list("code", flat=True))
        zones, venues, zone_weights = zip(*ZONES, strict=True)
        rows, infos = [], []
        count = self.want["meetings"]
        for n in range(count):
            period = self.periods[n % len(self.periods)]
            pool = self.by_period[period.start]
            group = self.rnd.choice(pool)
            start = self.day_in(period.first_day, period.last_day)
            kind = {
                GroupKind.STUDY_GROUP: MeetingKind.PLENARY,
                GroupKind.WORKING_PARTY: MeetingKind.WORKING_PARTY,
                GroupKind.RAPPORTEUR_GROUP: MeetingKind.RAPPORTEUR_GROUP,
                GroupKind.FOCUS_GROUP: MeetingKind.FOCUS_GROUP,
            }[group.kind]
            if self.rnd.random() < 0.05:
                kind = MeetingKind.WORKSHOP
            zone_index = self.rnd.choices(range(len(zones)), zone_weights)[0]
            zone = zoneinfo.ZoneInfo(zones[zone_index])
            timed = kind == MeetingKind.RAPPORTEUR_GROUP and self.rnd.random() < 0.5
            if timed:
                starts = dt.datetime.combine(start, dt.time(13), zone)
                ends = starts + dt.timedelta(hours=2)
                end, meeting_format = start, MeetingFormat.VIRTUAL
            else:
                days = self.rnd.choice([1, 2, 3, 5, 5, 8, 10])
                end = start + dt.timedelta(days=days - 1)
                starts = dt.datetime.combine(start, dt.time(), zone)
                ends = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone)
                meeting_format = self.rnd.choice(
                    [MeetingFormat.IN_PERSON, MeetingFormat.HYBRID, MeetingFormat.HYBRID]
                )
            code = f"{group.code.lower()}-{start.isoformat()}"
            if kind == MeetingKind.WORKSHOP:
                code = f"workshop-{code}"
            while code in taken:
                code = f"{code}-b"
            taken.add(code)
            deadline = None
            if kind != MeetingKind.WORKSHOP and self.rnd.random() < 0.85:
                deadline = start - dt.timedelta(days=self.rnd.choice([7, 12, 12, 14]))
            topic = self.rnd.choice(TOPICS)
            title = (
                f"Workshop on {topic}"
                if kind == MeetingKind.WORKSHOP
                else f"{group.code.split('-')[0]} {kind.label.lower()} ({group.code})"
            )
            past = ends.date() < self.today
            rows.append(
                Meeting(
                    code=code,
                    title=title,
                    kind=kind,
                    format=meeting_format,
                    time_zone=zones[zone_index],
                    all_day=not timed,
                    starts_at=starts,
                    ends_at=ends,
                    venue="" if meeting_format == MeetingFormat.VIRTUAL else venues[zone_index],
                    host=self.rnd.choice(AFFILIATIONS)[0] if not timed else "",
                    objectives=self.summary("meeting", (1, 3)),
                    contribution_deadline=deadline,
                    outcome=self.summary("meeting", (1, 2)) if past else "",
                    url=f"https://www.itu.int/en/ITU-T/events/{code}" if n % 3 == 0 else "",
                )
            )
            others = [g for g in pool if g.id != group.id]
            infos.append(
                MeetingInfo(
                    0,
                    code,
                    start,
                    end,
                    period,
                    [
                        group,
                        *self.rnd.sample(others, min(len(others), self.rnd.choice([0, 0, 1, 2]))),
                    ],
                )
            )
        for meeting, info in zip(self.bulk(Meeting, rows), infos, strict=True):
            info.id = meeting.pk
        self.meetings: list[MeetingInfo] = infos
        self.link(Meeting, "groups", ((m.id, g.id) for m in infos for g in m.groups))

        # Sessions: workshops and one plenary in five, one a day, within the meeting's days.
        sessions, session_meetings = [], []
        for meeting, info in zip(rows, infos, strict=True):
            if not meeting.all_day or not (
                meeting.kind == MeetingKind.WORKSHOP
                or (meeting.kind == MeetingKind.PLENARY and self.rnd.random() < 0.2)
            ):
                continue
            zone = zoneinfo.ZoneInfo(meeting.time_zone)
            for day in range(min(4, (info.end - info.start).days + 1)):
                date = info.start + dt.timedelta(days=day)
                sessions.append(
                    Session(
                        meeting_id=info.id,
                        title=f"Session {day + 1}: {self.rnd.choice(TOPICS)}",
                        starts_at=dt.datetime.combine(date, dt.time(9, 30), zone),
                        ends_at=dt.datetime.combine(date, dt.time(12, 30), zone),
                        description=self.summary("session", (1, 2)),
                    )
                )
                session_meetings.append(info)
        created = self.bulk(Session, sessions)
        self.link(
            Session,
            "moderators",
            ((s.pk, self.rnd.choice(self.people)) for s in created),
        )
        self.link(
            Session,
            "speakers",
            (
                (s.pk, person)
                for s in created
                for person in self.rnd.sample(self.people, min(3, len(self.people)))
            ),
        )

    def make_documents(self) -> None:
        """TDs and contributions, 15% of the numbers with a revision (a few with two)."""
        horizon = self.today + dt.timedelta(days=180)
        eligible = [m for m in self.meetings if m.start <= horizon]
        kinds = [
            (DocumentKind.CONTRIBUTION, 45),
            (DocumentKind.REPORT, 15),
            (DocumentKind.LIAISON_STATEMENT, 12),
            (DocumentKind.MEETING_REPORT, 5),
            (DocumentKind.PROGRESS_REPORT, 8),
            (DocumentKind.AGENDA, 5),
            (DocumentKind.OTHER, 10),
        ]
        names, weights = zip(*kinds, strict=True)
        counters = {"C": 999, "TD": 999}
        rows, owners = [], []
        while len(rows) < self.want["documents"]:
            meeting = self.rnd.choice(eligible)
            kind = self.rnd.choices(names, weights)[0]
            prefix = "C" if kind == DocumentKind.CONTRIBUTION else "TD"
            counters[prefix] += 1
            number = f"{prefix}{counters[prefix]}"
            source_group = self.rnd.choice(meeting.groups)
            title = self.title()
            roll = self.rnd.random()
            revisions = 3 if roll < 0.03 else 2 if roll < 0.15 else 1
            affiliation = self.rnd.choice(AFFILIATIONS)[0] or "Editor"
            for revision in range(revisions):
                rows.append(
                    Document(
                        number=number,
                        revision=revision,
                        title=title if revision == 0 else f"{title} (revised)",
                        source=(
                            affiliation
                            if kind == DocumentKind.CONTRIBUTION
                            else f"Chair, {source_group.code}"
                        ),
                        source_group_id=source_group.id,
                        meeting_id=meeting.id,
                        kind=kind,
                        url=f"https://www.itu.int/md/T{meeting.period.start % 100:02d}-"
                        f"{source_group.code.split('-')[0]}-{number}-R{revision}",
                    )
                )
                owners.append(meeting)
        created = self.bulk(Document, rows)
        self.statement_documents: list[tuple[int, str, MeetingInfo]] = []
        latest: dict[str, tuple[int, str, MeetingInfo]] = {}
        for document, meeting in zip(created, owners, strict=True):
            meeting.documents.append(document.pk)
            if document.kind == DocumentKind.LIAISON_STATEMENT:
                latest[document.number] = (document.pk, document.code, meeting)
        self.statement_documents = list(latest.values())

    def make_action_items(self) -> None:
        held = [m for m in self.meetings if m.start < self.today]
        if not held:
            held = self.meetings[:1]
        rows, owners = [], []
        per_meeting: dict[int, int] = {}
        year_ago = self.today - dt.timedelta(days=365)
        while len(rows) < self.want["action_items"]:
            meeting = self.rnd.choice(held)
            number = per_meeting.get(meeting.id, 0) + 1
            per_meeting[meeting.id] = number
            group = meeting.groups[0]
            due = None
            if self.rnd.random() < 0.85:
                due = meeting.end + dt.timedelta(days=self.rnd.choice([30, 60, 90, 120, 180]))
            if due is not None and due < year_ago:
                status = self.rnd.choices(
                    [ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.OPEN], [86, 4, 10]
                )[0]
            elif due is not None and due < self.today:
                status = self.rnd.choices([ActionStatus.DONE, ActionStatus.OPEN], [60, 40])[0]
            else:
                status = self.rnd.choices([ActionStatus.DONE, ActionStatus.OPEN], [25, 75])[0]
            closed_on = None
            if status != ActionStatus.OPEN:
                closed_on = min(self.today, self.day_in(meeting.start, due or meeting.end))
            who = self.rnd.random()
            n1, n2 = self.words(2)
            rows.append(
                ActionItem(
                    meeting_id=meeting.id,
                    code=f"{group.code}-{number}",
                    position=number,
                    text=f"Prepare a {n1} {n2} report on {self.rnd.choice(TOPICS)} "
                    f"and circulate it before the next meeting of {group.code}.",
                    group_id=group.id,
                    responsible_group_id=group.id if who < 0.3 else None,
                    responsible_person_id=self.rnd.choice(self.people) if who >= 0.3 else None,
                    responsible_note="Rapporteurs and editors" if 0.3 <= who < 0.4 else "",
                    due_date=due,
                    status=status,
                    closing_note="Done as agreed." if status == ActionStatus.DONE else "",
                    closed_on=closed_on,
                )
            )
            owners.append(meeting)
        created = self.bulk(ActionItem, rows)
        concerned, documents, deliverables = [], [], []
        for item, meeting in zip(created, owners, strict=True):
            meeting.actions.append(item.pk)
            roll = self.rnd.random()
            if roll < 0.3:
                pool = self.by_period[meeting.period.start]
                concerned += [(item.pk, g.id) for g in self.rnd.sample(pool, min(len(pool), 2))]
            if meeting.documents and self.rnd.random() < 0.3:
                documents.append((item.pk, self.rnd.choice(meeting.documents)))
            pool = self.deliverables_by_period.get(meeting.period.start)
            if pool and self.rnd.random() < 0.2:
                deliverables.append((item.pk, self.rnd.choice(pool)))
        self.link(ActionItem, "concerned_groups", concerned)
        self.link(ActionItem, "documents", documents)
        self.link(ActionItem, "deliverables", deliverables)

    def make_liaison_statements(self) -> None:
        taken = set(LiaisonStatement.objects.values_list("code", flat=True))
        total = self.want["liaison_statements"]
        replies = total // 5
        held = [m for m in self.meetings if m.start < self.today] or self.meetings[:1]
        documents = list(self.statement_documents)
        self.rnd.shuffle(documents)
        counter = 0
        originals: list[LiaisonStatement] = []
        links: list[dict] = []

        def statement(meeting: MeetingInfo, date: dt.date, reply_to=None) -> LiaisonStatement:
            nonlocal counter
            counter += 1
            outgoing = self.rnd.random() < 0.55
            pool = self.study_groups[meeting.period.start]
            document = None
            if outgoing and documents and self.rnd.random() < 0.6:
                document = documents.pop()
                code = slugify(document[1])
                reference = ""
            else:
                sender = meeting.groups[0].code.split("-")[0] if outgoing else "EXT"
                reference = f"{sender}-LS{counter:05d}"
                code = slugify(f"{reference}-{meeting.period.start}")
            while code in taken:
                code = f"{code}-b"
            taken.add(code)
            purpose = self.rnd.choices(
                [LiaisonPurpose.ACTION, LiaisonPurpose.COMMENT, LiaisonPurpose.INFORMATION, ""],
                [40, 20, 35, 5],
            )[0]
            precision = "month" if self.rnd.random() < 0.05 else "day"
            if precision == "month":
                date = date.replace(day=1)
            deadline = None
            if purpose == LiaisonPurpose.ACTION:
                deadline = date + dt.timedelta(days=self.rnd.choice([45, 60, 90, 120]))
            old = date < self.today - dt.timedelta(days=365)
            if not outgoing:
                settled = [LiaisonStatus.ANSWERED, LiaisonStatus.NO_REPLY_NEEDED]
                status = self.rnd.choices(settled, [40, 60])[0] if old else LiaisonStatus.RECEIVED
            elif old:
                status = LiaisonStatus.SENT
            else:
                status = self.rnd.choices(
                    [LiaisonStatus.DRAFT, LiaisonStatus.APPROVED, LiaisonStatus.SENT], [10, 20, 70]
                )[0]
            senders = [meeting.groups[0].id] if outgoing else []
            if self.rnd.random() < 0.08:
                recipients, to_all = [], True
            else:
                recipients = [g.id for g in self.rnd.sample(pool, min(len(pool), 2))]
                to_all = False
            approving = meeting if outgoing and self.rnd.random() < 0.5 else None
            action = None
            if approving is not None and approving.actions and self.rnd.random() < 0.3:
                action = self.rnd.choice(approving.actions)
            related_groups = [self.rnd.choice(pool).id] if self.rnd.random() < 0.2 else []
            period_deliverables = self.deliverables_by_period.get(meeting.period.start, [])
            related = (
                self.rnd.sample(period_deliverables, min(len(period_deliverables), 2))
                if period_deliverables and self.rnd.random() < 0.3
                else []
            )
            links.append(
                {
                    "from_groups": senders,
                    "to_groups": recipients,
                    "related_groups": related_groups,
                    "related_deliverables": related,
                }
            )
            return LiaisonStatement(
                code=code,
                document_id=document[0] if document else None,
                reference=reference,
                title="" if self.rnd.random() < 0.03 else f"LS on {self.title().lower()}",
                direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
                from_note="" if outgoing else self.rnd.choice(EXTERNAL_BODIES),
                to_all_study_groups=to_all,
                purpose=purpose,
                date=date,
                date_precision=precision,
                reply_deadline=deadline,
                status=status,
                approved_at_id=approving.id if approving else None,
                approved_by_action_id=action,
                contact_id=self.rnd.choice(self.people) if self.rnd.random() < 0.6 else None,
                replies_to_id=reply_to,
                summary=self.summary("liaison statement", (2, 4)),
            )

        for _ in range(total - replies):
            meeting = self.rnd.choice(held)
            originals.append(statement(meeting, min(meeting.end, self.today)))
        created = self.bulk(LiaisonStatement, originals)
        answers = []
        for _ in range(replies):
            index = self.rnd.randrange(len(created))
            original, meeting = created[index], None
            day = min(self.today, original.date + dt.timedelta(days=self.rnd.randint(20, 200)))
            meeting = next(
                (m for m in self.rnd.sample(held, min(len(held), 8)) if m.start <= day), held[0]
            )
            answer = statement(meeting, day, reply_to=original.pk)
            answers.append(answer)
        created += self.bulk(LiaisonStatement, answers)
        for name in ("from_groups", "to_groups", "related_groups", "related_deliverables"):
            self.link(
                LiaisonStatement,
                name,
                (
                    (s.pk, target)
                    for s, row in zip(created, links, strict=True)
                    for target in row[name]
                ),
            )

    def make_work_items(self) -> None:
        make_work_items(self)

    def make_followers(self) -> None:
        User = get_user_model()
        taken = set(
            User.objects.filter(username__startswith="scale-").values_list("username", flat=True)
        )
        users = []
        for n in range(self.want["users"]):
            username = f"scale-{n + 1:05d}"
            if username in taken:
                continue
            users.append(
                User(
                    username=username,
                    email=f"{username}@example.org",
                    password=UNUSABLE_PASSWORD_PREFIX + username,
                )
            )
        users = self.bulk(User, users)
        # Each user is one of the generated people (their login, for subscriptions).
        people = Person.objects.filter(pk__in=self.people[: len(users)], user__isnull=True)
        people = sorted(people, key=lambda person: person.pk)
        for person, user in zip(people, users, strict=False):  # fewer people than users: fine
            person.user_id = user.pk
        Person.objects.bulk_update(people, ["user"], batch_size=self.batch_size)

        current = [g for g in self.groups if g.period == self.current]
        upcoming = [m for m in self.meetings if m.start >= self.today] or self.meetings
        deliverables = self.deliverables_by_period.get(self.current.start) or [
            pk for pk, _ in self.deliverables
        ]
        rows, seen = [], set()
        while len(rows) < self.want["subscriptions"] and users:
            user = users[len(rows) % len(users)]
            roll = self.rnd.random()
            if roll < 0.4:
                target = ("group", self.rnd.choice(current).id)
            elif roll < 0.7:
                target = ("meeting", self.rnd.choice(upcoming).id)
            else:
                target = ("deliverable", self.rnd.choice(deliverables))
            if (user.pk, target) in seen:
                if len(seen) >= len(users) * (len(current) + len(upcoming) + len(deliverables)):
                    break
                continue
            seen.add((user.pk, target))
            rows.append(Subscription(user_id=user.pk, **{f"{target[0]}_id": target[1]}))
        self.bulk(Subscription, rows)


def generate(
    scale: float,
    seed: int = 1,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Add a synthetic work programme of `scale` (1 = ITU-T's size) in one transaction, then
    VACUUM ANALYZE, as after any bulk load: the planner's statistics, and the visibility map
    that index-only scans need (without it the first pages read hundreds of thousands of rows'
    heap pages until autovacuum comes by). Returns how many rows of each kind it wrote."""
    generator = Generator(scale, seed=seed, today=today, batch_size=batch_size, log=log)
    with transaction.atomic():
        counts = generator.run()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return counts


def table_counts(models_: Sequence[type[models.Model]] | None = None) -> dict[str, int]:
    """Rows per table of the work programme (generated and demo data together)."""
    chosen = models_ or [
        Group,
        Person,
        Role,
        Deliverable,
        Distribution,
        Meeting,
        Session,
        Document,
        ActionItem,
        LiaisonStatement,
        Subscription,
        WorkItem,
        WorkItemEvent,
        WorkItemEditor,
    ]
    counts = {model._meta.db_table: model.objects.count() for model in chosen}
    for model, name in [
        (Meeting, "groups"),
        (ActionItem, "concerned_groups"),
        (ActionItem, "documents"),
        (ActionItem, "deliverables"),
        (LiaisonStatement, "from_groups"),
        (LiaisonStatement, "to_groups"),
        (WorkItem, "questions"),
    ]:
        through = model._meta.get_field(name).remote_field.through
        counts[through._meta.db_table] = through.objects.count()
    return counts
