"""The home page when nothing is ahead in the calendar (the demo data's meetings are all of
2023-2024): one box saying so, with the most recent meetings and the next dated thing on record,
instead of empty boxes; the same queries however much is on record."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from liaisons.models import LiaisonPurpose
from tests.liaisons.factories import LiaisonStatementFactory
from tests.meetings.factories import ActionItemFactory, WholeDayMeetingFactory

pytestmark = pytest.mark.django_db


def test_with_nothing_upcoming_the_home_page_says_so_and_shows_recent_and_next(client):
    today = timezone.localdate()
    wp2 = WholeDayMeetingFactory(first_day=dt.date(2024, 1, 22), title="WP2, January 2024")
    ActionItemFactory(meeting=wp2, code="WP2-7", due_date=today + dt.timedelta(days=40))
    ActionItemFactory(meeting=wp2, code="WP2-8")  # no due date: not a "next" anything
    LiaisonStatementFactory(
        purpose=LiaisonPurpose.ACTION,
        date=today - dt.timedelta(days=10),
        reply_deadline=today + dt.timedelta(days=20),
    )

    response = client.get("/")

    assertContains(response, "Nothing is scheduled")
    assertNotContains(response, "upcoming-heading")  # no empty "Upcoming meetings" box
    assertNotContains(response, "No contribution deadline is coming up")
    assertContains(response, "WP2, January 2024")
    assert [(what, day) for day, what, _ in response.context["next_known"]] == [
        ("Reply due", today + dt.timedelta(days=20)),
        ("Action due", today + dt.timedelta(days=40)),
    ]
    assertContains(response, "Action due")


def test_the_quiet_home_page_runs_the_same_queries_for_few_and_many_records(client):
    today = timezone.localdate()

    def add(n: int) -> None:
        for i in range(n):
            meeting = WholeDayMeetingFactory(first_day=dt.date(2023, 1, 2) + dt.timedelta(days=i))
            ActionItemFactory(meeting=meeting, due_date=today + dt.timedelta(days=i + 1))

    add(2)
    client.get("/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    add(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")
    assert response.context["quiet"]
    assert len(few) == len(many)
