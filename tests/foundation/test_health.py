import pytest
from django.db import connection

from tests.utils import free_port


@pytest.mark.django_db
def test_healthz_reports_ok_when_the_database_answers(client, settings):
    settings.REDIS_URL = settings.CACHE_REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
@pytest.mark.services
def test_healthz_checks_the_broker_when_one_is_configured(client, settings):
    import os

    settings.REDIS_URL = os.environ["REDIS_URL"]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    # A real closed port on loopback, not a mock.
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error")


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_is_unreachable(client, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: points the connection at a closed port")
    settings.REDIS_URL = ""
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = free_port()
    connection.settings_dict["HOST"] = "127.0.0.1"
    try:
        from portal.health import healthz

        response = healthz(_get_request())
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert response.status_code == 503
    assert b'"database": "error' in response.content


def _get_request():
    from django.test import RequestFactory

    return RequestFactory().get("/healthz")
