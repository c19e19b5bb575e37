import os

import pytest
from celery.contrib.testing.worker import start_worker

from standards_tracker.celery import app, ping


@pytest.fixture
def redis_celery_app():
    """The project's Celery app on the real Redis broker, not eager."""
    url = os.environ["REDIS_URL"]
    previous = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        yield app
    finally:
        app.conf.update(previous)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_a_task_and_returns_its_result(redis_celery_app):
    with start_worker(redis_celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        result = ping.delay("hello from the broker")
        assert result.get(timeout=30) == "hello from the broker"


def test_celery_is_configured_for_safe_delivery():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_time_limit
    assert app.conf.task_soft_time_limit
    assert app.conf.enable_utc is True
