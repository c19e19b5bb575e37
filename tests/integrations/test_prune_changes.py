"""`manage.py prune_changes`: the change log's old entries go, in batches; what a webhook has
still to deliver stays; a daily beat entry runs it with CHANGES_RETENTION_DAYS."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from integrations.changes import prune_changes
from integrations.models import Change, Delivery, DeliveryStatus, Webhook
from integrations.schedule import ensure_prune_schedule
from integrations.tasks import PRUNE_TASK_NAME, prune_change_log
from tests.deliverables.factories import GroupFactory

pytestmark = pytest.mark.django_db


def changes_aged(codes: list[str], days: int) -> None:
    Change.objects.filter(code__in=codes).update(
        happened_at=timezone.now() - dt.timedelta(days=days)
    )


def old_and_new() -> None:
    for code in ("G-OLD1", "G-OLD2", "G-OLD3", "G-OLD4", "G-OLD5", "G-NEW"):
        GroupFactory(code=code)
    changes_aged(["G-OLD1", "G-OLD2", "G-OLD3", "G-OLD4", "G-OLD5"], 120)
    changes_aged(["G-NEW"], 60)


def kept() -> list[str]:
    return sorted(Change.objects.values_list("code", flat=True))


def run(*args: str) -> str:
    out = StringIO()
    call_command("prune_changes", *args, stdout=out)
    return out.getvalue()


def test_changes_older_than_the_retention_are_deleted_the_newer_kept():
    old_and_new()
    assert run("--older-than", "90d") == "5 changes older than 90 days deleted.\n"
    assert kept() == ["G-NEW"]
    # The feed still reads from the start, and from a cursor, after the pruning.
    feed = Client().get("/api/v1/changes/").json()
    assert [row["code"] for row in feed["results"]] == ["G-NEW"]


def test_a_dry_run_counts_and_deletes_nothing():
    old_and_new()
    assert run("--older-than", "90", "--dry-run") == (
        "5 changes older than 90 days would be deleted.\n"
    )
    assert len(kept()) == 6


def test_deletes_in_batches_until_none_is_left():
    old_and_new()
    assert prune_changes(dt.timedelta(days=90), batch_size=2) == 5
    assert kept() == ["G-NEW"]


def test_a_change_a_webhook_has_still_to_deliver_is_kept_a_delivered_one_goes():
    old_and_new()
    webhook = Webhook.objects.create(name="Portal", url="https://93.184.215.14/h", secret="s")
    for code, status in (("G-OLD1", DeliveryStatus.PENDING), ("G-OLD2", DeliveryStatus.DELIVERED)):
        Delivery.objects.create(
            webhook=webhook,
            change=Change.objects.get(code=code),
            kind="groups",
            code=code,
            payload={},
            status=status,
        )
    assert run("--older-than", "90d") == "4 changes older than 90 days deleted.\n"
    assert kept() == ["G-NEW", "G-OLD1"]
    assert list(Delivery.objects.values_list("code", flat=True)) == ["G-OLD1"]


def test_the_daily_task_keeps_the_retention_setting(settings):
    old_and_new()
    settings.CHANGES_RETENTION_DAYS = 30
    assert prune_change_log() == 6
    assert kept() == []


@pytest.mark.parametrize("value", ["0d", "ninety", "-5"])
def test_a_retention_under_a_day_or_not_in_days_is_refused(value):
    old_and_new()
    with pytest.raises(CommandError):
        run("--older-than", value)
    assert len(kept()) == 6


def test_migrate_creates_the_daily_beat_entry_once():
    entry = ensure_prune_schedule()
    assert entry.task == PRUNE_TASK_NAME
    assert (entry.crontab.hour, entry.crontab.minute) == ("3", "30")
    assert ensure_prune_schedule().pk == entry.pk
