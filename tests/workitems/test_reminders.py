"""Reminders about work items, swept without Celery: a last call ending and a timing passing
(to the editors and the Question's rapporteurs, at the lead times), and an item late (on its
first late day, then weekly); each sent once (the reminder log)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deliverables.models import RoleKind
from reminders.models import ReminderLog
from reminders.sweep import plan, sweep
from tests.deliverables.factories import PersonFactory, RoleFactory, StudyGroupFactory
from tests.workitems.factories import (
    EditorFactory,
    QuestionFactory,
    WorkItemEventFactory,
    WorkItemFactory,
)
from workitems.models import ApprovalTrack, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    settings.SITE_URL = "https://tracker.example.org"
    settings.SECRETARIAT_EMAILS = ["secretariat@example.org"]
    settings.REMINDER_TIME_ZONE = "Europe/Zurich"
    settings.REMINDER_LEAD_DAYS = [14, 7, 1]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 7


@pytest.fixture
def people():
    return {
        "editor": PersonFactory(slug="eve", name="Eve Editor", email="eve@example.org"),
        "former": PersonFactory(slug="fred", name="Fred Former", email="fred@example.org"),
        "rapporteur": PersonFactory(slug="ada", name="Ada Rapporteur", email="ada@example.org"),
    }


@pytest.fixture
def in_last_call(people):
    """Q.TSCA, announced for last call on 5 June 2026: it ends on 3 July 2026."""
    sg17 = StudyGroupFactory(code="SG17")
    q1 = QuestionFactory(parent=sg17, code="Q1-17")
    RoleFactory(group=q1, person=people["rapporteur"], role=RoleKind.RAPPORTEUR)
    item = WorkItemFactory(
        identifier="Q.TSCA",
        study_group=sg17,
        questions=[q1],
        approval_track=ApprovalTrack.AAP,
        timing=dt.date(2026, 5, 1),
    )
    WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 9, 12))
    WorkItemEventFactory(work_item=item, stage=Stage.CONSENTED, date=dt.date(2026, 5, 29))
    WorkItemEventFactory(work_item=item, stage=Stage.LAST_CALL, date=dt.date(2026, 6, 5))
    EditorFactory(work_item=item, person=people["editor"], starts_on=dt.date(2025, 9, 12))
    EditorFactory(
        work_item=item,
        person=people["former"],
        starts_on=dt.date(2025, 9, 12),
        ends_on=dt.date(2026, 1, 1),
    )
    return item


def kinds(day: dt.date) -> list[tuple[str, str, int]]:
    reminders, _ = plan(day)
    return [
        (r.kind, r.item.identifier, r.lead_days)
        for r in reminders
        if r.kind.startswith("work-item")
    ]


def test_last_call_ending_reminds_the_editors_and_rapporteurs_once(in_last_call):
    day = dt.date(2026, 6, 19)  # 14 days before 3 July
    assert ("work-item-last-call", "Q.TSCA", 14) in kinds(day)
    result = sweep(day)
    assert result.sent >= 2
    to = " ".join(address for message in mail.outbox for address in message.to)
    assert "eve@example.org" in to
    assert "ada@example.org" in to
    assert "fred@example.org" not in to  # no longer an editor
    body = next(m for m in mail.outbox if "eve@example.org" in " ".join(m.to)).body
    assert "Last call ends" in body
    assert "Q.TSCA" in body
    # The same day again: nothing new.
    mail.outbox = []
    sweep(day)
    assert mail.outbox == []
    assert ReminderLog.objects.filter(item_key__startswith="work-item-last-call").exists()


def test_last_call_reminder_at_each_lead_time_and_none_after_it_ends(in_last_call):
    assert ("work-item-last-call", "Q.TSCA", 7) in kinds(dt.date(2026, 6, 26))
    assert ("work-item-last-call", "Q.TSCA", 1) in kinds(dt.date(2026, 7, 2))
    assert not [k for k in kinds(dt.date(2026, 7, 3)) if k[0] == "work-item-last-call"]
    assert not [k for k in kinds(dt.date(2026, 6, 5)) if k[0] == "work-item-last-call"]


def test_timing_passing_and_late_reminders(people):
    sg17 = StudyGroupFactory(code="SG17")
    item = WorkItemFactory(identifier="X.1234", study_group=sg17, timing=dt.date(2026, 9, 1))
    WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 9, 12))
    EditorFactory(work_item=item, person=people["editor"])
    # The timing, September 2026, ends on 30 September: 14, 7 and 1 days before.
    assert ("work-item-timing", "X.1234", 14) in kinds(dt.date(2026, 9, 16))
    assert ("work-item-timing", "X.1234", 1) in kinds(dt.date(2026, 9, 29))
    assert not [k for k in kinds(dt.date(2026, 9, 10)) if k[1] == "X.1234"]
    # Late from 1 October: that day, then every seven days, and not in between.
    assert ("work-item-late", "X.1234", 0) in kinds(dt.date(2026, 10, 1))
    assert not [k for k in kinds(dt.date(2026, 10, 4)) if k[0] == "work-item-late"]
    assert ("work-item-late", "X.1234", -7) in kinds(dt.date(2026, 10, 8))
    assert ("work-item-late", "X.1234", -364) in kinds(dt.date(2027, 9, 30))
    # Once consented it is no longer late.
    item.approval_track = ApprovalTrack.AAP
    item.save()
    WorkItemEventFactory(work_item=item, stage=Stage.CONSENTED, date=dt.date(2026, 10, 9))
    assert not [k for k in kinds(dt.date(2026, 10, 15)) if k[1] == "X.1234"]


def test_sweep_queries_do_not_grow_with_late_items(people):
    sg17 = StudyGroupFactory(code="SG17")

    def add(n: int) -> None:
        for _ in range(n):
            item = WorkItemFactory(study_group=sg17, timing=dt.date(2026, 9, 1))
            WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 9, 12))
            EditorFactory(work_item=item)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            plan(dt.date(2026, 10, 8))
        return len(captured)

    add(2)
    few = count()
    add(20)
    assert count() == few
