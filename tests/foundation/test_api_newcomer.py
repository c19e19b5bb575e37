"""What a newcomer to the API meets first: /api/v1/ lists the endpoints, the docs (Swagger UI
and ReDoc) come from this site, a token goes as `Bearer` or `Token`, an unknown choice names
the allowed ones, and a short guide says how to begin."""

import datetime as dt

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.deliverables.factories import GroupFactory

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_every_endpoint(api_client):
    response = api_client.get("/api/v1/")

    assert response.status_code == 200
    body = response.json()
    for name in ("groups", "deliverables", "meetings", "liaisons", "action-items", "docs", "redoc", "schema"):  # fmt: skip
        assert body[name] == f"http://testserver/api/v1/{name}/", name
    answers = {name: api_client.get(url).status_code for name, url in body.items()}
    # Every address answers; one's own subscriptions need a sign-in.
    assert answers.pop("subscriptions") == 401
    assert set(answers.values()) == {200}, answers


def test_the_api_root_is_in_the_schema(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    assert "/api/v1/" in schema["paths"]
    scheme = schema["components"]["securitySchemes"]["apiToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "Token <token>" in scheme["description"]


def test_redoc_is_served_from_this_site(client):
    page = client.get(reverse("api-redoc")).content.decode()

    assert '<redoc spec-url="/api/v1/schema/">' in page
    assert (
        '<script src="/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js">' in page
    )
    assert "googleapis" not in page


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_a_token_is_accepted_as_bearer_or_token(secretariat_user, keyword):
    _, token = AuthToken.objects.create(secretariat_user, expiry=dt.timedelta(days=1))
    GroupFactory(code="SG17")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {token}")

    assert client.patch("/api/v1/groups/SG17/", {"name": "Security"}).status_code == 200


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer a b", "Bearer " + "0" * 64, "Token " + "0" * 64]
)
def test_a_bad_token_header_is_a_401_asking_for_a_bearer_token(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/groups/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_unknown_choice_in_a_body_lists_the_allowed_values(secretariat_client):
    response = secretariat_client.post(
        "/api/v1/liaisons/", {"reference": "X-1", "direction": "sideways"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["direction"] == [
        '"sideways" is not a valid choice; allowed: incoming, outgoing.'
    ]


def test_an_unknown_choice_in_a_filter_lists_the_allowed_values(api_client):
    response = api_client.get("/api/v1/liaisons/", {"status": "closed"})

    assert response.status_code == 400
    message = response.json()["status"][0]
    assert "closed" in message
    assert "draft, approved, sent, received, answered, no_reply_needed" in message


def test_the_guide_says_how_to_begin(client):
    page = client.get(reverse("using-the-api")).content.decode()

    for words in ("Get a token", "A first read", "A first write", "Errors", "Pages", "/api/v1/changes/"):  # fmt: skip
        assert words in page, words
    assert 'href="/account/api-tokens/"' in page
    assert 'href="/api/v1/redoc/"' in page
