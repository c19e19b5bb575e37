"""The secretariat's admin pages for the work programme: what only these models do (the pages,
saves, history and query counts every admin keeps are in tests/test_admin_contract.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from core.dates import DatePrecision
from deliverables.models import (
    Deliverable,
    Distribution,
    Group,
    GroupKind,
    Purpose,
    Role,
    RoleKind,
)
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    PersonFactory,
    RoleFactory,
    StudyGroupFactory,
)

pytestmark = pytest.mark.django_db


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """POST data of an inline formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def deliverable_form(**overrides) -> dict:
    data = {
        "code": "FGMV-23",
        "type": "technical_report",
        "title": "A new report",
        "owner": str(Group.objects.get(code="FG-MV").pk),
        "approved": "2023-10-01",
        "approved_precision": DatePrecision.MONTH,
        "approving_meeting": "",
        "status": "approved",
        "summary": "Text.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def groups():
    GroupFactory(code="FG-MV", kind=GroupKind.FOCUS_GROUP)
    return {code: StudyGroupFactory(code=code) for code in ("SG16", "SG17")}


def test_deliverable_is_added_with_its_distribution_inline(admin_client, groups):
    data = deliverable_form() | inline(
        "distribution",
        [
            {"group": groups["SG17"].pk, "purpose": Purpose.ALLOCATED, "decision": "WP2-8"},
            {"to_all_study_groups": "on", "purpose": Purpose.FOR_INFORMATION},
        ],
    )
    response = admin_client.post(reverse("admin:deliverables_deliverable_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    deliverable = Deliverable.objects.get(code="FGMV-23")
    assert deliverable.approved_display == "October 2023"
    assert sorted(line.recipient_display for line in deliverable.distribution.all()) == [
        "All study groups",
        "SG17",
    ]


@pytest.mark.parametrize(
    ("problem", "overrides", "lines"),
    [
        ("invalid code", {"code": "fgmv 23"}, []),
        ("approved without a date", {"approved": ""}, []),
        (
            "duplicate distribution line",
            {},
            [
                {"group": "SG17", "purpose": Purpose.ALLOCATED},
                {"group": "SG17", "purpose": Purpose.FOR_INFORMATION},
            ],
        ),
        (
            "all study groups twice",
            {},
            [
                {"to_all_study_groups": "on", "purpose": Purpose.FOR_INFORMATION},
                {"to_all_study_groups": "on", "purpose": Purpose.ALLOCATED},
            ],
        ),
        (
            "one group and all study groups on one line",
            {},
            [{"group": "SG17", "to_all_study_groups": "on", "purpose": Purpose.ALLOCATED}],
        ),
    ],
)
def test_bad_deliverable_form_shows_errors_and_saves_nothing(
    admin_client, groups, problem, overrides, lines
):
    rows = [
        {**line, "group": groups[line["group"]].pk} if "group" in line else line for line in lines
    ]
    data = deliverable_form(**overrides) | inline("distribution", rows)
    response = admin_client.post(reverse("admin:deliverables_deliverable_add"), data)
    assert response.status_code == 200, problem  # the form again, with its errors
    assert response.context["errors"], problem
    assert not Deliverable.objects.exists(), problem
    assert not Distribution.objects.exists(), problem


def test_duplicate_line_added_to_an_existing_deliverable_is_refused(admin_client, groups):
    line = DistributionFactory(
        deliverable=DeliverableFactory(owner=Group.objects.get(code="FG-MV")),
        group=groups["SG17"],
    )
    deliverable = line.deliverable
    data = {
        **deliverable_form(code=deliverable.code, title=deliverable.title),
        **inline(
            "distribution",
            [
                {
                    "id": line.pk,
                    "deliverable": deliverable.pk,
                    "group": groups["SG17"].pk,
                    "purpose": Purpose.ALLOCATED,
                    "decision": "WP2-8",
                },
                {"group": groups["SG17"].pk, "purpose": Purpose.FOR_INFORMATION},
            ],
            initial=1,
        ),
    }
    url = reverse("admin:deliverables_deliverable_change", args=[deliverable.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    # The model's rule (`Distribution.check_recipients`), in the words the API uses too.
    assert "The distribution names SG17 twice" in response.content.decode()
    assert deliverable.distribution.count() == 1


def group_form(**overrides) -> dict:
    data = {
        "code": "FG-NEW",
        "name": "Focus Group on something",
        "kind": GroupKind.FOCUS_GROUP,
        "parent": "",
        "status": "active",
        "mandate": "",
        "established": "2023-01-01",
        "established_precision": DatePrecision.DAY,
        "lifetime_end": "2024-06-01",
        "lifetime_end_precision": DatePrecision.MONTH,
        "lifetime_decision": "WP2-7",
        "succession_kind": "",
        "successor": "",
        "succession_note": "",
    }
    data.update(overrides)
    return data | inline("roles", [])


def test_group_is_added_and_changed(admin_client):
    response = admin_client.post(reverse("admin:deliverables_group_add"), group_form())
    assert response.status_code == 302
    group = Group.objects.get(code="FG-NEW")
    assert group.lifetime_end_display == "June 2024"
    url = reverse("admin:deliverables_group_change", args=[group.pk])
    response = admin_client.post(url, group_form(name="Focus Group, renamed"))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Focus Group, renamed"


@pytest.mark.parametrize(
    ("problem", "overrides", "field"),
    [
        ("lifetime ends before it starts", {"lifetime_end": "2022-12-31"}, "lifetime_end"),
        ("invalid code", {"code": "fg new"}, "code"),
        ("unknown kind", {"kind": "club"}, "kind"),
    ],
)
def test_bad_group_form_shows_the_error_on_its_field_and_saves_nothing(
    admin_client, problem, overrides, field
):
    response = admin_client.post(reverse("admin:deliverables_group_add"), group_form(**overrides))
    assert response.status_code == 200, problem
    assert field in response.context["adminform"].form.errors, problem
    assert not Group.objects.exists()


def test_leadership_change_is_recorded_inline_on_the_group(admin_client):
    rg_dt = GroupFactory(code="RG-DT")
    said = RoleFactory(group=rg_dt, person=PersonFactory(name="Ahmed Said"), starts_on=None)
    sharafat = PersonFactory(name="Ahmad Sharafat")
    data = group_form(
        code="RG-DT",
        name=rg_dt.name,
        kind=GroupKind.RAPPORTEUR_GROUP,
        lifetime_end="",
        established="",
    )
    data |= inline(
        "roles",
        [
            {
                "id": said.pk,
                "group": rg_dt.pk,
                "person": said.person.pk,
                "role": RoleKind.RAPPORTEUR,
                "starts_on": "",
                "starts_on_precision": "day",
                "ends_on": "2024-01-26",
                "ends_on_precision": "day",
                "decision": "WP2-3",
            },
            {
                "person": sharafat.pk,
                "role": RoleKind.RAPPORTEUR,
                "starts_on": "2024-01-26",
                "starts_on_precision": "day",
                "ends_on": "",
                "ends_on_precision": "day",
                "decision": "WP2-3",
            },
        ],
        initial=1,
    )
    response = admin_client.post(reverse("admin:deliverables_group_change", args=[rg_dt.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    current = Role.objects.current(dt.date(2024, 2, 1)).get(group=rg_dt, role=RoleKind.RAPPORTEUR)
    assert current.person == sharafat
    assert Role.objects.filter(group=rg_dt).count() == 2


def changelist_codes(client, model, params) -> list[str]:
    response = client.get(reverse(f"admin:deliverables_{model}_changelist"), params)
    assert response.status_code == 200
    return [str(obj) for obj in response.context["cl"].result_list]


def test_deliverable_changelist_filters_by_allocated_study_group_and_approval_period(
    admin_client,
):
    sg17, sg12 = StudyGroupFactory(code="SG17"), StudyGroupFactory(code="SG12")
    october = DeliverableFactory(code="FGMV-06", approved=dt.date(2023, 10, 1))
    july = DeliverableFactory(code="FGMV-01", approved=dt.date(2023, 7, 1))
    DistributionFactory(deliverable=october, group=sg17)
    Distribution.objects.create(
        deliverable=july, to_all_study_groups=True, purpose=Purpose.FOR_INFORMATION
    )
    response = admin_client.get(reverse("admin:deliverables_deliverable_changelist"))
    content = response.content.decode()
    assert "October 2023" in content
    assert "July 2023" in content
    assert "?allocated_to=SG12" in content  # every study group is offered
    assert changelist_codes(admin_client, "deliverable", {"allocated_to": "SG17"}) == [str(october)]
    assert changelist_codes(admin_client, "deliverable", {"allocated_to": sg12.code}) == []
    assert changelist_codes(admin_client, "deliverable", {"approved": "2023-10"}) == [str(october)]
    assert len(changelist_codes(admin_client, "deliverable", {"approved": "2023"})) == 2
    assert changelist_codes(admin_client, "deliverable", {"approved": "2024"}) == []
    # A box, not a list of months: what is not a year or a month lists nothing and says why.
    assert changelist_codes(admin_client, "deliverable", {"approved": "autumn"}) == []
    refused = admin_client.get(
        reverse("admin:deliverables_deliverable_changelist"), {"approved": "autumn"}
    )
    assert "“autumn” is not a year or a month" in refused.content.decode()
    assert "SG17" in content  # the "allocated to" column


def test_role_changelist_filters_current_roles(admin_client):
    current = RoleFactory(role=RoleKind.RAPPORTEUR)
    ended = RoleFactory(
        role=RoleKind.RAPPORTEUR, ends_on=dt.date(2023, 9, 1), ends_on_precision=DatePrecision.MONTH
    )
    assert changelist_codes(admin_client, "role", {"current": "yes"}) == [str(current)]
    assert changelist_codes(admin_client, "role", {"current": "no"}) == [str(ended)]
    assert (
        "September 2023"
        in admin_client.get(reverse("admin:deliverables_role_changelist")).content.decode()
    )


def test_search_finds_deliverables_by_words_of_the_summary(admin_client):
    DeliverableFactory(code="FGMV-13", summary="the responsible use of A1 for child protection")
    DeliverableFactory(code="FGMV-14", summary="something else")
    codes = changelist_codes(admin_client, "deliverable", {"q": "child protection"})
    assert [code.split()[0] for code in codes] == ["FGMV-13"]


def test_person_email_is_visible_to_the_secretariat_in_the_admin(admin_client):
    PersonFactory(name="Ada Lovelace", email="ada@example.org")
    content = admin_client.get(reverse("admin:deliverables_person_changelist")).content.decode()
    assert "ada@example.org" in content


def test_people_changelist_filters_by_group_listing_each_person_once(admin_client):
    rg_dt, rg_iem = GroupFactory(code="RG-DT"), GroupFactory(code="RG-IEM")
    said = PersonFactory(name="Ahmed Said", country="Egypt")
    RoleFactory(person=said, group=rg_dt, role=RoleKind.RAPPORTEUR, ends_on=dt.date(2024, 1, 26))
    RoleFactory(person=said, group=rg_dt, role=RoleKind.ASSOCIATE_RAPPORTEUR)
    RoleFactory(person=PersonFactory(name="Glenn Parsons", country="Canada"), group=rg_iem)

    assert changelist_codes(admin_client, "person", {"roles__group__code": "rg-dt"}) == [
        "Ahmed Said"
    ]
    assert changelist_codes(admin_client, "person", {"country": "Canada"}) == ["Glenn Parsons"]


def test_autocomplete_finds_groups_by_code(admin_client):
    GroupFactory(code="RG-IEM")
    url = reverse("admin:autocomplete")
    response = admin_client.get(
        url,
        {
            "term": "IEM",
            "app_label": "deliverables",
            "model_name": "deliverable",
            "field_name": "owner",
        },
    )
    assert [row["text"] for row in response.json()["results"]] == ["RG-IEM"]


# --- one current holder of a single-holder role (chair, rapporteur) ---------------------------


def role_row(person, role=RoleKind.CHAIR, **values) -> dict:
    row = {
        "person": person.pk,
        "role": role,
        "starts_on": "",
        "starts_on_precision": "day",
        "ends_on": "",
        "ends_on_precision": "day",
        "decision": "",
    }
    return row | values


def wp2_form(wp2: Group, rows: list[dict], initial: int = 0) -> dict:
    data = group_form(code=wp2.code, name=wp2.name, kind=wp2.kind, lifetime_end="", established="")
    return data | inline("roles", rows, initial=initial)


def test_the_admin_refuses_a_second_current_chair_of_wp2_and_says_why(admin_client):
    wp2 = GroupFactory(code="WP2")
    RoleFactory(group=wp2, role=RoleKind.CHAIR, person=PersonFactory(name="Gaëlle Martin-Cocher"))
    chair = Role.objects.get()
    second = PersonFactory(name="Someone Else")
    data = wp2_form(
        wp2,
        [
            role_row(chair.person, id=chair.pk, group=wp2.pk, starts_on="2023-01-01"),
            role_row(second, group=wp2.pk),
        ],
        initial=1,
    )
    response = admin_client.post(reverse("admin:deliverables_group_change", args=[wp2.pk]), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[1].errors
    assert "one holder at a time" in errors["role"][0]
    assert Role.objects.filter(group=wp2).count() == 1


def test_two_new_chairs_in_one_save_are_refused_but_vice_chairs_are_not(admin_client):
    wp2 = GroupFactory(code="WP2")
    one, two = PersonFactory(), PersonFactory()
    url = reverse("admin:deliverables_group_change", args=[wp2.pk])
    response = admin_client.post(url, wp2_form(wp2, [role_row(one), role_row(two)]))
    assert response.status_code == 200
    assert not Role.objects.exists()

    vice = RoleKind.VICE_CHAIR
    response = admin_client.post(url, wp2_form(wp2, [role_row(one, vice), role_row(two, vice)]))
    assert response.status_code == 302
    assert Role.objects.filter(group=wp2, role=vice).count() == 2


def test_a_second_current_rapporteur_added_from_the_person_page_is_refused(admin_client):
    rg = GroupFactory(code="RG-DT")
    RoleFactory(group=rg, role=RoleKind.RAPPORTEUR)
    newcomer = PersonFactory()
    row = role_row(newcomer, RoleKind.RAPPORTEUR, group=rg.pk)
    del row["person"]
    data = {
        "name": newcomer.name,
        "slug": newcomer.slug,
        "affiliation": "",
        "country": "",
        "email": "",
        "user": "",
    } | inline("roles", [row])
    url = reverse("admin:deliverables_person_change", args=[newcomer.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert "one holder at a time" in errors["role"][0]
    assert not newcomer.roles.exists()


def test_the_api_refuses_a_second_current_chair_with_a_message_on_role(secretariat_client):
    chair = RoleFactory(role=RoleKind.CHAIR)
    payload = {"person": PersonFactory().slug, "group": chair.group.code, "role": "chair"}
    response = secretariat_client.post(reverse("role-list"), payload)
    assert response.status_code == 400
    assert "one holder at a time" in response.json()["role"][0]
    ended = {**payload, "starts_on": "2020-01-01", "ends_on": "2021-01-01"}
    assert secretariat_client.post(reverse("role-list"), ended).status_code == 201


def test_the_database_holds_the_rule_whatever_the_interface():
    from django.db import IntegrityError, transaction

    chair = RoleFactory(role=RoleKind.CHAIR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(group=chair.group, person=PersonFactory(), role=RoleKind.CHAIR)


# --- the hand-over as an action on the roles' list -------------------------------------------


def test_the_hand_over_action_opens_the_groups_hand_over_form_filled_with_the_role(admin_client):
    wp2 = GroupFactory(code="WP2")
    chair = RoleFactory(group=wp2, role=RoleKind.CHAIR, person=PersonFactory(name="Old Chair"))
    changelist = reverse("admin:deliverables_role_changelist")
    response = admin_client.post(
        changelist, {"action": "hand_over", "_selected_action": [str(chair.pk)]}
    )
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.startswith(reverse("admin:deliverables_group_rotate_role", args=[wp2.pk]))
    form = admin_client.get(form_url).context["form"]
    assert form["role"].value() == "chair"
    assert form["outgoing"].value() == chair.person.pk

    newcomer = PersonFactory(name="New Chair")
    response = admin_client.post(
        form_url,
        {
            "role": "chair",
            "outgoing": chair.person.pk,
            "incoming": newcomer.pk,
            "on": "2025-03-01",
            "decision": "TSAG-5",
        },
    )
    assert response.status_code == 302
    chair.refresh_from_db()
    assert chair.ends_on == dt.date(2025, 3, 1)
    new = Role.objects.get(person=newcomer)
    assert (new.role, new.starts_on, new.decision) == ("chair", dt.date(2025, 3, 1), "TSAG-5")


def test_the_hand_over_action_needs_exactly_one_current_role_and_changes_nothing(admin_client):
    wp2 = GroupFactory(code="WP2")
    ended = RoleFactory(group=wp2, role=RoleKind.CHAIR, ends_on=dt.date(2023, 6, 1))
    vice = RoleFactory(group=wp2, role=RoleKind.VICE_CHAIR)
    changelist = reverse("admin:deliverables_role_changelist")
    for selected in ([ended.pk], [ended.pk, vice.pk]):
        response = admin_client.post(
            changelist,
            {"action": "hand_over", "_selected_action": [str(pk) for pk in selected]},
            follow=True,
        )
        assert "Select one current role to hand over" in response.content.decode()
    assert Role.objects.count() == 2


def test_a_bad_hand_over_shows_form_errors_and_saves_nothing(admin_client):
    wp2 = GroupFactory(code="WP2")
    chair = RoleFactory(group=wp2, role=RoleKind.CHAIR, starts_on=dt.date(2024, 1, 1))
    url = reverse("admin:deliverables_group_rotate_role", args=[wp2.pk])
    before = list(Role.objects.values_list("pk", "ends_on"))
    for data, field in (
        ({"role": "chair", "outgoing": chair.person.pk}, "incoming"),
        ({"role": "chair", "incoming": PersonFactory().pk, "on": "26/01/2024x"}, "on"),
        ({"role": "chair", "incoming": PersonFactory().pk, "on": "2023-01-01"}, "on"),
    ):
        response = admin_client.post(url, data)
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors, data
        assert field in form.errors or form.non_field_errors(), (data, form.errors)
    assert list(Role.objects.values_list("pk", "ends_on")) == before


# --- history of inline rows on the parent's history page -------------------------------------


def test_the_deliverables_history_shows_its_distribution_lines_changes_field_by_field(
    admin_client, admin_user
):
    deliverable = DeliverableFactory(code="FGMV-12")
    line = DistributionFactory(
        deliverable=deliverable, group=StudyGroupFactory(code="SG17"), purpose=Purpose.ALLOCATED
    )
    line.purpose, line.decision = Purpose.FOR_INFORMATION, "TSAG January 2024"
    line._history_user = admin_user
    line.save()

    url = reverse("admin:deliverables_deliverable_history", args=[deliverable.pk])
    page = admin_client.get(url).content.decode()

    assert "Changes to its distribution lines" in page
    assert "Changed: SG17" in page
    assert "Purpose: was Allocated, now For information" in page
    assert "Decision: was" in page
    assert "now TSAG January 2024" in page
    assert "Added: SG17" in page


def test_the_groups_history_shows_a_hand_over_of_its_roles(admin_client):
    rg_dt = GroupFactory(code="RG-DT")
    said = RoleFactory(group=rg_dt, person=PersonFactory(name="Ahmed Said"), starts_on=None)
    said.ends_on = dt.date(2024, 1, 26)
    said.save()

    page = admin_client.get(
        reverse("admin:deliverables_group_history", args=[rg_dt.pk])
    ).content.decode()

    assert "Changes to its roles" in page
    assert "Changed: Ahmed Said (Rapporteur)" in page
    assert "Ends on: was —, now 2024-01-26" in page


def test_the_history_page_runs_the_same_queries_for_few_and_many_inline_changes(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    deliverable = DeliverableFactory()
    url = reverse("admin:deliverables_deliverable_history", args=[deliverable.pk])
    DistributionFactory.create_batch(2, deliverable=deliverable)
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    DistributionFactory.create_batch(20, deliverable=deliverable)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(url)
    assert len(few) == len(many)
