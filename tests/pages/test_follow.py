"""Signed-in users follow groups, deliverables and meetings from their pages (the reminders'
subscriptions); everyone else is offered to sign in."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from reminders.models import Subscription
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_anonymous_readers_are_offered_to_sign_in_to_follow(client, programme):
    response = client.get("/groups/SG17/")
    assertContains(response, "Sign in to follow")
    assertContains(response, 'href="/accounts/login/?next=/groups/SG17/"')


def test_anonymous_post_to_follow_sends_to_sign_in_and_saves_nothing(client, programme):
    response = client.post("/follow/group/SG17/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/groups/SG17/"
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("kind", "code", "page"),
    [
        ("group", "SG17", "/groups/SG17/"),
        ("deliverable", "FGMV-12", "/deliverables/FGMV-12/"),
        ("meeting", "rg-iem-1", "/meetings/rg-iem-1/"),
    ],
)
def test_a_delegate_follows_and_stops_following(client, delegate_user, programme, kind, code, page):
    MeetingFactory(code="rg-iem-1", title="RG-IEM interim virtual meeting")
    client.force_login(delegate_user)
    assertContains(client.get(page), ">Follow<")

    response = client.post(f"/follow/{kind}/{code}/", {"action": "follow"}, follow=True)
    assertRedirects(response, page)
    assertContains(response, "its deadlines will be in your reminders")
    assertContains(response, "Following")
    subscription = Subscription.objects.get(user=delegate_user)
    assert subscription.target_kind == kind

    # Following twice keeps one subscription.
    client.post(f"/follow/{kind}/{code}/", {"action": "follow"})
    assert Subscription.objects.filter(user=delegate_user).count() == 1

    response = client.post(f"/follow/{kind}/{code}/", {"action": "unfollow"}, follow=True)
    assertContains(response, "You no longer follow")
    assert not Subscription.objects.filter(user=delegate_user).exists()


def test_following_something_that_does_not_exist_is_a_404(client, delegate_user, programme):
    client.force_login(delegate_user)
    assert client.post("/follow/group/SG99/").status_code == 404
    assert client.post("/follow/person/jane/").status_code == 404


def test_following_needs_the_csrf_token(delegate_user, programme):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate_user)
    assert client.post("/follow/group/SG17/").status_code == 403
    assert not Subscription.objects.exists()


def test_a_user_without_email_is_told_reminders_cannot_reach_them(client, programme):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("no-mail", password="a-long-password-4"))
    response = client.get("/groups/SG17/")
    assertContains(response, "no e-mail address")


def test_a_user_with_email_is_not_warned(client, delegate_user, programme):
    client.force_login(delegate_user)
    assertNotContains(client.get("/groups/SG17/"), "no e-mail address")
