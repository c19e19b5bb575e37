"""A follower's reminder settings (ReminderPreference), honoured by the daily sweep, and the weekly
digest of the week ahead; liaison statements can be followed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError

from reminders.digests import send_weekly_digests
from reminders.models import ReminderPreference, Subscription, WeeklyDigest
from reminders.sweep import sweep
from tests.deliverables.factories import GroupFactory

from .helpers import meeting_with_deadline, sent_to, statement_for_action

pytestmark = pytest.mark.django_db

ON = dt.date(2024, 2, 5)
FOLLOWER = "follower@example.org"


@pytest.fixture
def follower() -> User:
    return User.objects.create_user("follower", FOLLOWER, "a-long-password-1")


@pytest.fixture
def sg17_deadline_in_7_days(follower):
    """SG17 (followed) has a contribution deadline a week after the sweep's day, and no
    leadership, so the follower is the only one meant to hear of it."""
    group = GroupFactory(code="SG17")
    Subscription.objects.create(user=follower, group=group)
    return meeting_with_deadline(ON + dt.timedelta(days=7), [group], title="SG17 plenary")


def choose(user: User, frequency: str = "daily", lead_days: list[int] | None = None) -> None:
    preference = ReminderPreference(user=user, frequency=frequency, lead_days=lead_days)
    preference.full_clean()
    preference.save()


def test_without_settings_a_follower_hears_at_every_lead_time(sg17_deadline_in_7_days):
    sweep(ON)
    (message,) = sent_to(FOLLOWER)
    assert "SG17 plenary" in message.subject


def test_a_follower_who_chose_other_lead_times_hears_only_at_those(
    follower, sg17_deadline_in_7_days
):
    choose(follower, lead_days=[1])
    sweep(ON)  # 7 days before: not one of theirs
    assert sent_to(FOLLOWER) == []
    sweep(ON + dt.timedelta(days=6))  # the day before
    (message,) = sent_to(FOLLOWER)
    assert "SG17 plenary" in message.subject


@pytest.mark.parametrize("frequency", ["weekly", "none"])
def test_weekly_and_none_take_the_follower_out_of_the_daily_sweep(
    follower, sg17_deadline_in_7_days, frequency
):
    choose(follower, frequency=frequency)
    sweep(ON)
    assert sent_to(FOLLOWER) == []


def test_the_weekly_digest_lists_the_weeks_deadlines_once(follower, sg17_deadline_in_7_days):
    choose(follower, frequency="weekly", lead_days=[14])
    other = GroupFactory(code="SG12")
    meeting_with_deadline(ON + dt.timedelta(days=3), [other], title="SG12 meeting")
    Subscription.objects.create(user=follower, group=other)

    result = send_weekly_digests(ON)

    assert result["sent"] == 1
    (message,) = sent_to(FOLLOWER)
    assert message.subject.startswith("Your week ahead: 2 deadlines")
    assert "in the week from Monday 5 February 2024" in message.body
    assert message.body.index("SG12 meeting") < message.body.index("SG17 plenary")
    assert "/me/" in message.body  # where to change the settings
    # A second run the same week sends nothing again.
    assert send_weekly_digests(ON)["already_sent"] == 1
    assert len(sent_to(FOLLOWER)) == 1
    assert WeeklyDigest.objects.get().items == 2


def test_daily_followers_get_no_weekly_digest(follower, sg17_deadline_in_7_days):
    assert send_weekly_digests(ON)["sent"] == 0
    assert mail.outbox == []


def test_a_followed_liaison_statement_reminds_its_follower(follower):
    statement = statement_for_action(ON + dt.timedelta(days=7), title="Ask about IMT-2030")
    Subscription.objects.create(user=follower, liaison=statement)
    sweep(ON)
    (message,) = sent_to(FOLLOWER)
    assert "Ask about IMT-2030" in message.subject
    assert f"you follow liaison {statement.display_code}" in message.body


def test_lead_times_are_chosen_among_the_sites(follower):
    with pytest.raises(ValidationError) as error:
        choose(follower, lead_days=[3])
    assert "Choose among 14, 7, 1 days." in error.value.message_dict["lead_days"]
