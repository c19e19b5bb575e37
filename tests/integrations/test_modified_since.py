"""`?modified_since=` on every list of the API, tested once over all of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from core.models import Timestamped
from tests.test_api_contract_coverage import viewset_basenames

pytestmark = pytest.mark.usefixtures("seed_data")

OLD = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def list_endpoints() -> list[tuple[str, type]]:
    """(basename, model) of every list of the API whose records keep `last_updated`."""
    found = []
    for basename in sorted(viewset_basenames()):
        view = get_resolver().resolve(reverse(f"{basename}-list")).func
        model = view.cls.serializer_class.Meta.model
        if issubclass(model, Timestamped):
            found.append((basename, model))
    return found


ENDPOINTS = list_endpoints()


def listed(client, basename: str, **params) -> int:
    response = client.get(reverse(f"{basename}-list"), params)
    assert response.status_code == 200, response.json()
    return response.json()["count"]


def test_every_list_of_the_api_is_covered(seed_data):
    names = {basename for basename, _ in ENDPOINTS}
    assert {"deliverable", "group", "meeting", "liaison-statement", "work-item"} <= names


@pytest.mark.parametrize(("basename", "model"), ENDPOINTS, ids=[b for b, _ in ENDPOINTS])
def test_modified_since_lists_what_changed_from_then_on(
    seed_data, secretariat_client, basename, model
):
    model._default_manager.update(last_updated=OLD)
    everything = listed(secretariat_client, basename)
    since = "2024-05-01T09:30:00Z"
    assert listed(secretariat_client, basename, modified_since=since) == 0
    assert listed(secretariat_client, basename, modified_since="2019-12-31T23:00:00+00:00") == (
        everything
    )
    model._default_manager.update(last_updated=timezone.now())
    assert listed(secretariat_client, basename, modified_since=since) == everything


@pytest.mark.parametrize(("basename", "model"), ENDPOINTS, ids=[b for b, _ in ENDPOINTS])
@pytest.mark.parametrize(
    "value", ["yesterday", "2024-13-01T00:00:00Z", "9999-12-31T23:59:59-14:00"]
)
def test_an_unreadable_modified_since_is_a_400_naming_it(
    seed_data, secretariat_client, basename, model, value
):
    response = secretariat_client.get(reverse(f"{basename}-list"), {"modified_since": value})
    assert response.status_code == 400
    assert response.json()["modified_since"] == [
        "Use an ISO 8601 date and time, for example 2024-05-01T09:30:00Z."
    ]


def test_only_the_record_changed_since_is_listed(seed_data, api_client):
    from deliverables.models import Deliverable

    Deliverable.objects.update(last_updated=OLD)
    changed = Deliverable.objects.order_by("code").first()
    changed.title = "A new title"
    changed.save()
    response = api_client.get("/api/v1/deliverables/", {"modified_since": "2024-01-01"})
    assert [row["code"] for row in response.json()["results"]] == [changed.code]


def test_every_list_documents_modified_since(seed_data, api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    for basename, _ in ENDPOINTS:
        path = reverse(f"{basename}-list")
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert parameters["modified_since"]["schema"]["format"] == "date-time", path
        assert parameters["modified_since"]["description"], path
