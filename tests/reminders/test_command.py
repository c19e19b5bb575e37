"""`manage.py send_reminders [--dry-run] [--date YYYY-MM-DD]`."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from deliverables.models import Group, RoleKind
from meetings.models import Meeting
from reminders.models import ReminderLog
from tests.deliverables.factories import GroupFactory

from .helpers import action, meeting_with_deadline, person, role

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_dry_run_prints_each_reminder_with_its_deadline_and_recipients_and_sends_nothing():
    rg = GroupFactory(code="RG-IEM")
    role(person("rapporteur@example.org", name="Ann Rapp"), rg, RoleKind.RAPPORTEUR)
    meeting_with_deadline(
        dt.date(2024, 2, 12),
        [rg],
        start=dt.datetime(2024, 2, 20, 13, 0),
        title="RG-IEM interim e-meeting",
    )
    action(dt.date(2024, 2, 6), responsible=person(name="No Address"), code="WP2-2")

    output = run("--dry-run", "--date", "2024-02-05")

    assert "Reminder sweep for Monday 5 February 2024 (dry run: nothing is sent)" in output
    assert (
        "- Contribution deadline Monday 12 February 2024 (in 7 days, lead time 7 days, "
        "Europe/Zurich): RG-IEM interim e-meeting, 20 February 2024"
    ) in output
    assert "→ Ann Rapp <rapporteur@example.org> (rapporteur, RG-IEM) [new]" in output
    assert "- Action due Tuesday 6 February 2024 (tomorrow, lead time 1 day" in output
    assert (
        "→ nobody reachable: No Address (responsible for action WP2-2): no e-mail address" in output
    )
    assert "→ reported to the secretariat: secretariat@example.org [new]" in output
    assert "2 digest(s) would be sent" in output
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_without_dry_run_the_command_sends_and_says_so():
    action(dt.date(2024, 2, 6), responsible=person("alice@example.org"))

    output = run("--date", "2024-02-05")

    assert len(mail.outbox) == 1
    assert "1 digest(s) sent" in output
    assert "Nothing to send." in run("--date", "2024-02-05")
    assert len(mail.outbox) == 1


def test_a_malformed_date_is_refused_with_the_expected_form():
    with pytest.raises(CommandError, match="use YYYY-MM-DD"):
        run("--date", "5 Feb 2024")


def test_on_the_demo_data_the_rg_iem_contribution_deadline_of_12_february_is_reported(
    seed_data_for_this_test,
):
    rg_iem = Group.objects.get(code="RG-IEM")
    meeting = Meeting.objects.get(groups=rg_iem, contribution_deadline=dt.date(2024, 2, 12))

    output = run("--dry-run", "--date", "2024-02-05")

    assert (
        f"- Contribution deadline Monday 12 February 2024 (in 7 days, lead time 7 days, "
        f"Europe/Zurich): {meeting.title}, 20 February 2024"
    ) in output
    assert "(rapporteur, RG-IEM)" in output  # its rapporteur, or why they cannot be reached
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
