"""Each delegate's reminders and digests come in the language they chose for their e-mails;
the others' in the site's default language. Our own catalogs are compiled later, so the tests
read what Django's catalogs already translate: the day and month names of the deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from reminders.digests import send_weekly_digests
from reminders.models import ReminderPreference, Subscription
from reminders.sweep import sweep
from tests.deliverables.factories import GroupFactory

from .helpers import meeting_with_deadline, sent_to

pytestmark = pytest.mark.django_db

ON = dt.date(2024, 2, 5)  # the deadline, a week later, is Monday 12 February 2024
SIX = [
    ("ar", "العربية"),
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]


@pytest.fixture(autouse=True)
def _six_languages(settings):
    settings.LANGUAGES = SIX
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def sg17_followers():
    """A French-speaking delegate and one who chose no language both follow SG17, which has a
    contribution deadline a week after the sweep's day."""
    group = GroupFactory(code="SG17")
    french = User.objects.create_user("amelie", "amelie@example.org", "a-long-password-1")
    other = User.objects.create_user("bob", "bob@example.org", "a-long-password-1")
    ReminderPreference.objects.create(user=french, language="fr")
    for user in (french, other):
        Subscription.objects.create(user=user, group=group)
    meeting_with_deadline(ON + dt.timedelta(days=7), [group], title="SG17 plenary")
    return french, other


def test_a_french_speaking_delegates_reminder_is_written_in_french(sg17_followers):
    sweep(ON)

    (french,) = sent_to("amelie@example.org")
    assert "lundi 12 février 2024" in french.subject
    assert "lundi 12 février 2024" in french.body
    (english,) = sent_to("bob@example.org")
    assert "Monday 12 February 2024" in english.subject
    assert "février" not in english.body


def test_a_french_speaking_delegates_weekly_digest_is_written_in_french(sg17_followers):
    french, other = sg17_followers
    ReminderPreference.objects.filter(user=french).update(frequency="weekly")
    ReminderPreference.objects.create(user=other, frequency="weekly")

    assert send_weekly_digests(ON)["sent"] == 2

    (digest,) = sent_to("amelie@example.org")
    assert "lundi 12 février 2024" in digest.body
    assert "Monday" not in digest.body
    (english,) = sent_to("bob@example.org")
    assert "Monday 12 February 2024" in english.body


def test_everyones_language_is_read_in_one_query(sg17_followers, django_assert_num_queries):
    french, other = sg17_followers
    with django_assert_num_queries(1):
        languages = ReminderPreference.objects.languages([french.pk, other.pk])
    assert languages == {french.pk: "fr"}
