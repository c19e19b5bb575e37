"""Webhooks: a committed change reaches a real receiver on loopback, signed; a failed attempt
is retried; a rolled-back change sends nothing; private targets are refused."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.db import transaction
from django.urls import reverse

from integrations.admin import WebhookForm
from integrations.models import Change, Delivery, DeliveryStatus, Webhook
from integrations.tasks import deliver_webhook
from integrations.webhooks import SIGNATURE_HEADER, attempt, signature
from standards_tracker.celery import app
from tests.deliverables.factories import DeliverableFactory, GroupFactory
from tests.integrations.receiver import start_receiver

SECRET = "a-shared-secret-of-the-receiver"


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True  # the receiver is on 127.0.0.1
    settings.WEBHOOKS_TIMEOUT = 5
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def in_process_tasks():
    """Tasks run in-process, as they do without a broker (the tests' settings name Redis)."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def webhook_for(receiver, **fields) -> Webhook:
    return Webhook.objects.create(name="Portal", url=receiver.url, secret=SECRET, **fields)


def verify(received) -> bool:
    """What a receiver does (README): the HMAC-SHA256 of the raw body with the shared secret,
    compared in constant time with the header."""
    expected = "sha256=" + hmac.new(SECRET.encode(), received.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received.headers[SIGNATURE_HEADER])


@pytest.mark.django_db
def test_a_group_created_through_the_api_is_sent_signed_as_the_api_shows_it(
    receiver, in_process_tasks, secretariat_client, django_capture_on_commit_callbacks
):
    webhook_for(receiver, kinds=["groups"])
    with django_capture_on_commit_callbacks(execute=True):
        created = secretariat_client.post(
            "/api/v1/groups/",
            {"code": "SG91", "name": "Study Group 91", "kind": "study_group"},
            format="json",
        )
    assert created.status_code == 201, created.json()

    [received] = receiver.received
    assert received.path == "/hooks/tracker?team=a"
    assert verify(received)
    payload = received.json
    assert payload["event"] == "created"
    assert payload["kind"] == "groups"
    assert payload["code"] == "SG91"
    assert payload["link"].endswith(reverse("group-detail", kwargs={"code": "SG91"}))
    shown = secretariat_client.get("/api/v1/groups/SG91/").json()
    assert payload["record"]["name"] == shown["name"] == "Study Group 91"
    assert payload["record"].keys() == shown.keys()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1
    assert delivery.response_code == 200
    assert delivery.response_ms is not None


@pytest.mark.django_db
def test_a_receiver_answering_500_gets_the_same_body_again(
    receiver, in_process_tasks, django_capture_on_commit_callbacks
):
    webhook_for(receiver)
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        GroupFactory(code="SG92")

    first, second = receiver.received
    assert first.body == second.body
    assert verify(second)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 2, 200)


@pytest.mark.django_db
def test_a_receiver_that_keeps_failing_is_given_up_and_sent_again_from_the_admin(
    receiver, in_process_tasks, admin_client, django_capture_on_commit_callbacks
):
    webhook_for(receiver)
    receiver.statuses = [503, 503, 503]
    with django_capture_on_commit_callbacks(execute=True):
        GroupFactory(code="SG93")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 3
    assert delivery.error == "The receiver answered 503."

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:integrations_delivery_changelist"),
            {"action": "send_again", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 4)
    assert len(receiver.received) == 4


@pytest.mark.django_db
def test_only_the_kinds_and_events_asked_for_are_sent(
    receiver, in_process_tasks, django_capture_on_commit_callbacks
):
    webhook_for(receiver, kinds=["deliverables"], on_updated=False)
    with django_capture_on_commit_callbacks(execute=True):
        deliverable = DeliverableFactory()
        GroupFactory(code="SG94")
    with django_capture_on_commit_callbacks(execute=True):
        deliverable.title = "Changed"
        deliverable.save()
    assert [(r.json["kind"], r.json["event"]) for r in receiver.received] == [
        ("deliverables", "created")
    ]


@pytest.mark.django_db
def test_a_delivery_waits_for_the_earlier_one_of_the_same_record(
    receiver, in_process_tasks, django_capture_on_commit_callbacks
):
    webhook = webhook_for(receiver)
    group = GroupFactory(code="SG95")
    group.name = "Renamed"
    group.save()
    changes = list(Change.objects.filter(code="SG95").order_by("id"))
    first, second = (
        Delivery.objects.create(
            webhook=webhook, change=c, kind=c.kind, code=c.code, payload={"event": c.change_type}
        )
        for c in changes
    )
    assert deliver_webhook.apply(args=[second.pk]).get().startswith("waiting")
    assert receiver.received == []

    with django_capture_on_commit_callbacks(execute=True):
        deliver_webhook.apply(args=[first.pk])
    assert [r.json["event"] for r in receiver.received] == ["created", "updated"]
    second.refresh_from_db()
    assert second.status == DeliveryStatus.DELIVERED


@pytest.mark.django_db
def test_one_attempt_without_celery_signs_the_stored_payload(receiver):
    webhook = webhook_for(receiver)
    group = GroupFactory(code="SG96")
    change = Change.objects.get(code=group.code)
    delivery = Delivery.objects.create(
        webhook=webhook, change=change, kind="groups", code="SG96", payload={"event": "created"}
    )
    assert attempt(delivery) is True
    [received] = receiver.received
    assert received.body == b'{"event":"created"}'
    assert received.headers[SIGNATURE_HEADER] == signature(SECRET, received.body)
    assert verify(received)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing_and_a_committed_one_is_sent(receiver, in_process_tasks):
    webhook_for(receiver)

    def save_then_fail():
        with transaction.atomic():
            GroupFactory(code="SG97")
            raise RuntimeError("the request failed after the save")

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert receiver.received == []
    assert not Change.objects.filter(code="SG97").exists()
    assert not Delivery.objects.exists()

    with transaction.atomic():
        GroupFactory(code="SG98")
    assert [r.json["code"] for r in receiver.received] == ["SG98"]


# --- where webhooks may go --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[fd00::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "ftp://93.184.215.14/hook",
        "file:///etc/passwd",
    ],
)
@pytest.mark.django_db
def test_the_admin_refuses_a_private_or_non_http_target(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    form = WebhookForm(
        data={"name": "Intranet", "url": url, "secret": SECRET, "on_created": "on", "enabled": "on"}
    )
    assert not form.is_valid()
    assert "url" in form.errors


@pytest.mark.django_db
def test_the_admin_takes_a_public_address(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    form = WebhookForm(
        data={"name": "Portal", "url": "https://93.184.215.14/hook", "secret": SECRET}
    )
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_a_target_that_became_private_is_refused_at_send_time(receiver, settings):
    webhook = webhook_for(receiver)  # saved while loopback was allowed
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    group = GroupFactory(code="SG99")
    change = Change.objects.get(code=group.code)
    delivery = Delivery.objects.create(
        webhook=webhook, change=change, kind="groups", code="SG99", payload={"event": "created"}
    )
    assert attempt(delivery) is False
    assert receiver.received == []
    assert "private, loopback or link-local" in delivery.error


@pytest.fixture
def redis_celery_app():
    """The project's Celery app on the real Redis broker, not eager (tests/foundation's)."""
    import os

    url = os.environ["REDIS_URL"]
    keys = ("broker_url", "result_backend", "task_always_eager")
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    yield app
    app.conf.update(previous)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_retries_a_failed_delivery_with_backoff(receiver, redis_celery_app, settings):
    """Through the broker: the first attempt gets a 500, the task is retried after a backoff
    (below 2 s for a first retry) and the second attempt is delivered."""
    import time

    from celery.contrib.testing.worker import start_worker

    settings.WEBHOOKS_MAX_ATTEMPTS = 4
    webhook_for(receiver)
    receiver.statuses = [500]
    with start_worker(redis_celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        with transaction.atomic():
            GroupFactory(code="SG86")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            delivery = Delivery.objects.get()
            if delivery.status != DeliveryStatus.PENDING:
                break
            time.sleep(0.2)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    first, second = receiver.received
    assert first.body == second.body
