"""The OpenAPI schema: generated without a warning, every field and filter described."""

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

WORK_PROGRAMME_COMPONENTS = [
    "Group",
    "Person",
    "Role",
    "Deliverable",
    "DistributionLine",
    "Leadership",
    "PersonRole",
    "RotateRoleRequest",
]


def test_schema_generates_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/deliverables/{code}/" in target.read_text()


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        return APIClient().get(reverse("schema"), {"format": "json"}).json()


@pytest.mark.parametrize("component", WORK_PROGRAMME_COMPONENTS)
def test_every_field_of_the_work_programme_is_described(schema, component):
    properties = schema["components"]["schemas"][component]["properties"]
    undescribed = [
        name
        for name, spec in properties.items()
        if not spec.get("description")
        and not any(part.get("description") for part in spec.get("allOf", []))
    ]
    assert undescribed == []


def test_records_are_addressed_by_their_codes(schema):
    paths = schema["paths"]
    assert "/api/v1/groups/{code}/" in paths
    assert "/api/v1/people/{slug}/" in paths
    assert "/api/v1/deliverables/{code}/" in paths
    assert "/api/v1/groups/{code}/rotate-role/" in paths


def test_swagger_ui_is_served(client):
    assert client.get(reverse("api-docs")).status_code == 200
