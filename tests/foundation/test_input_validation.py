"""Every input gets an answer before the database: a NUL byte, a code of the wrong shape, a date
no part of the app can handle, a typo in a filter, a message with braces, a list of thousands.
Each is a 400 (or a 404 for a path) naming what is wrong, never a 500, and never a list of
everything. Generic where the rule is: every route, every list endpoint, every API field."""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from core.api.validation import MAX_NESTED_ITEMS
from core.codes import KINDS
from core.dates import LATEST_YEAR
from deliverables.models import Deliverable, Group, Person
from liaisons.models import LiaisonStatement
from meetings.models import ActionItem, Meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_data")]

# Values tried for a route's parameters until the route takes them (one per kind of code).
CANDIDATES = [
    "SG16",
    "group:SG16",
    "group",
    "wp2-tsag-2024-01",
    "TD480",
    "WP2-9",
    "ahmed-said",
    "1",
    "x",
]


def _routes(patterns=None, prefix: str = ""):
    """(name, parameter names) of every named route outside the admin."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin"):
                continue
            space = f"{entry.namespace}:" if entry.namespace else ""
            yield from _routes(entry.url_patterns, prefix + space)
        elif isinstance(entry, URLPattern) and entry.name:
            params = tuple(entry.pattern.regex.groupindex)
            if params:
                yield prefix + entry.name, params


def _paths_with_a_nul() -> list[tuple[str, str]]:
    """(route and parameter, its path with a NUL byte after that parameter's value)."""
    found = []
    for name, params in sorted(set(_routes())):
        for values in itertools.product(CANDIDATES, repeat=len(params)):
            kwargs = dict(zip(params, values, strict=True))
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            for param, value in kwargs.items():
                segment = f"/{value}/" if f"/{value}/" in path else f"/{value}"
                broken = path.replace(segment, segment.replace(value, f"{value}%00"), 1)
                found.append((f"{name}:{param}", broken))
            break
        else:
            raise AssertionError(f"no sample value fits the route {name}{params}")
    return found


PATHS_WITH_A_NUL = _paths_with_a_nul()


def test_every_route_with_a_parameter_is_checked():
    names = {name.rsplit(":", 1)[0] for name, _ in PATHS_WITH_A_NUL}
    assert {"deliverables:group-detail", "group-detail", "group-inbox", "follow"} <= names


@pytest.mark.parametrize(("route", "path"), PATHS_WITH_A_NUL, ids=[r for r, _ in PATHS_WITH_A_NUL])
def test_a_nul_byte_in_a_path_is_a_404_never_a_500(route, path):
    client = Client(raise_request_exception=False)
    assert client.get(path).status_code in (400, 404), path


# --- query parameters ---------------------------------------------------------------------------


def _api_lists() -> list[str]:
    """The path of every API list endpoint (ViewSet lists and plain list views)."""
    found = []
    for name, params in sorted(set(_routes())) + [(n, ()) for n in _unparameterised_routes()]:
        try:
            callback = _callback(name)
        except NoReverseMatch:
            # A route whose parameter sits in an including pattern (allauth's
            # accounts/oidc/<provider_id>/login/): a sign-in page, never an API list.
            continue
        actions = getattr(callback, "actions", None) or {}
        cls = getattr(callback, "cls", None)
        is_list = actions.get("get") == "list" or (
            cls is not None and not actions and issubclass(cls, ListAPIView)
        )
        if not is_list:
            continue
        for values in itertools.product(CANDIDATES, repeat=len(params)):
            try:
                found.append(reverse(name, kwargs=dict(zip(params, values, strict=True))))
                break
            except NoReverseMatch:
                continue
    return sorted(set(found))


def _unparameterised_routes(patterns=None, prefix: str = ""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if not str(entry.pattern).startswith("admin"):
                space = f"{entry.namespace}:" if entry.namespace else ""
                yield from _unparameterised_routes(entry.url_patterns, prefix + space)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groupindex:
            yield prefix + entry.name


def _callback(name: str):
    return get_resolver().resolve(reverse(name, kwargs=_kwargs_for(name))).func


def _kwargs_for(name: str) -> dict:
    params = dict(_routes()).get(name, ())
    for values in itertools.product(CANDIDATES, repeat=len(params)):
        kwargs = dict(zip(params, values, strict=True))
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return kwargs
    return {}


API_LISTS = _api_lists()
PAGES = [
    "/",
    "/search/",
    "/groups/",
    "/deliverables/",
    "/matrix/",
    "/meetings/",
    "/actions/",
    "/documents/",
    "/liaisons/",
    "/calendar.ics",
]


def test_every_api_list_is_checked():
    assert {"/api/v1/groups/", "/api/v1/liaisons/", "/api/v1/groups/SG16/inbox/"} <= set(API_LISTS)
    assert "/api/v1/subscriptions/" in API_LISTS


@pytest.mark.parametrize("path", API_LISTS + PAGES)
def test_a_nul_byte_in_a_query_parameter_is_a_400_naming_the_parameter(secretariat_client, path):
    secretariat_client.raise_request_exception = False
    response = secretariat_client.get(path, {"q": "SG\x00", "group": "SG16\x00"})
    assert response.status_code == 400, (path, response.status_code)
    if path.startswith("/api/"):
        body = response.json()
        assert set(body) == {"q", "group"}
        assert "Control characters" in body["group"][0]
    else:
        assert b"group" in response.content


@pytest.mark.parametrize("path", API_LISTS)
def test_an_unknown_filter_is_a_400_naming_the_known_ones(secretariat_client, path):
    view = get_resolver().resolve(path).func
    filterset = view.cls.filterset_class
    response = secretariat_client.get(path, {"no_such_filter": "SG16"})
    assert response.status_code == 400, response.content
    message = response.json()["no_such_filter"][0]
    for name in [*filterset.base_filters, "page", "page_size", "format"]:
        assert re.search(rf"\b{name}\b", message), f"{name} missing from: {message}"
    # The parameters it names are taken (the meetings' own `format` filter is their format).
    taken = {"page": 1, "page_size": 5}
    if "format" not in filterset.base_filters:
        taken["format"] = "json"
    assert secretariat_client.get(path, taken).status_code == 200


def test_a_typo_in_a_filter_no_longer_lists_everything(api_client):
    # allocated_to spelt with one l: it used to answer every deliverable.
    response = api_client.get("/api/v1/deliverables/", {"alocated_to": "SG16"})
    assert response.status_code == 400
    assert "allocated_to" in response.json()["alocated_to"][0]
    assert api_client.get("/api/v1/deliverables/", {"allocated_to": "SG16"}).status_code == 200


# --- request bodies -----------------------------------------------------------------------------


def _statement(**changes) -> dict:
    return {
        "reference": "TSAG-LS99",
        "title": "A statement",
        "direction": "outgoing",
        "from_groups": ["TSAG"],
        "to_groups": ["SG16"],
        "purpose": "information",
        "date": "2024-01-26",
        "status": "approved",
        **changes,
    }


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/groups/",
            {"code": "RG-X", "name": "X", "kind": "rapporteur_group", "parent": "TSAG\x00"},
            "parent",
        ),
        ("/api/v1/liaisons/", _statement(to_groups=["SG16", "SG17\x00"]), "to_groups"),
        ("/api/v1/liaisons/", _statement(approved_by_action="WP2-9\x00"), "approved_by_action"),
        ("/api/v1/liaisons/", _statement(replies_to="tsag-ls14r1\x00"), "replies_to"),
        ("/api/v1/liaisons/", _statement(contact="ahmed-said\x00"), "contact"),
        (
            "/api/v1/groups/SG16/rotate-role/",
            {"role": "chair", "incoming": "ahmed\x00"},
            "incoming",
        ),
    ],
)
def test_a_nul_byte_in_a_related_code_is_a_400_on_that_field(secretariat_client, path, body, field):
    secretariat_client.raise_request_exception = False
    response = secretariat_client.post(path, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        # The URL of a person takes small letters, digits and hyphens: a list showing a person
        # whose slug it could not address failed for everyone.
        ("/api/v1/people/", {"slug": "Ada_Lovelace", "name": "Ada Lovelace"}, "slug"),
        (
            "/api/v1/meetings/",
            {
                "code": "WP2-TSAG-2025",
                "title": "t",
                "kind": "plenary",
                "starts_at": "2025-01-20T09:00",
                "ends_at": "2025-01-20T17:00",
            },
            "code",
        ),
        (
            "/api/v1/action-items/",
            {"meeting": "wp2-tsag-2024-01", "code": "WP2 99", "text": "Act."},
            "code",
        ),
    ],
)
def test_a_code_its_url_cannot_address_is_refused(secretariat_client, path, body, field):
    response = secretariat_client.post(path, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_the_database_refuses_such_codes_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(slug="Ada_Lovelace", name="Ada Lovelace")
    meeting = Meeting.objects.get(code="wp2-tsag-2024-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.create(meeting=meeting, code="WP2 99", text="Act.")


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_code_a_model_accepts_is_one_its_url_takes(kind, data):
    code_kind = KINDS[kind]
    value = data.draw(st.from_regex(rf"\A(?:{code_kind.pattern})\Z"))
    assert code_kind.is_typed(value)


def test_two_codes_differing_in_letter_case_are_refused(secretariat_client):
    body = {"code": "Sg16", "name": "Not a second SG16", "kind": "study_group"}
    response = secretariat_client.post("/api/v1/groups/", body, format="json")
    assert response.status_code == 400, response.content
    assert "already exists" in response.json()["code"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(code="Sg16", name="Not a second SG16", kind="study_group")


def test_a_code_in_other_letter_case_finds_the_one_record(api_client):
    # Looked up case-insensitively: with "SG16" and "Sg16" both stored this was a 500.
    assert api_client.get("/api/v1/groups/sg16/inbox/").status_code == 200


def _many_rows(model, n: int) -> list:
    """`n` plain rows of `model` (no history: only the table's size matters here)."""
    start = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    owner = Group.objects.first()
    make = {
        Group: lambda i: Group(code=f"ZZ{i}", name="Filler", kind="rapporteur_group"),
        Deliverable: lambda i: Deliverable(code=f"ZZ-{i}", type="other", title="F", owner=owner),
        Meeting: lambda i: Meeting(
            code=f"zz-{i}", title="F", kind="other", starts_at=start, ends_at=start
        ),
        LiaisonStatement: lambda i: LiaisonStatement(code=f"zz-{i}", direction="outgoing"),
    }[model]
    return model.objects.bulk_create(make(i) for i in range(n))


@pytest.mark.parametrize(
    ("model", "index"),
    [
        (Group, "group_code_unique_any_case"),
        (Deliverable, "deliverable_code_unique_any_case"),
        (Meeting, "meeting_code_unique_any_case"),
        (LiaisonStatement, "liaison_statement_code_unique_any_case"),
    ],
)
def test_a_lookup_in_any_letter_case_reads_the_unique_index(model, index):
    rows = _many_rows(model, 3000)
    query = model._default_manager.filter(code__iexact="sg16").values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {model._meta.db_table}")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        # ANALYZE writes the table's row estimate outside the test's transaction, so it would
        # outlive the rollback: later tests' admin changelists would read 3,000 rows from it.
        model._default_manager.filter(pk__in=[row.pk for row in rows]).delete()
        cursor.execute(f"ANALYZE {model._meta.db_table}")
    assert index in plan, plan


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/meetings/",
            {
                "code": "far-future",
                "title": "t",
                "kind": "plenary",
                "starts_at": "9999-12-31T09:00",
                "ends_at": "9999-12-31T17:00",
            },
            "starts_at",
        ),
        (
            "/api/v1/groups/",
            {
                "code": "RG-OLD",
                "name": "Old",
                "kind": "rapporteur_group",
                "established": "0001-01-01",
            },
            "established",
        ),
        (
            "/api/v1/liaisons/",
            _statement(date="2024-01-26", reply_deadline="9999-12-31"),
            "reply_deadline",
        ),
    ],
)
def test_a_date_outside_the_years_the_app_handles_is_a_400(secretariat_client, path, body, field):
    secretariat_client.raise_request_exception = False
    response = secretariat_client.post(path, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_the_database_keeps_dates_in_range_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(code="wp2-tsag-2024-01").update(
            ends_at=dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
        )


def test_a_meeting_at_the_end_of_the_range_still_shows_in_the_calendar(secretariat_client):
    body = {
        "code": "last-meeting",
        "title": "The last one",
        "kind": "plenary",
        "time_zone": "Pacific/Kiritimati",
        "starts_at": f"{LATEST_YEAR}-12-29T09:00",
        "ends_at": f"{LATEST_YEAR}-12-29T17:00",
    }
    assert secretariat_client.post("/api/v1/meetings/", body, format="json").status_code == 201
    response = Client().get("/calendar.ics")
    assert response.status_code == 200
    assert b"The last one" in response.content


def test_a_filter_date_outside_the_range_is_a_400(api_client):
    response = api_client.get("/api/v1/deliverables/", {"approved_before": "9999-12"})
    assert response.status_code == 400
    assert "approved_before" in response.json()


# --- messages and sizes -------------------------------------------------------------------------


def test_a_message_with_braces_is_given_not_formatted(secretariat_client):
    # The message explains the form {"meeting": ..., "code": ...}: through str.format a 500.
    response = secretariat_client.post(
        "/api/v1/liaisons/", _statement(approved_by_action=42), format="json"
    )
    assert response.status_code == 400, response.content
    assert '{"meeting": ..., "code": ...}' in response.json()["approved_by_action"][0]


def _our_field_classes() -> set[type]:
    from django.apps import apps

    ours = {
        config.name
        for config in apps.get_app_configs()
        if not config.name.startswith(
            ("django", "rest_framework", "drf_", "django_", "simple_history", "knox", "axes", "csp")
        )
    }
    found = set()
    for cls in _subclasses(serializers.Field):
        if cls.__module__.split(".")[0] in ours and not issubclass(cls, serializers.BaseSerializer):
            found.add(cls)
    return found


def _subclasses(cls: type):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_error_message_of_our_fields_is_safe_to_give():
    """Every message a field of ours can fail with is given, never a KeyError from str.format
    because the text holds braces of its own (an example of a JSON body)."""
    import core.api.serializers  # noqa: F401 - the fields are defined on import
    import deliverables.api.serializers  # noqa: F401
    import liaisons.api.serializers  # noqa: F401
    import meetings.api.serializers  # noqa: F401

    classes = _our_field_classes()
    assert classes
    for cls in classes:
        if inspect.isabstract(cls):
            continue
        field = cls.__new__(cls)
        field.error_messages = {}
        for klass in reversed(cls.__mro__):
            field.error_messages.update(getattr(klass, "default_error_messages", {}))
        for key, message in field.error_messages.items():
            # Called as DRF calls it: with a value for each of its placeholders.
            placeholders = dict.fromkeys(re.findall(r"\{(\w+)\}", str(message)), "{x}")
            with pytest.raises(serializers.ValidationError):
                field.fail(key, **placeholders)


def test_a_list_of_thousands_in_a_body_is_refused_before_any_lookup(
    secretariat_client, django_assert_max_num_queries
):
    codes = [f"SG{n}" for n in range(5000)]
    with django_assert_max_num_queries(10):
        response = secretariat_client.post(
            "/api/v1/liaisons/", _statement(to_groups=codes), format="json"
        )
    assert response.status_code == 400
    assert f"at most {MAX_NESTED_ITEMS}" in response.json()["to_groups"][0]
