"""No lost update through the API: concurrent PATCHes of different fields both stick, a stale
If-Match is refused with 412 and writes nothing, If-None-Match saves a download. The generic
ETag tests every endpoint runs are in tests/api_contract.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from deliverables.models import Group
from tests.concurrency import race
from tests.deliverables.factories import GroupFactory


def group_url(group: Group) -> str:
    return reverse("group-detail", args=[group.code])


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_patches_of_different_fields_of_a_group_both_stick(secretariat_user):
    """Before: each PATCH wrote every column as it had read it, so the second put back the name
    the first had just changed (9 times in 10 under load, every time in this race)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    group = GroupFactory(code="RG-RACE", name="Old name", mandate="Old mandate")
    answers = {}

    def patch(field: str, value: str):
        def run() -> None:
            client = APIClient()
            client.force_authenticate(secretariat_user)
            answers[field] = client.patch(group_url(group), {field: value}, format="json")

        return run

    outcomes = race(patch("name", "New name"), patch("mandate", "New mandate"))

    assert outcomes == ["committed", "committed"]
    assert {field: answer.status_code for field, answer in answers.items()} == {
        "name": 200,
        "mandate": 200,
    }
    group.refresh_from_db()
    assert (group.name, group.mandate) == ("New name", "New mandate")
    # The second answer shows the record as it was left: both changes.
    assert answers["mandate"].json()["name"] == "New name"
    # The history holds each change as made, the second on top of the first.
    latest = group.history.order_by("-history_date", "-history_id").first()
    assert (latest.name, latest.mandate) == ("New name", "New mandate")


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_writes_based_on_the_same_etag_one_is_refused(secretariat_user):
    """Both read the group before either wrote: the second waits for the first's lock, then
    finds the record changed and writes nothing, though its If-Match was current when it read."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    group = GroupFactory(code="RG-RACE", name="Old name")
    client = APIClient()
    client.force_authenticate(secretariat_user)
    seen = client.get(group_url(group))["ETag"]
    answers = []

    def patch(value: str):
        def run() -> None:
            writer = APIClient()
            writer.force_authenticate(secretariat_user)
            answers.append(
                writer.patch(group_url(group), {"name": value}, format="json", HTTP_IF_MATCH=seen)
            )

        return run

    race(patch("First name"), patch("Second name"))

    assert [answer.status_code for answer in answers] == [200, 412]
    group.refresh_from_db()
    assert group.name == "First name"


@pytest.mark.django_db
def test_a_stale_if_match_is_a_412_with_a_clear_json_body_and_nothing_is_written(
    secretariat_client,
):
    group = GroupFactory(code="RG-ETAG", name="First name")
    seen = secretariat_client.get(group_url(group))["ETag"]
    # Someone else renames the group meanwhile.
    assert secretariat_client.patch(group_url(group), {"name": "Their name"}).status_code == 200
    history = group.history.count()

    response = secretariat_client.patch(
        group_url(group), {"mandate": "My mandate"}, HTTP_IF_MATCH=seen
    )

    assert response.status_code == 412
    assert response["Content-Type"] == "application/json"
    detail = response.json()["detail"]
    assert "changed since you read it" in detail
    assert "Nothing was written" in detail
    assert response["ETag"] == secretariat_client.get(group_url(group))["ETag"] != seen
    group.refresh_from_db()
    assert (group.name, group.mandate) == ("Their name", "")
    assert group.history.count() == history
    # A delete on the stale version is refused alike.
    assert secretariat_client.delete(group_url(group), HTTP_IF_MATCH=seen).status_code == 412
    assert Group.objects.filter(pk=group.pk).exists()


@pytest.mark.django_db
def test_a_matching_if_match_writes_and_answers_the_new_etag(secretariat_client):
    group = GroupFactory(code="RG-ETAG")
    seen = secretariat_client.get(group_url(group))["ETag"]

    response = secretariat_client.patch(group_url(group), {"mandate": "Agreed"}, HTTP_IF_MATCH=seen)

    assert response.status_code == 200, response.content
    assert response["ETag"] != seen
    assert response["ETag"] == secretariat_client.get(group_url(group))["ETag"]
    assert Group.objects.get(pk=group.pk).mandate == "Agreed"
    # Any of several tags, and "*", match too.
    now = response["ETag"]
    assert (
        secretariat_client.patch(
            group_url(group), {"mandate": "Again"}, HTTP_IF_MATCH=f'"other", {now}'
        ).status_code
        == 200
    )
    assert (
        secretariat_client.patch(group_url(group), {"name": "Any"}, HTTP_IF_MATCH="*").status_code
        == 200
    )


@pytest.mark.django_db
def test_a_weak_tag_never_matches_if_match(secretariat_client):
    """If-Match compares strongly (RFC 9110 §13.1.1)."""
    group = GroupFactory(code="RG-ETAG")
    seen = secretariat_client.get(group_url(group))["ETag"]
    response = secretariat_client.patch(group_url(group), {"name": "X"}, HTTP_IF_MATCH=f"W/{seen}")
    assert response.status_code == 412


@pytest.mark.django_db
def test_if_none_match_on_get_is_a_304_until_the_group_or_its_leadership_changes(
    api_client, secretariat_client
):
    group = GroupFactory(code="RG-ETAG")
    first = api_client.get(group_url(group))
    etag = first["ETag"]
    assert etag.startswith('"')  # strong

    again = api_client.get(group_url(group), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    # A new chair changes what the group's page shows, though not the group's own row.
    from tests.deliverables.factories import PersonFactory

    person = PersonFactory()
    rotated = secretariat_client.post(
        reverse("group-rotate-role", args=[group.code]),
        {"role": "chair", "incoming": person.slug},
    )
    assert rotated.status_code == 200, rotated.content
    changed = api_client.get(group_url(group), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_the_schema_documents_the_etag_if_match_and_the_412(api_client):
    schema = api_client.get(reverse("schema"), {"format": "json"}).json()
    detail = schema["paths"]["/api/v1/groups/{code}/"]
    assert "ETag" in detail["get"]["responses"]["200"]["headers"]
    assert "304" in detail["get"]["responses"]
    assert "If-None-Match" in {p["name"] for p in detail["get"]["parameters"]}
    for method in ("put", "patch", "delete"):
        assert "If-Match" in {p["name"] for p in detail[method]["parameters"]}, method
        assert "412" in detail[method]["responses"], method
    listing = schema["paths"]["/api/v1/groups/"]["get"]
    assert "If-None-Match" not in {p["name"] for p in listing.get("parameters", [])}
