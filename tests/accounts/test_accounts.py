"""Accounts: sign-up with a verified address, sign-in by address or username, the lock on wrong
passwords whichever is typed, a verified address linking the login to its person, and the
secretariat confirming or undoing that link."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from accounts.models import LinkStatus, PersonLink
from reminders.models import ReminderPreference
from tests.deliverables.factories import PersonFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-9"


def sign_up(client: Client, email: str):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_signing_up_needs_the_address_verified_before_signing_in(client):
    response = sign_up(client, "ada@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    link = confirmation_link(message)

    assert client.get(link).status_code == 200  # a page with a button: scanners confirm nothing
    assert not EmailAddress.objects.get(email="ada@example.org").verified
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ada@example.org").verified
    assert client.get("/me/").status_code == 200  # signed in on confirmation


def test_a_verified_address_of_a_person_links_the_login_to_them(client):
    ada = PersonFactory(name="Ada Lovelace", email="Ada@Example.org")
    sign_up(client, "ada@example.org")
    client.post(confirmation_link(mail.outbox[0]))

    ada.refresh_from_db()
    link = PersonLink.objects.get()
    assert ada.user == link.user
    assert link.status == LinkStatus.PROPOSED
    page = client.get("/me/").text
    assert "Your login is linked to" in page
    assert "Ada Lovelace" in page


def test_an_address_two_people_share_links_nobody(client):
    PersonFactory(email="shared@example.org")
    PersonFactory(email="shared@example.org")
    sign_up(client, "shared@example.org")
    client.post(confirmation_link(mail.outbox[0]))
    assert not PersonLink.objects.exists()


def test_the_secretariat_confirms_or_undoes_a_link_in_the_admin(client, admin_client):
    ada = PersonFactory(email="ada@example.org")
    sign_up(client, "ada@example.org")
    client.post(confirmation_link(mail.outbox[0]))
    link = PersonLink.objects.get()
    changelist = "/admin/accounts/personlink/"

    admin_client.post(changelist, {"action": "confirm", "_selected_action": [link.pk]})
    link.refresh_from_db()
    assert link.status == LinkStatus.CONFIRMED

    admin_client.post(changelist, {"action": "undo", "_selected_action": [link.pk]})
    link.refresh_from_db()
    ada.refresh_from_db()
    assert link.status == LinkStatus.UNDONE
    assert ada.user is None
    # Signing in again does not link them again: the secretariat said no.
    client.logout()
    client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    ada.refresh_from_db()
    assert ada.user is None


def test_delegates_sign_in_by_address_and_never_see_the_admin(client):
    user = User.objects.create_user("delegate", "delegate@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        "/accounts/login/", {"login": "delegate@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert ">Admin<" not in client.get("/").text
    assert client.get("/admin/").status_code == 302  # to the admin's sign-in, as for anyone


def test_a_staff_login_made_by_the_secretariat_signs_in_without_verifying(client):
    User.objects.create_user("sec", "sec@example.org", PASSWORD, is_staff=True)
    response = client.post("/accounts/login/", {"login": "sec", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert ">Admin<" in client.get("/").text


def test_wrong_passwords_by_address_and_username_count_towards_one_lock(client):
    User.objects.create_user("grace", "grace@example.org", PASSWORD)
    statuses = [
        client.post(
            "/accounts/login/",
            {"login": "grace@example.org" if n % 2 else "grace", "password": "wrong"},
        ).status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post("/accounts/login/", {"login": "grace@example.org", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many wrong passwords for <strong>grace</strong>" in locked.text


def test_forgotten_password_mails_a_reset_link(client):
    User.objects.create_user("grace", "grace@example.org", PASSWORD)
    response = client.post("/accounts/password/reset/", {"email": "grace@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "/accounts/password/reset/key/" in message.body


@pytest.fixture
def six_languages(settings):
    settings.LANGUAGES = [("ar", "Arabic"), ("zh-hans", "Chinese"), ("en", "English"),
                          ("fr", "French"), ("ru", "Russian"), ("es", "Spanish")]  # fmt: skip
    settings.LANGUAGE_CODE = "en"


def test_signing_up_in_french_keeps_french_for_my_e_mails(client, six_languages, settings):
    # The page the delegate signed up on was in French: chosen with the language menu (its cookie).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    sign_up(client, "amelie@example.org")
    user = User.objects.get(email="amelie@example.org")
    assert ReminderPreference.objects.get(user=user).language == "fr"


def test_my_password_reset_comes_in_the_language_i_chose(client, six_languages):
    user = User.objects.create_user("amelie", "amelie@example.org", PASSWORD)
    ReminderPreference.objects.create(user=user, language="fr")

    client.post("/accounts/password/reset/", {"email": "amelie@example.org"})  # page in English

    (message,) = mail.outbox
    assert "E-mail de réinitialisation de mot de passe" in message.subject  # allauth's catalog
