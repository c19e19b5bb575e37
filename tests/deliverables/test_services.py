"""Operations that change several rows (leadership rotation, a deliverable's distribution),
without HTTP."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from deliverables.models import Distribution, Purpose, Role, RoleKind
from deliverables.services import rotate_role, set_distribution
from tests.deliverables.factories import (
    DeliverableFactory,
    DistributionFactory,
    GroupFactory,
    PersonFactory,
    RoleFactory,
    StudyGroupFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 1, 26)


@pytest.fixture
def rg_dt():
    group = GroupFactory(code="RG-DT")
    RoleFactory(group=group, person=PersonFactory(slug="said"), role=RoleKind.RAPPORTEUR)
    RoleFactory(
        group=group, person=PersonFactory(slug="lesufi"), role=RoleKind.ASSOCIATE_RAPPORTEUR
    )
    return group


def holders(group, on):
    return sorted(
        (role.person.slug, role.role) for role in Role.objects.current(on).filter(group=group)
    )


def test_rotation_closes_the_old_role_and_opens_the_new_ones(rg_dt):
    sharafat = PersonFactory(slug="sharafat")
    rotation = rotate_role(
        rg_dt,
        RoleKind.RAPPORTEUR,
        sharafat,
        outgoing_new_role=RoleKind.ASSOCIATE_RAPPORTEUR,
        on=DAY,
        decision="WP2-3",
    )
    assert [(r.person.slug, r.role, r.ends_on) for r in rotation.closed] == [
        ("said", "rapporteur", DAY)
    ]
    assert sorted((r.person.slug, r.role) for r in rotation.opened) == [
        ("said", "associate_rapporteur"),
        ("sharafat", "rapporteur"),
    ]
    assert holders(rg_dt, DAY) == [
        ("lesufi", "associate_rapporteur"),
        ("said", "associate_rapporteur"),
        ("sharafat", "rapporteur"),
    ]
    assert holders(rg_dt, DAY - dt.timedelta(days=1)) == [
        ("lesufi", "associate_rapporteur"),
        ("said", "rapporteur"),
    ]
    assert Role.objects.filter(group=rg_dt).count() == 4  # nothing overwritten
    assert set(Role.objects.filter(starts_on=DAY).values_list("decision", flat=True)) == {"WP2-3"}


def test_an_associate_rapporteur_moving_up_leaves_the_old_role(rg_dt):
    lesufi = Role.objects.get(person__slug="lesufi").person
    rotate_role(rg_dt, RoleKind.RAPPORTEUR, lesufi, on=DAY)
    assert holders(rg_dt, DAY) == [("lesufi", "rapporteur")]


def test_with_several_holders_the_outgoing_one_must_be_named(rg_dt):
    RoleFactory(group=rg_dt, person=PersonFactory(slug="other"), role=RoleKind.ASSOCIATE_RAPPORTEUR)
    newcomer = PersonFactory(slug="new")
    with pytest.raises(ValidationError) as error:
        rotate_role(rg_dt, RoleKind.ASSOCIATE_RAPPORTEUR, newcomer, on=DAY)
    assert "outgoing" in error.value.message_dict
    rotate_role(
        rg_dt,
        RoleKind.ASSOCIATE_RAPPORTEUR,
        newcomer,
        outgoing=Role.objects.get(person__slug="other").person,
        on=DAY,
    )
    assert ("other", "associate_rapporteur") not in holders(rg_dt, DAY)
    assert ("lesufi", "associate_rapporteur") in holders(rg_dt, DAY)


def test_a_failed_rotation_changes_nothing(rg_dt):
    before = list(Role.objects.order_by("pk").values_list("pk", "ends_on"))
    said = Role.objects.get(person__slug="said").person
    with pytest.raises(ValidationError):
        rotate_role(rg_dt, RoleKind.RAPPORTEUR, said, on=DAY)
    with pytest.raises(ValidationError):
        rotate_role(
            rg_dt,
            RoleKind.RAPPORTEUR,
            PersonFactory(),
            outgoing_new_role=RoleKind.RAPPORTEUR,
            on=DAY,
        )
    assert list(Role.objects.order_by("pk").values_list("pk", "ends_on")) == before


def test_a_rotation_failing_half_way_is_rolled_back_whole(rg_dt):
    # A decision reference too long for its column fails when the incoming role is opened,
    # AFTER the outgoing role was closed.
    before = list(Role.objects.order_by("pk").values_list("pk", "ends_on"))
    with pytest.raises(ValidationError):
        rotate_role(rg_dt, RoleKind.RAPPORTEUR, PersonFactory(), on=DAY, decision="x" * 101)
    assert list(Role.objects.order_by("pk").values_list("pk", "ends_on")) == before
    assert Role.objects.get(person__slug="said").ends_on is None


def test_rotation_into_an_empty_role_only_opens_one(rg_dt):
    rotation = rotate_role(rg_dt, RoleKind.CHAIR, PersonFactory(slug="chair"), on=DAY)
    assert rotation.closed == []
    assert [(r.person.slug, r.role) for r in rotation.opened] == [("chair", "chair")]


def test_set_distribution_touches_only_the_lines_that_change():
    sg16, sg17, sg20 = (StudyGroupFactory(code=code) for code in ("SG16", "SG17", "SG20"))
    deliverable = DeliverableFactory(code="FGMV-04")
    kept = DistributionFactory(deliverable=deliverable, group=sg16, purpose=Purpose.ALLOCATED)
    changed = DistributionFactory(deliverable=deliverable, group=sg17, purpose=Purpose.ALLOCATED)
    dropped = DistributionFactory(deliverable=deliverable, group=sg20)

    set_distribution(
        deliverable,
        [
            {"group": sg16, "purpose": Purpose.ALLOCATED, "decision": kept.decision},
            {"group": sg17, "purpose": Purpose.FOR_INFORMATION, "decision": changed.decision},
            {"to_all_study_groups": True, "group": None, "purpose": Purpose.FOR_INFORMATION},
        ],
    )

    lines = {line.recipient_display: line for line in deliverable.distribution.all()}
    assert set(lines) == {"SG16", "SG17", "All study groups"}
    assert lines["SG16"].pk == kept.pk
    assert kept.history.count() == 1  # created, never re-saved
    assert lines["SG17"].pk == changed.pk
    assert lines["SG17"].purpose == Purpose.FOR_INFORMATION
    assert not Distribution.objects.filter(pk=dropped.pk).exists()


def test_set_distribution_refusing_a_line_leaves_the_distribution_as_it_was():
    sg16, sg17 = StudyGroupFactory(code="SG16"), StudyGroupFactory(code="SG17")
    deliverable = DeliverableFactory(code="FGMV-04")
    DistributionFactory(deliverable=deliverable, group=sg16)

    with pytest.raises(ValidationError):
        set_distribution(
            deliverable,
            [
                # Saved first, then undone when the next line is refused.
                {"group": sg17, "purpose": Purpose.ALLOCATED},
                {"group": sg16, "to_all_study_groups": True, "purpose": Purpose.ALLOCATED},
            ],
        )

    assert [line.group for line in deliverable.distribution.all()] == [sg16]
