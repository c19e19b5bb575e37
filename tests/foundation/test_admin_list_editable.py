"""No lost update through a changelist's editable columns (`list_editable`): each row carries
the version the page showed, and a save that would overwrite a row someone changed since is
refused on that row, naming who, with nothing of the page saved. No admin of the project edits
in its lists today; the rule is in the base of every record's admin (core.admin), so the first
one that does is covered. Shown here on the people's list, made editable for the test."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from core.admin import VERSION_FIELD
from deliverables.models import Person
from tests.admin_contract import form_as_posted
from tests.deliverables.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:deliverables_person_changelist")


@pytest.fixture
def editable_people(monkeypatch):
    monkeypatch.setattr(admin.site._registry[Person], "list_editable", ["affiliation"])
    first = PersonFactory(name="Ahmed Said", affiliation="ITU")
    second = PersonFactory(name="Bea Borg", affiliation="ETSI")
    return first, second


def signed_in(username: str, full_name: str) -> Client:
    first, last = full_name.split()
    user = User.objects.create_superuser(username, f"{username}@example.org", "pw-long-enough-1")
    user.first_name, user.last_name = first, last
    user.save()
    client = Client()
    client.force_login(user)
    return client


def list_form(client: Client) -> dict:
    data = form_as_posted(client.get(URL).text, "changelist-form")
    data.pop("action", None)
    data["_save"] = "Save"
    return data


def row_of(data: dict, person: Person) -> str:
    return next(
        key[: -len("-id")]
        for key, value in data.items()
        if key.endswith("-id") and value == str(person.pk)
    )


def test_every_row_carries_the_version_the_page_showed(editable_people):
    ada = signed_in("ada", "Ada Lovelace")
    data = list_form(ada)
    for person in editable_people:
        assert data[f"{row_of(data, person)}-{VERSION_FIELD}"], "no version on the row"


def test_a_row_changed_since_the_page_was_shown_is_refused_naming_who(editable_people):
    first, second = editable_people
    ada, grace = signed_in("ada", "Ada Lovelace"), signed_in("grace", "Grace Hopper")
    ada_page, grace_page = list_form(ada), list_form(grace)

    # Grace changes Ahmed's affiliation and saves; Ada, from the page she opened before, changes
    # Ahmed's and Bea's.
    grace_page[f"{row_of(grace_page, first)}-affiliation"] = "ISO"
    assert grace.post(URL, grace_page).status_code == 302
    ada_page[f"{row_of(ada_page, first)}-affiliation"] = "IEC"
    ada_page[f"{row_of(ada_page, second)}-affiliation"] = "IEEE"
    response = ada.post(URL, ada_page)

    assert response.status_code == 200
    assert "This record was changed by Grace Hopper (grace)" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.affiliation, second.affiliation) == ("ISO", "ETSI")


def test_a_row_changed_only_where_the_list_does_not_show_is_left_alone(editable_people):
    first, second = editable_people
    ada = signed_in("ada", "Ada Lovelace")
    page = list_form(ada)
    first.name = "Ahmed M. Said"  # a column the list does not edit
    first.save()
    page[f"{row_of(page, second)}-affiliation"] = "IEEE"
    response = ada.post(URL, page)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.name, first.affiliation, second.affiliation) == ("Ahmed M. Said", "ITU", "IEEE")
    # Only the row changed was saved (one history entry each: created, then Bea's change).
    assert first.history.count() == 2
    assert second.history.count() == 2


def test_a_fresh_page_saves(editable_people):
    first, _ = editable_people
    ada = signed_in("ada", "Ada Lovelace")
    page = list_form(ada)
    page[f"{row_of(page, first)}-affiliation"] = "IEC"
    assert ada.post(URL, page).status_code == 302
    first.refresh_from_db()
    assert first.affiliation == "IEC"
