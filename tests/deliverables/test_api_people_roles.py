import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from deliverables.models import Person, Role, RoleKind
from tests.api_contract import APIContract
from tests.deliverables.factories import GroupFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


class TestPersonAPI(APIContract):
    basename = "person"
    model = Person
    lookup_field = "slug"
    unknown_key = "no-such-person"

    def make_rows(self, n):
        people = PersonFactory.create_batch(n, email="someone@example.org")
        for person in people:
            RoleFactory(person=person)
            RoleFactory(person=person, role=RoleKind.EDITOR, ends_on=dt.date(2023, 6, 1))
        return people

    def deletable_row(self):
        return PersonFactory()

    def protected_row(self):
        role = RoleFactory()
        return role.person, role

    def create_payload(self):
        return {
            "slug": "ada-lovelace",
            "name": "Ada Lovelace",
            "affiliation": "Analytical Engines Ltd",
            "country": "United Kingdom",
            "email": "ada@example.org",
        }

    def update_payload(self, obj):
        return {"affiliation": "Difference Engines plc"}

    def invalid_payloads(self):
        valid = self.create_payload()
        return [
            ("slug with spaces", {**valid, "slug": "ada lovelace"}, "slug"),
            ("duplicate slug", {**valid, "slug": Person.objects.first().slug}, "slug"),
            ("malformed e-mail", {**valid, "email": "not-an-address"}, "email"),
            ("no name", {**valid, "name": ""}, "name"),
        ]


@pytest.mark.parametrize(
    ("client_fixture", "shown"),
    [("api_client", False), ("delegate_client", False), ("secretariat_client", True)],
)
def test_email_is_only_shown_to_the_secretariat(request, client_fixture, shown):
    person = PersonFactory(email="private@example.org")
    client = request.getfixturevalue(client_fixture)
    detail = client.get(reverse("person-detail", args=[person.slug])).json()
    listed = client.get(reverse("person-list")).json()["results"][0]
    assert ("email" in detail) is shown
    assert ("email" in listed) is shown
    if shown:
        assert detail["email"] == "private@example.org"
    assert ("private@example.org" in str(listed)) is shown


def test_email_never_leaks_through_search_for_anonymous_users(api_client):
    PersonFactory(name="Ada Lovelace", email="ada@example.org")
    response = api_client.get(reverse("person-list"), {"search": "ada@example.org"})
    assert response.json()["count"] == 0


def test_people_filters_describe_one_role_together(api_client):
    rg_dt = GroupFactory(code="RG-DT")
    other = GroupFactory(code="RG-IEM")
    current_rapporteur = RoleFactory(group=rg_dt, role=RoleKind.RAPPORTEUR).person
    former = RoleFactory(group=rg_dt, role=RoleKind.RAPPORTEUR, ends_on=dt.date(2024, 1, 26)).person
    # Rapporteur elsewhere and associate rapporteur in RG-DT: not the RG-DT rapporteur.
    mixed = RoleFactory(group=other, role=RoleKind.RAPPORTEUR).person
    RoleFactory(person=mixed, group=rg_dt, role=RoleKind.ASSOCIATE_RAPPORTEUR)

    def slugs(**params):
        response = api_client.get(reverse("person-list"), params)
        assert response.status_code == 200, response.content
        return {row["slug"] for row in response.json()["results"]}

    assert slugs(group="RG-DT", role="rapporteur", current="true") == {current_rapporteur.slug}
    assert slugs(group="RG-DT", role="rapporteur", current="false") == {former.slug}
    assert slugs(group="RG-DT", role="rapporteur") == {current_rapporteur.slug, former.slug}
    assert slugs(group="RG-DT") == {current_rapporteur.slug, former.slug, mixed.slug}
    assert slugs(role="rapporteur", current="true") == {current_rapporteur.slug, mixed.slug}


def test_unknown_group_in_people_filter_is_a_400(api_client):
    response = api_client.get(reverse("person-list"), {"group": "NOPE"})
    assert response.status_code == 400
    assert "group" in response.json()


def test_person_lists_every_role_with_whether_it_is_current(api_client):
    person = PersonFactory()
    RoleFactory(person=person, role=RoleKind.RAPPORTEUR, ends_on=dt.date(2024, 1, 26))
    RoleFactory(person=person, role=RoleKind.ASSOCIATE_RAPPORTEUR, starts_on=dt.date(2024, 1, 26))
    roles = api_client.get(reverse("person-detail", args=[person.slug])).json()["roles"]
    assert {(r["role"], r["current"]) for r in roles} == {
        ("rapporteur", False),
        ("associate_rapporteur", True),
    }


class TestRoleAPI(APIContract):
    basename = "role"
    model = Role
    lookup_field = "pk"
    unknown_key = "999999999"

    def make_rows(self, n):
        return RoleFactory.create_batch(n)

    def create_payload(self):
        person = PersonFactory(slug="ahmad-sharafat")
        group = GroupFactory(code="RG-DT")
        return {
            "person": person.slug,
            "group": group.code,
            "role": "rapporteur",
            "starts_on": "2024-01-26",
            "decision": "WP2-3",
        }

    def update_payload(self, obj):
        return {"ends_on": "2024-06", "note": "Stepped down."}

    def invalid_payloads(self):
        valid = self.create_payload()
        return [
            ("unknown person", {**valid, "person": "nobody"}, "person"),
            ("unknown group", {**valid, "group": "NOPE"}, "group"),
            ("unknown role", {**valid, "role": "king"}, "role"),
            ("ends before it starts", {**valid, "ends_on": "2023-12-31"}, "ends_on"),
            ("malformed date", {**valid, "starts_on": "January 2024"}, "starts_on"),
        ]


def test_second_open_role_of_the_same_kind_is_refused(secretariat_client):
    role = RoleFactory()
    payload = {"person": role.person.slug, "group": role.group.code, "role": role.role}
    response = secretariat_client.post(reverse("role-list"), payload)
    assert response.status_code == 400
    assert Role.objects.count() == 1


def test_role_month_precision_end_is_kept_and_shown(secretariat_client):
    role = RoleFactory(starts_on=None)
    url = reverse("role-detail", args=[role.pk])
    body = secretariat_client.patch(url, {"ends_on": "2023-09"}).json()
    assert body["ends_on"] == "2023-09"
    assert body["ends_on_display"] == "September 2023"
    assert body["current"] is False


def test_role_filters_group_role_person_current(api_client):
    rg_dt = GroupFactory(code="RG-DT")
    said = PersonFactory(slug="ahmed-said")
    old = RoleFactory(
        person=said, group=rg_dt, role=RoleKind.RAPPORTEUR, ends_on=dt.date(2024, 1, 26)
    )
    new = RoleFactory(
        person=said, group=rg_dt, role=RoleKind.ASSOCIATE_RAPPORTEUR, starts_on=dt.date(2024, 1, 26)
    )
    elsewhere = RoleFactory(role=RoleKind.RAPPORTEUR)
    future = RoleFactory(group=rg_dt, starts_on=timezone.localdate() + dt.timedelta(days=30))

    def urls(**params):
        response = api_client.get(reverse("role-list"), params)
        assert response.status_code == 200, response.content
        return {row["url"].rsplit("/", 2)[-2] for row in response.json()["results"]}

    def ids(*roles):
        return {str(role.pk) for role in roles}

    assert urls(group="RG-DT") == ids(old, new, future)
    assert urls(person="ahmed-said") == ids(old, new)
    assert urls(role="rapporteur") == ids(old, elsewhere, future)
    assert urls(group="RG-DT", current="true") == ids(new)
    assert urls(group="RG-DT", current="false") == ids(old, future)
