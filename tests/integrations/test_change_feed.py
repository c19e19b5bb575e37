"""The change feed: every created, updated and deleted record, in order, resumable from a
cursor without a gap or a repeat."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deliverables.models import Person
from integrations.kinds import api_kinds
from tests.deliverables.factories import (
    DeliverableFactory,
    GroupFactory,
    PersonFactory,
    RoleFactory,
)
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, DocumentFactory, MeetingFactory
from tests.workitems.factories import WorkItemFactory

pytestmark = pytest.mark.django_db
FEED = "/api/v1/changes/"


def read_all(client, since=None, page_size=2):
    """Every change after `since`, page by page as a tool reads it; the last cursor."""
    seen, cursor = [], since
    while True:
        params = {"page_size": page_size, **({"since": cursor} if cursor else {})}
        page = client.get(FEED, params).json()
        seen += page["results"]
        cursor = page["cursor"]
        if not page["more"]:
            return seen, cursor


def test_the_api_kinds_are_the_public_routes_with_history():
    kinds = api_kinds()
    assert {"deliverables", "groups", "people", "meetings", "liaisons", "action-items"} <= set(
        kinds
    )
    assert "subscriptions" not in kinds  # each user's own, not published


def test_every_kind_of_the_api_is_in_the_feed_and_links_to_its_record(api_client):
    GroupFactory()
    PersonFactory()
    RoleFactory()
    DeliverableFactory()
    MeetingFactory()
    DocumentFactory(revision=2)
    ActionItemFactory()
    LiaisonStatementFactory()
    WorkItemFactory()
    changes, _ = read_all(api_client, page_size=200)
    assert {c["kind"] for c in changes} == set(api_kinds())
    for change in changes:
        response = api_client.get(change["link"])
        assert response.status_code == 200, change


def test_created_updated_and_deleted_records_are_listed_in_order_with_who_and_link(
    secretariat_client, secretariat_user, api_client
):
    Person.objects.create(slug="ada", name="Ada Lovelace", user=secretariat_user)
    group = GroupFactory(code="SG77")
    secretariat_client.patch("/api/v1/groups/SG77/", {"name": "Renamed"}, format="json")
    assert secretariat_client.delete("/api/v1/groups/SG77/").status_code == 204

    changes, _ = read_all(api_client, page_size=50)
    mine = [c for c in changes if c["kind"] == "groups"]
    assert [(c["code"], c["change"]) for c in mine] == [
        ("SG77", "created"),
        ("SG77", "updated"),
        ("SG77", "deleted"),
    ]
    assert mine[0]["who"] is None  # the factory, outside a request
    assert mine[1]["who"] == "Ada Lovelace"  # the person, never the e-mail address
    assert mine[1]["link"] == "http://testserver" + reverse(
        "group-detail", kwargs={"code": group.code}
    )
    assert all("@" not in (c["who"] or "") for c in changes)


def test_a_tool_resuming_from_its_cursor_gets_every_later_change_once(api_client):
    DeliverableFactory.create_batch(3)
    first, cursor = read_all(api_client)
    assert len(first) >= 3

    MeetingFactory()
    DeliverableFactory.create_batch(2)
    later, cursor_after = read_all(api_client, since=cursor)
    again, _ = read_all(api_client, since=cursor_after)

    everything, _ = read_all(api_client, page_size=200)
    keys = [c["cursor"] for c in first + later]
    assert keys == [c["cursor"] for c in everything]  # no gap, no duplicate, same order
    assert len(set(keys)) == len(keys)
    assert {c["kind"] for c in later} >= {"meetings", "deliverables"}
    assert again == []


def test_an_empty_page_keeps_the_cursor_given(api_client):
    DeliverableFactory()
    _, cursor = read_all(api_client)
    page = api_client.get(FEED, {"since": cursor}).json()
    assert page == {"results": [], "cursor": cursor, "more": False, "next": None}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "not-a-cursor"}, "since"),
        ({"since": "a b"}, "since"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "201"}, "page_size"),
        ({"sinse": "x"}, "sinse"),
    ],
)
def test_a_bad_cursor_or_page_size_is_a_400_naming_it(api_client, params, field):
    response = api_client.get(FEED, params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_page_of_changes_runs_the_same_queries_at_few_and_many_rows(api_client):
    DeliverableFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        assert api_client.get(FEED, {"page_size": 200}).status_code == 200
    DeliverableFactory.create_batch(40)
    with CaptureQueriesContext(connection) as many:
        page = api_client.get(FEED, {"page_size": 200}).json()
    assert len(page["results"]) > 40
    assert len(many) == len(few)


def test_the_change_feed_is_in_the_openapi_schema(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/changes/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"since", "page_size"} <= names
    assert {"200", "400"} <= set(operation["responses"])


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_after_a_later_one_is_not_skipped(api_client):
    """A slow transaction (begun first, committed last) next to a quick one: the quick one's
    change is held back until the slow one ends, so a cursor taken in between skips nothing."""
    import threading
    import time

    from django.db import transaction

    slow_wrote, quick_done, release = threading.Event(), threading.Event(), threading.Event()

    def slow():
        try:
            with transaction.atomic():
                GroupFactory(code="SG81")
                slow_wrote.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=slow)
    thread.start()
    try:
        assert slow_wrote.wait(30)
        GroupFactory(code="SG82")  # committed at once, while SG81's transaction is open
        quick_done.set()
        between, cursor = read_all(api_client, page_size=50)
        assert [c["code"] for c in between] == []  # SG82 waits for the older transaction
    finally:
        release.set()
        thread.join(30)
    # Once no older transaction runs: transactions of other databases on the same server (the
    # other test workers') hold the feed back too, for as long as their current test lasts.
    deadline = time.monotonic() + 60
    after = []
    while not after and time.monotonic() < deadline:
        after, _ = read_all(api_client, since=cursor, page_size=50)
        time.sleep(0.2)
    assert [c["code"] for c in after] == ["SG81", "SG82"]
