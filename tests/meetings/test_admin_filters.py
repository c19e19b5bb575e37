"""The admin's filters and counts that stay the same size whatever the table's (issue 12): a code
typed in a box instead of a list of every related record, counts that stop at a cap, and the
attention page's bounded counts. The rule for every admin is in tests/test_admin_contract.py."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import core.admin
import core.pages
from tests.deliverables.factories import GroupFactory
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ACTIONS = reverse("admin:meetings_actionitem_changelist")
DOCUMENTS = reverse("admin:meetings_document_changelist")


def listed(response) -> list[str]:
    assert response.status_code == 200
    return sorted(str(obj.code) for obj in response.context["cl"].result_list)


def test_filtering_actions_by_a_group_code_narrows_the_list(admin_client):
    sg17, sg16 = GroupFactory(code="SG17"), GroupFactory(code="SG16")
    ActionItemFactory(code="A-1", group=sg17)
    ActionItemFactory(code="A-2", group=sg16)

    assert listed(admin_client.get(ACTIONS, {"group__code": "SG17"})) == ["A-1"]
    # As people type it: any case, spaces around.
    assert listed(admin_client.get(ACTIONS, {"group__code": " sg16 "})) == ["A-2"]
    assert listed(admin_client.get(ACTIONS)) == ["A-1", "A-2"]


def test_an_unknown_code_lists_nothing_and_says_why(admin_client):
    ActionItemFactory(code="A-1", group=GroupFactory(code="SG17"))

    response = admin_client.get(ACTIONS, {"group__code": "SG99<script>"})

    assert listed(response) == []
    text = response.content.decode()
    assert "No group has the code “SG99&lt;script&gt;”" in text
    assert "SG99<script>" not in text


def test_the_filter_box_keeps_the_other_parameters(admin_client):
    ActionItemFactory(code="A-1", group=GroupFactory(code="SG17"))

    text = admin_client.get(ACTIONS, {"status__exact": "open", "q": "thing"}).content.decode()

    assert 'name="group__code"' in text
    assert '<input type="hidden" name="status__exact" value="open">' in text
    assert '<input type="hidden" name="q" value="thing">' in text


def test_filtering_documents_by_a_meeting_code_and_actions_searched_by_meeting_code(admin_client):
    here, there = MeetingFactory(code="sg17-here"), MeetingFactory(code="sg16-there")
    DocumentFactory(number="TD1", meeting=here)
    DocumentFactory(number="TD2", meeting=there)
    ActionItemFactory(code="A-1", meeting=here)
    ActionItemFactory(code="A-2", meeting=there)

    response = admin_client.get(DOCUMENTS, {"meeting__code": "SG17-HERE"})
    assert [doc.number for doc in response.context["cl"].result_list] == ["TD1"]
    assert listed(admin_client.get(ACTIONS, {"q": "16-the"})) == ["A-2"]


def test_liaison_filters_take_a_group_code(admin_client):
    tsag, sg17 = GroupFactory(code="TSAG"), GroupFactory(code="SG17")
    LiaisonStatementFactory(code="ls-1", from_groups=[tsag], to_groups=[sg17])
    LiaisonStatementFactory(code="ls-2", from_groups=[sg17], to_groups=[tsag])
    url = reverse("admin:liaisons_liaisonstatement_changelist")

    assert listed(admin_client.get(url, {"from": "tsag"})) == ["ls-1"]
    assert listed(admin_client.get(url, {"to": "tsag"})) == ["ls-2"]
    assert listed(admin_client.get(url, {"to": "nobody"})) == []


def test_a_count_past_the_cap_says_more_than(admin_client, monkeypatch):
    monkeypatch.setattr(core.admin, "COUNT_CAP", 3)
    sg17 = GroupFactory(code="SG17")
    ActionItemFactory.create_batch(5, group=sg17)

    response = admin_client.get(ACTIONS, {"group__code": "SG17"})

    assert response.context["cl"].result_count == 3
    assert "more than 3 action items" in response.content.decode()


def test_an_unfiltered_big_table_is_not_counted(admin_client, monkeypatch):
    monkeypatch.setattr(core.admin, "COUNT_CAP", 3)
    DocumentFactory.create_batch(6)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_document")

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(DOCUMENTS)

    assert response.status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert not any('"meetings_document"' in sql for sql in counts), counts
    assert "about 6 documents" in response.content.decode()


def test_the_attention_page_caps_its_counts(client, secretariat_user, monkeypatch):
    monkeypatch.setattr(core.pages, "COUNT_CAP", 2)
    today = timezone.localdate()
    ActionItemFactory.create_batch(3, due_date=today - dt.timedelta(days=2))
    client.force_login(secretariat_user)

    response = client.get("/admin/")

    assert "Overdue action items (2+)" in response.content.decode()
    assert "All 2+ overdue actions" in response.content.decode()
