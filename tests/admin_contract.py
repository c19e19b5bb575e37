"""What every page of the secretariat's admin must do, written once; the tests are in
tests/test_admin_contract.py, one row per registered ModelAdmin in `ADMIN_CASES` below.

A row names the model, how to make n rows of it with the relations its changelist shows, and
one change to make through its change form (`Change`: the form field, the value posted, the value
stored, the value its history shows). A model whose admin only reads (`read_only=True`) refuses
the add page and the save instead. tests/test_admin_contract.py fails when a registered
ModelAdmin has no row here.

The change form is posted the way a browser posts it: every field of the page as rendered (hidden
inline management forms included), with the one change applied (`form_as_posted`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt
from django.contrib.auth.models import Group as UserGroup
from django.contrib.auth.models import User
from django.db.models import Model
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from knox.models import AuthToken

from accounts.models import PersonLink
from deliverables.models import Deliverable, Distribution, Group, GroupKind, Person, Role, RoleKind
from integrations.models import Change as RecordChange
from integrations.models import Delivery, DeliveryStatus, Webhook
from liaisons.models import Attachment, LiaisonStatement
from meetings.models import ActionItem, Document, Meeting, Session
from reminders.models import ReminderLog, ReminderStatus, Subscription
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    PersonFactory,
    RoleFactory,
    StudyGroupFactory,
)
from tests.liaisons.factories import AttachmentFactory, LiaisonStatementFactory
from tests.meetings.factories import (
    ActionItemFactory,
    DocumentFactory,
    MeetingFactory,
    SessionFactory,
    WholeDayMeetingFactory,
)
from tests.workitems.factories import (
    EditorFactory,
    QuestionFactory,
    WorkItemEventFactory,
    WorkItemFactory,
)
from workitems.models import Stage, WorkItem

# --- posting a change form as a browser does ---------------------------------------------------


class _FormReader(HTMLParser):
    """The name/value pairs a browser submits from one <form>, as the page renders it."""

    SKIPPED_INPUTS = frozenset({"submit", "button", "image", "reset", "file"})

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    @staticmethod
    def _submitted(name: str | None, attrs: dict) -> bool:
        return bool(name) and "__prefix__" not in name and "disabled" not in attrs

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in self.SKIPPED_INPUTS or not self._submitted(name, attrs):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.pairs.append((name, attrs.get("value", default) or default))
        elif tag == "select":
            self._select = {
                "name": name if self._submitted(name, attrs) else None,
                "multiple": "multiple" in attrs,
                "options": [],
            }
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "text": "",
                "selected": "selected" in attrs,
            }
            self._select["options"].append(self._option)
        elif tag == "textarea" and self._submitted(name, attrs):
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # HTML drops the newline that follows <textarea>, and so does a browser.
            text = text[2:] if text.startswith("\r\n") else text[1:] if text[:1] == "\n" else text
            self.pairs.append((self._textarea["name"], text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            if not select["name"]:
                return
            values = [
                option["value"] if option["value"] is not None else option["text"]
                for option in select["options"]
                if option["selected"]
            ]
            if not values and not select["multiple"] and select["options"]:
                first = select["options"][0]  # a browser submits the first option
                values = [first["value"] if first["value"] is not None else first["text"]]
            self.pairs += [(select["name"], value) for value in values]


def form_as_posted(html: str, form_id: str) -> dict[str, Any]:
    """The POST body of the form `form_id` left as the page shows it."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data: dict[str, Any] = {}
    for name, value in reader.pairs:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    assert data, f"no form #{form_id} on the page"
    return data


# --- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One edit through the change form: the fields posted, and the model field it changes with
    the value then stored and the value its history page shows (the admins that keep their
    history with django-simple-history show old and new values; Django's own history names the
    changed field only)."""

    posted: dict[str, Any]
    field: str
    stored: Any
    shown: str = ""


@dataclass(frozen=True)
class AdminCase:
    model: type[Model]
    make: Callable[[int], object]  # makes n rows with what the changelist shows of them
    change: Callable[[Model], Change] | None = None  # None: the admin only reads (read_only)
    changelist_params: tuple[dict, ...] = field(default=({},))

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def read_only(self) -> bool:
        return self.change is None

    def __str__(self) -> str:
        return self.label


_numbers = itertools.count(1)


def _text(field_name: str, value: str) -> Callable[[Model], Change]:
    return lambda obj: Change({field_name: value}, field_name, value, value)


def _related(field_name: str, make_other: Callable[[], Model]) -> Callable[[Model], Change]:
    def change(obj: Model) -> Change:
        other = make_other()
        return Change({field_name: str(other.pk)}, field_name, other, str(other))

    return change


# Work programme


def make_groups(n):
    parent = GroupFactory(code="WP2", kind=GroupKind.WORKING_PARTY)
    for group in GroupFactory.create_batch(n, parent=parent):
        RoleFactory(group=group)
        RoleFactory(group=group, role=RoleKind.ASSOCIATE_RAPPORTEUR)


def make_people(n):
    for person in PersonFactory.create_batch(n, email="a@example.org"):
        RoleFactory(person=person)


def make_deliverables(n):
    owner = GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
    sg17, sg16 = StudyGroupFactory(code="SG17"), StudyGroupFactory(code="SG16")
    for deliverable in DeliverableFactory.create_batch(n, owner=owner):
        DistributionFactory(deliverable=deliverable, group=sg17)
        DistributionFactory(deliverable=deliverable, group=sg16)


def make_distribution(n):
    sg17 = StudyGroupFactory(code="SG17")
    for deliverable in DeliverableFactory.create_batch(n):
        DistributionFactory(deliverable=deliverable, group=sg17)


# Meetings


def make_meetings(n):
    group = GroupFactory(code="RG-IEM")
    for meeting in MeetingFactory.create_batch(n, groups=[group]):
        SessionFactory(meeting=meeting, moderators=[PersonFactory()])


def make_sessions(n):
    meeting = MeetingFactory(code="forum")
    SessionFactory.create_batch(n, meeting=meeting, moderators=[PersonFactory()])


def make_documents(n):
    meeting, source = MeetingFactory(code="host"), GroupFactory(code="FG-MV")
    DocumentFactory.create_batch(n, meeting=meeting, source_group=source)


def make_actions(n):
    meeting = WholeDayMeetingFactory(code="wp2-tsag-2024-01", first_day=dt.date(2024, 1, 22))
    ActionItemFactory.create_batch(
        n,
        meeting=meeting,
        group=GroupFactory(code="FG-MV"),
        responsible_group=GroupFactory(code="TSAG"),
        responsible_person=PersonFactory(),
        due_date=dt.date(2024, 3, 1),
    )


# Liaison statements


def make_statements(n):
    tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
    sg5, sg17 = StudyGroupFactory(code="SG5"), StudyGroupFactory(code="SG17")
    for index in range(n):
        original = LiaisonStatementFactory(
            from_groups=[tsag], to_groups=[sg17, sg5], awaiting=bool(index % 2)
        )
        if index % 3 == 0:
            LiaisonStatementFactory(replies_to=original, from_groups=[sg5])


def make_attachments(n):
    AttachmentFactory.create_batch(n)


# Work items


def make_work_items(n):
    sg17 = StudyGroupFactory(code="SG17")
    question = QuestionFactory(parent=sg17, code="Q1-17")
    for item in WorkItemFactory.create_batch(n, study_group=sg17, questions=[question]):
        EditorFactory(work_item=item)
        WorkItemEventFactory(work_item=item, stage=Stage.AGREED, date=dt.date(2025, 1, 10))


# Reminders


def make_log_rows(n):
    for _ in range(n):
        i = next(_numbers)
        ReminderLog.objects.create(
            kind="action",
            item_key=f"action:meetings.actionitem:{i}",
            item_label=f"Action WP2-{i}",
            item_url=f"https://tracker.example.org/a/{i}/",
            deadline=dt.date(2024, 3, 1),
            lead_days=7,
            recipient=f"p{i}@example.org",
            sweep_date=dt.date(2024, 2, 23),
            status=ReminderStatus.SENT,
            attempts=1,
            sent_at=dt.datetime(2024, 2, 23, 5, 0, tzinfo=dt.UTC),
        )


def _user() -> User:
    return User.objects.create_user(f"user-{next(_numbers)}", "someone@example.org")


def make_subscriptions(n):
    for index in range(n):
        target = (
            {"group": GroupFactory()},
            {"deliverable": DeliverableFactory()},
            {"meeting": MeetingFactory()},
        )[index % 3]
        Subscription.objects.create(user=_user(), **target)


# Access and schedules (the libraries' own admins, which the secretariat uses too)


def make_users(n):
    for _ in range(n):
        _user()


def make_user_groups(n):
    for _ in range(n):
        UserGroup.objects.create(name=f"Group of users {next(_numbers)}")


def make_tokens(n):
    for _ in range(n):
        AuthToken.objects.create(_user(), expiry=dt.timedelta(days=30))


def make_lockouts(n):
    for _ in range(n):
        AccessAttempt.objects.create(
            username=f"user-{next(_numbers)}",
            ip_address="192.0.2.7",
            user_agent="Firefox",
            http_accept="text/html",
            path_info="/accounts/login/",
            get_data="",
            post_data="username=someone",
            failures_since_start=5,
        )


def make_addresses(n):
    for _ in range(n):
        user = _user()
        EmailAddress.objects.create(user=user, email=f"{user.username}@example.org")


def make_social_accounts(n):
    for _ in range(n):
        SocialAccount.objects.create(
            user=_user(), provider="sso", uid=f"subject-{next(_numbers)}", extra_data={"sub": "x"}
        )


def make_person_links(n):
    for person in PersonFactory.create_batch(n):
        user = _user()
        person.user = user
        person.save()
        PersonLink.objects.create(user=user, person=person, email=f"{user.username}@example.org")


def make_periodic_tasks(n):
    every_day = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    for _ in range(n):
        PeriodicTask.objects.create(
            name=f"Task {next(_numbers)}", task="reminders.tasks.send_reminders", interval=every_day
        )


def make_crontabs(n):
    for index in range(n):
        CrontabSchedule.objects.create(minute=str(index % 60), hour="6")


def make_intervals(n):
    for _ in range(n):
        IntervalSchedule.objects.create(every=next(_numbers), period=IntervalSchedule.HOURS)


def make_solar(n):
    for _ in range(n):
        SolarSchedule.objects.create(event="sunrise", latitude=next(_numbers) % 90, longitude=6)


def make_clocked(n):
    for index in range(n):
        ClockedSchedule.objects.create(clocked_time=timezone.now() + dt.timedelta(days=index + 1))


# Integrations. A public address literal: the check at save needs no DNS and no setting.
WEBHOOK_URL = "https://93.184.215.14/hooks/tracker"


def make_webhooks(n):
    for _ in range(n):
        Webhook.objects.create(name=f"Tool {next(_numbers)}", url=WEBHOOK_URL, secret="s3cret")


def make_deliveries(n):
    webhook = Webhook.objects.create(name="Portal", url=WEBHOOK_URL, secret="s3cret")
    for group in GroupFactory.create_batch(n):
        change = RecordChange.objects.filter(code=group.code).first()
        Delivery.objects.create(
            webhook=webhook,
            change=change,
            kind=change.kind,
            code=change.code,
            payload={"event": "created", "code": group.code},
            status=DeliveryStatus.FAILED,
            attempts=3,
            response_code=500,
            response_ms=12,
        )


ADMIN_CASES: list[AdminCase] = [
    AdminCase(Group, make_groups, _text("name", "Rapporteur Group, renamed")),
    AdminCase(Person, make_people, _text("affiliation", "Difference Engines plc")),
    AdminCase(Role, lambda n: RoleFactory.create_batch(n), _text("decision", "TSAG-WP2-99")),
    AdminCase(Deliverable, make_deliverables, _text("title", "A better title")),
    AdminCase(Distribution, make_distribution, _text("decision", "TSAG-WP2-99")),
    AdminCase(
        Meeting,
        make_meetings,
        _text("title", "Renamed meeting"),
        changelist_params=({}, {"when": "past", "kind": "rapporteur_group"}),
    ),
    AdminCase(Session, make_sessions, _text("title", "Opening ceremony")),
    AdminCase(
        Document,
        make_documents,
        _text("title", "Corrected title"),
        changelist_params=({}, {"kind": "contribution"}),
    ),
    AdminCase(
        ActionItem,
        make_actions,
        _text("text", "Reworded action"),
        changelist_params=({}, {"overdue": "yes", "status__exact": "open"}),
    ),
    AdminCase(LiaisonStatement, make_statements, _text("title", "A clearer title")),
    AdminCase(Attachment, make_attachments, _related("statement", LiaisonStatementFactory)),
    AdminCase(
        WorkItem,
        make_work_items,
        _text("title", "A clearer title"),
        changelist_params=({}, {"stage": "agreed", "late": "yes", "study_group__code": "SG17"}),
    ),
    AdminCase(ReminderLog, make_log_rows),
    AdminCase(Subscription, make_subscriptions, _related("group", GroupFactory)),
    AdminCase(User, make_users, _text("first_name", "Ada")),
    AdminCase(UserGroup, make_user_groups, _text("name", "Editors of the work programme")),
    AdminCase(
        AuthToken,
        make_tokens,
        lambda token: Change(
            {"expiry_0": "2031-01-02", "expiry_1": "12:00:00"},
            "expiry",
            timezone.make_aware(dt.datetime(2031, 1, 2, 12, 0)),
        ),
    ),
    AdminCase(AccessAttempt, make_lockouts),
    AdminCase(Webhook, make_webhooks, _text("name", "The portal of SG17")),
    AdminCase(Delivery, make_deliveries, changelist_params=({}, {"status__exact": "failed"})),
    AdminCase(
        EmailAddress,
        make_addresses,
        lambda address: Change({"verified": "on"}, "verified", True),
    ),
    AdminCase(SocialAccount, make_social_accounts, _text("uid", "subject-renamed")),
    AdminCase(PersonLink, make_person_links, _text("email", "renamed@example.org")),
    AdminCase(PeriodicTask, make_periodic_tasks, _text("description", "Runs every day.")),
    AdminCase(CrontabSchedule, make_crontabs, _text("minute", "45")),
    AdminCase(
        IntervalSchedule,
        make_intervals,
        lambda interval: Change({"every": "9999"}, "every", 9999),
    ),
    AdminCase(
        SolarSchedule,
        make_solar,
        lambda solar: Change({"longitude": "7.5"}, "longitude", Decimal("7.5")),
    ),
    AdminCase(
        ClockedSchedule,
        make_clocked,
        lambda clocked: Change(
            {"clocked_time_0": "2031-01-02", "clocked_time_1": "12:00:00"},
            "clocked_time",
            timezone.make_aware(dt.datetime(2031, 1, 2, 12, 0)),
        ),
    ),
]
