"""Each group's inbox: /api/v1/groups/<code>/inbox/."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from deliverables.models import GroupKind
from liaisons.api.views import GroupInboxView
from liaisons.models import LiaisonPurpose
from tests.deliverables.factories import GroupFactory, StudyGroupFactory
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def inbox(client, code: str, **params):
    return client.get(f"/api/v1/groups/{code}/inbox/", params)


def labels(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["label"] for row in response.json()["results"]]


@pytest.fixture
def td315():
    """The outgoing statements of TD315, with their addressees."""
    tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
    sg = {
        code: StudyGroupFactory(code=code)
        for code in ("SG2", "SG5", "SG9", "SG11", "SG12", "SG16", "SG17")
    }

    def make(number, revision=0, **kwargs):
        return LiaisonStatementFactory(
            document=DocumentFactory(number=number, revision=revision), from_groups=[tsag], **kwargs
        )

    make("TD474", to_groups=[sg["SG5"]])
    make("TD475", 1, to_groups=[sg["SG2"], sg["SG11"], sg["SG17"]])
    make("TD480", 1, to_all_study_groups=True)
    make("TD484", 1, to_groups=[sg["SG9"], sg["SG16"]])
    make("TD485", to_all_study_groups=True)
    return sg


def test_sg17_inbox_lists_statements_sent_to_it_and_to_all_study_groups(api_client, td315):
    assert sorted(labels(inbox(api_client, "SG17"))) == ["TD475-R1", "TD480-R1", "TD485"]


def test_sg12_inbox_lists_statements_sent_to_all_study_groups(api_client, td315):
    assert sorted(labels(inbox(api_client, "SG12"))) == ["TD480-R1", "TD485"]


def test_tsag_inbox_does_not_get_what_goes_to_all_study_groups(api_client, td315):
    assert labels(inbox(api_client, "TSAG")) == []


def test_inbox_says_how_the_group_was_addressed(api_client, td315):
    rows = {row["label"]: row for row in inbox(api_client, "SG17").json()["results"]}

    assert rows["TD475-R1"]["addressed_as"] == "directly"
    assert rows["TD480-R1"]["addressed_as"] == "all study groups"


def test_inbox_shows_what_is_asked_and_by_when(api_client):
    sg17 = StudyGroupFactory(code="SG17")
    LiaisonStatementFactory(
        code="ask",
        to_groups=[sg17],
        purpose=LiaisonPurpose.ACTION,
        summary="Please comment on the draft by April.",
        reply_deadline=dt.date(2024, 4, 30),
    )

    row = inbox(api_client, "SG17").json()["results"][0]

    assert row["purpose"] == "action"
    assert row["purpose_display"] == "For action"
    assert row["summary"] == "Please comment on the draft by April."
    assert row["reply_deadline"] == "2024-04-30"
    assert row["awaiting_reply"] is True
    assert row["url"].endswith("/api/v1/liaisons/ask/")


def test_inbox_lists_the_soonest_deadline_first_and_no_deadline_last(api_client):
    sg17 = StudyGroupFactory(code="SG17")
    for code, deadline in [("none", None), ("june", (6, 30)), ("april", (4, 30)), ("may", (5, 1))]:
        LiaisonStatementFactory(
            code=code,
            to_groups=[sg17],
            reply_deadline=dt.date(2024, *deadline) if deadline else None,
        )

    response = inbox(api_client, "SG17")

    assert [row["code"] for row in response.json()["results"]] == ["april", "may", "june", "none"]


def test_inbox_is_paginated_like_other_lists(api_client, td315):
    body = inbox(api_client, "SG17", page_size=2).json()

    assert set(body) >= {"count", "next", "previous", "results"}
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert inbox(api_client, "SG17", page_size=0).status_code == 400


def test_inbox_takes_the_list_filters(api_client):
    sg17 = StudyGroupFactory(code="SG17")
    LiaisonStatementFactory(code="waiting", awaiting=True, to_groups=[sg17])
    LiaisonStatementFactory(code="info", to_groups=[sg17])

    response = inbox(api_client, "SG17", awaiting_reply="true")

    assert [row["code"] for row in response.json()["results"]] == ["waiting"]


def test_inbox_of_an_unknown_group_is_404(api_client):
    assert inbox(api_client, "SG99").status_code == 404


def test_inbox_is_not_shadowed_by_the_group_routes(api_client):
    StudyGroupFactory(code="SG17")

    assert resolve("/api/v1/groups/SG17/inbox/").func.view_class is GroupInboxView
    assert reverse("group-inbox", kwargs={"code": "SG17"}) == "/api/v1/groups/SG17/inbox/"
    assert api_client.get("/api/v1/groups/SG17/").json()["code"] == "SG17"
    assert inbox(api_client, "SG17").status_code == 200


def test_inbox_group_code_with_dots_and_hyphens(api_client):
    GroupFactory(code="RG-WPR")

    assert inbox(api_client, "RG-WPR").status_code == 200


def test_inbox_runs_the_same_queries_at_3_and_60_statements(api_client):
    sg17 = StudyGroupFactory(code="SG17")
    tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)

    def send(count):
        for n in range(count):
            original = LiaisonStatementFactory(
                to_groups=[sg17] if n % 2 else [],
                to_all_study_groups=not n % 2,
                from_groups=[tsag],
                awaiting=True,
            )
            if n % 3 == 0:
                LiaisonStatementFactory(replies_to=original)

    counts = {}
    for count in (3, 57):
        send(count)
        with CaptureQueriesContext(connection) as queries:
            response = inbox(api_client, "SG17", page_size=200)
        counts[len(response.json()["results"])] = len(queries.captured_queries)

    assert sorted(counts) == [3, 60]
    assert counts[3] == counts[60]


def test_an_inbox_awaits_only_its_own_groups_reply(api_client):
    sg11, sg17 = StudyGroupFactory(code="SG11"), StudyGroupFactory(code="SG17")
    statement = LiaisonStatementFactory(code="ls-1", awaiting=True, to_groups=[sg11, sg17])
    LiaisonStatementFactory(incoming=True, from_groups=[sg17], replies_to=statement)

    def awaiting(group: str) -> bool:
        rows = api_client.get(f"/api/v1/groups/{group}/inbox/").json()["results"]
        return next(row for row in rows if row["code"] == "ls-1")["awaiting_reply"]

    assert awaiting("SG11") is True
    assert awaiting("SG17") is False
