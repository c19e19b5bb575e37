"""Wrong passwords lock an account out from the address they came from (django-axes), on the
admin's sign-in and the site's; the secretariat lifts the lock in the admin or with a command."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-9"
LOGIN_PAGES = ["/admin/login/", "/accounts/login/"]


@pytest.fixture
def ada(db) -> User:
    return User.objects.create_user("ada", "ada@example.org", PASSWORD, is_staff=True)


def sign_in(client: Client, page: str, password: str, username: str = "ada", **extra):
    return client.post(page, {"username": username, "password": password}, **extra)


def fail_until_locked(client: Client, page: str, **extra) -> list[int]:
    return [
        sign_in(client, page, "wrong", **extra).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]


def signed_in(response) -> bool:
    return response.status_code == 302


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_wrong_passwords_lock_the_account_out_with_a_clear_page(client, ada, page):
    statuses = fail_until_locked(client, page)
    # Each wrong password is the form's own error, until the last one that the limit allows.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    locked = sign_in(client, page, PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.text
    assert "Too many wrong passwords for <strong>ada</strong>" in locked.text
    assert "locked for 60 minutes" in locked.text
    assert "secretariat can lift the lock" in locked.text
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_the_account_from_that_address_only(client, ada):
    User.objects.create_user("grace", "grace@example.org", PASSWORD)
    fail_until_locked(client, "/accounts/login/")
    # A colleague at the same venue (same address) still signs in...
    assert signed_in(sign_in(Client(), "/accounts/login/", PASSWORD, username="grace"))
    # ...and so does the account itself from elsewhere.
    assert signed_in(sign_in(Client(), "/accounts/login/", PASSWORD, REMOTE_ADDR="192.0.2.50"))


def test_a_correct_password_before_the_limit_clears_the_count(client, ada):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "/accounts/login/", "wrong")
    assert signed_in(sign_in(client, "/accounts/login/", PASSWORD))
    client.logout()
    assert sign_in(client, "/accounts/login/", "wrong").status_code == 200


def test_spoofed_forwarded_addresses_do_not_escape_the_lock(client, ada, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    statuses = [
        sign_in(
            client,
            "/accounts/login/",
            "wrong",
            REMOTE_ADDR="10.0.3.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        ).status_code
        for n in range(settings.AXES_FAILURE_LIMIT + 1)
    ]
    assert statuses[-2:] == [429, 429]
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_the_secretariat_lifts_the_lock_in_the_admin(client, ada, secretariat_user):
    fail_until_locked(client, "/admin/login/")
    assert sign_in(client, "/admin/login/", PASSWORD).status_code == 429

    secretariat = Client()
    secretariat.force_login(secretariat_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    listed = secretariat.get(changelist)
    assert listed.status_code == 200
    assert "ada" in listed.text
    attempt = AccessAttempt.objects.get(username="ada")
    lifted = secretariat.post(
        changelist, {"action": "lift_lock", "_selected_action": [attempt.pk]}, follow=True
    )
    assert "Lifted: ada from 127.0.0.1. They may sign in again." in lifted.text
    assert not AccessAttempt.objects.exists()

    assert signed_in(sign_in(client, "/admin/login/", PASSWORD))


def test_the_admin_index_lists_lockouts_with_the_people_with_access(client, secretariat_user):
    client.force_login(secretariat_user)
    index = client.get(reverse("admin:index"))
    assert reverse("admin:axes_accessattempt_changelist") in index.text


def test_a_delegate_cannot_lift_a_lock(client, ada, delegate_user):
    fail_until_locked(Client(), "/accounts/login/")
    delegate_user.is_staff = True
    delegate_user.save()
    client.force_login(delegate_user)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert AccessAttempt.objects.filter(username="ada").exists()


def test_a_command_lifts_the_lock(client, ada):
    fail_until_locked(client, "/accounts/login/")
    call_command("axes_reset_username", "ada")
    assert signed_in(sign_in(client, "/accounts/login/", PASSWORD))
