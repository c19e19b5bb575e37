"""The write rules and the questions of the work programme live in one place each — the model,
its QuerySets, `services.py` — and the admin, the API and the pages only call them: one
distribution line per recipient, a leadership hand-over, who sees people's e-mail addresses, the
order of office, the line by which a group receives a deliverable.

Each rule is tested on its own (no HTTP), then through the interfaces: the same message on the
same field, and nothing saved when it is refused."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from core.dates import DatePrecision
from deliverables.models import (
    Deliverable,
    Distribution,
    Group,
    GroupKind,
    Person,
    Purpose,
    Role,
    RoleKind,
)
from deliverables.services import set_distribution
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    PersonFactory,
    RoleFactory,
    StudyGroupFactory,
)

pytestmark = pytest.mark.django_db

TWICE = "The distribution names SG17 twice; give one line per group."


@pytest.fixture
def sg17() -> Group:
    return StudyGroupFactory(code="SG17")


# --- one distribution line per recipient ------------------------------------------------------


def test_a_recipient_named_twice_is_refused_on_the_distribution(sg17):
    with pytest.raises(ValidationError) as refused:
        Distribution.check_recipients(
            [
                {"group": sg17, "purpose": Purpose.ALLOCATED},
                {"group": sg17, "purpose": Purpose.FOR_INFORMATION},
            ]
        )
    assert refused.value.message_dict == {"distribution": [TWICE]}


def test_all_study_groups_twice_is_refused_and_distinct_recipients_pass(sg17):
    with pytest.raises(ValidationError, match="names all study groups twice"):
        Distribution.check_recipients(
            [{"to_all_study_groups": True, "group": None}, {"to_all_study_groups": True}]
        )
    Distribution.check_recipients(
        [{"group": sg17}, {"group": StudyGroupFactory(code="SG16")}, {"to_all_study_groups": True}]
    )


def test_set_distribution_refuses_a_recipient_named_twice_before_writing_anything(sg17):
    deliverable = DeliverableFactory()
    kept = DistributionFactory(deliverable=deliverable, group=StudyGroupFactory(code="SG16"))
    with pytest.raises(ValidationError) as refused:
        set_distribution(
            deliverable,
            [
                {"group": sg17, "to_all_study_groups": False, "purpose": Purpose.ALLOCATED},
                {"group": sg17, "to_all_study_groups": False, "purpose": Purpose.ALLOCATED},
            ],
        )
    assert refused.value.message_dict == {"distribution": [TWICE]}
    assert list(deliverable.distribution.all()) == [kept]


def deliverable_form(owner: Group, lines: list[dict]) -> dict:
    data = {
        "code": "FGMV-23",
        "type": "technical_report",
        "title": "A new report",
        "owner": str(owner.pk),
        "approved": "2023-10-01",
        "approved_precision": DatePrecision.MONTH,
        "approving_meeting": "",
        "status": "approved",
        "summary": "Text.",
        "distribution-TOTAL_FORMS": str(len(lines)),
        "distribution-INITIAL_FORMS": "0",
        "distribution-MIN_NUM_FORMS": "0",
        "distribution-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data.update({f"distribution-{index}-{key}": value for key, value in line.items()})
    return data


def deliverable_payload(lines: list[dict]) -> dict:
    return {
        "code": "FGMV-23",
        "type": "technical_report",
        "title": "A new report",
        "owner": "FG-MV",
        "approved": "2023-10",
        "status": "approved",
        "distribution": lines,
    }


def test_admin_and_api_refuse_a_recipient_named_twice_alike_and_save_nothing(
    admin_client, secretariat_client, sg17
):
    fgmv = GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
    response = admin_client.post(
        reverse("admin:deliverables_deliverable_add"),
        deliverable_form(
            fgmv,
            [
                {"group": sg17.pk, "purpose": Purpose.ALLOCATED},
                {"group": sg17.pk, "purpose": Purpose.FOR_INFORMATION},
            ],
        ),
    )
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0].formset
    assert list(inline.non_form_errors()) == [TWICE]

    response = secretariat_client.post(
        reverse("deliverable-list"),
        deliverable_payload(
            [
                {"group": "SG17", "purpose": "allocated"},
                {"group": "SG17", "purpose": "for_information"},
            ]
        ),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"distribution": [TWICE]}
    assert not Deliverable.objects.exists()
    assert not Distribution.objects.exists()


def test_admin_and_api_refuse_a_line_to_one_group_and_all_alike(
    admin_client, secretariat_client, sg17
):
    fgmv = GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
    response = admin_client.post(
        reverse("admin:deliverables_deliverable_add"),
        deliverable_form(
            fgmv, [{"group": sg17.pk, "to_all_study_groups": "on", "purpose": "allocated"}]
        ),
    )
    inline = response.context["inline_admin_formsets"][0].formset
    admin_messages = inline.errors[0]["group"]

    response = secretariat_client.post(
        reverse("deliverable-list"),
        deliverable_payload(
            [{"group": "SG17", "to_all_study_groups": True, "purpose": "allocated"}]
        ),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["distribution"]["0"]["group"] == admin_messages  # line 0, its group
    assert not Deliverable.objects.exists()


# --- leadership hand-over: rotate_role, in the API and the admin ---------------------------------


@pytest.fixture
def rg_dt() -> Group:
    group = GroupFactory(code="RG-DT")
    RoleFactory(
        group=group, person=PersonFactory(slug="ahmed-said", name="Ahmed Said"), role="rapporteur"
    )
    PersonFactory(slug="ahmad-sharafat", name="Ahmad Sharafat")
    return group


def hand_over_url(group: Group) -> str:
    return reverse("admin:deliverables_group_rotate_role", args=[group.pk])


def test_the_admin_hands_a_role_over_through_rotate_role(admin_client, rg_dt, monkeypatch):
    import deliverables.admin

    calls = []
    original = deliverables.admin.rotate_role

    def spy(group, role, incoming, **options):
        calls.append((group.code, role, incoming.slug))
        return original(group, role, incoming, **options)

    monkeypatch.setattr(deliverables.admin, "rotate_role", spy)
    sharafat = Person.objects.get(slug="ahmad-sharafat")
    response = admin_client.post(
        hand_over_url(rg_dt),
        {
            "role": "rapporteur",
            "incoming": str(sharafat.pk),
            "outgoing": "",
            "outgoing_new_role": "associate_rapporteur",
            "on": "2024-01-26",
            "decision": "WP2-3",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:deliverables_group_change", args=[rg_dt.pk])
    assert calls == [("RG-DT", "rapporteur", "ahmad-sharafat")]
    current = Role.objects.current(dt.date(2024, 1, 26)).filter(group=rg_dt)
    assert sorted((r.person.slug, r.role) for r in current) == [
        ("ahmad-sharafat", "rapporteur"),
        ("ahmed-said", "associate_rapporteur"),
    ]
    old = Role.objects.get(person__slug="ahmed-said", role="rapporteur")
    assert old.ends_on == dt.date(2024, 1, 26)
    assert old.history.first().history_user.is_superuser


def test_admin_and_api_refuse_a_hand_over_to_the_holder_alike_and_change_nothing(
    admin_client, secretariat_client, rg_dt
):
    said = Person.objects.get(slug="ahmed-said")
    response = admin_client.post(
        hand_over_url(rg_dt), {"role": "rapporteur", "incoming": str(said.pk)}
    )
    assert response.status_code == 200
    admin_messages = response.context["form"].errors["incoming"]

    response = secretariat_client.post(
        reverse("group-rotate-role", args=["RG-DT"]),
        {"role": "rapporteur", "incoming": "ahmed-said"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["incoming"] == admin_messages
    assert Role.objects.filter(group=rg_dt).count() == 1
    assert Role.objects.get(group=rg_dt).ends_on is None


def test_the_hand_over_page_is_linked_from_the_group_and_needs_the_right_to_change(
    admin_client, client, rg_dt
):
    page = admin_client.get(reverse("admin:deliverables_group_change", args=[rg_dt.pk]))
    assertContains(page, f'href="{hand_over_url(rg_dt)}"')
    assertContains(admin_client.get(hand_over_url(rg_dt)), "Ahmed Said — Rapporteur")

    reader = User.objects.create_user("reader", password="a-long-password-4", is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(codename="view_group", content_type__app_label="deliverables")
    )
    client.force_login(reader)
    assert client.get(hand_over_url(rg_dt)).status_code == 403


# --- who sees people's e-mail addresses: the secretariat, everywhere -------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [("anonymous", False), ("delegate", False), ("secretariat", True), ("superuser", True)],
)
def test_only_the_secretariat_sees_email_addresses_on_pages_and_in_the_api(
    request, client, who, sees
):
    users = {
        "anonymous": AnonymousUser,
        "delegate": lambda: request.getfixturevalue("delegate_user"),
        "secretariat": lambda: request.getfixturevalue("secretariat_user"),
        "superuser": lambda: User.objects.create_superuser("root", password="a-long-password-5"),
    }
    user = users[who]()
    PersonFactory(slug="jane-doe", name="Jane Doe", email="jane@example.org")
    assert Person.email_visible_to(user) is sees
    if user.is_authenticated:
        client.force_login(user)
    page = client.get("/people/jane-doe/")
    api = client.get(reverse("person-detail", args=["jane-doe"]))
    assert ("jane@example.org" in page.content.decode()) is sees
    assert ("email" in api.json()) is sees


def test_admin_readers_do_not_see_email_addresses(client):
    PersonFactory(name="Ada Lovelace", email="ada@example.org")
    reader = User.objects.create_user("reader", password="a-long-password-4", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(reader)
    response = client.get(reverse("admin:deliverables_person_changelist"))
    assertContains(response, "Ada Lovelace")
    assertNotContains(response, "ada@example.org")
    found = client.get(reverse("admin:deliverables_person_changelist"), {"q": "ada@example.org"})
    assert found.context["cl"].result_count == 0


def test_admin_readers_see_a_persons_history_without_the_address_changes(client, admin_client):
    ada = PersonFactory(name="Ada Lovelace", email="ada@example.org")
    ada.email, ada.affiliation = "lovelace@example.org", "Analytical Engines"
    ada.save()
    history = reverse("admin:deliverables_person_history", args=[ada.pk])
    assertContains(admin_client.get(history), "lovelace@example.org")
    reader = User.objects.create_user("reader", password="a-long-password-4", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(reader)
    response = client.get(history)
    assertContains(response, "Analytical Engines")
    assertNotContains(response, "example.org")


# --- the order of office ----------------------------------------------------------------------


def test_role_kinds_rank_in_order_of_office():
    assert sorted(RoleKind, key=lambda kind: kind.rank)[:4] == [
        RoleKind.CHAIR,
        RoleKind.VICE_CHAIR,
        RoleKind.RAPPORTEUR,
        RoleKind.ASSOCIATE_RAPPORTEUR,
    ]


def test_roles_by_rank_put_the_chair_first_then_by_name(api_client, client):
    group = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
    for name, role in [
        ("Zoe Vice", RoleKind.VICE_CHAIR),
        ("Anna Rapporteur", RoleKind.RAPPORTEUR),
        ("Bob Chair", RoleKind.CHAIR),
        ("Alice Vice", RoleKind.VICE_CHAIR),
    ]:
        RoleFactory(group=group, person=PersonFactory(name=name), role=role)
    expected = ["Bob Chair", "Alice Vice", "Zoe Vice", "Anna Rapporteur"]
    assert [r.person.name for r in Role.objects.filter(group=group).by_rank()] == expected
    api = api_client.get(reverse("group-detail", args=["TSAG"])).json()
    assert [row["name"] for row in api["current_leadership"]] == expected
    page = client.get("/groups/TSAG/")
    assert [r.person.name for r in page.context["current_roles"]] == expected


# --- the line by which a group receives a deliverable ----------------------------------------


def test_a_group_receives_a_deliverable_by_the_line_naming_it_before_all_study_groups(sg17):
    sg12 = StudyGroupFactory(code="SG12")
    both = DeliverableFactory(code="FGMV-12")
    DistributionFactory(deliverable=both, group=sg17, purpose=Purpose.ALLOCATED, decision="WP2-8")
    Distribution.objects.create(
        deliverable=both, to_all_study_groups=True, purpose=Purpose.FOR_INFORMATION
    )
    to_sg17 = {d.code: d for d in Deliverable.objects.as_received_by(sg17)}
    assert (to_sg17["FGMV-12"].received_purpose, to_sg17["FGMV-12"].received_decision) == (
        "allocated",
        "WP2-8",
    )
    assert not to_sg17["FGMV-12"].received_via_all
    to_sg12 = Deliverable.objects.as_received_by(sg12).get()
    assert (to_sg12.received_purpose, to_sg12.received_via_all) == ("for_information", True)
    tsag = GroupFactory(code="TSAG", kind=GroupKind.ADVISORY_GROUP)
    assert not Deliverable.objects.as_received_by(tsag).exists()
    assert list(Distribution.objects.reaching(sg17).values_list("group__code", flat=True)) == [
        "SG17",
        None,
    ]
