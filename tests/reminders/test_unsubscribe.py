"""The one-click way to stop following, from a reminder e-mail: a signed link, no login."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from reminders.emails import unsubscribe_url
from reminders.models import Subscription
from reminders.sweep import sweep
from tests.deliverables.factories import GroupFactory

from .helpers import action, at_sweep_hour, html_of

pytestmark = pytest.mark.django_db

DUE = dt.date(2024, 3, 1)


@pytest.fixture
def follower_mail():
    """A follower of RG-IEM and WP2 received a digest about an RG-IEM action."""
    user = User.objects.create_user("fan", "fan@example.org")
    rg, wp2 = GroupFactory(code="RG-IEM"), GroupFactory(code="WP2")
    Subscription.objects.create(user=user, group=rg)
    Subscription.objects.create(user=user, group=wp2)
    action(DUE, group=rg, code="RG-IEM-1")
    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=7)), tick=False):
        sweep()
    (message,) = mail.outbox
    return user, message


def path_of(url: str) -> str:
    return url.removeprefix("https://tracker.example.org")


def test_the_digest_offers_a_signed_link_to_stop_following_what_brought_the_item(follower_mail):
    _user, message = follower_mail

    header = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https://tracker\.example\.org/reminders/unsubscribe/[^>]+/>", header)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Stop following group RG-IEM: https://tracker.example.org/reminders/" in message.body
    assert "stop following group RG-IEM</a>" in html_of(message)
    assert "WP2" not in message.body  # the WP2 subscription brought nothing today


def test_opening_the_link_asks_first_and_changes_nothing(follower_mail):
    user, message = follower_mail
    url = message.extra_headers["List-Unsubscribe"].strip("<>")

    response = Client().get(path_of(url))

    assert response.status_code == 200
    assert "Stop following?" in response.text
    assert "group RG-IEM" in response.text
    assert Subscription.objects.filter(user=user).count() == 2


def test_one_click_stops_following_without_login_or_csrf_token(follower_mail):
    user, message = follower_mail
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    client = Client(enforce_csrf_checks=True)  # as a mail client posting RFC 8058's one-click

    response = client.post(path_of(url), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You no longer follow" in response.text
    assert list(Subscription.objects.filter(user=user).values_list("group__code", flat=True)) == [
        "WP2"
    ]
    again = client.post(path_of(url))
    assert "You already followed none of these any more." in again.text


def test_stopping_is_recorded_in_the_subscription_history(follower_mail):
    _user, message = follower_mail
    url = message.extra_headers["List-Unsubscribe"].strip("<>")

    Client().post(path_of(url))

    assert Subscription.history.filter(history_type="-", group__code="RG-IEM").count() == 1


def test_a_tampered_link_is_refused_and_stops_nothing(follower_mail):
    user, message = follower_mail
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = url.replace(token, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))

    assert Client().get(path_of(forged)).status_code == 400
    assert Client().post(path_of(forged)).status_code == 400
    assert Subscription.objects.filter(user=user).count() == 2


def test_a_link_stops_only_its_own_users_subscriptions():
    owner = User.objects.create_user("owner", "owner@example.org")
    other = User.objects.create_user("other", "other@example.org")
    theirs = Subscription.objects.create(user=other, group=GroupFactory(code="SG17"))

    # A link signed for `owner` naming someone else's subscription does nothing to it.
    Client().post(path_of(unsubscribe_url(owner.pk, [theirs.pk])))

    assert Subscription.objects.filter(pk=theirs.pk).exists()
