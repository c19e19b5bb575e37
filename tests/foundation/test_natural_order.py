"""Codes sort as people read them (SG2 < SG3 < SG11 < SG20), in the database's ORDER BY."""

import datetime as dt
import functools
import random
import sqlite3

import pytest
from django.urls import reverse

from core.fields import NATURAL_SORT, natural_sort_compare
from deliverables.models import Deliverable, Group
from liaisons.models import LiaisonStatement
from meetings.models import ActionItem, Document, Meeting
from tests.deliverables.factories import DeliverableFactory, GroupFactory, StudyGroupFactory
from tests.liaisons.factories import ReferenceOnlyStatementFactory
from tests.meetings.factories import ActionItemFactory, DocumentFactory, MeetingFactory

STUDY_GROUPS = ["SG2", "SG3", "SG11", "SG20"]
FOCUS_GROUP_OUTPUTS = ["FGMV-2", "FGMV-09", "FGMV-10", "FGMV-22"]
DOCUMENTS = ["TD2", "TD10", "TD99", "TD480"]


def shuffled(codes: list[str]) -> list[str]:
    return random.Random(17).sample(codes, len(codes))


@pytest.mark.django_db
def test_groups_deliverables_documents_and_actions_sort_naturally_in_sql():
    for code in shuffled(STUDY_GROUPS):
        StudyGroupFactory(code=code)
    for code in shuffled(FOCUS_GROUP_OUTPUTS):
        DeliverableFactory(code=code)
    for code in shuffled(DOCUMENTS):
        DocumentFactory(number=code)
    meeting = MeetingFactory()
    for code in shuffled(["WP2-1", "WP2-2", "WP2-10"]):
        ActionItemFactory(meeting=meeting, code=code, position=0)

    assert list(Group.objects.filter(kind="study_group").values_list("code", flat=True)) == (
        STUDY_GROUPS
    )
    assert list(Deliverable.objects.values_list("code", flat=True)) == FOCUS_GROUP_OUTPUTS
    assert list(Document.objects.values_list("number", flat=True)) == DOCUMENTS
    assert list(ActionItem.objects.values_list("code", flat=True)) == ["WP2-1", "WP2-2", "WP2-10"]


@pytest.mark.django_db
def test_meeting_and_statement_codes_sort_naturally_too():
    when = dt.datetime(2024, 1, 22, 9)
    for code in shuffled(["sg2-2024", "sg11-2024", "sg3-2024"]):
        MeetingFactory(code=code, local_start=when)
    for code in shuffled(["ls-2", "ls-10", "ls-1"]):
        ReferenceOnlyStatementFactory(code=code, reference=code.upper(), date=None)

    assert list(Meeting.objects.values_list("code", flat=True)) == [
        "sg2-2024",
        "sg3-2024",
        "sg11-2024",
    ]
    assert list(LiaisonStatement.objects.values_list("code", flat=True)) == [
        "ls-1",
        "ls-2",
        "ls-10",
    ]


@pytest.mark.django_db
def test_the_group_list_and_its_api_page_in_natural_order(client, api_client):
    for code in shuffled(STUDY_GROUPS):
        StudyGroupFactory(code=code)

    page = client.get(reverse("deliverables:group-list"))
    text = page.content.decode()
    assert [text.index(f">{code}<") for code in STUDY_GROUPS] == sorted(
        text.index(f">{code}<") for code in STUDY_GROUPS
    )
    api = api_client.get(reverse("group-list"), {"kind": "study_group", "page_size": 2})
    assert [row["code"] for row in api.json()["results"]] == ["SG2", "SG3"]


@pytest.mark.django_db
def test_codes_that_differ_only_by_leading_zeros_or_case_stay_distinct():
    """The collation is deterministic: equal only when identical, so unique codes stay unique."""
    GroupFactory(code="SG2")
    GroupFactory(code="SG02")
    assert Group.objects.filter(code="SG2").count() == 1
    assert Group.objects.filter(code__iexact="sg02").get().code == "SG02"


def test_the_sqlite_stand_in_orders_like_the_icu_collation():
    codes = ["SG20", "sg3", "SG11", "SG2", "FGMV-10", "FGMV-2", "TD480-R1", "TD480", "RG-IEM"]
    expected = ["FGMV-2", "FGMV-10", "RG-IEM", "SG2", "sg3", "SG11", "SG20", "TD480", "TD480-R1"]
    assert sorted(codes, key=functools.cmp_to_key(natural_sort_compare)) == expected

    db = sqlite3.connect(":memory:")
    db.create_collation(NATURAL_SORT, natural_sort_compare)
    db.execute(f"CREATE TABLE t (code varchar(20) COLLATE {NATURAL_SORT} UNIQUE)")
    db.executemany("INSERT INTO t VALUES (?)", [(code,) for code in [*codes, "SG02"]])
    ordered = [row[0] for row in db.execute("SELECT code FROM t ORDER BY code")]
    assert ordered == [*expected[:3], "SG02", *expected[3:]]
