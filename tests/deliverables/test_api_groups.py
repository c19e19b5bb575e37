import datetime as dt

import pytest
from django.urls import reverse

from deliverables.models import Group, GroupKind, Role, RoleKind
from tests.api_contract import APIContract
from tests.deliverables.factories import (
    DeliverableFactory,
    GroupFactory,
    PersonFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


class TestGroupAPI(APIContract):
    basename = "group"
    model = Group

    def make_rows(self, n):
        parent = GroupFactory(code="WP9", kind=GroupKind.WORKING_PARTY)
        groups = GroupFactory.create_batch(n, parent=parent)
        for group in groups:
            RoleFactory(group=group, role=RoleKind.RAPPORTEUR)
            RoleFactory(group=group, role=RoleKind.ASSOCIATE_RAPPORTEUR)
        return groups

    def create_payload(self):
        GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
        return {
            "code": "RG-NEW",
            "name": "Rapporteur Group on something new",
            "kind": "rapporteur_group",
            "parent": "TSAG",
            "established": "2024-01-26",
        }

    def update_payload(self, obj):
        return {"name": "Renamed group", "lifetime_end": "2024-06"}

    def protected_row(self):
        group = GroupFactory(kind=GroupKind.FOCUS_GROUP)
        return group, DeliverableFactory(owner=group)

    def invalid_payloads(self):
        valid = self.create_payload()
        return [
            ("invalid code", {**valid, "code": "rg new"}, "code"),
            ("duplicate code", {**valid, "code": Group.objects.first().code}, "code"),
            ("unknown parent", {**valid, "parent": "NOPE"}, "parent"),
            (
                "lifetime ends before it starts",
                {**valid, "established": "2024-01-26", "lifetime_end": "2023-06"},
                "lifetime_end",
            ),
            ("unknown kind", {**valid, "kind": "club"}, "kind"),
            ("malformed date", {**valid, "established": "26/01/2024"}, "established"),
        ]


@pytest.fixture
def rg_dt():
    group = GroupFactory(
        code="RG-DT", parent=GroupFactory(code="WP2", kind=GroupKind.WORKING_PARTY)
    )
    said = PersonFactory(slug="ahmed-said", name="Ahmed Said")
    lesufi = PersonFactory(slug="cynthia-lesufi", name="Cynthia Lesufi")
    PersonFactory(slug="ahmad-sharafat", name="Ahmad Sharafat")
    RoleFactory(person=said, group=group, role=RoleKind.RAPPORTEUR, starts_on=None)
    RoleFactory(person=lesufi, group=group, role=RoleKind.ASSOCIATE_RAPPORTEUR, starts_on=None)
    RoleFactory(group=group, role=RoleKind.EDITOR)  # not leadership
    return group


def leadership(body):
    return sorted((row["person"]["code"], row["role"]) for row in body["current_leadership"])


def test_group_detail_shows_its_current_leadership_and_links_its_roles(api_client, rg_dt):
    body = api_client.get(reverse("group-detail", args=["RG-DT"])).json()
    assert leadership(body) == [
        ("ahmed-said", "rapporteur"),
        ("cynthia-lesufi", "associate_rapporteur"),
    ]
    assert body["parent"]["code"] == "WP2"
    assert body["roles"].endswith("/api/v1/roles/?group=RG-DT")
    assert api_client.get(body["roles"]).json()["count"] == 3


def test_secretariat_rotates_leadership_and_the_old_role_stays_in_history(
    secretariat_client, rg_dt
):
    response = secretariat_client.post(
        reverse("group-rotate-role", args=["RG-DT"]),
        {
            "role": "rapporteur",
            "incoming": "ahmad-sharafat",
            "outgoing_new_role": "associate_rapporteur",
            "on": "2024-01-26",
            "decision": "WP2-3",
        },
    )
    assert response.status_code == 200, response.content
    assert leadership(response.json()) == [
        ("ahmad-sharafat", "rapporteur"),
        ("ahmed-said", "associate_rapporteur"),
        ("cynthia-lesufi", "associate_rapporteur"),
    ]
    old = Role.objects.get(person__slug="ahmed-said", role=RoleKind.RAPPORTEUR)
    assert old.ends_on == dt.date(2024, 1, 26)
    assert old.history.first().history_user.username == "secretariat"


def test_delegate_cannot_rotate_leadership(delegate_client, rg_dt):
    response = delegate_client.post(
        reverse("group-rotate-role", args=["RG-DT"]),
        {"role": "rapporteur", "incoming": "ahmad-sharafat"},
    )
    assert response.status_code == 403
    assert Role.objects.current().filter(role="rapporteur").get().person.slug == "ahmed-said"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "rapporteur", "incoming": "nobody"}, "incoming"),
        ({"role": "rapporteur", "incoming": "ahmed-said"}, "incoming"),
        (
            {"role": "rapporteur", "incoming": "ahmad-sharafat", "outgoing": "cynthia-lesufi"},
            "outgoing",
        ),
        ({"role": "emperor", "incoming": "ahmad-sharafat"}, "role"),
        ({"role": "rapporteur", "incoming": "ahmad-sharafat", "on": "soon"}, "on"),
    ],
)
def test_rotation_errors_are_400_per_field_and_change_nothing(
    secretariat_client, rg_dt, payload, field
):
    before = list(Role.objects.values_list("pk", "ends_on"))
    response = secretariat_client.post(reverse("group-rotate-role", args=["RG-DT"]), payload)
    assert response.status_code == 400
    assert field in response.json()
    assert list(Role.objects.values_list("pk", "ends_on")) == before


def test_group_filters(api_client):
    tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
    wp2 = GroupFactory(code="WP2", kind=GroupKind.WORKING_PARTY, parent=tsag)
    GroupFactory(code="RG-IEM", parent=wp2, name="Industry Engagement, Metrics")
    GroupFactory(code="AHG-MV", kind=GroupKind.AD_HOC_GROUP, parent=wp2, status="closed")
    GroupFactory(code="SG12", kind=GroupKind.STUDY_GROUP)

    def codes(**params):
        response = api_client.get(reverse("group-list"), params)
        assert response.status_code == 200, response.content
        return [row["code"] for row in response.json()["results"]]

    assert codes(kind="study_group") == ["SG12"]
    assert codes(kind=["study_group", "advisory_group"]) == ["SG12", "TSAG"]
    assert codes(parent="WP2") == ["AHG-MV", "RG-IEM"]
    assert codes(active="false") == ["AHG-MV"]
    assert "AHG-MV" not in codes(active="true")
    assert codes(status="closed") == ["AHG-MV"]
    assert codes(search="metrics") == ["RG-IEM"]
    assert codes(ordering="-code")[0] == "WP2"


def test_group_lifetime_end_keeps_its_month(secretariat_client):
    GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
    response = secretariat_client.patch(
        reverse("group-detail", args=["FG-MV"]),
        {"lifetime_end": "2024-06", "lifetime_decision": "WP2-7"},
    )
    assert response.json()["lifetime_end"] == "2024-06"
    assert response.json()["lifetime_end_display"] == "June 2024"


def test_group_cannot_report_to_itself(secretariat_client):
    GroupFactory(code="WP2", kind=GroupKind.WORKING_PARTY)
    response = secretariat_client.patch(reverse("group-detail", args=["WP2"]), {"parent": "WP2"})
    assert response.status_code == 400
    assert "parent" in response.json()
