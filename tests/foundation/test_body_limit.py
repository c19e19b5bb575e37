"""An API request body has an overall size limit (API_MAX_BODY_BYTES): a larger one is refused
with 413 before any of it is read or parsed, whoever sends it. DRF's parsers read the stream
themselves, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE did not apply: a body of any size was read
into memory and parsed."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from deliverables.models import Person
from tests.liaisons.factories import LiaisonStatementFactory

pytestmark = pytest.mark.django_db


def person_body(size: int) -> str:
    """A JSON body of exactly `size` bytes creating a person."""
    body = {"slug": "ahmed-said", "name": "Ahmed Said", "country": ""}
    padding = size - len(json.dumps(body))
    body["country"] = "x" * padding
    encoded = json.dumps(body)
    assert len(encoded) == size
    return encoded


def test_a_json_body_over_the_default_limit_is_refused_before_it_is_read(secretariat_client):
    response = secretariat_client.post(
        "/api/v1/people/", person_body(1024 * 1024 + 1), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large: at most 1,048,576 bytes."}
    assert not Person.objects.filter(slug="ahmed-said").exists()


def test_the_limit_is_a_setting_and_a_body_within_it_is_read(secretariat_client, settings):
    settings.API_MAX_BODY_BYTES = 4000
    over = secretariat_client.post(
        "/api/v1/people/", person_body(4001), content_type="application/json"
    )
    assert over.status_code == 413
    # At the limit, the body is parsed and validated as usual: the country is too long.
    within = secretariat_client.post(
        "/api/v1/people/", person_body(4000), content_type="application/json"
    )
    assert within.status_code == 400
    assert "country" in within.json()


@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_an_anonymous_client_is_refused_the_same_way(api_client, settings, method):
    settings.API_MAX_BODY_BYTES = 100
    response = getattr(api_client, method)(
        "/api/v1/groups/SG16/", person_body(200), content_type="application/json"
    )
    assert response.status_code == 413


def test_a_file_upload_may_carry_one_file_of_the_attachment_limit(secretariat_client, settings):
    settings.API_MAX_BODY_BYTES = 1000
    settings.ATTACHMENT_MAX_BYTES = 5000
    statement = LiaisonStatementFactory(code="td480-r1")
    url = f"/api/v1/liaisons/{statement.code}/attachments/"
    line = "Réponse à la déclaration de liaison TSAG-LS14R1.\n".encode()

    def upload(size: int):
        text = (line * (size // len(line) + 1))[:size]
        upload = SimpleUploadedFile("reply.txt", text, content_type="text/plain")
        return secretariat_client.post(url, {"file": upload}, format="multipart")

    # A multipart body of 3,000 bytes and more: over API_MAX_BODY_BYTES, within the file's room.
    response = upload(3000)
    assert response.status_code == 201, response.content
    response = upload(7000)
    assert response.status_code == 413


def test_the_schema_documents_the_413_of_every_body(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for path, item in schema["paths"].items():
        for method in ("post", "put", "patch"):
            if method in item:
                assert "413" in item[method]["responses"], (method, path)
