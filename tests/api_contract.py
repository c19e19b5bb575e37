"""What every list/detail endpoint of the API must do, written once (after NetBox's APIViewTestCases).

How to use it — subclass `APIContract` in a `Test…` class and declare the endpoint:

    from tests.api_contract import APIContract

    class TestMeetingAPI(APIContract):
        basename = "meeting"          # router basename: reverse("meeting-list"/"meeting-detail")
        model = Meeting
        lookup_field = "code"         # the natural key in the URL ("pk" for records without one)

        def make_rows(self, n):       # n saved rows, related rows included (use factories)
            return MeetingFactory.create_batch(n)

        def create_payload(self):     # a valid POST body (may create related rows first)
            return {"code": "TSAG-2024-05", ...}

        def update_payload(self, obj):  # a valid PATCH body for `obj`
            return {"title": "New title"}

        def invalid_payloads(self):   # (what is wrong, POST body, field named in the 400)
            return [("invalid code", {**self.create_payload(), "code": "no spaces"}, "code")]

Each subclass then gets the tests below (anonymous read, refused writes for anonymous users and
delegates, secretariat and token writes, expired tokens, history with the user, constant query
count on the list, bounded page size, pagination keys, filters documented in the OpenAPI schema,
no bare database ids). Set `deletable = False` when the endpoint refuses deletion, override
`deletable_row()` when `make_rows` rows are referred to by others (a PROTECTed delete is a 409),
and `list_query_params()` to measure the list in a particular form. Write the tests only one model
needs in the same class or next to it.

Fixtures used (tests/conftest.py): api_client, delegate_client, secretariat_client,
secretariat_user; pytest-django's django_assert_num_queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from knox.models import AuthToken
from rest_framework.test import APIClient


def _find_bare_ids(data: Any, path: str = "") -> list[str]:
    """Keys that expose a database id: `id`, `pk`, `*_id`, or a related field given as an integer."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else key
            if key in ("id", "pk") or key.endswith("_id") or key.endswith("_ids"):
                found.append(where)
            found += _find_bare_ids(value, where)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found += _find_bare_ids(item, f"{path}[{index}]")
    return found


@pytest.mark.django_db
class APIContract:
    """Base of the generic API tests; see the module docstring."""

    basename: ClassVar[str]
    model: ClassVar[type[Model]]
    lookup_field: ClassVar[str] = "code"
    deletable: ClassVar[bool] = True
    # Small rows → large rows: the query count of the list must not change.
    few_rows: ClassVar[int] = 3
    many_rows: ClassVar[int] = 60

    # --- to declare in the subclass -------------------------------------------------------
    def make_rows(self, n: int) -> list[Model]:
        raise NotImplementedError

    def create_payload(self) -> dict:
        raise NotImplementedError

    def update_payload(self, obj: Model) -> dict:
        raise NotImplementedError

    def invalid_payloads(self) -> list[tuple[str, dict, str]]:
        return []

    def list_query_params(self) -> dict:
        return {}

    def deletable_row(self) -> Model:
        """A row nothing else refers to (PROTECT would refuse the delete with a 409)."""
        return self.make_rows(1)[0]

    # --- helpers --------------------------------------------------------------------------
    @property
    def list_url(self) -> str:
        return reverse(f"{self.basename}-list")

    def detail_url(self, obj: Model) -> str:
        return reverse(
            f"{self.basename}-detail", kwargs={self.lookup_field: getattr(obj, self.lookup_field)}
        )

    def token_client(self, user, expiry: dt.timedelta | None = dt.timedelta(days=1)) -> APIClient:
        _, token = AuthToken.objects.create(user, expiry=expiry)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    # --- reading ---------------------------------------------------------------------------
    def test_anonymous_user_can_list(self, api_client):
        self.make_rows(2)
        response = api_client.get(self.list_url)
        assert response.status_code == 200, response.content
        assert response.json()["count"] == self.model.objects.count()

    def test_list_is_paginated_with_count_next_previous_results(self, api_client):
        self.make_rows(3)
        response = api_client.get(self.list_url, {"page_size": 2})
        body = response.json()
        assert set(body) >= {"count", "next", "previous", "results"}
        assert len(body["results"]) == 2
        assert body["next"] is not None
        assert body["previous"] is None

    def test_anonymous_user_can_retrieve(self, api_client):
        obj = self.make_rows(1)[0]
        response = api_client.get(self.detail_url(obj))
        assert response.status_code == 200, response.content
        assert response.json()["url"].endswith(self.detail_url(obj))

    def test_unknown_record_is_404(self, api_client):
        existing = self.detail_url(self.make_rows(1)[0])
        missing = existing.rstrip("/").rsplit("/", 1)[0] + "/999999999-no-such-record/"
        assert api_client.get(missing).status_code == 404

    @pytest.mark.parametrize("page_size", ["0", "abc", "500", "-1"])
    def test_malformed_page_size_is_refused(self, api_client, page_size):
        response = api_client.get(self.list_url, {"page_size": page_size})
        assert response.status_code == 400
        assert "page_size" in response.json()

    def test_list_runs_the_same_queries_at_few_and_many_rows(
        self, api_client, django_assert_num_queries
    ):
        params = {"page_size": 200, **self.list_query_params()}
        self.make_rows(self.few_rows)
        with CaptureQueriesContext(connection) as few:
            response = api_client.get(self.list_url, params)
        assert response.status_code == 200
        small = len(response.json()["results"])
        self.make_rows(self.many_rows - self.few_rows)
        with django_assert_num_queries(len(few.captured_queries)):
            response = api_client.get(self.list_url, params)
        assert len(response.json()["results"]) > small

    def test_responses_never_expose_bare_database_ids(self, api_client):
        obj = self.make_rows(2)[0]
        listed = api_client.get(self.list_url).json()["results"]
        detail = api_client.get(self.detail_url(obj)).json()
        assert _find_bare_ids(listed) == []
        assert _find_bare_ids(detail) == []

    def test_every_filter_is_in_the_openapi_schema_with_a_description(self, api_client):
        view = resolve(self.list_url).func
        filterset = view.cls.filterset_class
        schema = api_client.get(reverse("schema"), {"format": "json"}).json()
        parameters = {p["name"]: p for p in schema["paths"][self.list_url]["get"]["parameters"]}
        for name in filterset.base_filters:
            assert name in parameters, f"filter {name!r} is missing from the schema"
            assert parameters[name].get("description"), f"filter {name!r} has no description"

    # --- writing ---------------------------------------------------------------------------
    def test_anonymous_user_cannot_write(self, api_client):
        obj = self.make_rows(1)[0]
        payload, changes = self.create_payload(), self.update_payload(obj)
        before = self.model.objects.count()
        assert api_client.post(self.list_url, payload).status_code == 401
        assert api_client.patch(self.detail_url(obj), changes).status_code == 401
        assert api_client.delete(self.detail_url(obj)).status_code == 401
        assert self.model.objects.count() == before

    def test_delegate_cannot_write(self, delegate_client):
        obj = self.make_rows(1)[0]
        payload, changes = self.create_payload(), self.update_payload(obj)
        before = self.model.objects.count()
        assert delegate_client.post(self.list_url, payload).status_code == 403
        assert delegate_client.patch(self.detail_url(obj), changes).status_code == 403
        assert delegate_client.delete(self.detail_url(obj)).status_code == 403
        assert self.model.objects.count() == before

    def test_secretariat_can_create(self, secretariat_client):
        payload = self.create_payload()
        before = self.model.objects.count()
        response = secretariat_client.post(self.list_url, payload)
        assert response.status_code == 201, response.content
        assert self.model.objects.count() == before + 1

    def test_secretariat_can_update(self, secretariat_client):
        obj = self.make_rows(1)[0]
        payload = self.update_payload(obj)
        response = secretariat_client.patch(self.detail_url(obj), payload)
        assert response.status_code == 200, response.content
        obj.refresh_from_db()
        body = response.json()
        for key, value in payload.items():
            got = body[key]
            if isinstance(got, dict) and "code" in got:
                got = got["code"]
            if not isinstance(value, list | dict):
                assert got == value, key

    def test_secretariat_can_delete(self, secretariat_client):
        obj = self.deletable_row()
        response = secretariat_client.delete(self.detail_url(obj))
        if not self.deletable:
            assert response.status_code in (403, 405)
            return
        assert response.status_code == 204, response.content
        assert not self.model.objects.filter(pk=obj.pk).exists()

    def test_api_token_of_a_secretariat_user_can_write(self, secretariat_user):
        client = self.token_client(secretariat_user)
        response = client.post(self.list_url, self.create_payload())
        assert response.status_code == 201, response.content

    def test_expired_token_is_refused(self, secretariat_user):
        client = self.token_client(secretariat_user, expiry=dt.timedelta(seconds=-1))
        payload = self.create_payload()
        before = self.model.objects.count()
        assert client.post(self.list_url, payload).status_code == 401
        assert self.model.objects.count() == before

    def test_write_is_recorded_in_history_with_its_author(self, secretariat_user):
        client = self.token_client(secretariat_user)
        obj = self.make_rows(1)[0]
        response = client.patch(self.detail_url(obj), self.update_payload(obj))
        assert response.status_code == 200, response.content
        latest = obj.history.order_by("-history_date", "-history_id").first()
        assert latest.history_type == "~"
        assert latest.history_user == secretariat_user

    def test_invalid_payloads_get_400_per_field_and_save_nothing(self, secretariat_client):
        self.make_rows(1)
        cases = self.invalid_payloads()
        assert cases, "declare invalid_payloads(): what bad input must be refused?"
        for problem, payload, field in cases:
            before = self.model.objects.count()
            response = secretariat_client.post(self.list_url, payload)
            assert response.status_code == 400, f"{problem}: {response.content!r}"
            assert field in response.json(), f"{problem}: {response.json()}"
            assert self.model.objects.count() == before, f"{problem}: a row was saved"
