"""The sweep builds a day's reminders cheaply (links reversed once, short titles without the
wrapping machinery, followers read as plain values) and says exactly what it said before."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from django.conf import settings

from core.reminder_sources import path_template
from meetings.reminders import shorten
from reminders.sweep import sweep

from .helpers import action, person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Prepare the contribution.",
        "  Prepare\tthe\n contribution   and circulate it  ",
        "Circulate " * 20,
        "x" * 95,
        "A.B-C " * 15 + "end",
    ],
)
def test_a_short_title_is_the_one_textwrap_makes(text):
    assert shorten(text, 90) == textwrap.shorten(text, 90, placeholder="…")


def test_every_action_reminder_links_to_the_actions_own_page():
    alice = person("alice@example.org")
    items = [
        action(TODAY + dt.timedelta(days=1), responsible=alice, code=code)
        for code in ("WP2-9", "RG-WP2-2", "A.3")
    ]

    result = sweep(TODAY, dry_run=True)

    links = {d.reminder.item.pk: d.url for d in result.deliveries}
    assert links == {item.pk: f"{settings.SITE_URL}{item.get_absolute_url()}" for item in items}


def test_a_value_holding_a_placeholder_is_not_substituted_again():
    build = path_template("meetings:action-detail", meeting="zz-m", code="ZZ.C")

    assert build(meeting="zz-c", code="ZZ.C") == "/meetings/zz-c/actions/ZZ.C/"
    assert build(meeting="wp2-2024", code="zz-m") == "/meetings/wp2-2024/actions/zz-m/"
