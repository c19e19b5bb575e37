"""The write rules of liaison statements live in the model; the admin and the API only call them.

Each rule is tested on its own (no HTTP), then through both interfaces: the same message on the
same field, and nothing saved when it is refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaisons.models import Direction, LiaisonStatement
from tests.meetings.factories import ActionItemFactory, DocumentFactory, WholeDayMeetingFactory

pytestmark = pytest.mark.django_db

NAMELESS = "Give a code, a document or a reference to name the statement."
ADD = reverse("admin:liaisons_liaisonstatement_add")
API_LIST = reverse("liaison-statement-list")


def statement_form(**overrides) -> dict:
    """The admin's add form, as posted, with no inline rows."""
    data = {
        "code": "",
        "document": "",
        "reference": "",
        "title": "Liaison Statement on metaverse",
        "direction": "outgoing",
        "status": "approved",
        "from_note": "",
        "purpose": "action",
        "summary": "Please consider the allocation.",
        "date": "2024-01-26",
        "date_precision": "day",
        "reply_deadline": "2024-04-30",
        "approved_at": "",
        "approved_by_action": "",
        "contact": "",
        "replies_to": "",
    }
    for prefix in ("attachments", "replies"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return {**data, **overrides}


def api_payload(**overrides) -> dict:
    return {
        "title": "Liaison Statement on metaverse",
        "direction": "outgoing",
        "status": "approved",
        "purpose": "action",
        "date": "2024-01-26",
        "reply_deadline": "2024-04-30",
        **overrides,
    }


# --- the statement's code, derived when none is given ---------------------------------------


def test_code_is_taken_from_the_document_else_the_reference():
    td480 = DocumentFactory(number="TD480", revision=1)
    assert LiaisonStatement.code_for(td480, "") == "td480-r1"
    assert LiaisonStatement.code_for(None, "TSAG-LS14R1") == "tsag-ls14r1"
    assert LiaisonStatement.code_for(td480, "TSAG-LS14R1") == "td480-r1"


def test_a_statement_with_nothing_to_name_it_by_is_refused_on_its_code():
    with pytest.raises(ValidationError) as refused:
        LiaisonStatement.code_for(None, "")
    assert refused.value.message_dict == {"code": [NAMELESS]}


def test_admin_and_api_derive_the_same_code_from_the_document(admin_client, secretariat_client):
    td480 = DocumentFactory(number="TD480", revision=1)
    response = admin_client.post(ADD, statement_form(document=str(td480.pk)))
    assert response.status_code == 302
    assert LiaisonStatement.objects.get().code == "td480-r1"

    LiaisonStatement.objects.all().delete()
    response = secretariat_client.post(API_LIST, api_payload(document="TD480-R1"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "td480-r1"


def test_admin_and_api_refuse_a_nameless_statement_on_its_code_and_save_nothing(
    admin_client, secretariat_client
):
    response = admin_client.post(ADD, statement_form())
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["code"] == [NAMELESS]

    response = secretariat_client.post(API_LIST, api_payload(), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == [NAMELESS]
    assert not LiaisonStatement.objects.exists()


# --- the approving meeting follows from the approving action ---------------------------------


def test_the_approving_action_names_the_approving_meeting():
    action = ActionItemFactory(code="WP2-9", meeting=WholeDayMeetingFactory(code="wp2-tsag"))
    statement = LiaisonStatement(
        code="td480-r1",
        direction=Direction.OUTGOING,
        approved_by_action=action,
        date=dt.date(2024, 1, 26),
    )
    statement.clean()
    assert statement.approved_at == action.meeting


def test_admin_and_api_both_fill_in_the_meeting_of_the_approving_action(
    admin_client, secretariat_client
):
    action = ActionItemFactory(code="WP2-9", meeting=WholeDayMeetingFactory(code="wp2-tsag"))
    response = admin_client.post(
        ADD, statement_form(code="by-admin", approved_by_action=str(action.pk))
    )
    assert response.status_code == 302
    response = secretariat_client.post(
        API_LIST, api_payload(code="by-api", approved_by_action="WP2-9"), format="json"
    )
    assert response.status_code == 201, response.content
    meetings = dict(LiaisonStatement.objects.values_list("code", "approved_at__code"))
    assert meetings == {"by-admin": "wp2-tsag", "by-api": "wp2-tsag"}


def test_an_action_of_another_meeting_is_refused_alike_and_nothing_is_saved(
    admin_client, secretariat_client
):
    action = ActionItemFactory(code="WP2-9", meeting=WholeDayMeetingFactory(code="one"))
    other = WholeDayMeetingFactory(code="two")
    response = admin_client.post(
        ADD,
        statement_form(code="x", approved_at=str(other.pk), approved_by_action=str(action.pk)),
    )
    admin_message = response.context["adminform"].form.errors["approved_by_action"]
    response = secretariat_client.post(
        API_LIST,
        api_payload(
            code="x", approved_at="two", approved_by_action={"meeting": "one", "code": "WP2-9"}
        ),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["approved_by_action"] == admin_message
    assert not LiaisonStatement.objects.exists()


# --- questions the pages ask, as QuerySet methods ---------------------------------------------


def test_the_groups_statements_reach_and_come_from_each_listed_once():
    from tests.deliverables.factories import GroupFactory, StudyGroupFactory
    from tests.liaisons.factories import LiaisonStatementFactory

    tsag, wp2 = GroupFactory(code="TSAG"), GroupFactory(code="WP2")
    GroupFactory(code="RG-DT")
    sg12 = StudyGroupFactory(code="SG12")
    LiaisonStatementFactory.create_batch(2, from_groups=[tsag], to_groups=[wp2])
    reached = LiaisonStatement.objects.recipient_groups().values_list("code", flat=True)
    assert sorted(reached) == sorted([sg12.code, "WP2"])
    assert list(LiaisonStatement.objects.sender_groups().values_list("code", flat=True)) == ["TSAG"]
