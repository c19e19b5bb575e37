"""What every endpoint of the API must do, written once (after NetBox's APIViewTestCases).

Every ViewSet registered under /api/v1/ has one `Test…API(APIContract)` class in the tests of its
app; tests/test_api_contract_coverage.py fails when one has none. Declare the endpoint:

    from tests.api_contract import APIContract

    class TestMeetingAPI(APIContract):
        basename = "meeting"          # router basename: reverse("meeting-list"/"meeting-detail")
        model = Meeting
        lookup_field = "code"         # the natural key in the URL ("pk" for records without one)
        unknown_key = "no-such-meeting"  # a well-formed key that names no record

        def make_rows(self, n):       # n saved rows, related rows included (use factories)
            return MeetingFactory.create_batch(n)

        def create_payload(self):     # a valid POST body (may create related rows first)
            return {"code": "TSAG-2024-05", ...}

        def update_payload(self, obj):  # a valid PATCH body for `obj`, changing what it names
            return {"title": "New title"}

        def invalid_payloads(self):   # (what is wrong, POST body, field in the 400[, words])
            return [("invalid code", {**self.create_payload(), "code": "no spaces"}, "code")]

        def protected_row(self):      # (row, what refers to it): its delete is a 409
            meeting = MeetingFactory(); return meeting, ActionItemFactory(meeting=meeting)

Each subclass then gets the tests below:

- reading: list (all rows, paginated, bounded page size), retrieve at the record's own URL, 404
  from the view for an unknown key, responses without bare database ids, every filter in the
  OpenAPI schema with a description, the same number of queries at few and many rows (anonymous
  and signed in, for each of `list_query_variants`);
- writing: create, partial update (PATCH) and full update (PUT), each read back from the database
  (the model row and a fresh GET, not just the response), delete, a 409 naming what still refers
  to a protected record, 400 with the field named and nothing saved for bad input;
- no lost update: a strong ETag on the detail (304 for If-None-Match), a stale If-Match refused
  with 412 on PATCH, PUT and DELETE writing nothing, a matching one writing and answering the ETag
  a GET then shows;
- who: anonymous users and delegates refused (or, for records a user owns, other users cannot
  see or remove them), API tokens work and expired ones do not;
- history: create, update and delete each recorded with their author, and the update's history
  entry holds the fields and values that changed.

Switches: `anonymous_reads = False` for endpoints that need a signed-in user;
`owner = "delegate"` for records each signed-in user keeps for themselves (subscriptions);
`updatable = False` / `deletable = False` when the endpoint refuses PATCH/PUT or DELETE;
`not_echoed` for fields the API gives back in another form than it takes them (a local time
answered with its offset: checked by that model's own tests). Write the tests only one model
needs in the same class or next to it.

Fixtures used (tests/conftest.py): api_client, delegate_client, secretariat_client,
secretariat_user, delegate_user; pytest-django's django_assert_num_queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist, ValidationError
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


def _as_written(value: Any) -> Any:
    """A response value in the form a client writes it: a related record as its code."""
    if isinstance(value, dict) and "code" in value:
        return value["code"]
    if isinstance(value, list):
        return [_as_written(item) for item in value]
    return value


def _comparable(value: Any) -> Any:
    return sorted(map(str, value)) if isinstance(value, list) else value


def _scalar_or_codes(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(item, str | int) for item in value)
    return isinstance(value, str | int | bool | float) or value is None


def _stored_value(model: type[Model], key: str, value: Any) -> tuple[str, Any] | None:
    """(attribute, value as the database keeps it) for a payload key that is a plain column of
    the model, or None when the key is a relation, a computed field or a value written in another
    form (a partial date such as '2023-11')."""
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    if not getattr(field, "concrete", False) or field.is_relation or value is None:
        return None
    if not isinstance(value, str | int | bool | float):
        return None
    try:
        return field.attname, field.to_python(value)
    except ValidationError:
        return None


@pytest.mark.django_db
class APIContract:
    """Base of the generic API tests; see the module docstring."""

    basename: ClassVar[str]
    model: ClassVar[type[Model]]
    lookup_field: ClassVar[str] = "code"
    unknown_key: ClassVar[str] = "NOSUCH99"
    anonymous_reads: ClassVar[bool] = True
    owner: ClassVar[str | None] = None  # "delegate": each signed-in user's own records
    updatable: ClassVar[bool] = True
    deletable: ClassVar[bool] = True
    not_echoed: ClassVar[frozenset[str]] = frozenset()
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

    def put_payload(self, obj: Model) -> dict:
        """A full body for PUT: by default the create body with the update's changes."""
        return {**self.create_payload(), **self.update_payload(obj)}

    def invalid_payloads(self) -> list[tuple]:
        """(what is wrong, POST body, field named in the 400[, words its message must hold])."""
        return []

    def list_query_variants(self) -> list[dict]:
        """The list requests whose query count must not grow with the rows."""
        return [{}]

    def deletable_row(self) -> Model:
        """A row nothing else refers to (PROTECT would refuse the delete with a 409)."""
        return self.make_rows(1)[0]

    def protected_row(self) -> tuple[Model, Model] | None:
        """A row and a record that refers to it through a PROTECTed key; None when nothing can."""
        return None

    # --- the test's users ------------------------------------------------------------------
    @pytest.fixture(autouse=True)
    def _contract_request(self, request):
        self._request = request

    def _fixture(self, name: str):
        return self._request.getfixturevalue(name)

    @property
    def writer(self) -> User:
        """Who may write here: the secretariat, or (owned records) the delegate who owns them."""
        return self._fixture(f"{self.owner or 'secretariat'}_user")

    @property
    def writer_client(self) -> APIClient:
        return self._fixture(f"{self.owner or 'secretariat'}_client")

    @property
    def reader_client(self) -> APIClient:
        return self._fixture("api_client") if self.anonymous_reads else self.writer_client

    # --- helpers --------------------------------------------------------------------------
    @property
    def list_url(self) -> str:
        return reverse(f"{self.basename}-list")

    def detail_url(self, obj: Model) -> str:
        return reverse(
            f"{self.basename}-detail", kwargs={self.lookup_field: getattr(obj, self.lookup_field)}
        )

    def unknown_detail_url(self) -> str:
        return reverse(f"{self.basename}-detail", kwargs={self.lookup_field: self.unknown_key})

    def token_client(self, user, expiry: dt.timedelta | None = dt.timedelta(days=1)) -> APIClient:
        _, token = AuthToken.objects.create(user, expiry=expiry)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    def fresh(self, obj: Model) -> Model:
        """The row as the database now holds it (a new instance, no cached relations)."""
        return self.model._default_manager.get(pk=obj.pk)

    def assert_saved(self, obj: Model, payload: dict, response) -> None:
        """What was written is what the database holds: the model's columns, and a fresh GET of
        the record (which reads the relations back too) in the form it was written."""
        stored = self.fresh(obj)
        for key, value in payload.items():
            column = _stored_value(self.model, key, value)
            if column is not None and key not in self.not_echoed:
                attname, expected = column
                assert getattr(stored, attname) == expected, f"{key} in the database"
        reread = self.writer_client.get(self.detail_url(stored))
        assert reread.status_code == 200, reread.content
        body, answered = reread.json(), response.json()
        differ = {key: (answered.get(key), body.get(key)) for key in body | answered}
        differ = {key: pair for key, pair in differ.items() if pair[0] != pair[1]}
        assert not differ, f"the response (left) is not what the database holds: {differ}"
        for key, value in payload.items():
            if key in self.not_echoed or key not in body or not _scalar_or_codes(value):
                continue
            assert _comparable(_as_written(body[key])) == _comparable(value), key

    # --- reading ---------------------------------------------------------------------------
    def test_list_shows_every_record(self):
        self.make_rows(2)
        response = self.reader_client.get(self.list_url)
        assert response.status_code == 200, response.content
        assert response.json()["count"] == self.model._default_manager.count()

    def test_list_is_paginated_with_count_next_previous_results(self):
        self.make_rows(3)
        response = self.reader_client.get(self.list_url, {"page_size": 2})
        body = response.json()
        assert set(body) >= {"count", "next", "previous", "results"}
        assert len(body["results"]) == 2
        assert body["next"] is not None
        assert body["previous"] is None

    def test_retrieve_gives_the_record_at_its_own_url(self):
        obj = self.make_rows(1)[0]
        response = self.reader_client.get(self.detail_url(obj))
        assert response.status_code == 200, response.content
        assert response.json()["url"].endswith(self.detail_url(obj))

    def test_anonymous_user_reads_unless_the_records_are_personal(self, api_client):
        obj = self.make_rows(1)[0]
        expected = 200 if self.anonymous_reads else 401
        assert api_client.get(self.list_url).status_code == expected
        assert api_client.get(self.detail_url(obj)).status_code == expected

    def test_unknown_key_is_a_404_from_the_endpoint(self):
        self.make_rows(1)
        response = self.reader_client.get(self.unknown_detail_url())
        assert response.status_code == 404
        assert "detail" in response.json()  # the view's answer, not an unmatched URL

    @pytest.mark.parametrize("page_size", ["0", "abc", "500", "-1"])
    def test_malformed_page_size_is_refused(self, page_size):
        response = self.reader_client.get(self.list_url, {"page_size": page_size})
        assert response.status_code == 400
        assert "page_size" in response.json()

    def test_list_runs_the_same_queries_at_few_and_many_rows(self, django_assert_num_queries):
        clients = {"signed in": self.writer_client}
        if self.anonymous_reads:
            clients["anonymous"] = self._fixture("api_client")
        self.make_rows(self.few_rows)
        counts = {}
        for who, client in clients.items():
            for params in self.list_query_variants():
                with CaptureQueriesContext(connection) as few:
                    response = client.get(self.list_url, {"page_size": 200, **params})
                assert response.status_code == 200, response.content
                counts[who, str(params)] = (len(few.captured_queries), response.json()["count"])
        self.make_rows(self.many_rows - self.few_rows)
        for who, client in clients.items():
            for params in self.list_query_variants():
                queries, count = counts[who, str(params)]
                with django_assert_num_queries(queries, info=f"{who}, {params}"):
                    response = client.get(self.list_url, {"page_size": 200, **params})
                assert response.json()["count"] > count, f"{who}, {params}: no more rows listed"

    def test_responses_never_expose_bare_database_ids(self):
        obj = self.make_rows(2)[0]
        listed = self.reader_client.get(self.list_url).json()["results"]
        detail = self.reader_client.get(self.detail_url(obj)).json()
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

    # --- who may write ----------------------------------------------------------------------
    def test_anonymous_user_cannot_write(self, api_client):
        obj = self.make_rows(1)[0]
        payload = self.create_payload()
        before, history = self.model._default_manager.count(), obj.history.count()
        assert api_client.post(self.list_url, payload).status_code == 401
        if self.updatable:
            changes = self.update_payload(obj)
            assert api_client.patch(self.detail_url(obj), changes).status_code == 401
            assert api_client.put(self.detail_url(obj), changes).status_code == 401
        assert api_client.delete(self.detail_url(obj)).status_code == 401
        assert self.model._default_manager.count() == before
        assert obj.history.count() == history

    def test_other_users_cannot_write(self, delegate_client):
        """Shared records: a signed-in delegate is refused. Records each user keeps for
        themselves: another user neither sees them nor removes them."""
        obj = self.make_rows(1)[0]
        before, history = self.model._default_manager.count(), obj.history.count()
        if self.owner:
            other = User.objects.create_user("someone-else", "else@example.org")
            client = APIClient()
            client.force_authenticate(other)
            assert client.get(self.list_url).json()["count"] == 0
            assert client.get(self.detail_url(obj)).status_code == 404
            assert client.delete(self.detail_url(obj)).status_code == 404
        else:
            payload, changes = self.create_payload(), self.update_payload(obj)
            before = self.model._default_manager.count()
            assert delegate_client.post(self.list_url, payload).status_code == 403
            assert delegate_client.patch(self.detail_url(obj), changes).status_code == 403
            assert delegate_client.put(self.detail_url(obj), changes).status_code == 403
            assert delegate_client.delete(self.detail_url(obj)).status_code == 403
        assert self.model._default_manager.count() == before
        assert obj.history.count() == history

    def test_api_token_works_as_well_as_a_session(self):
        client = self.token_client(self.writer)
        response = client.post(self.list_url, self.create_payload())
        assert response.status_code == 201, response.content

    def test_expired_token_is_refused(self):
        client = self.token_client(self.writer, expiry=dt.timedelta(seconds=-1))
        payload = self.create_payload()
        before = self.model._default_manager.count()
        assert client.post(self.list_url, payload).status_code == 401
        assert self.model._default_manager.count() == before

    # --- writing ---------------------------------------------------------------------------
    def test_create_saves_the_record_as_sent(self):
        payload = self.create_payload()
        before = self.model._default_manager.count()
        response = self.writer_client.post(self.list_url, payload)
        assert response.status_code == 201, response.content
        assert self.model._default_manager.count() == before + 1
        created = self.model._default_manager.order_by("-pk").first()
        assert response.json()["url"].endswith(self.detail_url(created))
        self.assert_saved(created, payload, response)

    def test_partial_update_saves_the_fields_sent(self):
        obj = self.make_rows(1)[0]
        payload = self.update_payload(obj)
        response = self.writer_client.patch(self.detail_url(obj), payload)
        if not self.updatable:
            assert response.status_code == 405
            return
        assert response.status_code == 200, response.content
        self.assert_saved(obj, payload, response)

    def test_full_update_replaces_the_record(self):
        obj = self.make_rows(1)[0]
        payload = self.put_payload(obj)
        response = self.writer_client.put(self.detail_url(obj), payload)
        if not self.updatable:
            assert response.status_code == 405
            return
        assert response.status_code == 200, response.content
        self.assert_saved(obj, payload, response)

    def test_delete_removes_the_record_unless_another_still_refers_to_it(self):
        obj = self.deletable_row()
        response = self.writer_client.delete(self.detail_url(obj))
        if not self.deletable:
            assert response.status_code in (403, 405)
            assert self.model._default_manager.filter(pk=obj.pk).exists()
            return
        assert response.status_code == 204, response.content
        assert not self.model._default_manager.filter(pk=obj.pk).exists()
        assert self.writer_client.get(self.detail_url(obj)).status_code == 404
        # A record still referred to through a protected key stays, and the 409 says by what.
        found = self.protected_row()
        if found is not None:
            protected, referrer = found
            response = self.writer_client.delete(self.detail_url(protected))
            assert response.status_code == 409, response.content
            assert str(referrer) in response.json()["detail"]
            assert self.model._default_manager.filter(pk=protected.pk).exists()

    def test_invalid_payloads_get_400_per_field_and_save_nothing(self):
        self.make_rows(1)
        cases = self.invalid_payloads()
        assert cases, "declare invalid_payloads(): what bad input must be refused?"
        for problem, payload, field, *words in cases:
            before = self.model._default_manager.count()
            response = self.writer_client.post(self.list_url, payload)
            assert response.status_code == 400, f"{problem}: {response.content!r}"
            assert field in response.json(), f"{problem}: {response.json()}"
            messages = " ".join(map(str, response.json()[field]))
            assert messages, f"{problem}: no message for {field}"
            for text in words:
                assert text in messages, f"{problem}: {messages!r} does not say {text!r}"
            assert self.model._default_manager.count() == before, f"{problem}: a row was saved"

    # --- no lost update (core.api.concurrency) ----------------------------------------------
    def test_detail_carries_an_etag_and_if_none_match_gives_304(self):
        obj = self.make_rows(1)[0]
        first = self.reader_client.get(self.detail_url(obj))
        etag = first.get("ETag")
        assert etag, "no ETag on the detail response"
        assert etag.startswith('"'), f"a weak ETag ({etag}) cannot serve If-Match"
        again = self.reader_client.get(self.detail_url(obj), HTTP_IF_NONE_MATCH=etag)
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
        assert "ETag" not in self.reader_client.get(self.list_url)

    def test_a_stale_if_match_is_a_412_and_nothing_is_written(self):
        obj = self.deletable_row()
        stale = self.writer_client.get(self.detail_url(obj))["ETag"]
        if self.updatable:
            changed = self.writer_client.patch(self.detail_url(obj), self.update_payload(obj))
            assert changed.status_code == 200, changed.content
        else:
            stale = '"an-etag-the-record-never-had"'
        history, current = obj.history.count(), self.writer_client.get(self.detail_url(obj))
        attempts = [self.writer_client.delete]
        if self.updatable:
            attempts += [self.writer_client.patch, self.writer_client.put]
        for attempt in attempts:
            payload = self.put_payload(obj) if attempt == self.writer_client.put else {}
            response = attempt(self.detail_url(obj), payload, HTTP_IF_MATCH=stale)
            assert response.status_code == 412, response.content
            assert "changed since you read it" in response.json()["detail"]
            assert response["ETag"] == current["ETag"]
        assert obj.history.count() == history
        assert self.writer_client.get(self.detail_url(obj)).json() == current.json()

    def test_a_matching_if_match_writes_and_answers_the_new_etag(self):
        obj = self.deletable_row()
        etag = self.writer_client.get(self.detail_url(obj))["ETag"]
        if self.updatable:
            response = self.writer_client.patch(
                self.detail_url(obj), self.update_payload(obj), HTTP_IF_MATCH=etag
            )
            assert response.status_code == 200, response.content
            assert response["ETag"] != etag
            # What the answer's ETag names is what a GET now shows.
            assert response["ETag"] == self.writer_client.get(self.detail_url(obj))["ETag"]
            etag = response["ETag"]
        if self.deletable:
            response = self.writer_client.delete(self.detail_url(obj), HTTP_IF_MATCH=etag)
            assert response.status_code == 204, response.content

    # --- history ---------------------------------------------------------------------------
    def test_create_and_delete_are_recorded_in_history_with_their_author(self):
        client = self.token_client(self.writer)
        response = client.post(self.list_url, self.create_payload())
        assert response.status_code == 201, response.content
        created = self.model._default_manager.order_by("-pk").first()
        first = created.history.order_by("history_date", "history_id").first()
        assert (first.history_type, first.history_user) == ("+", self.writer)
        if not self.deletable:
            return
        assert client.delete(self.detail_url(created)).status_code == 204
        key = {self.model._meta.pk.attname: created.pk}
        last = self.model.history.filter(**key).order_by("-history_date", "-history_id").first()
        assert (last.history_type, last.history_user) == ("-", self.writer)

    def test_update_is_recorded_in_history_with_its_author_and_what_changed(self):
        client = self.token_client(self.writer)
        obj = self.make_rows(1)[0]
        payload = self.update_payload(obj)
        history = obj.history.count()
        response = client.patch(self.detail_url(obj), payload)
        if not self.updatable:
            assert response.status_code == 405
            assert obj.history.count() == history
            return
        assert response.status_code == 200, response.content
        latest, previous = obj.history.order_by("-history_date", "-history_id")[:2]
        assert (latest.history_type, latest.history_user) == ("~", self.writer)
        changes = {change.field: change.new for change in latest.diff_against(previous).changes}
        model_fields = {field.name for field in self.model._meta.concrete_fields}
        for key, value in payload.items():
            if key not in model_fields:
                continue  # a relation or a nested list: its own records keep their history
            assert key in changes, f"history does not record the change of {key}: {changes}"
            column = _stored_value(self.model, key, value)
            if column is not None:
                assert changes[key] == column[1], f"history records {key}={changes[key]!r}"
