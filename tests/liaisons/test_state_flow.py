"""One state flow per direction — outgoing draft → approved → sent, incoming received → answered
or no reply needed — moved by a decision through LiaisonStatement.move_to, the same in the model,
the API and the admin; the database refuses a status of the other direction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from liaisons.models import TRANSITIONS, LiaisonStatement, LiaisonStatus
from tests.liaisons.factories import LiaisonStatementFactory
from tests.liaisons.test_admin import statement_form

pytestmark = pytest.mark.django_db

ALLOWED = [
    ("outgoing", "draft", "approved"),
    ("outgoing", "approved", "sent"),
    ("incoming", "received", "answered"),
    ("incoming", "received", "no_reply_needed"),
]
REFUSED = [
    (direction, start, end)
    for direction, states in TRANSITIONS.items()
    for start in states
    for end in LiaisonStatus.values
    if (direction, start, end) not in ALLOWED
]


def statement(direction: str, status: str) -> LiaisonStatement:
    return LiaisonStatementFactory(direction=direction, status=status)


def test_the_flow_table_is_the_one_described():
    assert {(d, s, e) for d, states in TRANSITIONS.items() for s, ends in states.items() for e in ends} == set(ALLOWED)  # fmt: skip


@pytest.mark.parametrize(("direction", "start", "end"), ALLOWED)
def test_an_allowed_move_records_its_decision_and_day(direction, start, end):
    moved = statement(direction, start)

    moved.move_to(end, "Action WP2-9", dt.date(2024, 1, 26))

    moved.refresh_from_db()
    assert (moved.status, moved.status_decision, moved.status_changed_on) == (
        end,
        "Action WP2-9",
        dt.date(2024, 1, 26),
    )
    assert moved.history.first().status == end


@pytest.mark.parametrize(("direction", "start", "end"), REFUSED)
def test_a_move_the_flow_does_not_allow_is_refused_on_status(direction, start, end):
    kept = statement(direction, start)

    with pytest.raises(ValidationError) as refused:
        kept.move_to(end, "Some decision")

    assert "status" in refused.value.message_dict
    kept.refresh_from_db()
    assert kept.status == start


def test_a_move_without_a_decision_is_refused():
    draft = statement("outgoing", "draft")

    with pytest.raises(ValidationError) as refused:
        draft.move_to("approved", "  ")

    assert refused.value.message_dict == {
        "status_decision": ["Say which decision moves it (e.g. action WP2-9)."]
    }


def test_the_refusal_names_the_statuses_it_can_move_to():
    received = statement("incoming", "received")

    with pytest.raises(ValidationError) as refused:
        received.move_to("sent", "x")

    assert refused.value.message_dict["status"] == [
        "An incoming statement that is received cannot become sent; it can become answered "
        "or no reply needed."
    ]


def test_the_database_refuses_a_status_of_the_other_direction():
    with pytest.raises(IntegrityError), transaction.atomic():
        LiaisonStatementFactory(direction="incoming", status="draft")


def test_a_new_statement_starts_where_its_direction_starts():
    assert LiaisonStatement.initial_status("incoming") == "received"
    assert LiaisonStatement.initial_status("outgoing") == "draft"


# --- API ---------------------------------------------------------------------------------------


def test_api_creates_an_incoming_statement_as_received(secretariat_client):
    response = secretariat_client.post(
        "/api/v1/liaisons/",
        {"reference": "SG5-LS1", "direction": "incoming", "received_on": "2024-01-10"},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["status_display"]) == ("received", "Received")
    assert body["next_statuses"] == ["answered", "no_reply_needed"]
    assert (body["date"], body["received_on"]) == (None, "2024-01-10")


def test_api_moves_a_statement_with_its_decision(secretariat_client):
    approved = statement("outgoing", "approved")

    response = secretariat_client.patch(
        f"/api/v1/liaisons/{approved.code}/",
        {"status": "sent", "status_decision": "Sent by TSB", "status_changed_on": "2024-02-01"},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["status_decision"], body["status_changed_on"]) == (
        "sent",
        "Sent by TSB",
        "2024-02-01",
    )
    assert body["next_statuses"] == []


@pytest.mark.parametrize(
    ("start", "body", "field"),
    [
        ("draft", {"status": "sent", "status_decision": "x"}, "status"),
        ("sent", {"status": "draft", "status_decision": "x"}, "status"),
        ("draft", {"status": "approved"}, "status_decision"),
        ("draft", {"status": "received", "status_decision": "x"}, "status"),
    ],
)
def test_api_refuses_a_move_the_flow_does_not_allow(secretariat_client, start, body, field):
    kept = statement("outgoing", start)

    response = secretariat_client.patch(f"/api/v1/liaisons/{kept.code}/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    kept.refresh_from_db()
    assert kept.status == start


# --- admin -------------------------------------------------------------------------------------


def change_url(obj: LiaisonStatement) -> str:
    return reverse("admin:liaisons_liaisonstatement_change", args=[obj.pk])


def change_form(obj: LiaisonStatement, **overrides) -> dict:
    data = statement_form(
        code=obj.code,
        title=obj.title,
        direction=obj.direction,
        date=obj.date.isoformat(),
        reply_deadline="",
    )
    data.pop("status")
    data.update(overrides)
    return data


def test_admin_add_of_an_incoming_statement_starts_received(admin_client):
    response = admin_client.post(
        reverse("admin:liaisons_liaisonstatement_add"),
        statement_form(code="sg5-ls1", direction="incoming", status=""),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert LiaisonStatement.objects.get(code="sg5-ls1").status == "received"


def test_admin_change_page_offers_only_the_next_statuses(admin_client):
    received = statement("incoming", "received")

    form = admin_client.get(change_url(received)).context["adminform"].form

    assert [value for value, _ in form.fields["move_to"].choices] == [
        "",
        "answered",
        "no_reply_needed",
    ]
    assert "status" not in form.fields  # shown, not edited


def test_admin_moves_a_statement_with_its_decision(admin_client):
    received = statement("incoming", "received")

    response = admin_client.post(
        change_url(received),
        change_form(
            received, move_to="no_reply_needed", decision="For information", decided_on="2024-01-26"
        ),
    )

    assert response.status_code == 302
    received.refresh_from_db()
    assert (received.status, received.status_decision, received.status_changed_on) == (
        "no_reply_needed",
        "For information",
        dt.date(2024, 1, 26),
    )


@pytest.mark.parametrize(
    ("start", "overrides", "field"),
    [
        ("draft", {"move_to": "sent", "decision": "x"}, "move_to"),
        ("draft", {"move_to": "approved", "decision": ""}, "decision"),
    ],
)
def test_admin_refuses_a_move_the_flow_does_not_allow(admin_client, start, overrides, field):
    kept = statement("outgoing", start)

    response = admin_client.post(change_url(kept), change_form(kept, **overrides))

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    kept.refresh_from_db()
    assert kept.status == start
