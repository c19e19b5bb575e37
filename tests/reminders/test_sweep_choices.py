"""What the daily sweep reminds, when, and to whom — with the clock frozen at the sweep hour."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group as UserGroup
from django.contrib.auth.models import User
from django.core import mail

from deliverables.models import GroupKind, RoleKind
from liaisons.models import LiaisonPurpose, LiaisonStatus
from reminders.models import ReminderLog, ReminderStatus, Subscription
from reminders.sweep import sweep, today
from tests.deliverables.factories import DeliverableFactory, GroupFactory

from .helpers import (
    DONE,
    DROPPED,
    action,
    at_sweep_hour,
    closed_action,
    meeting_with_deadline,
    person,
    role,
    sent_to,
    statement_for_action,
    study_group,
)

pytestmark = pytest.mark.django_db

DUE = dt.date(2024, 3, 1)


def run_daily(first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Run the sweep every day from `first` to `last` at 06:00 Geneva time, as beat would;
    returns how many messages each day sent."""
    sent = {}
    day = first
    while day <= last:
        before = len(mail.outbox)
        with time_machine.travel(at_sweep_hour(day), tick=False):
            sweep()
        sent[day] = len(mail.outbox) - before
        day += dt.timedelta(days=1)
    return sent


def test_the_sweep_day_is_today_in_geneva_whatever_the_server_clock():
    # 23:30 UTC on 4 February is already 00:30 on 5 February in Geneva.
    with time_machine.travel(dt.datetime(2024, 2, 4, 23, 30, tzinfo=dt.UTC), tick=False):
        assert today() == dt.date(2024, 2, 5)


def test_an_action_is_reminded_at_each_lead_time_on_its_due_date_and_weekly_once_overdue():
    alice = person("alice@example.org")
    item = action(DUE, responsible=alice)

    sent = run_daily(DUE - dt.timedelta(days=20), DUE + dt.timedelta(days=22))

    days_with_mail = sorted((day - DUE).days for day, n in sent.items() if n)
    assert days_with_mail == [-14, -7, -1, 0, 7, 14, 21]
    assert all(n <= 1 for n in sent.values())
    leads = sorted(
        ReminderLog.objects.filter(item_key__endswith=f":{item.pk}").values_list(
            "lead_days", flat=True
        )
    )
    assert leads == [-21, -14, -7, 0, 1, 7, 14]
    assert all(m.to == [f"{alice.name} <alice@example.org>"] for m in mail.outbox)


@pytest.mark.parametrize(
    ("days_before", "words"), [(14, "in 14 days"), (7, "in 7 days"), (1, "tomorrow")]
)
def test_each_lead_time_names_the_deadline_and_how_far_it_is(days_before, words):
    alice = person("alice@example.org")
    action(DUE, responsible=alice, code="WP2-3", text="Prepare the report of the workshop.")

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=days_before)), tick=False):
        result = sweep()

    (message,) = mail.outbox
    assert message.subject == (
        "Reminder: Action due Friday 1 March 2024: Action WP2-3: Prepare the report of the "
        "workshop."
    )
    assert f"Action due: Friday 1 March 2024 ({words})" in message.body
    assert result.sent == 1
    assert ReminderLog.objects.get().lead_days == days_before


def test_a_day_without_a_sweep_delays_a_reminder_but_never_skips_it():
    alice = person("alice@example.org")
    action(DUE, responsible=alice)

    # No sweep ran on the 14-days-before day (beat was down); the next one catches up.
    sent = run_daily(DUE - dt.timedelta(days=11), DUE - dt.timedelta(days=8))

    assert list(sent.values()) == [1, 0, 0, 0]
    assert "in 11 days" in mail.outbox[0].body
    assert ReminderLog.objects.get().lead_days == 14


def test_a_reminder_already_sent_is_not_sent_again_by_a_second_sweep_the_same_day():
    alice = person("alice@example.org")
    action(DUE, responsible=alice)

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=7)), tick=False):
        first = sweep()
        second = sweep()

    assert len(mail.outbox) == 1
    assert (first.sent, second.sent) == (1, 0)
    assert second.count("already sent") == 1


@pytest.mark.parametrize("status", [DONE, DROPPED])
def test_done_or_dropped_actions_are_not_reminded(status):
    alice = person("alice@example.org")
    closed_action(DUE, status, responsible=alice)
    closed_action(DUE - dt.timedelta(days=30), status, responsible=alice)  # would be overdue

    sent = run_daily(DUE - dt.timedelta(days=15), DUE + dt.timedelta(days=8))

    assert sum(sent.values()) == 0


def test_actions_without_a_due_date_are_not_reminded():
    action(None, responsible=person("alice@example.org"))

    assert sum(run_daily(DUE, DUE + dt.timedelta(days=3)).values()) == 0


def test_lead_times_and_overdue_cadence_come_from_the_settings(settings):
    settings.REMINDER_LEAD_DAYS = [3]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 0  # only the reminder on the due date
    action(DUE, responsible=person("alice@example.org"))

    sent = run_daily(DUE - dt.timedelta(days=15), DUE + dt.timedelta(days=15))

    assert sorted((day - DUE).days for day, n in sent.items() if n) == [-3, 0]


def test_an_overdue_action_says_how_late_it_is():
    action(DUE, responsible=person("alice@example.org"), code="RG-IEM-1")

    with time_machine.travel(at_sweep_hour(DUE + dt.timedelta(days=14)), tick=False):
        sweep()

    (message,) = mail.outbox
    assert message.subject.startswith("Reminder: Overdue action, due Friday 1 March 2024")
    assert "(14 days ago)" in message.body


def test_the_responsible_groups_current_leadership_and_liaison_contacts_hear_of_its_action():
    rg = GroupFactory(code="RG-IEM")
    chair = role(person("chair@example.org"), rg, RoleKind.CHAIR)
    role(person("contact@example.org"), rg, RoleKind.LIAISON_CONTACT)
    role(person("editor@example.org"), rg, RoleKind.EDITOR)  # not leadership
    role(person("former@example.org"), rg, RoleKind.VICE_CHAIR, ends_on=dt.date(2024, 1, 26))
    action(DUE, responsible_group=rg, group=GroupFactory(code="WP2"))

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=7)), tick=False):
        sweep()

    assert sorted(m.to[0].split("<")[1].rstrip(">") for m in mail.outbox) == [
        "chair@example.org",
        "contact@example.org",
    ]
    (chair_mail,) = sent_to("chair@example.org")
    assert "Why you get this: chair, RG-IEM" in chair_mail.body
    assert chair.person.name in chair_mail.to[0]


def test_each_person_gets_one_digest_with_all_their_deadlines_soonest_first():
    alice, bob = person("alice@example.org"), person("bob@example.org")
    rg = GroupFactory(code="RG-DT")
    role(alice, rg, RoleKind.EDITOR)
    action(DUE, responsible=alice, code="WP2-5")
    action(DUE - dt.timedelta(days=6), responsible=alice, code="WP2-4")
    action(DUE, responsible=bob, code="WP2-6")
    meeting_with_deadline(DUE + dt.timedelta(days=3), [rg], title="RG-DT interim meeting")

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=7)), tick=False):
        result = sweep()

    assert result.messages == 2
    (to_alice,) = sent_to("alice@example.org")
    assert to_alice.subject.startswith("Reminder: 3 deadlines: action due 24 Feb; action due 1 Mar")
    body = to_alice.body
    assert body.index("WP2-4") < body.index("WP2-5") < body.index("RG-DT interim meeting")
    (to_bob,) = sent_to("bob@example.org")
    assert "WP2-6" in to_bob.body
    assert "WP2-5" not in to_bob.body


def test_contribution_deadline_goes_to_everyone_holding_a_current_role_in_the_meetings_groups():
    rg = GroupFactory(code="RG-IEM")
    role(person("rapporteur@example.org"), rg, RoleKind.RAPPORTEUR)
    role(person("editor@example.org"), rg, RoleKind.EDITOR)
    role(person("gone@example.org"), rg, RoleKind.EDITOR, ends_on=dt.date(2024, 1, 1))
    role(person("later@example.org"), rg, RoleKind.EDITOR, starts_on=dt.date(2024, 6, 1))
    deadline = dt.date(2024, 2, 12)
    meeting = meeting_with_deadline(
        deadline, [rg], start=dt.datetime(2024, 2, 20, 13, 0), title="RG-IEM interim e-meeting"
    )

    with time_machine.travel(at_sweep_hour(dt.date(2024, 2, 5)), tick=False):
        sweep()

    assert sorted(addr for m in mail.outbox for addr in m.to) == [
        "Editor <editor@example.org>",
        "Rapporteur <rapporteur@example.org>",
    ]
    message = mail.outbox[0]
    assert message.subject == (
        "Reminder: Contribution deadline Monday 12 February 2024: RG-IEM interim e-meeting, "
        "20 February 2024"
    )
    assert (
        "Tuesday 20 February 2024, 13:00–14:30 Central European Standard Time (UTC+1)"
        in message.body
    )
    assert "Dates in Europe/Zurich time." in message.body
    assert f"https://tracker.example.org{meeting.get_absolute_url()}" in message.body
    log = ReminderLog.objects.filter(kind="contribution-deadline")
    assert set(log.values_list("lead_days", flat=True)) == {7}


def test_dates_are_shown_in_the_meetings_own_time_zone():
    fg = GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
    role(person("fg@example.org"), fg, RoleKind.CHAIR)
    meeting_with_deadline(
        dt.date(2024, 6, 27), [fg], start=dt.datetime(2024, 7, 4, 9, 0), time_zone="Asia/Shanghai"
    )

    with time_machine.travel(at_sweep_hour(dt.date(2024, 6, 26)), tick=False):
        sweep()

    (message,) = mail.outbox
    # Named as the pages name it: "CST" alone is also Central and Cuba Standard Time.
    assert "Thursday 4 July 2024, 09:00–10:30 China Standard Time (UTC+8)" in message.body
    assert "Dates in Asia/Shanghai time." in message.body


def test_past_meetings_and_deadlines_beyond_the_longest_lead_time_are_not_reminded():
    rg = GroupFactory(code="RG-SOP")
    role(person("rapporteur@example.org"), rg)
    meeting_with_deadline(dt.date(2024, 2, 4), [rg])  # passed yesterday
    meeting_with_deadline(dt.date(2024, 2, 20), [rg])  # 15 days ahead

    with time_machine.travel(at_sweep_hour(dt.date(2024, 2, 5)), tick=False):
        result = sweep()

    assert result.reminders == []
    assert mail.outbox == []


def test_liaison_reply_deadline_goes_to_the_leadership_of_each_group_addressed():
    sg17, sg12, sg16 = study_group("SG17"), study_group("SG12"), study_group("SG16")
    role(person("sg17-chair@example.org"), sg17, RoleKind.CHAIR)
    role(person("sg17-liaison@example.org"), sg17, RoleKind.LIAISON_CONTACT)
    role(person("sg12-chair@example.org"), sg12, RoleKind.CHAIR)
    role(person("sg16-chair@example.org"), sg16, RoleKind.CHAIR)
    statement_for_action(dt.date(2024, 3, 1), to_groups=[sg17])

    with time_machine.travel(at_sweep_hour(dt.date(2024, 2, 23)), tick=False):
        sweep()

    assert sorted(addr.split("<")[1] for m in mail.outbox for addr in m.to) == [
        "sg17-chair@example.org>",
        "sg17-liaison@example.org>",
    ]
    assert mail.outbox[0].subject.startswith("Reminder: Reply deadline Friday 1 March 2024")


def test_a_statement_to_all_study_groups_reaches_the_leadership_of_every_study_group():
    sg17, sg12 = study_group("SG17"), study_group("SG12")
    role(person("sg17-chair@example.org"), sg17, RoleKind.CHAIR)
    role(person("sg12-chair@example.org"), sg12, RoleKind.CHAIR)
    role(person("rg-chair@example.org"), GroupFactory(code="RG-WPR"), RoleKind.CHAIR)
    statement_for_action(dt.date(2024, 3, 1), to_all_study_groups=True)

    with time_machine.travel(at_sweep_hour(dt.date(2024, 2, 23)), tick=False):
        sweep()

    assert sorted(addr.split("<")[1] for m in mail.outbox for addr in m.to) == [
        "sg12-chair@example.org>",
        "sg17-chair@example.org>",
    ]
    assert "To: all ITU-T study groups" in mail.outbox[0].body


@pytest.mark.parametrize(
    "change",
    [
        {"purpose": LiaisonPurpose.INFORMATION},
        {"purpose": LiaisonPurpose.COMMENT},
        {"direction": "incoming", "status": LiaisonStatus.ANSWERED},
        {"direction": "incoming", "status": LiaisonStatus.NO_REPLY_NEEDED},
    ],
)
def test_statements_not_awaiting_a_reply_are_not_reminded(change):
    sg17 = study_group("SG17")
    role(person("sg17-chair@example.org"), sg17, RoleKind.CHAIR)
    statement_for_action(dt.date(2024, 3, 1), to_groups=[sg17], **change)

    with time_machine.travel(at_sweep_hour(dt.date(2024, 2, 23)), tick=False):
        sweep()

    assert mail.outbox == []


def test_a_statement_that_was_answered_is_not_reminded():
    sg17 = study_group("SG17")
    role(person("sg17-chair@example.org"), sg17, RoleKind.CHAIR)
    original = statement_for_action(dt.date(2024, 3, 1), to_groups=[sg17])
    statement_for_action(
        None, replies_to=original, purpose=LiaisonPurpose.INFORMATION, from_groups=[sg17]
    )

    with time_machine.travel(at_sweep_hour(dt.date(2024, 2, 23)), tick=False):
        sweep()

    assert mail.outbox == []


def test_a_group_lifetime_known_to_the_month_ends_on_its_last_day_and_goes_to_the_secretariat():
    UserGroup.objects.get_or_create(name="secretariat")[0].user_set.add(
        User.objects.create_user("tsb", "tsb-staff@example.org"),
        User.objects.create_user("no-address", ""),
    )
    GroupFactory(
        code="FG-MV",
        kind=GroupKind.FOCUS_GROUP,
        lifetime_end=dt.date(2024, 6, 1),
        lifetime_end_precision="month",
        lifetime_decision="WP2-7",
    )

    sent = run_daily(dt.date(2024, 3, 31), dt.date(2024, 7, 2))

    days = sorted(day for day, n in sent.items() if n)
    assert days == [dt.date(2024, 4, 1), dt.date(2024, 5, 31), dt.date(2024, 6, 23)]
    assert {m.to[0] for m in mail.outbox} == {
        "Secretariat <secretariat@example.org>",
        "tsb <tsb-staff@example.org>",
    }
    last = mail.outbox[-1]
    assert last.subject.startswith("Reminder: Lifetime ends Sunday 30 June 2024: FG-MV")
    assert "Lifetime: until June 2024 (decision WP2-7)" in last.body


def test_a_closed_group_is_not_reminded_of_its_lifetime():
    GroupFactory(
        code="FG-OLD",
        kind=GroupKind.FOCUS_GROUP,
        lifetime_end=dt.date(2024, 6, 30),
        status="closed",
    )

    assert sum(run_daily(dt.date(2024, 6, 20), dt.date(2024, 6, 30)).values()) == 0


def test_items_nobody_can_receive_go_to_the_secretariat_in_their_own_digest():
    nameless = person(name="Shin-Gak Kang")  # no address
    rg = GroupFactory(code="RG-IEM")
    role(nameless, rg, RoleKind.RAPPORTEUR)
    action(DUE, responsible=nameless, code="RG-IEM-1", group=rg)
    # The secretariat is also a recipient in its own right (a lifetime ending):
    GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP, lifetime_end=dt.date(2024, 3, 1))

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=7)), tick=False):
        result = sweep()

    to_secretariat = sent_to("secretariat@example.org")
    assert len(to_secretariat) == 2
    report = next(m for m in to_secretariat if m.subject.startswith("Nobody could be reminded"))
    own = next(m for m in to_secretariat if m is not report)
    assert "RG-IEM-1" in report.body
    assert "FG-MV" not in report.body
    assert "Shin-Gak Kang (responsible for action RG-IEM-1): no e-mail address" in report.body
    assert "Shin-Gak Kang (rapporteur, RG-IEM): no e-mail address" in report.body
    assert "FG-MV" in own.body
    assert "RG-IEM-1" not in own.body
    row = ReminderLog.objects.get(kind="action")
    assert (row.recipient, row.nobody_reachable, row.status) == (
        "secretariat@example.org",
        True,
        ReminderStatus.SENT,
    )
    assert result.messages == 2


def test_an_item_nobody_at_all_can_receive_is_recorded_and_logged_never_dropped(settings, caplog):
    settings.SECRETARIAT_EMAILS = []
    action(DUE, responsible=person(name="Nobody Known"), code="WP2-9")

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=7)), tick=False):
        first = sweep()
        logged_first = [r for r in caplog.records if r.levelname == "ERROR"]
        caplog.clear()
        second = sweep()

    assert mail.outbox == []
    row = ReminderLog.objects.get()
    assert (row.recipient, row.status) == ("", ReminderStatus.UNDELIVERABLE)
    assert "Nobody Known (responsible for action WP2-9): no e-mail address" in row.last_error
    (error,) = logged_first
    assert "nobody can receive" in error.getMessage()
    assert "WP2-9" in error.getMessage()
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # said once, not daily
    assert (first.undeliverable, second.undeliverable) == (1, 1)


def test_followers_of_a_group_a_deliverable_or_a_meeting_hear_of_its_deadlines():
    rg = GroupFactory(code="RG-IEM")
    fgmv04 = DeliverableFactory(code="FGMV-04")
    group_fan = User.objects.create_user("group-fan", "group-fan@example.org")
    deliverable_fan = User.objects.create_user("deliverable-fan", "deliverable-fan@example.org")
    meeting_fan = User.objects.create_user("meeting-fan", "meeting-fan@example.org")
    gone = User.objects.create_user("gone", "gone@example.org", is_active=False)
    item = action(DUE, code="WP2-8", group=rg, deliverables=[fgmv04])
    meeting = meeting_with_deadline(DUE, [GroupFactory(code="RG-DT")])
    Subscription.objects.create(user=group_fan, group=rg)
    Subscription.objects.create(user=gone, group=rg)
    Subscription.objects.create(user=deliverable_fan, deliverable=fgmv04)
    Subscription.objects.create(user=meeting_fan, meeting=meeting)
    Subscription.objects.create(user=meeting_fan, meeting=item.meeting)

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=7)), tick=False):
        sweep()

    assert sent_to("gone@example.org") == []
    (to_group_fan,) = sent_to("group-fan@example.org")
    assert "WP2-8" in to_group_fan.body
    assert "you follow group RG-IEM" in to_group_fan.body
    (to_deliverable_fan,) = sent_to("deliverable-fan@example.org")
    assert "you follow deliverable FGMV-04" in to_deliverable_fan.body
    (to_meeting_fan,) = sent_to("meeting-fan@example.org")
    assert "Contribution deadline" in to_meeting_fan.body
    assert "WP2-8" in to_meeting_fan.body
    assert to_meeting_fan.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_follower_who_is_also_responsible_gets_the_item_once_with_both_reasons():
    user = User.objects.create_user("alice", "alice@example.org")
    alice = person("alice@example.org", user=user)
    rg = GroupFactory(code="RG-WPR")
    Subscription.objects.create(user=user, group=rg)
    action(DUE, responsible=alice, group=rg, code="RG-WPR-2")

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=1)), tick=False):
        sweep()

    (message,) = mail.outbox
    assert message.body.count("RG-WPR-2:") == 1
    assert "responsible for action RG-WPR-2; you follow group RG-WPR" in message.body
    assert ReminderLog.objects.count() == 1


def test_a_person_without_an_address_is_reached_through_their_login():
    user = User.objects.create_user("kang", "kang@example.org")
    action(DUE, responsible=person(name="Shin-Gak Kang", user=user))

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=1)), tick=False):
        sweep()

    assert [m.to for m in mail.outbox] == [["Shin-Gak Kang <kang@example.org>"]]


def test_a_dry_run_sends_nothing_and_records_nothing():
    action(DUE, responsible=person("alice@example.org"))

    with time_machine.travel(at_sweep_hour(DUE - dt.timedelta(days=7)), tick=False):
        result = sweep(dry_run=True)

    assert mail.outbox == []
    assert ReminderLog.objects.count() == 0
    (delivery,) = result.deliveries
    assert (delivery.email, delivery.status, delivery.reminder.lead_days) == (
        "alice@example.org",
        "new",
        7,
    )


def test_a_reply_stops_the_reminders_of_the_group_that_replied_only():
    sg11, sg17 = study_group("SG11"), study_group("SG17")
    role(person("sg11-chair@example.org"), sg11, RoleKind.CHAIR)
    role(person("sg17-chair@example.org"), sg17, RoleKind.CHAIR)
    original = statement_for_action(dt.date(2024, 3, 1), to_groups=[sg11, sg17])
    statement_for_action(
        None, replies_to=original, purpose=LiaisonPurpose.INFORMATION, from_groups=[sg17]
    )

    with time_machine.travel(at_sweep_hour(dt.date(2024, 2, 23)), tick=False):
        sweep()

    assert [addr.split("<")[1] for m in mail.outbox for addr in m.to] == ["sg11-chair@example.org>"]
