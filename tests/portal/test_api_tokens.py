"""A secretariat member's own API tokens: created with a name and a lifetime and shown once,
listed, revoked; nobody else's touched; delegates and anonymous readers get none."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from portal.tokens import issue_token, revoke_token, tokens_of
from tests.deliverables.factories import GroupFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("api-tokens")


@pytest.fixture
def secretary(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def test_a_new_token_is_shown_once_and_works_as_a_bearer_token(secretary, secretariat_user):
    response = secretary.post(PAGE, {"name": "nightly export", "lifetime": "30"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = response.context["new_token"]
    page = response.content.decode()
    assert f'value="{token}"' in page
    assert "shown only this once" in page
    stored = AuthToken.objects.get(user=secretariat_user)
    assert token not in (stored.digest, stored.token_key)  # only its hash is kept
    assert stored.expiry.date() == (timezone.now() + dt.timedelta(days=30)).date()
    again = secretary.get(PAGE).content.decode()
    assert "nightly export" in again
    assert token not in again  # never shown again

    GroupFactory(code="SG17")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.patch("/api/v1/groups/SG17/", {"name": "Security"}).status_code == 200


def test_tokens_are_listed_newest_first_with_their_names(secretary, secretariat_user):
    issue_token(secretariat_user, "first", 30)
    issue_token(secretariat_user, "second", 90)

    response = secretary.get(PAGE)

    assert [label for _, label in response.context["tokens"]] == ["second", "first"]


def test_a_token_needs_a_name_of_its_own(secretary, secretariat_user):
    issue_token(secretariat_user, "export", 30)

    blank = secretary.post(PAGE, {"name": "  ", "lifetime": "30"})
    twice = secretary.post(PAGE, {"name": "Export", "lifetime": "30"})

    assert "name" in blank.context["form"].errors
    assert twice.context["form"].errors["name"] == [
        "You already have a token with this name: revoke it or choose another."
    ]
    assert "new_token" not in twice.context
    assert AuthToken.objects.count() == 1


def test_revoking_a_token_stops_it_working(secretary, secretariat_user):
    token, text = issue_token(secretariat_user, "laptop", 30)

    response = secretary.post(PAGE, {"revoke": token.token_key}, follow=True)

    assert "Revoked “laptop”" in response.content.decode()
    assert not AuthToken.objects.exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    assert api.get("/api/v1/groups/").status_code == 401


def test_nobody_revokes_another_persons_token(secretariat_user):
    other = User.objects.create_user("other", "other@example.org", is_staff=True)
    other.groups.set(secretariat_user.groups.all())
    token, _ = issue_token(other, "theirs", 30)

    with pytest.raises(ValidationError):
        revoke_token(secretariat_user, token.token_key)

    assert AuthToken.objects.filter(pk=token.pk).exists()
    assert list(tokens_of(secretariat_user)) == []


def test_delegates_get_no_token_and_anonymous_readers_are_asked_to_sign_in(client, delegate_user):
    assert client.get(PAGE).status_code == 302
    client.force_login(delegate_user)
    assert client.get(PAGE).status_code == 403
    with pytest.raises(PermissionDenied):
        issue_token(delegate_user, "mine", 30)


def test_an_unknown_lifetime_is_refused(secretariat_user):
    with pytest.raises(ValidationError) as refused:
        issue_token(secretariat_user, "forever", 10_000)

    assert "lifetime" in refused.value.message_dict
