"""The "What I follow" page (follows with unfollow, my open action items, my reminder settings)
and the personal calendar at a secret, revocable address."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from accounts.models import CalendarFeedKey
from reminders.models import ReminderPreference, Subscription
from tests.deliverables.factories import (
    DeliverableFactory,
    GroupFactory,
    PersonFactory,
    StudyGroupFactory,
)
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, MeetingFactory
from tests.workitems.factories import QuestionFactory, WorkItemEventFactory, WorkItemFactory
from workitems.models import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegate(client: Client) -> User:
    user = User.objects.create_user("delegate", "delegate@example.org", "a-long-password-1")
    client.force_login(user)
    return user


def follow_many(user: User, n: int) -> None:
    for index in range(n):
        target = (
            {"group": GroupFactory()},
            {"deliverable": DeliverableFactory()},
            {"meeting": MeetingFactory()},
            {"liaison": LiaisonStatementFactory()},
        )[index % 4]
        Subscription.objects.create(user=user, **target)


def test_my_page_lists_what_i_follow_with_unfollow(client, delegate):
    sg17 = GroupFactory(code="SG17", name="Security")
    statement = LiaisonStatementFactory(code="sg17-ls-1", reference="SG17-LS1")
    Subscription.objects.create(user=delegate, group=sg17)
    mine = Subscription.objects.create(user=delegate, liaison=statement)

    page = client.get("/me/").text
    assert '<a href="/groups/SG17/"><span class="code">SG17</span></a> Security' in page
    assert statement.display_code in page

    response = client.post(f"/me/unfollow/{mine.pk}/")
    assert response["Location"] == "/me/"
    assert not Subscription.objects.filter(pk=mine.pk).exists()
    assert "You no longer follow liaison" in client.get("/me/").text


def test_nobody_unfollows_for_someone_else(client, delegate):
    other = User.objects.create_user("other")
    theirs = Subscription.objects.create(user=other, group=GroupFactory())
    assert client.post(f"/me/unfollow/{theirs.pk}/").status_code == 404
    assert Subscription.objects.filter(pk=theirs.pk).exists()


def test_my_page_needs_a_sign_in(client):
    assert client.get("/me/")["Location"] == "/accounts/login/?next=/me/"


def test_my_open_action_items_come_through_my_person(client, delegate):
    me = PersonFactory(user=delegate)
    ActionItemFactory(code="WP2-7", responsible_person=me, due_date=dt.date(2030, 1, 1))
    ActionItemFactory(code="WP2-8", responsible_person=PersonFactory())
    page = client.get("/me/").text
    assert "WP2-7" in page
    assert "WP2-8" not in page


@pytest.mark.parametrize("count", [4, 40])
def test_my_page_reads_the_same_queries_however_much_i_follow(
    client, delegate, count, django_assert_num_queries
):
    follow_many(delegate, count)
    me = PersonFactory(user=delegate)
    for _ in range(count // 4):
        ActionItemFactory(responsible_person=me)
    client.get("/me/")  # the calendar key is made on the first visit
    # Session and user, the follows and their count, actions, setting, link, calendar key,
    # and the base page's own reads: the same at 4 and at 40.
    with django_assert_num_queries(11):
        assert client.get("/me/").status_code == 200


def test_saving_reminder_settings(client, delegate):
    response = client.post("/me/settings/", {"frequency": "weekly", "lead_days": ["7", "1"]})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=delegate)
    assert (preference.frequency, preference.lead_days) == ("weekly", [7, 1])
    form = client.get("/me/").context["form"]
    assert form.initial.get("frequency", form.instance.frequency) == "weekly"
    assert form.initial["lead_days"] == [7, 1]


def test_a_lead_time_the_site_does_not_offer_is_refused(client, delegate):
    response = client.post("/me/settings/", {"frequency": "daily", "lead_days": ["3"]})
    assert response.status_code == 400
    assert not ReminderPreference.objects.exists()


def fetch_calendar(client: Client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    return icalendar.Calendar.from_ical(response.content)


def my_feed_url(client: Client) -> str:
    page = client.get("/me/").text
    key = CalendarFeedKey.objects.get().key
    assert f"/me/calendar/{key}.ics" in page
    return f"/me/calendar/{key}.ics"


def test_my_calendar_has_what_i_follow_and_my_actions_with_my_alarms(client, delegate):
    soon = timezone.localdate() + dt.timedelta(days=30)
    sg17 = GroupFactory(code="SG17")
    Subscription.objects.create(user=delegate, group=sg17)
    MeetingFactory(
        code="sg17-plenary",
        title="SG17 plenary",
        groups=[sg17],
        local_start=dt.datetime.combine(soon, dt.time(9, 30)),
        contribution_deadline=soon - dt.timedelta(days=12),
    )
    MeetingFactory(code="elsewhere", title="Not followed")
    statement = LiaisonStatementFactory(
        code="ls-followed", reply_deadline=soon, title="Reply wanted"
    )
    Subscription.objects.create(user=delegate, liaison=statement)
    ActionItemFactory(code="WP2-9", responsible_person=PersonFactory(user=delegate), due_date=soon)
    ReminderPreference.objects.create(user=delegate, lead_days=[7, 1])

    calendar = fetch_calendar(Client(), my_feed_url(client))  # no session: the key is enough
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "meeting-sg17-plenary",
        "deadline-sg17-plenary",
        "reply-ls-followed",
        "action-WP2-9",
    }
    # The reply deadline is timed, at 23:59 in its zone.
    reply = events["reply-ls-followed"]["DTSTART"]
    assert reply.params["TZID"] == "Europe/Zurich"
    assert reply.dt.strftime("%H:%M") == "23:59"
    for event in events.values():
        triggers = sorted(alarm["TRIGGER"].dt for alarm in event.walk("VALARM"))
        assert triggers == [-dt.timedelta(days=7), -dt.timedelta(days=1)]


def test_my_calendar_has_the_work_items_of_the_groups_i_follow_with_my_alarms(client, delegate):
    """What SG17's own calendar shows of its work items — a last call ending, a target date —
    is in the calendar of whoever follows SG17, once even when they follow its Question too."""
    today = timezone.localdate()
    sg17 = StudyGroupFactory(code="SG17")
    q1 = QuestionFactory(parent=sg17, code="Q1-17")
    in_last_call = WorkItemFactory(identifier="Q.TSCA", study_group=sg17, questions=[q1])
    WorkItemEventFactory(
        work_item=in_last_call, stage=Stage.LAST_CALL, date=today - dt.timedelta(days=7)
    )
    WorkItemFactory(identifier="X.1234", study_group=sg17, timing=today + dt.timedelta(days=90))
    elsewhere = WorkItemFactory(identifier="X.9999", study_group=StudyGroupFactory(code="SG2"))
    WorkItemEventFactory(work_item=elsewhere, stage=Stage.LAST_CALL, date=today)
    Subscription.objects.create(user=delegate, group=sg17)
    Subscription.objects.create(user=delegate, group=q1)
    ReminderPreference.objects.create(user=delegate, lead_days=[7, 1])

    calendar = fetch_calendar(Client(), my_feed_url(client))
    events = calendar.walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert len(summaries) == 2
    assert summaries[0] == "Last call ends: Q.TSCA"
    assert summaries[1].startswith("Target: X.1234 (")
    last_call = next(e for e in events if str(e["SUMMARY"]) == "Last call ends: Q.TSCA")
    assert last_call.decoded("DTSTART") == today + dt.timedelta(days=21)  # four weeks on
    assert str(last_call["URL"]).endswith("/work-items/Q.TSCA/")
    assert not any("X.9999" in summary for summary in summaries)
    assert sum("Q.TSCA" in summary for summary in summaries) == 1
    for event in events:
        triggers = sorted(alarm["TRIGGER"].dt for alarm in event.walk("VALARM"))
        assert triggers == [-dt.timedelta(days=7), -dt.timedelta(days=1)]


def test_a_new_address_revokes_the_old_one(client, delegate):
    old = my_feed_url(client)
    response = client.post("/me/calendar/regenerate/")
    assert response.status_code == 302
    new = my_feed_url(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unknown_key_is_a_plain_404(client):
    assert client.get("/me/calendar/not-a-key.ics").status_code == 404


@pytest.mark.parametrize("count", [4, 40])
def test_my_calendar_reads_the_same_queries_however_much_i_follow(
    client, delegate, count, django_assert_num_queries
):
    follow_many(delegate, count)
    url = my_feed_url(client)
    # Key, follows, meetings and their groups, setting, actions, statements, the followed
    # groups' work items (last calls, timings): 4 or 40 alike.
    with django_assert_num_queries(10):
        fetch_calendar(client, url)


@pytest.fixture
def six_languages(settings):
    settings.LANGUAGES = [("ar", "Arabic"), ("zh-hans", "Chinese"), ("en", "English"),
                          ("fr", "French"), ("ru", "Russian"), ("es", "Spanish")]  # fmt: skip
    settings.LANGUAGE_CODE = "en"


def test_choosing_the_language_of_my_e_mails(client, delegate, six_languages):
    form = client.get("/me/").context["form"]
    assert [code for code, _name in form.fields["language"].choices if code] == [
        "ar", "zh-hans", "en", "fr", "ru", "es"
    ]  # fmt: skip
    assert form.initial["language"] == "en"  # the page's, until I choose

    response = client.post("/me/settings/", {"frequency": "daily", "language": "fr"})

    assert response.status_code == 302
    assert ReminderPreference.objects.get(user=delegate).language == "fr"


def test_a_language_the_site_does_not_offer_is_refused(client, delegate, six_languages):
    response = client.post("/me/settings/", {"frequency": "daily", "language": "de"})
    assert response.status_code == 400
    assert "language" in response.context["form"].errors
