"""Webhooks: what a committed change sends, how it is signed, and one attempt at sending it.
Plain functions, run by the Celery task (tasks.py) and testable without it."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .kinds import api_kinds
from .models import Change, Delivery, DeliveryStatus, Webhook
from .records import shown_record
from .targets import resolve_target

SIGNATURE_HEADER = "X-Tracker-Signature-256"
EVENT_HEADER = "X-Tracker-Event"
DELIVERY_HEADER = "X-Tracker-Delivery"
USER_AGENT = "StandardsTracker-Webhooks/1"


def signature(secret: str, body: bytes) -> str:
    """The signature header's value: `sha256=` and the hex HMAC-SHA256 of the body as sent."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def payload_for(change: Change, record: dict | None) -> dict[str, Any]:
    kind = api_kinds()[change.kind]
    return {
        "event": change.change_type,
        "kind": change.kind,
        "code": change.code,
        "time": change.happened_at.isoformat(),
        "link": settings.SITE_URL + kind.link(change.code),
        "record": record,
    }


def queue_deliveries(change_ids: list[int], using: str = "default") -> list[int]:
    """After a commit: one delivery per change and webhook that asked for it, with the record as
    the API shows it now, then each sent by the task. Safe to call twice for the same changes
    (one delivery per webhook and change)."""
    webhooks = list(Webhook.objects.using(using).filter(enabled=True))
    if not webhooks:
        return []
    changes = Change.objects.using(using).filter(id__in=change_ids).order_by("transaction", "id")
    kinds = api_kinds()
    deliveries = []
    shown: dict[tuple[str, str], dict | None] = {}
    for change in changes:
        wanted = [w for w in webhooks if w.wants(change.kind, change.change_type)]
        if not wanted or change.kind not in kinds:
            continue
        key = (change.kind, change.object_pk)
        if change.change_type == "deleted":
            record = None
        elif key in shown:
            record = shown[key]
        else:
            record = shown[key] = shown_record(kinds[change.kind], change.object_pk)
        payload = json.loads(json.dumps(payload_for(change, record), cls=DjangoJSONEncoder))
        deliveries += [
            Delivery(webhook=w, change=change, kind=change.kind, code=change.code, payload=payload)
            for w in wanted
        ]
    Delivery.objects.using(using).bulk_create(deliveries, ignore_conflicts=True)
    queued = list(
        Delivery.objects.using(using)
        .filter(change_id__in=change_ids, status=DeliveryStatus.PENDING)
        .order_by("id")
        .values_list("id", flat=True)
    )
    from .tasks import deliver_webhook

    for delivery_id in queued:
        deliver_webhook.delay(delivery_id)
    return queued


def earlier_pending(delivery: Delivery) -> bool:
    """Whether an earlier delivery of the same record to the same webhook is still to go."""
    return Delivery.objects.filter(
        webhook_id=delivery.webhook_id,
        kind=delivery.kind,
        code=delivery.code,
        status=DeliveryStatus.PENDING,
        id__lt=delivery.id,
    ).exists()


def next_pending(delivery: Delivery) -> int | None:
    """The delivery of the same record to the same webhook that waited for this one."""
    return (
        Delivery.objects.filter(
            webhook_id=delivery.webhook_id,
            kind=delivery.kind,
            code=delivery.code,
            status=DeliveryStatus.PENDING,
            id__gt=delivery.id,
        )
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )


@dataclass
class Response:
    status: int
    elapsed_ms: int


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, not to whatever the name resolves to now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST `body` to `url` after the target check; the response's status and time. Redirects
    are not followed (a redirect could lead to an address the check refuses)."""
    host, port, addresses = resolve_target(url)
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = cls(host, port, addresses[0], timeout=settings.WEBHOOKS_TIMEOUT)
    started = time.monotonic()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)
    finally:
        connection.close()
    return Response(response.status, round((time.monotonic() - started) * 1000))


def attempt(delivery: Delivery) -> bool:
    """One attempt at sending `delivery`, recorded on it: True when the receiver took it (any
    2xx). The body is the stored payload, byte for byte the same on every attempt."""
    webhook = delivery.webhook
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: signature(webhook.secret, body),
        EVENT_HEADER: str(delivery.payload.get("event", "")),
        DELIVERY_HEADER: str(delivery.pk),
    }
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_code = None
    delivery.response_ms = None
    try:
        response = post(webhook.url, body, headers)
    except ValidationError as error:
        delivery.error = "; ".join(error.message_dict.get("url", error.messages))
    except (OSError, http.client.HTTPException) as error:
        delivery.error = f"{type(error).__name__}: {error}"[:2000]
    else:
        delivery.response_code = response.status
        delivery.response_ms = response.elapsed_ms
        ok = 200 <= response.status < 300
        delivery.error = "" if ok else f"The receiver answered {response.status}."
        if ok:
            delivery.status = DeliveryStatus.DELIVERED
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "response_code",
            "response_ms",
            "error",
            "status",
        ]
    )
    return delivery.status == DeliveryStatus.DELIVERED


def give_up(delivery: Delivery) -> None:
    delivery.status = DeliveryStatus.FAILED
    delivery.save(update_fields=["status"])


def send_again(deliveries: Any) -> list[int]:
    """The admin's "send again": the deliveries pending once more, each queued after commit."""
    ids = [d.pk for d in deliveries]
    Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.PENDING, error="")
    from .tasks import deliver_webhook

    for delivery_id in sorted(ids):
        transaction.on_commit(lambda delivery_id=delivery_id: deliver_webhook.delay(delivery_id))
    return ids
