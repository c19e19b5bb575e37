"""Every domain record says when it was created and last changed, whichever way it was written."""

import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from core.models import TimestampedQuerySet
from deliverables.models import Deliverable, Group
from tests.deliverables.factories import DeliverableFactory, GroupFactory

T0 = dt.datetime(2024, 1, 22, 9, 0, tzinfo=dt.UTC)
T1 = dt.datetime(2024, 2, 5, 14, 30, tzinfo=dt.UTC)
DOMAIN_APPS = ["deliverables", "meetings", "liaisons", "reminders"]


def domain_models():
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical") and "_" in model.__name__:
                continue  # the history of a many-to-many link, not of a record
            yield model


@pytest.mark.parametrize("model", list(domain_models()), ids=lambda m: m._meta.label)
def test_every_domain_model_has_created_and_an_indexed_last_updated(model):
    created, last_updated = model._meta.get_field("created"), model._meta.get_field("last_updated")
    if model.__name__.startswith("Historical"):
        # A history row keeps the values the record had, as plain columns.
        assert (created.auto_now_add, last_updated.auto_now) == (False, False)
    else:
        assert (created.auto_now_add, last_updated.auto_now) == (True, True)
        assert last_updated.db_index
        # so that update() stamps last_updated as well (core.models.check_managers)
        assert isinstance(model._default_manager.get_queryset(), TimestampedQuerySet)


@pytest.mark.django_db
def test_save_update_and_bulk_writes_all_stamp_last_updated():
    with time_machine.travel(T0, tick=False):
        group = GroupFactory(code="RG-IEM")
        [deliverable] = Deliverable.objects.bulk_create(
            [Deliverable(code="FGMV-30", type="other", title="x", owner=group, status="draft")]
        )
    assert (group.created, group.last_updated) == (T0, T0)
    assert Deliverable.objects.get(pk=deliverable.pk).last_updated == T0

    with time_machine.travel(T1, tick=False):
        Group.objects.filter(pk=group.pk).update(name="Industry engagement")
        deliverable.title = "y"
        Deliverable.objects.bulk_update([deliverable], ["title"])

    group.refresh_from_db()
    deliverable.refresh_from_db()
    assert (group.created, group.last_updated) == (T0, T1)
    assert (deliverable.created, deliverable.last_updated) == (T0, T1)


@pytest.mark.django_db
def test_history_does_not_list_the_timestamps_as_changes():
    with time_machine.travel(T0, tick=False):
        group = GroupFactory(code="RG-IEM")
    with time_machine.travel(T1, tick=False):
        group.name = "Industry engagement"
        group.save()
    latest, previous = group.history.order_by("-history_date", "-history_id")[:2]
    assert latest.last_updated == T1
    assert [change.field for change in latest.diff_against(previous).changes] == ["name"]


@pytest.mark.django_db
def test_the_api_shows_the_timestamps_and_ignores_them_in_a_write(api_client, secretariat_client):
    with time_machine.travel(T0, tick=False):
        DeliverableFactory(code="FGMV-04")
    url = reverse("deliverable-detail", args=["FGMV-04"])
    body = api_client.get(url).json()
    assert (body["created"], body["last_updated"]) == ("2024-01-22T10:00:00+01:00",) * 2

    with time_machine.travel(T1, tick=False):
        response = secretariat_client.patch(
            url, {"title": "New", "created": "2000-01-01T00:00:00Z"}, format="json"
        )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == "2024-01-22T10:00:00+01:00"
    assert response.json()["last_updated"] == "2024-02-05T15:30:00+01:00"
