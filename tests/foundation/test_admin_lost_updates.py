"""No lost update in the admin: a change form opened before another user saved the record is
refused, naming who changed it, and nothing of theirs is overwritten. Every admin of a record
with `last_updated` (one row per registered ModelAdmin in tests/admin_contract.py)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from core.admin import VERSION_FIELD, ConcurrentEditAdminMixin
from tests.admin_contract import ADMIN_CASES, AdminCase, form_as_posted

pytestmark = pytest.mark.django_db

VERSIONED = [
    case
    for case in ADMIN_CASES
    if not case.read_only
    and any(field.name == "last_updated" for field in case.model._meta.concrete_fields)
]


def change_url(case: AdminCase, obj) -> str:
    opts = case.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def signed_in(username: str, full_name: str) -> tuple[Client, User]:
    first, last = full_name.split()
    user = User.objects.create_superuser(username, f"{username}@example.org", "pw-long-enough-1")
    user.first_name, user.last_name = first, last
    user.save()
    client = Client()
    client.force_login(user)
    return client, user


def test_every_admin_of_a_record_with_last_updated_refuses_stale_saves():
    for model, model_admin in admin.site._registry.items():
        if any(field.name == "last_updated" for field in model._meta.concrete_fields):
            assert isinstance(model_admin, ConcurrentEditAdminMixin), model._meta.label


@pytest.mark.parametrize("case", VERSIONED, ids=str)
def test_a_form_opened_before_another_users_save_is_refused_naming_them(case):
    case.make(1)
    obj = case.model._default_manager.order_by("-pk").first()
    url = change_url(case, obj)
    form_id = f"{case.model._meta.model_name}_form"
    ada, _ = signed_in("ada", "Ada Lovelace")
    grace, _ = signed_in("grace", "Grace Hopper")

    # Ada opens the change form; Grace opens it too, changes the record and saves.
    ada_form = form_as_posted(ada.get(url).text, form_id)
    assert ada_form.get(VERSION_FIELD), "the page does not carry the record's version"
    grace_form = form_as_posted(grace.get(url).text, form_id)
    change = case.change(obj)
    saved = grace.post(url, {**grace_form, **change.posted, "_save": "Save"})
    assert saved.status_code == 302
    theirs = case.model._default_manager.get(pk=obj.pk)
    history = theirs.history.count()

    # Ada saves the page she opened before: refused, and Grace's change stays.
    response = ada.post(url, {**ada_form, "_save": "Save"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert any("Grace Hopper (grace)" in error for error in errors), errors
    assert escape("changed by Grace Hopper (grace)") in response.text
    now = case.model._default_manager.get(pk=obj.pk)
    assert getattr(now, change.field) == change.stored
    assert now.last_updated == theirs.last_updated
    assert now.history.count() == history


@pytest.mark.parametrize("case", VERSIONED[:1], ids=str)
def test_a_form_opened_after_the_last_save_is_saved(case):
    case.make(1)
    obj = case.model._default_manager.order_by("-pk").first()
    url = change_url(case, obj)
    ada, _ = signed_in("ada", "Ada Lovelace")
    form_id = f"{case.model._meta.model_name}_form"
    for _ in range(2):  # a second save from a page opened after the first
        data = form_as_posted(ada.get(url).text, form_id)
        response = ada.post(url, {**data, **case.change(obj).posted, "_save": "Save"})
        assert response.status_code == 302


def test_a_revert_from_the_history_page_is_not_refused_for_its_old_version(admin_client):
    from tests.deliverables.factories import GroupFactory

    group = GroupFactory(code="RG-OLD", name="Old name")
    group.name = "New name"
    group.save()
    oldest = group.history.order_by("history_date", "history_id").first()
    url = reverse("admin:deliverables_group_simple_history", args=[group.pk, oldest.history_id])
    data = form_as_posted(admin_client.get(url).text, "historicalgroup_form")
    response = admin_client.post(url, {**data, "_save": "Save"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Old name"
