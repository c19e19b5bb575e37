import datetime as dt

import pytest
from django.urls import reverse

from deliverables.models import GroupKind
from meetings.models import ActionItem, ActionStatus
from tests.api_contract import APIContract
from tests.deliverables.factories import DeliverableFactory, GroupFactory, PersonFactory
from tests.meetings.factories import ActionItemFactory, DocumentFactory, WholeDayMeetingFactory

pytestmark = pytest.mark.django_db


def action_url(item: ActionItem, suffix: str = "detail") -> str:
    return reverse(
        f"action-item-{suffix}", kwargs={"meeting": item.meeting.code, "code": item.code}
    )


class TestActionItemAPI(APIContract):
    basename = "action-item"
    model = ActionItem

    def detail_url(self, obj):
        return action_url(obj)

    def unknown_detail_url(self):
        meeting = WholeDayMeetingFactory(code="wp2-tsag-2024-01")
        return reverse("action-item-detail", kwargs={"meeting": meeting.code, "code": "WP2-999"})

    def make_rows(self, n):
        meeting = WholeDayMeetingFactory(code="wp2-tsag-2024-01", first_day=dt.date(2024, 1, 22))
        group = GroupFactory(code="FG-MV")
        tsag = GroupFactory(code="TSAG")
        person = PersonFactory(slug="gaelle-martin-cocher")
        document = DocumentFactory(number="TD480", revision=1)
        deliverables = DeliverableFactory.create_batch(2, owner=group)
        return ActionItemFactory.create_batch(
            n,
            meeting=meeting,
            group=group,
            responsible_group=tsag,
            responsible_person=person,
            concerned_groups=[group, tsag],
            documents=[document],
            deliverables=deliverables,
        )

    def create_payload(self):
        WholeDayMeetingFactory(code="wp2-tsag-2024-01", first_day=dt.date(2024, 1, 22))
        GroupFactory(code="FG-MV")
        GroupFactory(code="TSAG")
        DocumentFactory(number="TD480", revision=1)
        DeliverableFactory(code="FGMV-04")
        return {
            "meeting": "wp2-tsag-2024-01",
            "code": "WP2-99",
            "position": 99,
            "text": "Approve Liaison Statement on metaverse [to all ITU-T SGs] – TD480-R1",
            "group": "FG-MV",
            "responsible_group": "TSAG",
            "documents": ["TD480-R1"],
            "deliverables": ["FGMV-04"],
            "due_date": "2024-06-30",
        }

    def update_payload(self, obj):
        return {"text": "Reworded action", "due_date": "2024-07-01"}

    def invalid_payloads(self):
        valid = self.create_payload()
        # An action of that meeting already (make_rows made it; its code depends on the
        # factory's sequence, so it is read, not assumed).
        taken = ActionItem.objects.filter(meeting__code=valid["meeting"]).first()
        return [
            ("duplicate code in one meeting", {**valid, "code": taken.code}, "code"),
            ("unknown document number", {**valid, "documents": ["TD480-R1", "TD999"]}, "documents"),
            ("malformed document number", {**valid, "documents": ["480"]}, "documents"),
            ("unknown meeting", {**valid, "meeting": "no-such-meeting"}, "meeting"),
            ("unknown deliverable", {**valid, "deliverables": ["FGMV-99"]}, "deliverables"),
            (
                "unknown responsible person",
                {**valid, "responsible_person": "nobody"},
                "responsible_person",
            ),
            ("open with a closing date", {**valid, "closed_on": "2024-02-01"}, "closed_on"),
            ("unknown status", {**valid, "status": "pending"}, "status"),
        ]


def test_action_is_addressed_by_its_meeting_and_its_code(api_client):
    item = ActionItemFactory(
        code="RG-WP2-2", meeting=WholeDayMeetingFactory(code="wp2-tsag-2024-01")
    )
    response = api_client.get("/api/v1/action-items/wp2-tsag-2024-01/RG-WP2-2/")
    assert response.status_code == 200
    body = response.json()
    assert (body["meeting"]["code"], body["code"]) == ("wp2-tsag-2024-01", "RG-WP2-2")
    assert body["url"].endswith(action_url(item))
    assert api_client.get("/api/v1/action-items/other-meeting/RG-WP2-2/").status_code == 404


def test_same_code_at_two_meetings_are_two_actions(api_client):
    first = ActionItemFactory(code="WP2-1", text="First", meeting=WholeDayMeetingFactory(code="a"))
    second = ActionItemFactory(
        code="WP2-1", text="Second", meeting=WholeDayMeetingFactory(code="b")
    )
    assert api_client.get(action_url(first)).json()["text"] == "First"
    assert api_client.get(action_url(second)).json()["text"] == "Second"


def test_document_written_without_revision_links_the_latest_revision(secretariat_client):
    payload = TestActionItemAPI().create_payload()
    DocumentFactory(number="TD480", revision=0)
    response = secretariat_client.post(
        reverse("action-item-list"), {**payload, "documents": ["TD480"]}
    )
    assert response.status_code == 201, response.content
    assert [d["code"] for d in response.json()["documents"]] == ["TD480-R1"]


def test_refused_action_saves_nothing_not_even_its_links(secretariat_client):
    payload = TestActionItemAPI().create_payload()
    response = secretariat_client.post(
        reverse("action-item-list"), {**payload, "documents": ["TD999"]}
    )
    assert response.status_code == 400
    assert response.json()["documents"] == ["No document TD999 is known."]
    assert not ActionItem.objects.exists()
    assert not ActionItem.documents.through.objects.exists()


# --- closing -----------------------------------------------------------------------------


@pytest.fixture
def wp2_9():
    meeting = WholeDayMeetingFactory(code="wp2-tsag-2024-01", first_day=dt.date(2024, 1, 22))
    return ActionItemFactory(code="WP2-9", meeting=meeting)


def test_secretariat_closes_an_action_with_a_note_and_it_is_in_history(
    secretariat_client, secretariat_user, wp2_9
):
    response = secretariat_client.post(
        action_url(wp2_9, "close"),
        {"status": "done", "note": "Sent to all study groups.", "on": "2024-01-30"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["closing_note"], body["closed_on"]) == (
        "done",
        "Sent to all study groups.",
        "2024-01-30",
    )
    latest = wp2_9.history.first()
    assert (latest.status, latest.history_user) == ("done", secretariat_user)


def test_closing_defaults_to_today(secretariat_client, wp2_9):
    response = secretariat_client.post(action_url(wp2_9, "close"), {"status": "dropped"})
    assert response.status_code == 200, response.content
    wp2_9.refresh_from_db()
    assert wp2_9.status == "dropped"
    assert wp2_9.closed_on is not None


def test_closing_an_already_closed_action_is_a_400_and_changes_nothing(secretariat_client, wp2_9):
    wp2_9.close(ActionStatus.DONE, on=dt.date(2024, 2, 1))
    response = secretariat_client.post(action_url(wp2_9, "close"), {"status": "dropped"})
    assert response.status_code == 400
    assert "status" in response.json()
    wp2_9.refresh_from_db()
    assert (wp2_9.status, wp2_9.closed_on) == ("done", dt.date(2024, 2, 1))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"status": "open"}, "status"),
        ({}, "status"),
        ({"status": "done", "on": "yesterday"}, "on"),
        ({"status": "done", "on": "2023-12-31"}, "closed_on"),  # before the meeting
    ],
)
def test_bad_closing_is_a_400_per_field(secretariat_client, wp2_9, payload, field):
    response = secretariat_client.post(action_url(wp2_9, "close"), payload)
    assert response.status_code == 400
    assert field in response.json()
    wp2_9.refresh_from_db()
    assert wp2_9.status == "open"


def test_only_the_secretariat_may_close(api_client, delegate_client, wp2_9):
    url = action_url(wp2_9, "close")
    assert api_client.post(url, {"status": "done"}).status_code == 401
    assert delegate_client.post(url, {"status": "done"}).status_code == 403
    wp2_9.refresh_from_db()
    assert wp2_9.status == "open"


# --- filters -----------------------------------------------------------------------------


@pytest.fixture
def actions():
    meeting = WholeDayMeetingFactory(code="wp2-tsag-2024-01", first_day=dt.date(2024, 1, 22))
    later = WholeDayMeetingFactory(code="wp2-tsag-2024-06", first_day=dt.date(2024, 6, 3))
    tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
    iem, wpr = GroupFactory(code="RG-IEM"), GroupFactory(code="RG-WPR")
    said = PersonFactory(slug="ahmed-said")
    ActionItemFactory(
        code="WP2-1",
        position=1,
        meeting=meeting,
        group=iem,
        responsible_group=tsag,
        due_date=dt.date(2000, 1, 1),
    )
    ActionItemFactory(
        code="RG-WPR-2",
        position=2,
        meeting=meeting,
        group=wpr,
        responsible_person=said,
        due_date=dt.date(2999, 1, 1),
        concerned_groups=[tsag],
    )
    done = ActionItemFactory(
        code="WP2-3", position=3, meeting=meeting, group=wpr, due_date=dt.date(2000, 1, 1)
    )
    done.close(ActionStatus.DONE, on=dt.date(2024, 2, 1))
    ActionItemFactory(code="WP2-1", position=1, meeting=later, group=iem, responsible_group=iem)


def _keys(client, **params):
    response = client.get(reverse("action-item-list"), params)
    assert response.status_code == 200, response.content
    return [(row["meeting"]["code"][-2:], row["code"]) for row in response.json()["results"]]


def test_overdue_filter_and_field_are_derived(api_client, actions):
    assert _keys(api_client, overdue="true") == [("01", "WP2-1")]
    assert _keys(api_client, overdue="false") == [
        ("01", "RG-WPR-2"),
        ("01", "WP2-3"),
        ("06", "WP2-1"),
    ]
    rows = api_client.get(reverse("action-item-list")).json()["results"]
    assert [row["overdue"] for row in rows] == [True, False, False, False]


def test_status_group_meeting_and_due_before_filters(api_client, actions):
    assert _keys(api_client, status="done") == [("01", "WP2-3")]
    assert _keys(api_client, group="RG-WPR") == [("01", "RG-WPR-2"), ("01", "WP2-3")]
    assert _keys(api_client, meeting="wp2-tsag-2024-06") == [("06", "WP2-1")]
    assert _keys(api_client, due_before="2024-12-31") == [("01", "WP2-1"), ("01", "WP2-3")]
    assert _keys(api_client, concerning="TSAG") == [("01", "RG-WPR-2")]
    assert _keys(api_client, search="WPR-2") == [("01", "RG-WPR-2")]


def test_responsible_takes_a_group_code_or_a_person_slug(api_client, actions):
    assert _keys(api_client, responsible="TSAG") == [("01", "WP2-1")]
    assert _keys(api_client, responsible="ahmed-said") == [("01", "RG-WPR-2")]
    assert _keys(api_client, responsible="RG-IEM") == [("06", "WP2-1")]
    response = api_client.get(reverse("action-item-list"), {"responsible": "nobody"})
    assert response.status_code == 400
    assert "responsible" in response.json()
