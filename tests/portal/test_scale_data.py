"""The synthetic work programme of `generate_scale_data`: its sizes, its respect of every model
rule, its determinism, and the pages and API lists answering on it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from deliverables.models import Deliverable, Distribution, Group, GroupKind, Person, Role
from liaisons.models import LiaisonStatement
from meetings.models import ActionItem, Document, Meeting, Session
from portal.scale_data import COMMON_WORD, RARE_WORD, generate, targets
from reminders.models import Subscription

pytestmark = pytest.mark.django_db

SCALE = 0.05
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def seed_statements() -> list[str]:
    """The demo data, loaded first; its statements' codes."""
    call_command("load_seed_data", stdout=StringIO())
    return list(LiaisonStatement.objects.values_list("code", flat=True))


@pytest.fixture
def scale_data(seed_statements) -> dict[str, int]:
    return generate(SCALE, seed=7, today=TODAY)


def codes() -> dict[str, list]:
    return {
        "groups": list(Group.objects.order_by("code").values_list("code", flat=True)),
        "deliverables": list(Deliverable.objects.order_by("code").values_list("code", flat=True)),
        "meetings": list(Meeting.objects.order_by("code").values_list("code", flat=True)),
        "documents": list(
            Document.objects.order_by("number", "revision").values_list("number", "revision")
        ),
        "actions": list(
            ActionItem.objects.order_by("meeting__code", "code").values_list(
                "meeting__code", "code"
            )
        ),
        "statements": list(
            LiaisonStatement.objects.order_by("code").values_list("code", flat=True)
        ),
    }


def test_sizes_follow_the_scale(seed_statements, scale_data):
    want = targets(SCALE)
    assert scale_data["groups"] >= 2 * 11 + want["extra_groups"]  # two periods of study groups
    assert scale_data["people"] == want["people"]
    assert scale_data["roles"] == want["roles"]
    assert scale_data["deliverables"] == want["deliverables"]
    assert scale_data["distribution lines"] >= want["distribution"]
    assert scale_data["meetings"] == want["meetings"]
    assert scale_data["documents"] >= want["documents"]
    assert scale_data["action items"] >= want["action_items"]
    assert scale_data["liaison statements"] == want["liaison_statements"]
    assert scale_data["subscriptions"] >= want["subscriptions"] // 2

    generated = Document.objects.filter(number__regex=r"^(TD|C)\d{4,}$")
    revised = generated.filter(revision__gt=0).values("number").distinct().count()
    numbers = generated.values("number").distinct().count()
    assert 0.10 < revised / numbers < 0.20  # 15% of the numbers have a revision
    assert Distribution.objects.filter(to_all_study_groups=True).count() > 1
    statements = LiaisonStatement.objects.exclude(code__in=seed_statements)
    assert statements.filter(replies_to__isnull=False).count() == want["liaison_statements"] // 5
    assert statements.filter(to_all_study_groups=True).exists()
    overdue_for_years = ActionItem.objects.overdue(TODAY - dt.timedelta(days=730))
    assert overdue_for_years.exists()
    assert Meeting.objects.filter(starts_at__date__gt=TODAY).exists()
    assert Meeting.objects.filter(contribution_deadline__isnull=False).exists()
    assert Session.objects.exists()
    assert Deliverable.objects.filter(summary__icontains=COMMON_WORD).count() > 10


def test_generated_rows_pass_the_models_own_validation(scale_data):
    for model in (
        Group,
        Person,
        Role,
        Deliverable,
        Distribution,
        Meeting,
        Session,
        Document,
        ActionItem,
        LiaisonStatement,
        Subscription,
    ):
        rows = list(model.objects.all())
        for instance in rows[:: max(1, len(rows) // 60)]:  # 60 spread over the table
            instance.full_clean()


def test_the_same_seed_gives_the_same_codes_and_another_seed_others():
    def run(seed: int) -> dict[str, list]:
        with transaction.atomic():
            generate(SCALE, seed=seed, today=TODAY)
            found = codes()
            transaction.set_rollback(True)
        return found

    first, again, other = run(3), run(3), run(4)
    assert first == again
    assert first["meetings"] != other["meetings"]


def test_the_command_refuses_to_generate_twice_into_one_database():
    call_command("generate_scale_data", scale=0.01, seed=1, stdout=StringIO())
    with pytest.raises(Exception, match="already exist"):
        call_command("generate_scale_data", scale=0.01, seed=1, stdout=StringIO())


def test_pages_feeds_and_api_answer_on_the_generated_programme(scale_data, client):
    sg = Group.objects.filter(kind=GroupKind.STUDY_GROUP, code__endswith="-2025").first()
    deliverable = Deliverable.objects.filter(distribution__group=sg).first()
    meeting = Meeting.objects.filter(groups=sg).first() or Meeting.objects.last()
    document = Document.objects.filter(revision=1).first()
    action = ActionItem.objects.select_related("meeting").last()
    statement = LiaisonStatement.objects.filter(replies_to__isnull=False).last()
    person = Person.objects.filter(roles__isnull=False).last()
    pages = [
        "/",
        f"/?group={sg.code}",
        "/matrix/",
        f"/matrix/?study_group={sg.code}",
        "/matrix.csv",
        f"/search/?q={COMMON_WORD}",
        f"/search/?q={RARE_WORD}",
        "/deliverables/",
        "/groups/",
        "/meetings/",
        "/documents/",
        "/actions/",
        "/liaisons/",
        sg.get_absolute_url(),
        deliverable.get_absolute_url(),
        meeting.get_absolute_url(),
        document.get_absolute_url(),
        action.get_absolute_url(),
        statement.get_absolute_url(),
        person.get_absolute_url(),
        "/calendar.ics",
        f"/groups/{sg.code}/calendar.ics",
        "/api/v1/groups/?page_size=100",
        f"/api/v1/groups/{sg.code}/",
        "/api/v1/people/",
        f"/api/v1/people/{person.slug}/",
        "/api/v1/roles/?page_size=100",
        "/api/v1/deliverables/?page_size=100",
        f"/api/v1/deliverables/?allocated_to={sg.code}",
        f"/api/v1/deliverables/?search={COMMON_WORD}",
        f"/api/v1/deliverables/{deliverable.code}/",
        "/api/v1/meetings/?page_size=100",
        f"/api/v1/meetings/{meeting.code}/",
        "/api/v1/documents/?page_size=100",
        f"/api/v1/documents/{document.code}/",
        "/api/v1/action-items/?overdue=true&page_size=100",
        f"/api/v1/action-items/{action.meeting.code}/{action.code}/",
        f"/api/v1/liaisons/?to={sg.code}&page_size=100",
        f"/api/v1/liaisons/{statement.code}/",
        f"/api/v1/groups/{sg.code}/inbox/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    subscriber = get_user_model().objects.filter(reminder_subscriptions__isnull=False).first()
    client.force_login(subscriber)
    assert client.get("/api/v1/subscriptions/").status_code == 200
