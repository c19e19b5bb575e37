"""The client behind a proxy is the address the trusted proxy saw, whatever a client writes into
X-Forwarded-For: one answer (core.throttling.client_address, DRF's rule fed by
TRUSTED_PROXY_COUNT) for the API's throttle, the search page's and the sign-in lockouts."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from core.throttling import SearchPageThrottle, client_address

pytestmark = pytest.mark.django_db

PROXY = "10.0.3.7"  # nginx, as gunicorn sees it
CLIENT = "203.0.113.9"  # the address nginx appends: the one it was reached from


@pytest.fixture
def behind_one_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def through_proxy(spoofed: str, client: str = CLIENT) -> dict[str, str]:
    """What gunicorn receives when a client sent `X-Forwarded-For: <spoofed>` through nginx."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{spoofed}, {client}"}


def forget(*idents: str, scope: str = "anon") -> None:
    for ident in idents:
        cache.delete(AnonRateThrottle.cache_format % {"scope": scope, "ident": ident})


def test_the_address_is_the_one_the_trusted_proxy_appended(behind_one_proxy):
    factory = RequestFactory()
    assert client_address(factory.get("/", **through_proxy("1.1.1.1"))) == CLIENT
    assert client_address(factory.get("/", **through_proxy("8.8.8.8, 9.9.9.9"))) == CLIENT
    # Reached without the proxy (no header): the connection's own address.
    assert client_address(factory.get("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"


def test_with_no_trusted_proxy_the_header_is_ignored(settings):
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0  # the default: TRUSTED_PROXY_COUNT unset
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_address(request) == "192.0.2.1"


def test_more_trusted_proxies_than_there_are_never_yields_the_clients_own_text(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="<script>, 1.2.3.4")
    assert client_address(request) == PROXY


@pytest.mark.throttled
def test_spoofed_leftmost_addresses_through_one_proxy_count_as_one_client(
    behind_one_proxy, monkeypatch, api_client
):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    other = "198.51.100.4"
    forget(CLIENT, other)
    url = reverse("group-list")
    try:
        assert api_client.get(url, **through_proxy("1.1.1.1")).status_code == 200
        assert api_client.get(url, **through_proxy("2.2.2.2")).status_code == 200
        # A third header value is not a third client.
        assert api_client.get(url, **through_proxy("3.3.3.3")).status_code == 429
        # Another client through the same proxy has a count of its own.
        assert api_client.get(url, **through_proxy("3.3.3.3", client=other)).status_code == 200
    finally:
        forget(CLIENT, other)


@pytest.mark.throttled
def test_with_the_default_settings_a_new_header_value_is_not_a_new_client(monkeypatch, api_client):
    """Gunicorn reached directly (TRUSTED_PROXY_COUNT unset): the header is the client's own."""
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    forget("192.0.2.1")
    url = reverse("group-list")
    statuses = [
        api_client.get(url, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=spoofed).status_code
        for spoofed in ("1.1.1.1", "2.2.2.2", "3.3.3.3")
    ]
    forget("192.0.2.1")
    assert statuses == [200, 200, 429]


# --- the search page, throttled like the API ---------------------------------------------------


def test_the_search_page_is_limited_at_the_apis_anonymous_rate_by_default():
    assert SearchPageThrottle().rate == AnonRateThrottle().rate


@pytest.mark.throttled
def test_anonymous_searches_beyond_the_rate_get_a_page_saying_when_to_retry(
    monkeypatch, client, delegate_user
):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "search_page", "2/minute")
    forget("127.0.0.1", scope="search_page")
    url = reverse("search")
    try:
        assert [client.get(url, {"q": f"video {n}"}).status_code for n in range(2)] == [200, 200]
        refused = client.get(url, {"q": "video"})
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= 60
        assert "Too many requests" in refused.text
        assert f"please wait {refused['Retry-After']} second" in refused.text
        # The API's own count is apart, and a signed-in user is not limited.
        assert client.get(reverse("group-list")).status_code == 200
        client.force_login(delegate_user)
        assert [client.get(url, {"q": "video"}).status_code for _ in range(3)] == [200] * 3
    finally:
        forget("127.0.0.1", scope="search_page")
        forget("127.0.0.1")
