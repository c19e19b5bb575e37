"""A delegate's account in a real browser, on PostgreSQL: sign up, verify by the e-mail received
over real SMTP on loopback, land on "What I follow" linked to their person, follow a group, choose
the weekly digest and receive it, read their personal calendar back with its alarms, revoke its
address; a deadline's cut-off shown in the meeting's zone and the reader's."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from deliverables.models import Group
from reminders.digests import send_weekly_digests
from tests.browser.conftest import (
    READER_TIME_ZONE,
    axe_violations,
    describe_violations,
    screenshot,
)
from tests.deliverables.factories import PersonFactory
from tests.meetings.factories import ActionItemFactory, MeetingFactory
from tests.utils import SMTPServer

pytestmark = pytest.mark.browser

ADDRESS = "new.delegate@example.org"
PASSWORD = "a-long-password-for-signing-up"


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, and Django's SMTP backend (the live server's too: it
    runs in this process) pointed at it."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.REMINDER_LEAD_DAYS = [14, 7, 1]
    yield server
    server.stop()


def messages_to(server: SMTPServer, address: str) -> list:
    with server.inbox.lock:
        return [m for rcpts, m in server.inbox.messages if address in rcpts]


def text_of(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content()


@pytest.fixture
def sg17_week(restore_demo_data):
    """A person of the work programme with the new delegate's address and an open action, and an
    SG17 meeting whose contribution deadline falls in the coming week."""
    today = timezone.localdate()
    person = PersonFactory(slug="new-delegate", name="Nadia Delegate", email=ADDRESS)
    ActionItemFactory(
        code="ZZ-1",
        responsible_person=person,
        due_date=today + dt.timedelta(days=20),
        text="Draft the reply on IMT-2030.",
    )
    return MeetingFactory(
        code="sg17-browser-test",
        title="SG17 interim meeting (browser test)",
        groups=[Group.objects.get(code="SG17")],
        local_start=dt.datetime.combine(today + dt.timedelta(days=12), dt.time(9, 30)),
        contribution_deadline=today + dt.timedelta(days=3),
    )


def test_a_delegate_signs_up_follows_sg17_and_gets_the_digest_and_a_calendar(
    page: Page, smtp, sg17_week
):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    assert not describe_violations("/accounts/signup/", axe_violations(page))
    page.get_by_label("Email").fill(ADDRESS)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator("h1")).to_have_text(re.compile("Verify Your Email Address", re.I))

    (verification,) = messages_to(smtp, ADDRESS)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", text_of(verification)).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Signed in on confirmation, on their page, linked to their person with their action.
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("main")).to_contain_text("Your login is linked to Nadia Delegate")
    expect(page.locator("main")).to_contain_text("ZZ-1")

    page.goto("/groups/SG17/")
    page.get_by_role("button", name="Follow SG17").click()
    page.get_by_role("link", name="What I follow").click()
    follows = page.locator("table.data tbody tr")
    expect(follows).to_have_count(1)
    expect(follows.first).to_contain_text("SG17")

    page.get_by_label("One e-mail a week: the deadlines of the week ahead").check()
    page.get_by_label("14 days").uncheck()
    page.get_by_role("button", name="Save my reminder settings").click()
    expect(page.locator(".messages")).to_contain_text("Your reminder settings are saved.")
    screenshot(page, "what-i-follow")
    assert not describe_violations("/me/", axe_violations(page))

    assert send_weekly_digests(timezone.localdate())["sent"] == 1
    (digest,) = messages_to(smtp, ADDRESS)[1:]
    assert digest["Subject"].startswith("Your week ahead: Contribution deadline")
    body = text_of(digest)
    assert "SG17 interim meeting (browser test)" in body
    assert "you follow group SG17" in body

    # The personal calendar, parsed back: the meeting, its timed deadline, my action, my alarms.
    feed = page.locator("#feed-url").input_value()
    response = page.request.get(feed)
    assert response.status == 200
    calendar = icalendar.Calendar.from_ical(response.body())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert {"meeting-sg17-browser-test", "deadline-sg17-browser-test", "action-ZZ-1"} <= set(events)
    deadline = events["deadline-sg17-browser-test"]
    assert deadline["DTSTART"].dt.strftime("%H:%M") == "23:59"
    alarms = sorted(a["TRIGGER"].dt for a in deadline.walk("VALARM"))
    assert alarms == [-dt.timedelta(days=7), -dt.timedelta(days=1)]

    page.get_by_role("button", name=re.compile("Make a new address")).click()
    expect(page.locator(".messages")).to_contain_text("the old one no longer works")
    assert page.locator("#feed-url").input_value() != feed
    assert page.request.get(feed).status == 404
    assert page.request.get(page.locator("#feed-url").input_value()).status == 200


def test_a_contribution_deadline_shows_its_cut_off_in_geneva_and_in_the_readers_zone(
    page: Page, sg17_week
):
    page.goto(sg17_week.get_absolute_url())
    cutoff = page.locator(".cutoff")
    expect(cutoff).to_contain_text("23:59")
    theirs = sg17_week.contribution_cutoff.astimezone(zoneinfo.ZoneInfo(READER_TIME_ZONE))
    expect(cutoff.locator(".local-time")).to_have_text(re.compile(rf"^Your time: .*{theirs:%H:%M}"))
    screenshot(page, "contribution-cut-off")
