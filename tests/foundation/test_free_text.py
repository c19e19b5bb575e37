"""Free text refuses control characters other than tab and line breaks (core.text): a vertical
tab, an escape or a backspace pasted into a title was stored, invisible on the page, and broke
the exports and e-mails quoting it. The API answers 400 with the message on the field; the
admin shows it on the field; nothing is saved. Tabs and line breaks are kept."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from core.text import free_text
from deliverables.models import Deliverable, Group, Person
from liaisons.models import LiaisonStatement
from meetings.models import ActionItem, Document, Meeting, Session
from tests.admin_contract import form_as_posted
from tests.deliverables.factories import DeliverableFactory, PersonFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Control characters are not allowed (tabs and line breaks are); found {}."


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Group, "name"),
        (Group, "mandate"),
        (Person, "name"),
        (Deliverable, "title"),
        (Deliverable, "summary"),
        (Meeting, "title"),
        (Session, "description"),
        (Document, "title"),
        (ActionItem, "text"),
        (ActionItem, "closing_note"),
        (LiaisonStatement, "title"),
        (LiaisonStatement, "summary"),
    ],
)
def test_every_free_text_field_carries_the_rule(model, name):
    assert free_text in model._meta.get_field(name).validators


def test_codes_and_choices_keep_their_own_rules():
    # One message per mistake: a code's pattern already refuses every control character.
    assert free_text not in Group._meta.get_field("code").validators
    assert free_text not in Group._meta.get_field("kind").validators


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Vocabulary\x0bfor AI", "U+000B"),
        ("\x1b[31mred\x08", "U+0008, U+001B"),
        ("a\x7fb", "U+007F"),
    ],
)
def test_the_api_refuses_a_control_character_naming_it(secretariat_client, text, found):
    deliverable = DeliverableFactory(title="Vocabulary for AI")
    response = secretariat_client.patch(
        f"/api/v1/deliverables/{deliverable.code}/", {"title": text}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"title": [MESSAGE.format(found)]}
    deliverable.refresh_from_db()
    assert deliverable.title == "Vocabulary for AI"


def test_the_api_keeps_tabs_and_line_breaks(secretariat_client):
    deliverable = DeliverableFactory()
    summary = "First paragraph.\r\n\r\nSecond,\tindented."
    response = secretariat_client.patch(
        f"/api/v1/deliverables/{deliverable.code}/", {"summary": summary}, format="json"
    )
    assert response.status_code == 200, response.json()
    deliverable.refresh_from_db()
    assert deliverable.summary == summary


def test_a_new_record_is_refused_too(secretariat_client):
    response = secretariat_client.post(
        "/api/v1/people/", {"slug": "ahmed-said", "name": "Ahmed\x0cSaid"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"name": [MESSAGE.format("U+000C")]}
    assert not Person.objects.filter(slug="ahmed-said").exists()


def test_the_admin_shows_the_message_on_the_field():
    person = PersonFactory(name="Ahmed Said")
    user = User.objects.create_superuser("ada", "ada@example.org", "pw-long-enough-1")
    client = Client()
    client.force_login(user)
    url = reverse("admin:deliverables_person_change", args=[person.pk])
    form = form_as_posted(client.get(url).text, "person_form")
    form["name"] = "Ahmed\x1bSaid"
    response = client.post(url, form)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [MESSAGE.format("U+001B")]
    person.refresh_from_db()
    assert person.name == "Ahmed Said"
