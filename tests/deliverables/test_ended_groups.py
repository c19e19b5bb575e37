"""A group whose lifetime has ended (or that is closed) has ended, and its roles end with it:
one rule (`deliverables.querysets.held_on`, `Role.held_on`, `Group.has_ended`) read by the pages,
the API, the admin, the hand-over and the reminders alike."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.dates import DatePrecision
from deliverables.models import GroupKind, GroupStatus, Role, RoleKind
from deliverables.services import rotate_role
from tests.deliverables.factories import GroupFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

JUNE_2024 = {"lifetime_end": dt.date(2024, 6, 1), "lifetime_end_precision": DatePrecision.MONTH}


@pytest.fixture
def focus_group():
    group = GroupFactory(code="FG-XR", kind=GroupKind.FOCUS_GROUP, **JUNE_2024)
    RoleFactory(group=group, role=RoleKind.CHAIR, starts_on=dt.date(2022, 12, 1))
    RoleFactory(group=group, role=RoleKind.VICE_CHAIR, starts_on=None)
    return group


def test_roles_are_current_until_the_last_day_of_the_lifetime(focus_group):
    roles = Role.objects.filter(group=focus_group)
    assert roles.current(dt.date(2024, 6, 30)).count() == 2
    assert not roles.current(dt.date(2024, 7, 1)).exists()
    assert roles.not_current(dt.date(2024, 7, 1)).count() == 2
    assert roles.past(dt.date(2024, 7, 1)).count() == 2
    annotated = roles.with_is_current(dt.date(2024, 7, 1))
    assert {role.is_current for role in annotated} == {False}
    assert [role.held_on(dt.date(2024, 7, 1)) for role in roles] == [False, False]
    assert [role.held_on(dt.date(2024, 6, 30)) for role in roles] == [True, True]


def test_a_closed_group_has_no_current_roles():
    group = GroupFactory(status=GroupStatus.CLOSED)
    role = RoleFactory(group=group, role=RoleKind.CHAIR)
    assert not Role.objects.filter(pk=role.pk).current().exists()
    assert not role.held_on(dt.date(2030, 1, 1))
    assert group.state_display(dt.date(2030, 1, 1)) == "Closed"


def test_a_group_without_a_lifetime_keeps_its_roles():
    group = GroupFactory()
    RoleFactory(group=group, role=RoleKind.CHAIR)
    assert Role.objects.filter(group=group).current(dt.date(2099, 1, 1)).count() == 1
    assert not group.has_ended(dt.date(2099, 1, 1))


def test_the_group_is_shown_as_ended_with_its_lifetime(focus_group):
    assert focus_group.state_display(dt.date(2024, 6, 30)) == "Active"
    assert focus_group.state_display(dt.date(2024, 7, 1)) == "Ended June 2024"


def test_pages_and_api_show_the_ended_group_without_current_leaders(
    focus_group, client, api_client
):
    with time_machine.travel(dt.datetime(2026, 12, 4, 12, tzinfo=dt.UTC), tick=False):
        body = api_client.get(reverse("group-detail", args=["FG-XR"])).json()
        roles = api_client.get(reverse("role-list"), {"group": "FG-XR"}).json()["results"]
        page = client.get(reverse("deliverables:group-detail", args=["FG-XR"])).content.decode()
        listing = client.get(reverse("deliverables:group-list")).content.decode()

    assert (body["has_ended"], body["state_display"], body["status"]) == (
        True,
        "Ended June 2024",
        "active",
    )
    assert body["current_leadership"] == []
    assert {role["current"] for role in roles} == {False}
    assert "Ended June 2024" in page
    assert "its roles ended with it" in page
    assert "Lifetime ended" in page
    assert "Ended June 2024" in listing


def test_no_hand_over_in_a_group_that_has_ended(focus_group):
    with pytest.raises(ValidationError) as refused:
        rotate_role(focus_group, RoleKind.CHAIR, PersonFactory(), on=dt.date(2024, 9, 1))
    assert "group" in refused.value.message_dict
