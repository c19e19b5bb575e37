"""/api/v1/subscriptions/: a signed-in user follows groups, deliverables and meetings."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from reminders.models import Subscription
from tests.deliverables.factories import DeliverableFactory, GroupFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/subscriptions/"


def test_following_a_group_a_deliverable_and_a_meeting_by_their_codes(delegate_client):
    GroupFactory(code="RG-IEM")
    DeliverableFactory(code="FGMV-04")
    MeetingFactory(code="rg-iem-2024-02-20")

    for body in ({"group": "RG-IEM"}, {"deliverable": "FGMV-04"}, {"meeting": "rg-iem-2024-02-20"}):
        response = delegate_client.post(LIST, body)
        assert response.status_code == 201, response.json()

    listed = delegate_client.get(LIST).json()
    assert [row["key"] for row in listed["results"]] == [
        "group:RG-IEM",
        "deliverable:FGMV-04",
        "meeting:rg-iem-2024-02-20",
    ]
    first = listed["results"][0]
    assert first["group"]["code"] == "RG-IEM"
    assert first["group"]["url"].endswith(reverse("group-detail", kwargs={"code": "RG-IEM"}))
    assert first["deliverable"] is None
    assert first["url"].endswith("/api/v1/subscriptions/group:RG-IEM/")
    assert "id" not in first


def test_a_user_sees_and_deletes_only_their_own_subscriptions(delegate_client, delegate_user):
    rg = GroupFactory(code="RG-IEM")
    other = User.objects.create_user("other", "other@example.org")
    Subscription.objects.create(user=other, group=rg)

    assert delegate_client.get(LIST).json()["count"] == 0
    assert delegate_client.get(f"{LIST}group:RG-IEM/").status_code == 404
    assert delegate_client.delete(f"{LIST}group:RG-IEM/").status_code == 404
    assert Subscription.objects.filter(user=other).exists()

    Subscription.objects.create(user=delegate_user, group=rg)
    assert delegate_client.delete(f"{LIST}group:RG-IEM/").status_code == 204
    assert not Subscription.objects.filter(user=delegate_user).exists()
    assert Subscription.objects.filter(user=other).exists()


def test_a_token_works_as_well_as_a_session(delegate_user):
    GroupFactory(code="SG17")
    _, token = AuthToken.objects.create(delegate_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.post(LIST, {"group": "SG17"}).status_code == 201
    assert Subscription.objects.get().user == delegate_user


def test_anonymous_users_cannot_list_or_follow(api_client):
    GroupFactory(code="SG17")

    assert api_client.get(LIST).status_code in (401, 403)
    assert api_client.post(LIST, {"group": "SG17"}).status_code in (401, 403)
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "non_field_errors", "Name exactly one group, deliverable or meeting to follow."),
        (
            {"group": "SG17", "deliverable": "FGMV-04"},
            "group",
            "Name exactly one group, deliverable or meeting to follow.",
        ),
        ({"group": "SG99"}, "group", "Object with code=SG99 does not exist."),
        ({"meeting": "no-such-meeting"}, "meeting", "does not exist"),
    ],
)
def test_bad_subscriptions_are_refused_field_by_field_and_nothing_is_saved(
    delegate_client, body, field, message
):
    GroupFactory(code="SG17")
    DeliverableFactory(code="FGMV-04")

    response = delegate_client.post(LIST, body)

    assert response.status_code == 400
    assert any(message in text for text in response.json()[field])
    assert not Subscription.objects.exists()


def test_following_the_same_group_twice_is_refused(delegate_client):
    GroupFactory(code="SG17")
    assert delegate_client.post(LIST, {"group": "SG17"}).status_code == 201

    response = delegate_client.post(LIST, {"group": "SG17"})

    assert response.status_code == 400
    assert response.json() == {"group": ["You already follow group SG17."]}
    assert Subscription.objects.count() == 1


def test_subscriptions_can_be_filtered_by_kind(delegate_client, delegate_user):
    Subscription.objects.create(user=delegate_user, group=GroupFactory(code="SG17"))
    Subscription.objects.create(user=delegate_user, meeting=MeetingFactory(code="tsag-2024"))

    response = delegate_client.get(LIST, {"kind": "meeting"})

    assert [row["key"] for row in response.json()["results"]] == ["meeting:tsag-2024"]


def follow(user, n: int) -> None:
    for i in range(n):
        if i % 3 == 0:
            Subscription.objects.create(user=user, group=GroupFactory())
        elif i % 3 == 1:
            Subscription.objects.create(user=user, deliverable=DeliverableFactory())
        else:
            Subscription.objects.create(user=user, meeting=MeetingFactory())


def test_the_list_runs_the_same_number_of_queries_for_3_or_60_subscriptions(
    delegate_client, delegate_user
):
    follow(delegate_user, 3)
    with CaptureQueriesContext(connection) as few:
        assert delegate_client.get(LIST, {"page_size": 100}).status_code == 200
    follow(delegate_user, 57)
    with CaptureQueriesContext(connection) as many:
        response = delegate_client.get(LIST, {"page_size": 100})

    assert len(response.json()["results"]) == 60
    assert len(many) == len(few)


def test_the_subscriptions_endpoint_is_in_the_openapi_schema(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()

    assert "/api/v1/subscriptions/" in schema["paths"]
    parameters = schema["paths"]["/api/v1/subscriptions/"]["get"]["parameters"]
    kind = next(p for p in parameters if p["name"] == "kind")
    assert kind["description"]
