"""The OpenAPI schema says what the API really answers (core.api.schema): who may call an
operation, every error status with its body, the bounds of a page, what a code looks like. The
schemathesis run (test_schemathesis.py) checks it against the live app; these name each promise."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OPERATIONS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        return APIClient().get(reverse("schema"), {"format": "json"}).json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method in OPERATIONS:
            if method in item:
                yield path, method, item[method]


def test_reads_anyone_may_make_are_declared_public_and_writes_are_not(schema):
    groups = schema["paths"]["/api/v1/groups/{code}/"]
    assert {} in groups["get"]["security"]
    assert {} not in groups["patch"]["security"]
    # Your own subscriptions need a token or a session, to read them too.
    assert {} not in schema["paths"]["/api/v1/subscriptions/"]["get"]["security"]


def test_every_operation_documents_its_refusals_with_a_body(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"401", "406", "429"}
        if method != "get":
            expected |= {"403"}
        if method in ("post", "put", "patch"):
            expected |= {"400", "415"}
        if "{" in path:
            expected |= {"404"}
        missing = expected - set(responses)
        assert not missing, f"{method.upper()} {path} does not document {sorted(missing)}"
        for status in expected:
            assert "application/json" in responses[status]["content"], (method, path, status)


def test_a_list_documents_its_page_bounds_and_its_refused_filters(schema):
    listing = schema["paths"]["/api/v1/deliverables/"]["get"]
    parameters = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert parameters["page"]["minimum"] == 1
    assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (1, 200)
    assert {"400", "404"} <= set(listing["responses"])


def test_every_path_parameter_says_what_the_url_matches(schema):
    # The action items' two-part key and a group's inbox describe their parameters themselves;
    # they carry the URL's pattern all the same, so a client knows SG 16 is not a group code.
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["schema"]["type"] == "string":
                assert parameter["schema"].get("pattern"), (method, path, parameter["name"])
    action = schema["paths"]["/api/v1/action-items/{meeting}/{code}/"]["get"]["parameters"]
    patterns = {p["name"]: p["schema"]["pattern"] for p in action if p["in"] == "path"}
    assert patterns == {
        "meeting": "^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$",
        "code": "^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$",
    }
    inbox = schema["paths"]["/api/v1/groups/{code}/inbox/"]["get"]["parameters"]
    group = schema["paths"]["/api/v1/groups/{code}/"]["get"]["parameters"]
    code_of = lambda parameters: next(p for p in parameters if p["name"] == "code")["schema"]  # noqa: E731
    assert code_of(inbox)["pattern"] == code_of(group)["pattern"]


def test_a_partial_date_may_be_null_and_has_its_shape(schema):
    starts_on = schema["components"]["schemas"]["Leadership"]["properties"]["starts_on"]
    assert starts_on["nullable"] is True
    assert starts_on["pattern"].startswith("^")


def test_a_related_record_is_written_as_its_code(schema):
    parent = schema["components"]["schemas"]["GroupRequest"]["properties"]["parent"]
    assert parent["type"] == "string"
    assert parent["nullable"] is True


def test_an_api_path_that_names_no_endpoint_is_a_json_404(client):
    response = client.get("/api/v1/groups/SG16/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    # Elsewhere the site's own 404 page.
    page = client.get("/nothing-here/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_a_number_where_text_is_documented_is_refused(secretariat_client):
    response = secretariat_client.post(
        "/api/v1/people/", {"slug": "ahmed-said", "name": "Ahmed Said", "country": 0}
    )
    assert response.status_code == 400
    assert "country" in response.json()


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/groups/?active=maybe",
        "/api/v1/meetings/?upcoming=-58800",
        # Django's field reads these as yes or no; the schema's boolean is true or false only.
        "/api/v1/people/?current=2",
        "/api/v1/roles/?current=1",
        "/api/v1/liaisons/?awaiting_reply=0",
        "/api/v1/action-items/?overdue=True",
        "/api/v1/documents/?latest=on",
    ],
)
def test_a_yes_no_filter_refuses_what_is_neither(client, query):
    response = client.get(query)
    assert response.status_code == 400
    assert response.json() == {query.split("?")[1].split("=")[0]: ["Use true or false."]}


def test_a_yes_no_filter_reads_true_false_and_the_pages_unknown(client):
    for value in ("true", "false", "", "unknown"):
        assert client.get("/api/v1/groups/", {"active": value}).status_code == 200
    assert client.get("/meetings/", {"upcoming": "unknown"}).status_code == 200
